from django import forms

from carelab.labs.models import MAX_SMALL_NUMBER_THRESHOLD, Lab


class ModerationSettingsForm(forms.ModelForm):
    class Meta:
        model = Lab
        fields = ["premoderate_comments", "trusted_after_approved", "risk_phrases", "small_number_threshold"]
        labels = {
            "premoderate_comments": "Hold new comments until the lab team approves them",
            "trusted_after_approved": "Approved comments before a person skips the queue",
            "risk_phrases": "Your own risk phrases (optional)",
            "small_number_threshold": "Smallest count shown in results shared beyond the lab team",
        }
        error_messages = {
            "small_number_threshold": {
                "invalid": "Enter a whole number, like 5",
                "required": "Enter the smallest count to show, like 5",
                "min_value": "The smallest count must be 1 or more",
                "max_value": f"The smallest count must be {MAX_SMALL_NUMBER_THRESHOLD} or less",
            }
        }
        widgets = {"risk_phrases": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page always sends the threshold; a post without it (an older form still open in
        # another tab) keeps the lab's current threshold rather than failing.
        self.fields["small_number_threshold"].required = False

    def clean_small_number_threshold(self):
        value = self.cleaned_data.get("small_number_threshold")
        if value is None:
            if self.add_prefix("small_number_threshold") in self.data:
                raise forms.ValidationError(self.fields["small_number_threshold"].error_messages["required"])
            return self.instance.small_number_threshold
        return value
