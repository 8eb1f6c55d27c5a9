from django import forms

from carelab.core.forms import too_long
from carelab.safeguarding.models import SafeguardingFlag

NOTE_MAX_LENGTH = 5000
GUIDANCE_MAX_LENGTH = 20000


class QueueFilterForm(forms.Form):
    """Which flags the queue shows: a status and where the words were written. A plain GET form, so it
    works without JavaScript."""

    CHOICES = [
        ("open", "Open (new and in review)"),
        ("new", "New"),
        ("in_review", "In review"),
        ("closed", "Closed"),
        ("all", "All flags"),
    ]

    status = forms.ChoiceField(
        label="Show",
        required=False,
        choices=CHOICES,
        error_messages={"invalid_choice": "Choose which flags to show from the list"},
    )
    SOURCE_CHOICES = [("", "Anywhere"), *SafeguardingFlag.Source.choices]
    source = forms.ChoiceField(
        label="Written in",
        required=False,
        choices=SOURCE_CHOICES,
        error_messages={"invalid_choice": "Choose where the words were written from the list"},
    )

    def __init__(self, data=None, counts: dict | None = None):
        super().__init__(data)
        if counts is not None:
            self.fields["status"].choices = [(value, f"{label} ({counts[value]})") for value, label in self.CHOICES]
            self.fields["source"].choices = [
                (value, f"{label} ({counts['source:' + value]})") for value, label in self.SOURCE_CHOICES
            ]

    def _chosen(self, name: str, default: str) -> str:
        """A field's valid choice, or the default when it is missing or not one of the choices (the
        other field still applies: a bad source keeps the chosen status)."""
        if not self.is_bound:
            return default
        self.is_valid()
        if name in self.errors:
            return default
        return self.cleaned_data.get(name) or default

    def choice(self) -> str:
        """The status filter to apply: open flags unless a valid other choice was made."""
        return self._chosen("status", "open")

    def source_choice(self) -> str:
        """The kind of source to show, or "" for every kind."""
        return self._chosen("source", "")

    @classmethod
    def chosen(cls, data) -> tuple[str, str]:
        """The status and source a query string asks for, read before the counts are known."""
        form = cls(data or None)
        return form.choice(), form.source_choice()


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Add a note",
        help_text="Notes are kept in the history below and cannot be changed or deleted. "
        "Write only what your safeguarding process needs.",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter a note", "max_length": too_long("The note", NOTE_MAX_LENGTH)},
    )


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label="Outcome",
        help_text="What was decided and done. It is kept in the history and cannot be changed.",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter the outcome: what was decided and done",
            "max_length": too_long("The outcome", NOTE_MAX_LENGTH),
        },
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why are you reopening this flag?",
        help_text="It is kept in the history and cannot be changed.",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why you are reopening this flag",
            "max_length": too_long("The reason", NOTE_MAX_LENGTH),
        },
    )


class GuidanceForm(forms.Form):
    body = forms.CharField(
        label="Safeguarding guidance",
        help_text="Markdown: headings, lists, links, bold and italics. Shown to the lab team beside every flag: "
        "who reviews flags and how quickly, when and how to contact someone, and who to ask for advice. "
        "Leave it empty to remove it.",
        required=False,
        max_length=GUIDANCE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"max_length": too_long("The guidance", GUIDANCE_MAX_LENGTH)},
    )
