"""Forms of the coding pages: coders, codes, memos, sources and codings."""

from django import forms
from django.core.exceptions import ValidationError

from carelab.core.forms import too_long
from carelab.insights import queries_coding as queries
from carelab.insights.actions_coding import descendant_ids
from carelab.insights.models import NAME_MAX_LENGTH, TEXT_MAX_LENGTH, Code, Source
from carelab.labs.access import is_lab_team
from carelab.lib.sentences import sentence_spans

# Larger than any text a source can hold; a bigger number is refused with a message, never a crash.
MAX_OFFSET = 10_000_000


class InviteCoderForm(forms.Form):
    person = forms.ChoiceField(label="Choose from the lab's people", required=False)
    email = forms.EmailField(
        label="Or enter the e-mail address of their CareLab account",
        required=False,
        help_text="They need an account already.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.lab = lab
        self.people = {str(m.user_id): m.user for m in queries.people_to_invite(lab)}
        self.fields["person"].choices = [("", "Choose a person")] + [
            (pk, f"{user.display_name or user.email} ({user.email})") for pk, user in self.people.items()
        ]

    def clean(self):
        data = super().clean()
        person, email = data.get("person"), data.get("email")
        if self.errors:
            return data
        if bool(person) == bool(email):
            raise ValidationError("Choose a person or enter an e-mail address, not both.")
        user = self.people.get(person) if person else queries.account_with_email(email)
        if user is None:
            self.add_error(
                "email", "There is no CareLab account with that e-mail address. Ask them to create one first."
            )
        elif is_lab_team(user, self.lab):
            self.add_error("email" if email else "person", "They are in the lab team, who code already.")
        elif self.lab.coders.filter(user=user).exists():
            self.add_error("email" if email else "person", "They are a coder already.")
        data["user"] = user
        return data


def _parent_choices(rows, labels, exclude=()) -> list[tuple[str, str]]:
    return [("", "None: a top-level code")] + [
        (str(row.code.pk), labels[row.code.pk]) for row in rows if row.code.pk not in exclude
    ]


class CodeForm(forms.Form):
    name = forms.CharField(
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": "Enter the code's name", "max_length": too_long("The name", NAME_MAX_LENGTH)},
    )
    description = forms.CharField(
        label="Description (optional)",
        help_text="When to use this code, and when not to.",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": too_long("The description", TEXT_MAX_LENGTH)},
    )
    parent = forms.ChoiceField(label="Put it under", required=False)

    def __init__(self, *args, lab, code: Code | None = None, **kwargs):
        if code is not None and "initial" not in kwargs:
            kwargs["initial"] = {"name": code.name, "description": code.description, "parent": code.parent_id or ""}
        super().__init__(*args, **kwargs)
        self.lab, self.code = lab, code
        rows = queries.codebook(lab)
        self.codes = {str(row.code.pk): row.code for row in rows}
        exclude = {code.pk, *descendant_ids(code)} if code is not None else set()
        self.fields["parent"].choices = _parent_choices(rows, queries.code_label(rows), exclude)

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        data = super().clean()
        parent = self.codes.get(data.get("parent") or "")
        data["parent"] = parent
        name = data.get("name")
        if name:
            same = self.lab.codes.filter(parent=parent, name__iexact=name)
            if self.code is not None:
                same = same.exclude(pk=self.code.pk)
            if same.exists():
                self.add_error("name", "There is a code with that name in the same place already.")
        return data


class MemoForm(forms.Form):
    text = forms.CharField(
        label="Memo",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the memo", "max_length": too_long("The memo", TEXT_MAX_LENGTH)},
    )


class SurveyAnswersForm(forms.Form):
    question = forms.ChoiceField(label="Survey question answered in people's own words")
    group_by = forms.ChoiceField(
        label="Group answers by (optional)",
        required=False,
        help_text="A question of the same survey people answered by choosing, such as their role.",
    )

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.lab = lab
        self.surveys = {}
        questions, groups = [("", "Choose a question")], [("", "No grouping")]
        for survey, texts, choices in queries.text_questions(lab):
            self.surveys[str(survey.pk)] = survey
            questions += [(f"{survey.pk}:{q.name}", f"{survey.title}: {q.label or q.name}") for q in texts]
            groups += [(f"{survey.pk}:{q.name}", f"{survey.title}: {q.label or q.name}") for q in choices]
        self.fields["question"].choices = questions
        self.fields["group_by"].choices = groups
        self.fields["question"].error_messages["required"] = "Choose a question"

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        survey_pk, _, question = data["question"].partition(":")
        group_survey, _, group_by = (data.get("group_by") or "").partition(":")
        if group_by and group_survey != survey_pk:
            self.add_error("group_by", "Choose a question of the same survey")
        data.update(survey=self.surveys[survey_pk], question_name=question, group_by_name=group_by)
        return data


class ChooseForm(forms.Form):
    """Choose one thing to code from a list the view gives (an evidence item, an attachment, an event)."""

    choice = forms.ChoiceField()

    def __init__(self, *args, things, label, describe=str, **kwargs):
        super().__init__(*args, **kwargs)
        self.things = {str(thing.pk): thing for thing in things}
        self.fields["choice"].label = label
        self.fields["choice"].choices = [("", "Choose one")] + [(pk, describe(t)) for pk, t in self.things.items()]
        self.fields["choice"].error_messages["required"] = "Choose one"

    def chosen(self):
        return self.things[self.cleaned_data["choice"]]


class SourceFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "Every kind"), *Source.Kind.choices])
    question = forms.ChoiceField(label="Survey question", required=False)
    uncoded = forms.BooleanField(label="Only sources I have not coded yet", required=False)

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [("", "Every question"), *queries.source_questions(lab)]


