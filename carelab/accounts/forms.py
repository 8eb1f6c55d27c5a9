from django import forms

from carelab.accounts.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "organisation", "role_title"]
        labels = {"display_name": "Display name", "organisation": "Organisation", "role_title": "Role"}
        help_texts = {
            "display_name": (
                "The only name other people see, next to anything you write. "
                "It can be a first name or a nickname. Do not use your email address."
            ),
            "organisation": "Optional. For example, a local Mind or an NHS trust.",
            "role_title": "Optional. For example, peer support worker or physiotherapist.",
        }
        error_messages = {"display_name": {"required": "Enter a display name"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True

    def clean_display_name(self):
        name = self.cleaned_data["display_name"]
        if "@" in name:
            raise forms.ValidationError("Enter a name, not an email address")
        return name


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    confirm = forms.BooleanField(
        label="I understand that this cannot be undone",
        error_messages={"required": "Confirm that you understand this cannot be undone"},
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("The password is not correct")
        return password


class SignupExtraForm(forms.Form):
    """What allauth's sign-up form asks on top of e-mail and password (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label="Display name",
        max_length=80,
        help_text=ProfileForm.Meta.help_texts["display_name"],
        error_messages={"required": "Enter a display name"},
    )

    def clean_display_name(self):
        return ProfileForm.clean_display_name(self)

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])
