from django import forms

from carelab.labs.models import Lab


class ModerationSettingsForm(forms.ModelForm):
    class Meta:
        model = Lab
        fields = ["premoderate_comments", "trusted_after_approved", "risk_phrases"]
        labels = {
            "premoderate_comments": "Hold new comments until the lab team approves them",
            "trusted_after_approved": "Approved comments before a person skips the queue",
            "risk_phrases": "Your own risk phrases (optional)",
        }
        widgets = {"risk_phrases": forms.Textarea(attrs={"rows": 10})}
