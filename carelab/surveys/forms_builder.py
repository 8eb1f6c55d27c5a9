"""The lab team's forms for building surveys. Each form checks what a person typed and says what to fix."""

from __future__ import annotations

import re
from pathlib import PurePath

from django import forms
from django.utils.text import slugify

from carelab.core.forms import UKDateTimeField
from carelab.lib.choice_files import MAX_CHOICE_FILE_BYTES
from carelab.lib.choice_files import SUPPORTED_SUFFIX as CHOICE_FILE_SUFFIX
from carelab.lib.instruments import available_instruments
from carelab.lib.survey_definition import (
    OTHER_CHOICE_NAME,
    Choice,
    Question,
    QuestionKind,
    Scale,
    Statement,
    SurveyDefinition,
)
from carelab.lib.survey_languages import PYXFORM_DEFAULT
from carelab.lib.xlsform import SUPPORTED_SUFFIXES
from carelab.surveys.actions.builder import (
    NAME,
    RESERVED_SLUGS,
    expression_problem,
    instrument_item_names,
)
from carelab.surveys.forms_rules import RulesMixin, rule_subjects
from carelab.surveys.models import Survey

UPLOAD_MAX_BYTES = 5 * 1024 * 1024

KIND_LABELS = {
    QuestionKind.SHORT_TEXT: "Short text",
    QuestionKind.LONG_TEXT: "Long text",
    QuestionKind.SINGLE_CHOICE: "Single choice – people choose one answer",
    QuestionKind.MULTIPLE_CHOICE: "Multiple choice – people choose all that apply",
    QuestionKind.WHOLE_NUMBER: "Whole number",
    QuestionKind.DECIMAL: "Decimal number",
    QuestionKind.DATE: "Date",
    QuestionKind.SCALE: "Scale, such as 0 to 10, with words at each end",
    QuestionKind.GRID: "Grid – several statements answered on the same choices",
    QuestionKind.INFORMATION: "Information text – words to read, no answer",
    QuestionKind.CALCULATE: "Calculation – a hidden value worked out from other answers",
    QuestionKind.TIME: "Time of day",
    QuestionKind.DATETIME: "Date and time",
    QuestionKind.RANK: "Ranking – people put the choices in order",
}
KIND_CHOICES = [(kind.value, label) for kind, label in KIND_LABELS.items()]
NAME_HELP = (
    "Used in exports and in conditions as ${name}. Start with a letter, then use letters, numbers and underscores."
)
EXPRESSION_HELP = "In XLSForm expression syntax, for example ${lives_with_pain} = 'yes'."


# -- Creating and importing ------------------------------------------------------------------------


class CreateSurveyForm(forms.Form):
    title = forms.CharField(
        label="Survey title",
        max_length=200,
        error_messages={"required": "Enter a title", "max_length": "Title must be 200 characters or fewer"},
    )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files (none included); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(upload, initial) for upload in files if upload]


MAX_CHOICE_FILES = 20


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Choose an XLSForm file",
        help_text="An .xlsx, .csv or .md (Markdown) XLSForm smaller than 5 MB.",
        widget=forms.FileInput(attrs={"accept": ",".join(SUPPORTED_SUFFIXES)}),
        error_messages={"required": "Select an XLSForm file", "empty": "The selected file is empty"},
    )
    choice_files = MultipleFileField(
        label="Files the form uses (optional)",
        help_text=(
            "The .csv files that select_one_from_file and select_multiple_from_file questions take their choices "
            "from, each smaller than 2 MB. You can choose several at once."
        ),
        required=False,
        widget=MultipleFileInput(attrs={"accept": CHOICE_FILE_SUFFIX}),
        error_messages={"empty": "One of the selected files is empty"},
    )

    def clean_choice_files(self):
        uploads = self.cleaned_data.get("choice_files") or []
        if len(uploads) > MAX_CHOICE_FILES:
            raise forms.ValidationError(f"Choose at most {MAX_CHOICE_FILES} files the form uses")
        for upload in uploads:
            if PurePath(upload.name).suffix.lower() != CHOICE_FILE_SUFFIX:
                raise forms.ValidationError(f"{upload.name} must be a .csv file")
            if upload.size > MAX_CHOICE_FILE_BYTES:
                raise forms.ValidationError(f"{upload.name} must be smaller than 2 MB")
        return uploads

    def choice_file_data(self) -> dict[str, bytes]:
        """The files the form uses, by name, read (each is bounded by `clean_choice_files`)."""
        return {upload.name: upload.read(MAX_CHOICE_FILE_BYTES + 1) for upload in self.cleaned_data["choice_files"]}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in SUPPORTED_SUFFIXES:
            raise forms.ValidationError("The selected file must be an .xlsx, .csv or .md XLSForm")
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 5 MB")
        return upload


