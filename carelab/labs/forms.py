from django import forms

from carelab.core.forms import reasonable_year
from carelab.labs.models import MAX_SMALL_NUMBER_THRESHOLD, Lab, Phase


class ModerationSettingsForm(forms.ModelForm):
    class Meta:
        model = Lab
        fields = ["premoderate_comments", "trusted_after_approved", "risk_phrases", "small_number_threshold"]
        labels = {
            "premoderate_comments": "Hold new comments until the lab team approves them",
            "trusted_after_approved": "Approved comments before a person skips the queue",
            "risk_phrases": "Your own risk phrases (optional)",
            "small_number_threshold": "Smallest count shown in results shared beyond the lab team",
        }
        error_messages = {
            "small_number_threshold": {
                "invalid": "Enter a whole number, like 5",
                "required": "Enter the smallest count to show, like 5",
                "min_value": "The smallest count must be 1 or more",
                "max_value": f"The smallest count must be {MAX_SMALL_NUMBER_THRESHOLD} or less",
            }
        }
        widgets = {"risk_phrases": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page always sends the threshold; a post without it (an older form still open in
        # another tab) keeps the lab's current threshold rather than failing.
        self.fields["small_number_threshold"].required = False

    def clean_small_number_threshold(self):
        value = self.cleaned_data.get("small_number_threshold")
        if value is None:
            if self.add_prefix("small_number_threshold") in self.data:
                raise forms.ValidationError(self.fields["small_number_threshold"].error_messages["required"])
            return self.instance.small_number_threshold
        return value


# Longest text the lab team may give each part of the lab's page: far more than any lab needs, so
# nobody can fill the database or the page by accident (or on purpose).
MAX_QUESTION_LENGTH = 1_000
MAX_PAGE_TEXT_LENGTH = 20_000
MAX_PHASE_DESCRIPTION_LENGTH = 2_000
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"]


class DateField(forms.DateField):
    """A date typed as the browser's date picker sends it (2026-09-01), or as people write it (1/9/2026)."""

    widget = forms.DateInput(format="%Y-%m-%d")
    default_validators = [reasonable_year]

    def __init__(self, **kwargs):
        super().__init__(input_formats=DATE_FORMATS, **kwargs)
        self.error_messages["invalid"] = "Enter a real date, like 1/9/2026"


class LabDetailsForm(forms.ModelForm):
    """What the lab team says about the lab on its home page, and its dates."""

    question = forms.CharField(
        label="The lab's question",
        help_text="In one or two sentences.",
        max_length=MAX_QUESTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the lab's question"},
    )
    why_it_matters = forms.CharField(
        label="Why it matters",
        help_text="Shown on the lab's home page. You can use Markdown: **bold**, lists and links.",
        max_length=MAX_PAGE_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Enter why the lab's challenge matters"},
    )
    get_involved = forms.CharField(
        label="How to get involved (optional)",
        help_text="Shown under “How to get involved”. You can use Markdown.",
        max_length=MAX_PAGE_TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    starts_on = DateField(label="Start date", error_messages={"required": "Enter the date the lab starts"})
    ends_on = DateField(label="End date", error_messages={"required": "Enter the date the lab ends"})

    class Meta:
        model = Lab
        fields = ["title", "question", "why_it_matters", "get_involved", "contact_email", "starts_on", "ends_on"]
        labels = {"title": "Name of the lab", "contact_email": "Email address for the lab team"}
        help_texts = {"contact_email": "Shown on the lab's pages, for anyone who wants to contact the team."}
        error_messages = {
            "title": {"required": "Enter the lab's name"},
            "contact_email": {
                "required": "Enter an email address for the lab team",
                "invalid": "Enter an email address in the correct format, like team@example.org",
            },
        }

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        return cleaned


class PhaseForm(forms.ModelForm):
    description = forms.CharField(
        label="What happens in this phase (optional)",
        max_length=MAX_PHASE_DESCRIPTION_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    starts_on = DateField(label="Start date", error_messages={"required": "Enter the date the phase starts"})
    ends_on = DateField(label="End date", error_messages={"required": "Enter the date the phase ends"})

    class Meta:
        model = Phase
        fields = ["name", "description", "starts_on", "ends_on"]
        labels = {"name": "Name of the phase"}
        help_texts = {"name": "For example, “Research and discovery” or “Generating ideas”."}
        error_messages = {"name": {"required": "Enter a name for the phase"}}

    def __init__(self, *args, lab: Lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.lab = lab

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        return cleaned
