"""The form for a node of a driver diagram: its words, what kind of node it is, and a lab idea it takes up."""

from django import forms
from django.core.exceptions import ValidationError

from carelab.core.forms import too_long
from carelab.improvement.forms import PERSONAL_DATA_REFUSED, RISK_REFUSED
from carelab.improvement.models import DriverNode
from carelab.safeguarding.checks import WordsCheck, check_words

Level = DriverNode.Level
TEXT_MAX_LENGTH = DriverNode._meta.get_field("text").max_length

HINTS = {
    Level.PRIMARY: "Something that most directly drives the aim. For example: “People are offered a first "
    "appointment quickly”.",
    Level.SECONDARY: "Something that drives the primary driver. For example: “Referrals reach the right clinic "
    "first time”.",
    Level.CHANGE: "Something the team could do and test. For example: “Phone each person within 2 working days "
    "of referral”.",
}


class NodeForm(forms.Form):
    """`levels`: the kinds of node that may go here (a choice is shown when there is more than one).
    `ideas`: the lab's published ideas a change idea may take up; None when the node cannot be a change idea."""

    level = forms.ChoiceField(
        label="What are you adding?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a secondary driver or a change idea", "invalid_choice": "Choose a "
                        "secondary driver or a change idea"},
    )  # fmt: skip
    text = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the words", "max_length": too_long("The words", TEXT_MAX_LENGTH)},
    )
    idea = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="One of the lab's ideas (optional)",
        help_text="If this change idea is one of the lab's published ideas, choose it: the diagram names it.",
        empty_label="None",
        error_messages={"invalid_choice": "Choose one of the lab's published ideas, or None"},
    )

    def __init__(self, *args, lab, levels: tuple[str, ...], ideas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lab = lab
        self.words: WordsCheck | None = None
        self.levels = levels
        if len(levels) > 1:
            self.fields["level"].choices = [(level, Level(level).label) for level in levels]
        else:
            del self.fields["level"]
        self.fields["text"].label = " or ".join(Level(level).label for level in levels).capitalize()
        self.fields["text"].help_text = HINTS[levels[0]] if len(levels) == 1 else ""
        if Level.CHANGE in levels and ideas is not None:
            self.fields["idea"].queryset = ideas
            self.fields["idea"].label_from_instance = lambda idea: idea.title
            if len(levels) > 1:
                self.fields["idea"].help_text = "For a change idea only. " + self.fields["idea"].help_text
        else:
            del self.fields["idea"]

    def clean_text(self):
        text = " ".join(self.cleaned_data["text"].split())
        if not text:
            raise ValidationError("Enter the words")
        return text

    def clean(self):
        cleaned = super().clean()
        cleaned["level"] = cleaned.get("level") or (self.levels[0] if len(self.levels) == 1 else None)
        if cleaned.get("idea") is not None and cleaned["level"] != Level.CHANGE:
            self.add_error(
                "idea", "Only a change idea can be one of the lab's ideas. Choose None, or add a change idea"
            )
        text = cleaned.get("text")
        if text:
            self.words = check_words(self.lab, text)
            if self.words.has_risk:
                raise ValidationError(RISK_REFUSED, code="risk")
            if self.words.has_personal_data:
                raise ValidationError(PERSONAL_DATA_REFUSED, code="personal_data")
        return cleaned
