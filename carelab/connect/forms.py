import hashlib

from django import forms

from carelab.connect.models import MESSAGE_MAX_LENGTH, REASON_MAX_LENGTH
from carelab.core.forms import too_long
from carelab.safeguarding.checks import WordsCheck, check_words


def message_fingerprint(body: str) -> str:
    """Names one exact message, so "Send anyway" sends the message the writer was warned about and no other."""
    return hashlib.sha256(body.encode()).hexdigest()[:32]


class MessageForm(forms.Form):
    """A message in Connect. Its words are checked (`words`) once it is valid.

    A message that seems to include personal data is not sent on the first submit: the page warns
    the writer and asks them to send it anyway or change it. "Send anyway" posts `send_anyway` with
    the hidden `confirmed` fingerprint of the message they were warned about; a changed message is
    checked again.
    """

    body = forms.CharField(
        label="Your message",
        max_length=MESSAGE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Write your message",
            "max_length": too_long("Your message", MESSAGE_MAX_LENGTH),
        },
    )

    def __init__(self, *args, lab=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lab = lab
        self.words: WordsCheck | None = None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("body"):
            self.words = check_words(self.lab, cleaned["body"])
        return cleaned

    @property
    def fingerprint(self) -> str:
        return message_fingerprint(self.cleaned_data["body"])

    @property
    def personal_data_to_confirm(self) -> tuple[str, ...]:
        """Kinds of personal data the message seems to include, unless the writer chose to send exactly it anyway."""
        if self.words is None or not self.words.has_personal_data:
            return ()
        if self.data.get("send_anyway") and self.data.get("confirmed") == self.fingerprint:
            return ()
        return self.words.personal_data


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong?",
        help_text="Only the lab team will see this. They will read the whole conversation.",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Tell us what is wrong", "max_length": too_long("Your reason", REASON_MAX_LENGTH)},
    )
    also_block = forms.BooleanField(required=False)

    def __init__(self, *args, other_name: str = "", offer_block: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if offer_block:
            self.fields["also_block"].label = f"Block {other_name} as well, so they cannot write to you"
        else:
            del self.fields["also_block"]


class StopForm(forms.Form):
    reason = forms.CharField(
        label="Why are you stopping them?",
        help_text="They will see this when they next use Connect, so write it kindly and plainly.",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the reason. The person will see it.",
            "max_length": too_long("The reason", REASON_MAX_LENGTH),
        },
    )
