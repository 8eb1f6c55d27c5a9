from django import forms

from carelab.core.forms import too_long
from carelab.labs.models import Lab
from carelab.lib.markdown import HTML_HINT
from carelab.participants.models import REGION_CHOICES, Activity, LabTopic
from carelab.updates.models import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH, Update
from carelab.updates.presenters import ACTIVITY_WORDS, WHO_WORDS

MARKDOWN_HINT = f"You can use Markdown: * for a list, **bold**, ## for a heading and [links](https://…). {HTML_HINT}"

# What a participant agrees to or chooses on the updates page, recorded with their choice.
EMAIL_ON = "Yes, e-mail me the lab team's updates. I can stop them at any time."
EMAIL_OFF = "No, do not e-mail me updates. I will read them on the site."
UNSUBSCRIBE_WORDING = "Stop e-mailing me updates from this lab."


class UpdateForm(forms.ModelForm):
    """The lab team writes an update: its subject and body."""

    class Meta:
        model = Update
        fields = ["subject", "body"]
        labels = {"subject": "Subject", "body": "Your update"}
        help_texts = {
            "subject": "What the update is about, in a few words. It is the e-mail's subject.",
            "body": MARKDOWN_HINT,
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}
        error_messages = {
            "subject": {
                "required": "Enter a subject",
                "max_length": too_long("The subject", SUBJECT_MAX_LENGTH),
            },
            "body": {
                "required": "Write your update",
                "max_length": too_long("Your update", BODY_MAX_LENGTH),
            },
        }

    def clean_subject(self):
        # A subject is one line in an e-mail header.
        return " ".join(self.cleaned_data["subject"].split())


class AudienceForm(forms.Form):
    """Who the update is for. Each question left empty includes everyone for that question."""

    regions = forms.MultipleChoiceField(
        label="Where are they?",
        help_text="Leave every region unticked to include all of them. "
        "People who said “UK-wide or online” are included only if you tick it.",
        choices=REGION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose regions from the list"},
    )
    who = forms.MultipleChoiceField(
        label="Who are they?",
        help_text="Leave these unticked to include everyone.",
        choices=[(key, words[0].upper() + words[1:]) for key, words in WHO_WORDS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose from the list"},
    )
    activities = forms.MultipleChoiceField(
        label="What would they like to do?",
        help_text="From their application. Leave these unticked to include everyone.",
        choices=[(key, Activity(key).label) for key in ACTIVITY_WORDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose from the list"},
    )

    def __init__(self, *args, lab: Lab, **kwargs):
        super().__init__(*args, **kwargs)
        topics = LabTopic.objects.for_lab(lab)
        self.fields["topics"] = forms.ModelMultipleChoiceField(
            label="Which of the lab's topics interest them?",
            help_text="Leave these unticked to include everyone.",
            queryset=topics,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            error_messages={"invalid_choice": "Choose topics from the list"},
        )
        self.has_topics = topics.exists()
        self.order_fields(["regions", "who", "topics", "activities"])

    @classmethod
    def initial_from(cls, update: Update) -> dict:
        return {
            "regions": update.audience_regions,
            "who": update.audience_who,
            "topics": [topic.pk for topic in update.audience_topics.all()],
            "activities": update.audience_activities,
        }

    def audience(self) -> dict:
        data = self.cleaned_data
        return {
            "regions": list(data["regions"]),
            "who": list(data["who"]),
            "topics": list(data["topics"]),
            "activities": list(data["activities"]),
        }


class EmailChoiceForm(forms.Form):
    wants_email = forms.TypedChoiceField(
        label="Do you want the lab team's updates by e-mail?",
        help_text="Updates come about once a fortnight. Whatever you choose, you can read them on this site.",
        choices=[("yes", EMAIL_ON), ("no", EMAIL_OFF)],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you want updates by e-mail"},
    )