# -- Settings --------------------------------------------------------------------------------------


def language_label(language: str) -> str:
    """A language as the XLSForm names it, which the lab team knows from its columns."""
    return "The columns without a language (pyxform's “default”)" if language == PYXFORM_DEFAULT else language


class SettingsForm(forms.ModelForm):
    slug = forms.SlugField(
        label="Web address",
        max_length=80,
        help_text="The last part of the survey's web address. Lower-case letters, numbers and hyphens.",
        error_messages={
            "required": "Enter a web address",
            "invalid": "Web address must only include lower-case letters, numbers and hyphens",
        },
    )
    opens_at = UKDateTimeField(
        label="Opens (optional)",
        required=False,
        help_text="Leave empty to open as soon as the status is Open.",
        error_messages={"invalid": "Enter the opening date and time as a real date and time, or leave it empty"},
    )
    closes_at = UKDateTimeField(
        label="Closes (optional)",
        required=False,
        help_text="Leave empty to keep the survey open until you close it.",
        error_messages={"invalid": "Enter the closing date and time as a real date and time, or leave it empty"},
    )
    draft_retention_days = forms.IntegerField(
        label="Days to keep unfinished answers",
        min_value=1,
        max_value=365,
        help_text="Unfinished answers are deleted after this many days. 30 is usual.",
        error_messages={
            "required": "Enter the number of days to keep unfinished answers",
            "invalid": "Days to keep unfinished answers must be a whole number",
            "min_value": "Days to keep unfinished answers must be 1 or more",
            "max_value": "Days to keep unfinished answers must be 365 or fewer",
        },
    )
    safeguarding_plan_confirmed = forms.BooleanField(
        label=(
            "I confirm the lab has a safeguarding plan: someone on the lab team reviews flagged answers "
            "promptly, knows what to do when a person may be at risk, and people are told that answers "
            "are not read in real time."
        ),
        required=False,
    )

    class Meta:
        model = Survey
        fields = [
            "title",
            "slug",
            "purpose",
            "status",
            "opens_at",
            "closes_at",
            "draft_retention_days",
            "enable_start_back",
            "phq9_item9_enabled",
        ]
        labels = {
            "title": "Title",
            "purpose": "Purpose",
            "status": "Status",
            "enable_start_back": "Offer the STarT Back tool",
            "phq9_item9_enabled": "Allow PHQ-9 item 9 (thoughts of self-harm)",
        }
        help_texts = {
            "purpose": (
                "Shown on the start page: why you are asking and how answers will be used. You can use Markdown."
            ),
        }
        widgets = {"status": forms.RadioSelect, "purpose": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "title": {"required": "Enter a title", "max_length": "Title must be 200 characters or fewer"},
            "status": {"required": "Select a status"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (Survey.Status.DRAFT, "Draft – only the lab team can open it"),
            (Survey.Status.OPEN, "Open – anyone with the link can answer between the dates below"),
            (Survey.Status.CLOSED, "Closed – no new answers"),
        ]
        definition = self.instance.working_definition()
        if len(definition.languages) > 1:
            self.fields["default_language"] = forms.ChoiceField(
                label="Language people see first",
                help_text=(
                    "The survey's questions are in several languages. People can switch to another on every page; "
                    "words missing in a language are shown in the form's own default."
                ),
                choices=[(language, language_label(language)) for language in definition.languages],
                initial=self.instance.first_language(definition),
                widget=forms.RadioSelect,
                error_messages={
                    "required": "Select the language people see first",
                    "invalid_choice": "Select one of the survey's languages",
                },
            )

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(f"Web address cannot be “{slug}”. Choose a different one")
        others = Survey.objects.for_lab(self.instance.lab).exclude(pk=self.instance.pk)
        if others.filter(slug=slug).exists():
            raise forms.ValidationError("Another survey in this lab uses this web address. Choose a different one")
        return slug

    def clean(self):
        data = super().clean()
        survey = self.instance
        instruments = [s.instrument.id for s in survey.working_definition().sections if s.instrument]
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", "The closing date must be after the opening date")
        if data.get("status") == Survey.Status.OPEN and survey.current_version_id is None:
            self.add_error("status", "Publish the survey before opening it")
        if "startback" in instruments and not data.get("enable_start_back"):
            self.add_error("enable_start_back", "Remove the STarT Back section before switching it off")
        turning_on_item9 = data.get("phq9_item9_enabled") and not survey.phq9_item9_enabled
        if turning_on_item9 and not data.get("safeguarding_plan_confirmed"):
            self.add_error(
                "safeguarding_plan_confirmed", "Confirm the lab has a safeguarding plan before allowing PHQ-9 item 9"
            )
        if "phq9" in instruments and not data.get("phq9_item9_enabled"):
            self.add_error("phq9_item9_enabled", "Remove the PHQ-9 section, or use PHQ-8, before switching this off")
        return data


# -- Sections --------------------------------------------------------------------------------------


def known_names(definition: SurveyDefinition, *, leaving_out: Question | None = None) -> set[str]:
    """Names a condition may refer to: every answer, and the items of instrument sections."""
    names = definition.answer_names() | instrument_item_names(definition)
    if leaving_out is not None:
        names -= set(leaving_out.answer_names)
    return names


def _expression_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=2000, help_text=EXPRESSION_HELP, widget=forms.TextInput
    )