class SpanCodingForm(forms.Form):
    """Codes applied to a span selected with JavaScript (offsets in code points: decision 0031)."""

    source = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    start = forms.IntegerField(min_value=0, max_value=MAX_OFFSET)
    end = forms.IntegerField(min_value=1, max_value=MAX_OFFSET)
    codes = forms.MultipleChoiceField(error_messages={"required": "Choose at least one code"})

    def __init__(self, *args, lab, code_labels: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.lab = lab
        self.fields["codes"].choices = [(str(pk), label) for pk, label in code_labels.items()]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        source = self.lab.coding_sources.filter(pk=data["source"]).first()
        if source is None:
            raise ValidationError("That source is not one of this lab's.")
        if not data["start"] < data["end"] <= len(source.text):
            raise ValidationError("That part of the text is not there. Select it again.")
        data["source"] = source
        data["codes"] = list(self.lab.codes.filter(pk__in=data["codes"]))
        return data


def read_sentence_codings(post, sources, offered) -> dict:
    """From the sentence checkboxes: {source: {(start, end): {code ids}}} for every sentence shown.

    Only real sentences of the sources on the page and codes offered on it are read; anything else
    posted is ignored. Hidden `sentence` fields ("source:start:end") say which sentences were shown,
    so an unticked box removes that coding.
    """
    by_pk = {source.pk: source for source in sources}
    offered_ids = {code.pk for code in offered}
    spans = {pk: set(sentence_spans(source.text)) for pk, source in by_pk.items()}
    wanted: dict = {}
    for value in post.getlist("sentence")[:5000]:
        parts = value.split(":")
        if len(parts) != 3 or not all(part.isdigit() and len(part) < 9 for part in parts):
            continue
        source_pk, start, end = (int(part) for part in parts)
        if (start, end) not in spans.get(source_pk, ()):
            continue
        ticked = {
            int(code)
            for code in post.getlist(f"codes-{source_pk}-{start}-{end}")
            if code.isdigit() and len(code) < 12 and int(code) in offered_ids
        }
        wanted.setdefault(by_pk[source_pk], {})[(start, end)] = ticked
    return wanted
