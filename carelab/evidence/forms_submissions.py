"""Forms for sending an example of practice or a story, and for the lab team's decision on one."""

from django import forms

from carelab.core.forms import too_long
from carelab.evidence import queries_submissions as queries
from carelab.evidence.actions_submissions import SUBMISSION_CONSENTS
from carelab.evidence.models import TEXT_MAX_LENGTH, EvidenceItem
from carelab.lib.regions import REGIONS

SUBMISSION_TITLE_MAX_LENGTH = 200
ORGANISATION_NAME_MAX_LENGTH = 200
REASON_MAX_LENGTH = 2000

KIND_CHOICES = [
    (EvidenceItem.Kind.PRACTICE, "An example of practice: work that helps people, from a service or organisation"),
    (EvidenceItem.Kind.STORY, "A story: your own experience, or someone's you care for, told in your words"),
]


class SubmissionForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you sharing?",
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether you are sharing an example of practice or a story",
            "invalid_choice": "Choose whether you are sharing an example of practice or a story",
        },
    )
    title = forms.CharField(
        label="A short title",
        help_text="For example, “A walking group for people with back pain”.",
        max_length=SUBMISSION_TITLE_MAX_LENGTH,
        error_messages={
            "required": "Enter a short title",
            "max_length": too_long("The title", SUBMISSION_TITLE_MAX_LENGTH),
        },
    )
    text = forms.CharField(
        label="What happened?",
        help_text=(
            "Say what was done or what happened, who it helped and how. Please leave out names, phone numbers, "
            "e-mail addresses and anything else that could identify you or someone else."
        ),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": "Enter what happened",
            "max_length": too_long("What happened", TEXT_MAX_LENGTH),
        },
    )
    organisation = forms.ChoiceField(label="Organisation (optional)", required=False)
    organisation_name = forms.CharField(
        label="Organisation (optional)",
        help_text="For an example of practice: the service or organisation that does this work.",
        required=False,
        max_length=ORGANISATION_NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"max_length": too_long("The organisation's name", ORGANISATION_NAME_MAX_LENGTH)},
    )
    region = forms.ChoiceField(
        label="Region (optional)",
        help_text="Where this happened.",
        choices=[("", "Choose a region"), *REGIONS],
        required=False,
        error_messages={"invalid_choice": "Choose a region from the list"},
    )
    consent_use = forms.BooleanField(
        label=SUBMISSION_CONSENTS["use"],
        error_messages={
            "required": "Tick the box to agree that the lab team may use what you wrote, or do not send it"
        },
    )
    consent_quote = forms.BooleanField(label=SUBMISSION_CONSENTS["quote"], required=False)

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.listed = {str(organisation.pk): organisation for organisation in queries.organisations_to_choose(lab)}
        if self.listed:
            self.fields["organisation"].choices = [
                ("", "No organisation, or not listed"),
                *((pk, organisation.name) for pk, organisation in self.listed.items()),
            ]
            self.fields[
                "organisation"
            ].help_text = "For an example of practice: choose the organisation from the lab's list, if it is there."
            self.fields["organisation"].error_messages["invalid_choice"] = "Choose an organisation from the list"
            name = self.fields["organisation_name"]
            name.label = "If the organisation is not listed, its name (optional)"
            name.help_text = "Type the name of the service or organisation here."
        else:
            del self.fields["organisation"]

    def clean(self):
        data = super().clean()
        data["chosen_organisation"] = self.listed.get(data.get("organisation") or "")
        if data.get("kind") == EvidenceItem.Kind.STORY and (
            data["chosen_organisation"] or data.get("organisation_name", "").strip()
        ):
            self.add_error(
                "organisation_name" if "organisation" not in self.fields else "organisation",
                "An organisation is only asked for an example of practice. Choose “An example of practice”, "
                "or leave the organisation out of a story",
            )
        return data

    def consents(self) -> list[str]:
        return [name for name in SUBMISSION_CONSENTS if self.cleaned_data.get(f"consent_{name}")]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why is it not going in the library?",
        help_text=("The person will be e-mailed this reason. Be kind and specific; do not copy their words into it."),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter a reason: the person will be e-mailed it",
            "max_length": too_long("The reason", REASON_MAX_LENGTH),
        },
    )