class SectionForm(RulesMixin, forms.Form):
    title = forms.CharField(
        label="Section title",
        max_length=200,
        required=False,
        help_text="The heading of the section's page.",
        error_messages={"max_length": "Section title must be 200 characters or fewer"},
    )
    intro = forms.CharField(
        label="Introduction (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown under the title.",
    )
    relevant = _expression_field("Show this section only when (optional)")

    def __init__(
        self, *args, definition: SurveyDefinition, index: int | None = None, title_required: bool = True, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.definition = definition
        if title_required:
            self.fields["title"].required = True
            self.fields["title"].error_messages["required"] = "Enter a section title"
        subjects = rule_subjects(definition, section_index=index, for_section=True)
        self.add_condition_fields(subjects, self.initial.get("relevant", ""))

    def clean(self):
        super().clean()
        relevant = self.resolve(
            "relevant", self.stored_condition, self.stored_simple_condition(), self.condition_from_lists()
        )
        problem = expression_problem(relevant, known_names(self.definition))
        if problem and "relevant" not in self.errors:
            self.add_error("relevant", f"The condition is not valid. {problem}")
        data = self.cleaned_data
        return {"title": data.get("title", ""), "intro": data.get("intro", ""), "relevant": relevant}


class InstrumentForm(forms.Form):
    instrument = forms.ChoiceField(
        label="Which instrument?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select an instrument", "invalid_choice": "Select an instrument"},
    )

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.instruments = {
            instrument.id: instrument
            for instrument in available_instruments(survey.enable_start_back)
            if survey.phq9_item9_enabled or not instrument.asks_about_self_harm
        }
        self.fields["instrument"].choices = [
            (instrument.id, f"{instrument.title} ({len(instrument.items)} questions)")
            for instrument in self.instruments.values()
        ]

    def clean_instrument(self):
        return self.instruments[self.cleaned_data["instrument"]]


def section_heading(index: int, title: str) -> str:
    """How the builder names a section: '2. About you'."""
    return f"{index + 1}. {title or 'Questions outside any section'}"


# -- Questions -------------------------------------------------------------------------------------


class KindForm(forms.Form):
    kind = forms.ChoiceField(
        label="What type of question?",
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a type of question", "invalid_choice": "Select a type of question"},
    )


