"""Forms of the suggestion pages: what to suggest themes for, and what to do with a theme."""

from django import forms
from django.core.exceptions import ValidationError

from carelab.core.forms import too_long
from carelab.insights import queries_coding
from carelab.insights.models import NAME_MAX_LENGTH, Source
from carelab.insights.suggestions import MAX_THEMES, MIN_THEMES


class ThemeRunForm(forms.Form):
    """Which texts: every answer to one question, or every source of one kind."""

    texts = forms.ChoiceField(
        label="Suggest themes in",
        error_messages={"required": "Choose the texts to suggest themes in", "invalid_choice": "Choose from the list"},
    )
    n_themes = forms.IntegerField(
        label="How many themes (optional)",
        help_text=f"Between {MIN_THEMES} and {MAX_THEMES}. Leave it empty and CareLab chooses.",
        required=False,
        min_value=MIN_THEMES,
        max_value=MAX_THEMES,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-3"}),
        error_messages={
            "invalid": f"Enter a whole number between {MIN_THEMES} and {MAX_THEMES}, or leave it empty",
            "min_value": f"Ask for at least {MIN_THEMES} themes",
            "max_value": f"Ask for at most {MAX_THEMES} themes",
        },
    )

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.lab = lab
        asked = queries_coding.source_questions(lab)
        questions = [(f"question:{value}", f"Answers to {label}") for value, label in asked]
        kinds = [(f"kind:{value}", f"Every {label.lower()} source") for value, label in Source.Kind.choices]
        self.fields["texts"].choices = [("", "Choose"), *questions, *kinds, ("all:", "Every source to code")]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        kind, _, value = data["texts"].partition(":")
        found = queries_coding.sources(
            self.lab, kind=value if kind == "kind" else "", question=value if kind == "question" else ""
        )
        data["sources"] = list(found.only("pk", "lab_id"))
        data["scope"] = dict(self.fields["texts"].choices).get(data["texts"], "")
        if len(data["sources"]) < 2:
            raise ValidationError("There are fewer than two texts there: choose other texts, or add sources first.")
        return data


class ThemeActionForm(forms.Form):
    """Accept, rename, merge or ignore one suggested theme."""

    ACTIONS = ("accept", "rename", "merge", "ignore")

    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])
    name = forms.CharField(
        label="Name",
        required=False,
        max_length=NAME_MAX_LENGTH,
        error_messages={"max_length": too_long("The name", NAME_MAX_LENGTH)},
    )
    code_texts = forms.BooleanField(required=False)
    into = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, *args, others: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [("", "Choose a theme"), *[(str(index), label) for index, label in others]]

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data["action"] in {"accept", "rename"} and not data["name"]:
            self.add_error("name", "Enter a name for the theme")
        if data["action"] == "merge" and data["into"] is None:
            self.add_error("into", "Choose the theme to merge it into")
        return data
