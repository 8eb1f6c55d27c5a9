"""Forms for quotes: what the attribution says, which suggested redactions to accept, and approval."""

from django import forms

from carelab.lib.quote_redaction import KIND_LABELS, Suggestion, combine, phrase_spans

OTHER_WORDS_MAX_LENGTH = 2_000
OTHER_WORDS_MAX_LINES = 50


class NewQuoteForm(forms.Form):
    with_group = forms.BooleanField(label="Say which group the person is in", required=False, initial=True)
    with_region = forms.BooleanField(label="Say which region they are in", required=False, initial=True)


def _describe(text: str, suggestion: Suggestion) -> str:
    words = text[suggestion.start : suggestion.end]
    return f"{KIND_LABELS[suggestion.kind]}: “{words}”"


class RedactForm(forms.Form):
    """The suggested redactions as checkboxes (all ticked to begin with), and any other words to take out."""

    spans = forms.MultipleChoiceField(
        label="Take these out",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Untick anything that does not identify anyone.",
    )
    other = forms.CharField(
        label="Other words to take out",
        help_text="One a line, exactly as they are in the quote. Each is replaced by “[removed]” wherever it is.",
        required=False,
        max_length=OTHER_WORDS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Keep the other words under {OTHER_WORDS_MAX_LENGTH:,} characters"},
    )
    seen = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, text: str, suggestions: tuple[Suggestion, ...], fingerprint: str, **kwargs):
        self.text = text
        self.suggestions = suggestions
        kwargs.setdefault("initial", {"spans": [str(index) for index in range(len(suggestions))]})
        kwargs["initial"].setdefault("seen", fingerprint)
        super().__init__(*args, **kwargs)
        self.fields["spans"].choices = [(str(index), _describe(text, item)) for index, item in enumerate(suggestions)]

    def clean_other(self):
        other = self.cleaned_data["other"]
        if "\x00" in other:
            raise forms.ValidationError("Remove the unusual characters from the other words")
        lines = [line.strip() for line in other.splitlines() if line.strip()]
        if len(lines) > OTHER_WORDS_MAX_LINES:
            raise forms.ValidationError(f"Give at most {OTHER_WORDS_MAX_LINES} lines of other words")
        missing = [line for line in lines if not phrase_spans(self.text, [line])]
        if missing:
            raise forms.ValidationError(f"These words are not in the quote: {'; '.join(missing[:5])}")
        return lines

    def chosen_spans(self) -> tuple[Suggestion, ...]:
        """The accepted suggestions and the other words, in order and never overlapping."""
        accepted = tuple(self.suggestions[int(index)] for index in self.cleaned_data["spans"])
        return combine(accepted, phrase_spans(self.text, self.cleaned_data["other"]))


class ApproveForm(forms.Form):
    checked = forms.BooleanField(
        label="I have read the quote and the checks, and it identifies no one",
        required=False,
    )

    def __init__(self, *args, needs_confirmation: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_confirmation = needs_confirmation

    def clean(self):
        if self.needs_confirmation and not self.cleaned_data.get("checked"):
            self.add_error("checked", "Tick to say you have read the quote and the checks")
        return self.cleaned_data
