from django import forms

from carelab.core.forms import too_long
from carelab.ideas import queries
from carelab.ideas.models import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, Stage
from carelab.labs.models import Lab

REASON_MAX_LENGTH = 2000
# The largest id the database stores (a signed 64-bit integer) has 19 digits; longer is never an id.
ID_MAX_DIGITS = 18


class ChoicesByIdField(forms.ModelMultipleChoiceField):
    """Checkboxes of a lab's records, refusing anything but a plausible id before the database sees it
    (SQLite cannot even compare a 40-digit number, and raises rather than finding nothing)."""

    def _check_values(self, value):
        for item in value:
            text = str(item)
            if not (text.isascii() and text.isdigit() and len(text) <= ID_MAX_DIGITS):
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super()._check_values(value)


class IdeaForm(forms.Form):
    """Propose or change an idea, tied to the lab's published insights and its areas of opportunity."""

    title = forms.CharField(
        label="Your idea",
        help_text="Start with “How might we …?”, for example “How might we help people talk about pain and mood "
        "in the same appointment?”",
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": "Enter your idea", "max_length": too_long("Your idea", TITLE_MAX_LENGTH)},
    )
    description = forms.CharField(
        label="Tell us more (optional)",
        help_text="What the idea is, who it is for and why it might help. Do not include names, phone numbers or "
        "anything that could identify you or someone else.",
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": too_long("What you tell us", TEXT_MAX_LENGTH)},
    )

    def __init__(self, *args, lab: Lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["insights"] = ChoicesByIdField(
            label="Which of the lab's insights does it build on? (optional)",
            help_text="Choose all that apply.",
            queryset=queries.published_insights_of(lab),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            error_messages={
                "invalid_choice": "Choose insights from the list",
                "invalid_pk_value": "Choose insights from the list",
            },
        )
        self.fields["insights"].label_from_instance = lambda insight: insight.statement
        self.fields["areas"] = ChoicesByIdField(
            label="Which areas of opportunity is it about? (optional)",
            help_text="Choose all that apply.",
            queryset=queries.areas_of(lab),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            error_messages={
                "invalid_choice": "Choose areas from the list",
                "invalid_pk_value": "Choose areas from the list",
            },
        )
        self.fields["areas"].label_from_instance = lambda area: area.name

    @property
    def has_insights(self) -> bool:
        return bool(self.fields["insights"].choices)

    @property
    def has_areas(self) -> bool:
        return bool(self.fields["areas"].choices)

    @staticmethod
    def initial_from(idea) -> dict:
        return {
            "title": idea.title,
            "description": idea.description,
            "insights": [insight.pk for insight in idea.insights.all()],
            "areas": [area.pk for area in idea.areas.all()],
        }


class FilterForm(forms.Form):
    """The list's filter by stage (from the address, so any value may arrive)."""

    stage = forms.ChoiceField(
        label="Stage", choices=[("", "All stages"), *Stage.choices], required=False, widget=forms.Select
    )


class ReviewForm(forms.Form):
    """The lab team's decision on a held idea: publish it, or not with a reason the author sees."""

    decision = forms.ChoiceField(
        label="What do you want to do?",
        choices=[("publish", "Publish the idea"), ("reject", "Do not publish it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to publish the idea", "invalid_choice": "Choose from the list"},
    )
    reason = forms.CharField(
        label="Reason for not publishing",
        help_text="Only if you do not publish it. The author will see this, so write it kindly and plainly.",
        max_length=REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": too_long("The reason", REASON_MAX_LENGTH)},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Enter the reason for not publishing. The author will see it.")
        return cleaned


class StageForm(forms.Form):
    """Move an idea to another stage, with the reason everyone will read in its history."""

    stage = forms.ChoiceField(
        label="Move the idea to",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the stage to move the idea to",
            "invalid_choice": "Choose a stage from the list",
        },
    )
    reason = forms.CharField(
        label="Why?",
        help_text="Everyone who can see the idea reads this in its history.",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the reason for the move",
            "max_length": too_long("The reason", REASON_MAX_LENGTH),
        },
    )

    def __init__(self, *args, current_stage: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(value, label) for value, label in Stage.choices if value != current_stage]