def _generated_value(label: str, fallback: str) -> str:
    value = slugify(label).replace("-", "_")[:40].strip("_")
    return value or fallback


def parse_choices(text: str, *, other_allowed: bool) -> tuple[Choice, ...]:
    """Choices typed one a line as ``value|Label`` or just ``Label`` (the value is then made from it)."""
    choices: list[Choice] = []
    errors: list[str] = []
    lines_by_value: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if "|" in line:
            value, label = (part.strip() for part in line.split("|", 1))
        else:
            label = line
            value = _generated_value(label, f"choice_{number}")
            base, suffix = value, 2
            while value in lines_by_value:
                value, suffix = f"{base}_{suffix}", suffix + 1
        if not value:
            errors.append(f"Line {number}: enter a value before the |")
            continue
        if not label:
            errors.append(f"Line {number}: enter the words people see after the |")
            continue
        if re.search(r"\s", value):
            errors.append(f"Line {number}: the value '{value}' cannot contain spaces")
            continue
        if value == OTHER_CHOICE_NAME and not other_allowed:
            errors.append(f"Line {number}: the value 'other' is kept for “Other, please say”. Tick that option instead")
            continue
        if value in lines_by_value:
            errors.append(f"Line {number}: the value '{value}' is already used on line {lines_by_value[value]}")
            continue
        lines_by_value[value] = number
        choices.append(Choice(value, label))
    if errors:
        raise forms.ValidationError(errors)
    return tuple(choices)


def parse_statements(text: str, question_name: str) -> tuple[Statement, ...]:
    """Statements typed one a line as ``name|Statement`` or just the statement (a name is made from it)."""
    statements: list[Statement] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if "|" in line:
            name, label = (part.strip() for part in line.split("|", 1))
        else:
            label = line
            name = f"{question_name}_{_generated_value(label, str(number))}"[:60]
            base, suffix = name, 2
            while name in seen:
                name, suffix = f"{base}_{suffix}", suffix + 1
        if not label:
            errors.append(f"Line {number}: enter the statement after the |")
        elif not NAME.match(name):
            errors.append(
                f"Line {number}: '{name}' cannot be a name. Start with a letter, then use letters, numbers "
                "and underscores"
            )
        elif name in seen:
            errors.append(f"Line {number}: the name '{name}' is already used on line {seen[name]}")
        else:
            seen[name] = number
            statements.append(Statement(name, label))
    if errors:
        raise forms.ValidationError(errors)
    return tuple(statements)


