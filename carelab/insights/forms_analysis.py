"""The form of the agreement page: which two coders to compare."""

from django import forms


class CoderPairForm(forms.Form):
    first = forms.ChoiceField(label="First coder", error_messages={"required": "Choose the first coder"})
    second = forms.ChoiceField(label="Second coder", error_messages={"required": "Choose the second coder"})

    def __init__(self, *args, people: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(user.pk): user for user in people}
        choices = [("", "Choose a coder")] + [(pk, user.display_name or user.email) for pk, user in self.people.items()]
        for name in ("first", "second"):
            self.fields[name].choices = choices
            self.fields[name].error_messages["invalid_choice"] = "Choose a coder from the list"

    def clean(self):
        data = super().clean()
        if not self.errors and data["first"] == data["second"]:
            self.add_error("second", "Choose two different coders")
        if not self.errors:
            data["first_user"] = self.people[data["first"]]
            data["second_user"] = self.people[data["second"]]
        return data
