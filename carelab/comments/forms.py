from django import forms

from carelab.comments.models import COMMENT_MAX_LENGTH, CommentPolicy
from carelab.core.forms import too_long

REASON_MAX_LENGTH = 2000


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter your comment", "max_length": too_long("Your comment", COMMENT_MAX_LENGTH)},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, policy_to_accept: CommentPolicy | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy_to_accept = policy_to_accept
        if policy_to_accept is not None:
            self.fields["accept_policy"] = forms.BooleanField(
                label=f"I have read and agree to the comments policy (version {policy_to_accept.version})",
                error_messages={"required": "Tick the box to agree to the comments policy before you comment"},
            )
            # The version the person was shown, so a tick never agrees to a version they have not seen.
            self.fields["policy_version"] = forms.IntegerField(required=False, widget=forms.HiddenInput)
            self.initial.setdefault("policy_version", policy_to_accept.version)

    def clean(self):
        cleaned = super().clean()
        shown = cleaned.get("policy_version")
        if cleaned.get("accept_policy") and shown != self.policy_to_accept.version:
            self.add_error(
                "accept_policy",
                f"The comments policy changed while you were writing. Read version {self.policy_to_accept.version} "
                "and tick the box again if you agree",
            )
            # Show the box unticked, and the new version as the one being agreed to.
            self.data = self.data.copy()
            self.data["accept_policy"] = ""
            self.data["policy_version"] = str(self.policy_to_accept.version)
        return cleaned

    @property
    def accepting(self) -> CommentPolicy | None:
        """The policy version ticked on this form, if the person had to agree to one."""
        if self.policy_to_accept is not None and self.cleaned_data.get("accept_policy"):
            return self.policy_to_accept
        return None


class ReasonForm(forms.Form):
    """Why the lab team did not publish, or hid, a comment. The author sees it."""

    reason = forms.CharField(
        label="Reason",
        help_text="The author will see this, so write it kindly and plainly.",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the reason. The author will see it.",
            "max_length": too_long("The reason", REASON_MAX_LENGTH),
        },
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong with this comment?",
        help_text="Only the lab team will see this.",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Tell us what is wrong with this comment",
            "max_length": too_long("Your reason", REASON_MAX_LENGTH),
        },
    )


class PolicyForm(forms.Form):
    body = forms.CharField(
        label="Policy",
        help_text="Markdown: headings, lists, links, bold and italics. Publishing makes a new version; "
        "everyone agrees to it again before their next comment.",
        widget=forms.Textarea(attrs={"rows": 16}),
        error_messages={"required": "Enter the policy"},
    )
    summary_of_changes = forms.CharField(
        label="What has changed?",
        help_text="Optional. Shown to people when they are asked to agree again.",
        required=False,
        max_length=300,
        widget=forms.TextInput,
    )
