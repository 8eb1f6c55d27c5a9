from django import forms

from carelab.connect.models import MESSAGE_MAX_LENGTH, REASON_MAX_LENGTH
from carelab.core.forms import too_long


class MessageForm(forms.Form):
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