class QuestionForm(RulesMixin, forms.Form):
    """One question of any kind; `question` and `choices` hold the result once valid."""

    kind = forms.ChoiceField(
        label="Type of question",
        choices=KIND_CHOICES,
        error_messages={"required": "Select a type of question", "invalid_choice": "Select a type of question"},
    )
    label = forms.CharField(
        label="Question",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The words people read. For information text, the text to show.",
    )
    name = forms.CharField(
        label="Name",
        max_length=60,
        help_text=NAME_HELP,
        error_messages={"required": "Enter a name", "max_length": "Name must be 60 characters or fewer"},
    )
    hint = forms.CharField(
        label="Hint (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Extra words under the question, such as “Choose all that apply”.",
    )
    required = forms.BooleanField(label="People must answer this question", required=False)
    choices = forms.CharField(
        label="Choices",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "One a line. Write value|Label to set the value stored, for example yes|Yes, "
            "or just the label and CareLab makes a value from it."
        ),
    )
    other_option = forms.BooleanField(label="Add “Other, please say” with a text box", required=False)
    statements = forms.CharField(
        label="Statements",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One a line, each answered on the choices above. Write name|Statement to set its name.",
    )
    scale_min = forms.IntegerField(
        label="Lowest number",
        required=False,
        initial=0,
        error_messages={"invalid": "Lowest number must be a whole number"},
    )
    scale_max = forms.IntegerField(
        label="Highest number",
        required=False,
        initial=10,
        error_messages={"invalid": "Highest number must be a whole number"},
    )
    min_label = forms.CharField(label="Words at the lowest end (optional)", required=False, max_length=100)
    max_label = forms.CharField(label="Words at the highest end (optional)", required=False, max_length=100)
    constraint = _expression_field("Validation rule (optional)")
    constraint_message = forms.CharField(
        label="Message when the answer does not meet the rule",
        required=False,
        max_length=300,
        help_text="For example “Enter a number of years from 0 to 90”.",
    )
    relevant = _expression_field("Show this question only when (optional)")
    calculation = forms.CharField(
        label="Calculation",
        required=False,
        max_length=2000,
        widget=forms.TextInput,
        help_text="For example if(${pain_years} >= 3, 'yes', 'no').",
    )

    def __init__(
        self,
        *args,
        definition: SurveyDefinition,
        original: Question | None = None,
        kind=None,
        section_index: int | None = None,
        **kwargs,
    ):
        if original is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(definition, original)
        elif kind is not None:
            kwargs.setdefault("initial", {})["kind"] = kind
        super().__init__(*args, **kwargs)
        self.definition = definition
        self.original = original
        self.question: Question | None = None
        self.parsed_choices: tuple[Choice, ...] = ()
        if original is not None:
            section_index = next(
                (index for index, section in enumerate(definition.sections) if original in section.questions), None
            )
        before = original.name if original else None
        self.add_condition_fields(
            rule_subjects(definition, section_index=section_index, before=before), original.relevant if original else ""
        )
        self.add_validation_fields(self.kind_value, original.constraint if original else "")

    @staticmethod
    def initial_for(definition: SurveyDefinition, question: Question) -> dict:
        choice_list = definition.choice_list(question.choices_list)
        scale = question.scale or Scale()
        return {
            "kind": question.kind.value,
            "name": question.name,
            "label": question.label,
            "hint": question.hint,
            "required": question.required,
            "choices": "\n".join(f"{c.name}|{c.label}" for c in choice_list.choices) if choice_list else "",
            "other_option": question.other_option,
            "statements": "\n".join(f"{s.name}|{s.label}" for s in question.statements),
            "scale_min": scale.min,
            "scale_max": scale.max,
            "min_label": scale.min_label,
            "max_label": scale.max_label,
            "constraint": question.constraint,
            "constraint_message": question.constraint_message,
            "relevant": question.relevant,
            "calculation": question.calculation,
        }

    @property
    def kind_value(self) -> QuestionKind:
        """The kind the page is about: what was posted, else what the question is, else short text."""
        value = self["kind"].value()
        try:
            return QuestionKind(value)
        except ValueError:
            return QuestionKind.SHORT_TEXT

    def shows(self, field: str) -> bool:
        """Whether ``field`` applies to the kind of question, so the page shows it."""
        kind = self.kind_value
        return {
            "label": True,
            "hint": kind is not QuestionKind.CALCULATE,
            "required": kind.is_answered,
            "choices": kind.uses_choices,
            "other_option": kind in {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE},
            "statements": kind is QuestionKind.GRID,
            "scale": kind is QuestionKind.SCALE,
            "constraint": kind.is_answered and kind is not QuestionKind.GRID,
            "calculation": kind is QuestionKind.CALCULATE,
        }.get(field, True)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not NAME.match(name):
            raise forms.ValidationError(
                "Name must start with a letter or underscore, then use only letters, numbers and underscores"
            )
        return name

    def clean(self):
        data = super().clean()
        if "kind" not in data:
            return data
        kind = QuestionKind(data["kind"])
        name = data.get("name", "")
        data = {key: value.strip() if isinstance(value, str) else value for key, value in data.items()}
        if kind is not QuestionKind.CALCULATE and not data.get("label"):
            self.add_error(
                "label", "Enter the text to show" if kind is QuestionKind.INFORMATION else "Enter the question"
            )
        choices: tuple[Choice, ...] = ()
        other = self.shows("other_option") and data.get("other_option", False)
        if kind.uses_choices:
            try:
                choices = parse_choices(data.get("choices", ""), other_allowed=other)
            except forms.ValidationError as error:
                self.add_error("choices", error)
            else:
                if not choices:
                    self.add_error("choices", "Enter at least one choice")
        statements: tuple[Statement, ...] = ()
        if kind is QuestionKind.GRID and name:
            try:
                statements = parse_statements(data.get("statements", ""), name)
            except forms.ValidationError as error:
                self.add_error("statements", error)
            else:
                if not statements:
                    self.add_error("statements", "Enter at least one statement")
        scale = None
        if kind is QuestionKind.SCALE:
            low, high = data.get("scale_min"), data.get("scale_max")
            if low is None and "scale_min" not in self.errors:
                self.add_error("scale_min", "Enter the lowest number")
            if high is None and "scale_max" not in self.errors:
                self.add_error("scale_max", "Enter the highest number")
            if low is not None and high is not None:
                if not 1 <= high - low <= 10:
                    self.add_error("scale_max", "The highest number must be 1 to 10 more than the lowest")
                scale = Scale(low, high, data.get("min_label", ""), data.get("max_label", ""))
        if kind is QuestionKind.CALCULATE and not data.get("calculation"):
            self.add_error("calculation", "Enter the calculation")
        relevant = self.resolve(
            "relevant", self.stored_condition, self.stored_simple_condition(), self.condition_from_lists()
        )
        constraint = ""
        if self.shows("constraint"):
            constraint = self.resolve(
                "constraint", self.stored_constraint, self.stored_simple_constraint(), self.constraint_from_lists()
            )

        question = Question(
            kind=kind,
            name=name,
            label=data.get("label", ""),
            hint=data.get("hint", "") if self.shows("hint") else "",
            required=bool(data.get("required")) and kind.is_answered,
            required_message=self.original.required_message if self.original and kind.is_answered else "",
            relevant=relevant,
            constraint=constraint,
            constraint_message=data.get("constraint_message", "") if self.shows("constraint") else "",
            calculation=data.get("calculation", "")
            if kind is QuestionKind.CALCULATE
            else (self.original.calculation if self.original and self.original.kind is kind else ""),
            choices_list=self.original.choices_list if self.original and kind.uses_choices else "",
            other_option=bool(other),
            appearance=self.original.appearance if self.original and self.original.kind is kind else "",
            scale=scale,
            statements=statements,
            default=self.original.default if self.original and self.original.kind is kind else "",
            # Set in the XLSForm; the builder keeps them for a question that stays the same kind.
            choice_filter=self.original.choice_filter if self.original and self.original.kind is kind else "",
            read_only=self.original.read_only if self.original and self.original.kind is kind else False,
        )
        self._check_names(question)
        self._check_expressions(question)
        if question.constraint and not question.constraint_message:
            self.add_error(
                "constraint_message", "Enter the message people see when their answer does not meet the rule"
            )
        if not self.errors:
            self.question = question
            self.parsed_choices = choices
        return data

    def _check_names(self, question: Question) -> None:
        taken = {s.name for s in self.definition.sections if s.name}
        for other in self.definition.questions():
            if self.original is None or other.name != self.original.name:
                taken |= {other.name, *other.answer_names}
        if question.name and question.name in taken:
            self.add_error("name", f"Another question or section already uses the name '{question.name}'")
            return
        for name in question.answer_names:
            if name != question.name and name in taken:
                field = "statements" if question.kind is QuestionKind.GRID else "other_option"
                self.add_error(field, f"The name '{name}' is already used by another question")

    def _check_expressions(self, question: Question) -> None:
        known = known_names(self.definition, leaving_out=self.original) | set(question.answer_names)
        for field, words in (
            ("relevant", "condition"),
            ("constraint", "validation rule"),
            ("calculation", "calculation"),
        ):
            text = getattr(question, field)
            problem = expression_problem(text, known)
            if problem and field not in self.errors:
                self.add_error(field, f"The {words} is not valid. {problem}")


class MoveToSectionForm(forms.Form):
    """Which other section a question moves to. Instrument sections take no other questions, so are not offered."""

    section = forms.TypedChoiceField(
        label="Which section should the question move to?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the section to move the question to",
            "invalid_choice": "Select the section to move the question to",
        },
    )

    def __init__(self, *args, definition: SurveyDefinition, current: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [
            (index, section_heading(index, section.title))
            for index, section in enumerate(definition.sections)
            if index != current and not section.instrument
        ]

    @property
    def has_choices(self) -> bool:
        return bool(self.fields["section"].choices)
