"""Forms for changing your mind about sent answers, and for the lab team removing one."""

from django import forms

from carelab.surveys.access import find_response_by_code, normalised_code, normalised_reference

NOT_FOUND_MESSAGE = (
    "We could not find answers with that reference and private code. Check both, as they were shown "
    "when you sent your answers, and try again"
)


class FindAnswersForm(forms.Form):
    """A reference and private code, as shown on the confirmation page."""

    reference = forms.CharField(
        label="Your reference",
        max_length=40,
        help_text="8 letters and numbers, for example HX4K9PQT",
        error_messages={"required": "Enter your reference"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    code = forms.CharField(
        label="Your private code",
        max_length=60,
        help_text="16 letters and numbers, for example ABCD-EFGH-JKLM-NPQR",
        error_messages={"required": "Enter your private code"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_reference(self):
        reference = normalised_reference(self.cleaned_data["reference"])
        if not reference:
            raise forms.ValidationError("Enter the reference using only the letters and numbers you were shown")
        return reference

    def clean_code(self):
        code = normalised_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError("Enter the private code: 16 letters and numbers, with or without the dashes")
        return code

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            self.response = find_response_by_code(cleaned["reference"], cleaned["code"])
            if self.response is None:
                self.add_error("reference", NOT_FOUND_MESSAGE)
        return cleaned


class RemoveResponseForm(forms.Form):
    reason = forms.CharField(
        label="Why are you removing this response?",
        help_text="Kept in the survey's audit trail with your name and the time. Do not copy the answers here.",
        max_length=2000,
        error_messages={"required": "Enter why you are removing this response"},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter why you are removing this response")
        return reason


class FindResponseForm(forms.Form):
    """The lab team finds a response by the reference the person quoted."""

    reference = forms.CharField(
        label="Reference",
        max_length=40,
        error_messages={"required": "Enter the response's reference"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_reference(self):
        reference = normalised_reference(self.cleaned_data["reference"])
        if not reference:
            raise forms.ValidationError("Enter the reference using only letters and numbers")
        return reference
