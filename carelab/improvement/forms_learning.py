"""Forms of the learning log: the search over the lab's entries, and an entry with its links."""

from django import forms

from carelab.core.forms import too_long
from carelab.improvement import queries_learning
from carelab.improvement.forms import WordsCheckedForm
from carelab.improvement.models import TEXT_MAX_LENGTH, LearningEntry, TestTeam

QUERY_MAX_LENGTH = 200


class LearningSearchForm(forms.Form):
    q = forms.CharField(
        label="Search the learning",
        required=False,
        max_length=QUERY_MAX_LENGTH,
        help_text="Words in the title, what was tried, what happened or what was learned.",
        error_messages={"max_length": f"Search for {QUERY_MAX_LENGTH} characters or fewer"},
    )
    team = forms.ModelChoiceField(
        queryset=TestTeam.objects.none(),
        required=False,
        label="Test team",
        empty_label="All test teams",
        error_messages={"invalid_choice": "Choose one of the lab's test teams"},
    )

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = queries_learning.team_choices(lab)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def filters(self) -> dict:
        """The search and team to show, or none when the form is not valid (the page says why)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {"query": self.cleaned_data["q"], "team": self.cleaned_data["team"]}


class LearningEntryForm(WordsCheckedForm):
    """What the team tried, what happened and what it learned; the lab's participants read it."""

    checked_fields = ("title", "tried", "happened", "learned")

    class Meta:
        model = LearningEntry
        fields = ["title", "tried", "happened", "learned", "cycles", "ideas", "insights"]
        labels = {
            "title": "Title",
            "tried": "What we tried",
            "happened": "What happened",
            "learned": "What we learned",
            "cycles": "PDSA cycles it came from (optional)",
            "ideas": "The lab's ideas it is about (optional)",
            "insights": "The lab's insights it adds to (optional)",
        }
        help_texts = {
            "title": "A short summary another team would understand, like “Text reminders halved missed first "
            "appointments”.",
            "tried": "The change you made, for whom, where and for how long.",
            "happened": "What you saw and measured, including what did not go to plan.",
            "learned": "What you would tell another team trying the same thing.",
        }
        widgets = {
            "cycles": forms.CheckboxSelectMultiple,
            "ideas": forms.CheckboxSelectMultiple,
            "insights": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {"required": "Enter a title", "max_length": too_long("The title", 200)},
            "tried": {"required": "Say what you tried", "max_length": too_long("What you tried", TEXT_MAX_LENGTH)},
            "happened": {
                "required": "Say what happened",
                "max_length": too_long("What happened", TEXT_MAX_LENGTH),
            },
            "learned": {
                "required": "Say what you learned",
                "max_length": too_long("What you learned", TEXT_MAX_LENGTH),
            },
        }

    def __init__(self, *args, team: TestTeam, **kwargs):
        super().__init__(*args, lab=team.lab, **kwargs)
        self.team = team
        choices = {
            "cycles": (queries_learning.cycles_to_link(team), "Choose from the team's own PDSA cycles"),
            "ideas": (queries_learning.ideas_to_link(team.lab), "Choose from the lab's published ideas"),
            "insights": (queries_learning.insights_to_link(team.lab), "Choose from the lab's published insights"),
        }
        for name, (queryset, refusal) in choices.items():
            field = self.fields[name]
            if not queryset.exists():
                del self.fields[name]  # nothing to link: no empty list of boxes
                continue
            field.queryset = queryset
            field.required = False
            field.error_messages["invalid_choice"] = refusal
            field.error_messages["invalid_pk_value"] = refusal
        if "insights" in self.fields:
            self.fields["insights"].label_from_instance = lambda insight: insight.statement

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def links(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("cycles", "ideas", "insights") if name in self.fields}
