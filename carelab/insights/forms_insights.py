"""Forms of the making-sense pages: themes, areas of opportunity, insights and what backs them.

Lists of things to choose are checkboxes (they work without JavaScript); a choice that is not on
the list (another lab's, or one deleted meanwhile) is refused with a message, never a crash.
"""

from django import forms

from carelab.core.forms import too_long
from carelab.insights import queries_coding
from carelab.insights.models import NAME_MAX_LENGTH, TEXT_MAX_LENGTH, Insight, InsightEvent
from carelab.lib.markdown import HTML_HINT

STATEMENT_MAX_LENGTH = Insight._meta.get_field("statement").max_length
NOTE_MAX_LENGTH = 2_000
SEARCH_MAX_LENGTH = 200


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _chosen(field: str, things: dict, data) -> list:
    return [things[pk] for pk in data.get(field, []) if pk in things]


class _NamedForm(forms.Form):
    """A name unique in the lab (ignoring case) and an optional description."""

    name = forms.CharField(max_length=NAME_MAX_LENGTH)
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": too_long("The description", TEXT_MAX_LENGTH)},
    )
    kind = "theme"

    def __init__(self, *args, existing, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing, self.current = existing, current
        self.fields["name"].error_messages.update(
            required=f"Enter the {self.kind}'s name", max_length=too_long("The name", NAME_MAX_LENGTH)
        )

    def clean_name(self):
        name = _one_line(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(f"Enter the {self.kind}'s name")
        same = self.existing.filter(name__iexact=name)
        if self.current is not None:
            same = same.exclude(pk=self.current.pk)
        if same.exists():
            raise forms.ValidationError(f"There is a {self.kind} with that name already.")
        return name


class ThemeForm(_NamedForm):
    codes = forms.MultipleChoiceField(
        label="Codes in this theme",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="A code may be in more than one theme.",
        error_messages={"invalid_choice": "Choose codes from the list: one of them is no longer in the codebook."},
    )
    kind = "theme"

    def __init__(self, *args, lab, theme=None, **kwargs):
        if theme is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": theme.name,
                "description": theme.description,
                "codes": [str(code.pk) for code in theme.codes.all()],
            }
        super().__init__(*args, existing=lab.themes.all(), current=theme, **kwargs)
        rows = queries_coding.codebook(lab)
        labels = queries_coding.code_label(rows)
        self.code_objects = {str(row.code.pk): row.code for row in rows}
        self.fields["codes"].choices = [
            (str(row.code.pk), f"{labels[row.code.pk]} ({row.codings} {'coding' if row.codings == 1 else 'codings'})")
            for row in rows
        ]

    def clean(self):
        data = super().clean()
        data["code_objects"] = _chosen("codes", self.code_objects, data)
        return data


class AreaForm(_NamedForm):
    themes = forms.MultipleChoiceField(
        label="Themes in this area",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="A theme may be in more than one area.",
        error_messages={"invalid_choice": "Choose themes from the list: one of them has been deleted."},
    )
    kind = "area"

    def __init__(self, *args, lab, area=None, **kwargs):
        if area is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": area.name,
                "description": area.description,
                "themes": [str(theme.pk) for theme in area.themes.all()],
            }
        super().__init__(*args, existing=lab.opportunity_areas.all(), current=area, **kwargs)
        self.theme_objects = {str(theme.pk): theme for theme in lab.themes.all()}
        self.fields["themes"].choices = [(pk, theme.name) for pk, theme in self.theme_objects.items()]

    def clean(self):
        data = super().clean()
        data["theme_objects"] = _chosen("themes", self.theme_objects, data)
        return data


class InsightForm(forms.Form):
    statement = forms.CharField(
        label="The insight, in a sentence or two",
        max_length=STATEMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Plain words a lab participant would use, such as “People in pain want to be believed first.”",
        error_messages={
            "required": "Write the insight",
            "max_length": too_long("The insight", STATEMENT_MAX_LENGTH),
        },
    )
    detail = forms.CharField(
        label="What lies behind it (optional)",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"Markdown: **bold**, *italic*, lists, links and headings. {HTML_HINT}",
        error_messages={"max_length": too_long("The detail", TEXT_MAX_LENGTH)},
    )
    themes = forms.MultipleChoiceField(
        label="Themes it comes from", required=False, widget=forms.CheckboxSelectMultiple
    )
    areas = forms.MultipleChoiceField(
        label="Areas of opportunity it belongs to", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, lab, insight=None, **kwargs):
        if insight is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "statement": insight.statement,
                "detail": insight.detail,
                "themes": [str(theme.pk) for theme in insight.themes.all()],
                "areas": [str(area.pk) for area in insight.areas.all()],
            }
        super().__init__(*args, **kwargs)
        self.theme_objects = {str(theme.pk): theme for theme in lab.themes.all()}
        self.area_objects = {str(area.pk): area for area in lab.opportunity_areas.all()}
        self.fields["themes"].choices = [(pk, theme.name) for pk, theme in self.theme_objects.items()]
        self.fields["areas"].choices = [(pk, area.name) for pk, area in self.area_objects.items()]
        for name in ("themes", "areas"):
            self.fields[name].error_messages["invalid_choice"] = f"Choose {name} from the list: one has been deleted."

    def clean_statement(self):
        statement = _one_line(self.cleaned_data["statement"])
        if not statement:
            raise forms.ValidationError("Write the insight")
        return statement

    def clean(self):
        data = super().clean()
        data["theme_objects"] = _chosen("themes", self.theme_objects, data)
        data["area_objects"] = _chosen("areas", self.area_objects, data)
        return data


class NoteForm(forms.Form):
    """Sending an insight back, or unpublishing it: what to change, or why."""

    note = forms.CharField(
        label="What should change? (optional)",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The lab team sees this in the insight's history.",
        error_messages={"max_length": too_long("The note", NOTE_MAX_LENGTH)},
    )

    def clean_note(self):
        return self.cleaned_data["note"].strip()


STATUS_ACTIONS = {"review", "publish", "unpublish", "send_back"}
SENT_BACK = InsightEvent.Action.SENT_BACK


class ChooseSupportForm(forms.Form):
    """Tick excerpts, library items or quotes to add: the choices are the candidates the page shows."""

    chosen = forms.MultipleChoiceField(
        label="Choose what to add",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one to add",
            "invalid_choice": "Choose from the list: one of them is no longer there. Choose again.",
        },
    )

    def __init__(self, *args, things: dict, labels: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.things = things
        self.fields["chosen"].choices = [(pk, labels[pk]) for pk in things]

    def clean(self):
        data = super().clean()
        data["objects"] = _chosen("chosen", self.things, data)
        return data


class SupportFilterForm(forms.Form):
    """How the team narrows the candidates: excerpts by code, library items by words in the title."""

    code = forms.ChoiceField(label="Excerpts coded with", required=False)
    words = forms.CharField(
        label="Library items with these words in the title",
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        error_messages={"max_length": too_long("The search", SEARCH_MAX_LENGTH)},
    )

    def __init__(self, *args, codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.code_objects = {str(code.pk): code for code, _ in codes}
        self.fields["code"].choices = [("", "Any code")] + [(str(code.pk), label) for code, label in codes]
        self.fields["code"].error_messages["invalid_choice"] = "Choose a code from the list."

    def clean(self):
        data = super().clean()
        data["code_object"] = self.code_objects.get(data.get("code") or "")
        data["words"] = _one_line(data.get("words") or "")
        return data
