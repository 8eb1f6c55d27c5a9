"""The lab team's writes to surveys: create, import, edit the working definition, publish, settings.

A survey has a *working* definition the team edits, and versions people answer. Edits change
only the working definition, and every edit is checked (`definition_problems`) before it is
stored, so the working definition can always be published. `publish` copies it to a version:

- no version yet, or the current version has no responses (submitted or unfinished): the
  current version is created or replaced, because nobody has answered it;
- otherwise, if the working definition differs in any way from the current version, a new
  version (number + 1) is made and becomes current. Any difference counts, even a typo: we
  cannot tell a typo from a change of meaning, and a spare version costs nothing.

Responses point at the version they answered, so every answer keeps its version.

Pages are answered in order and conditions, validations and calculations are worked out with the
answers saved so far, so an edit may not make one depend on an answer given later
(`later_answer_problems`, with the rule in `carelab.lib.answer_order`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, replace
from typing import Literal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from carelab.labs.models import Lab
from carelab.lib.answer_order import LaterAnswer, Reason, later_answer_reasons, later_answers
from carelab.lib.expressions import ExpressionError, parse
from carelab.lib.instruments import Instrument, UnknownInstrumentError, get_instrument
from carelab.lib.survey_definition import (
    OTHER_CHOICE_NAME,
    PIPED_ANSWER,
    Choice,
    ChoiceList,
    InstrumentRef,
    Question,
    QuestionKind,
    Section,
    SurveyDefinition,
    definition_to_dict,
)
from carelab.lib.xlsform import Problem, Source, read_xlsform_with_warnings
from carelab.surveys.models import Survey, SurveyVersion

# The answering pages live at <survey slug>/ and the team's at team/<survey slug>/, next to team/new/.
RESERVED_SLUGS = frozenset({"team", "new", "upload"})
# Names the builder accepts: safe in expressions (${name}), in XLSForm and in exports.
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
EXPRESSION_WORDS = {"relevant": "condition", "constraint": "validation", "calculation": "calculation"}


class DefinitionError(ValueError):
    """The definition cannot be stored or published; ``problems`` says why, in plain words."""

    def __init__(self, problems: Iterable[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class PublishResult:
    version: SurveyVersion
    new_version: bool
    """A new version number was made because the previous one had answers."""
    changed: bool
    """The questions people now see differ from before."""


# -- Checking a definition -------------------------------------------------------------------------


def expression_problem(text: str, known_names: Iterable[str]) -> str | None:
    """Why an XLSForm expression cannot be used, or None when it can."""
    if not text:
        return None
    try:
        references = parse(text).references
    except ExpressionError as error:
        return f"This cannot be read: {error.message} (at character {error.position})"
    missing = sorted(set(references) - set(known_names))
    if missing:
        return "There is no question named " + ", ".join(f"'{name}'" for name in missing)
    return None


def instrument_problem(instrument_ref: tuple[str, str], *, enable_start_back: bool, phq9_item9_enabled: bool):
    """Why a survey with these settings may not use this instrument, or None."""
    try:
        instrument = get_instrument(*instrument_ref)
    except UnknownInstrumentError:
        return f"CareLab does not know the instrument '{InstrumentRef(*instrument_ref)}'"
    if instrument.requires_opt_in and not enable_start_back:
        return f"{instrument.title} is switched off for this survey. Switch it on in the survey's settings first"
    if instrument.asks_about_self_harm and not phq9_item9_enabled:
        return (
            f"{instrument.title} asks about thoughts of self-harm. Use PHQ-8 instead, or switch on PHQ-9 item 9 "
            "in the survey's settings, which needs a confirmed safeguarding plan"
        )
    return None


def instrument_item_names(definition: SurveyDefinition) -> set[str]:
    names = set()
    for section in definition.sections:
        if section.instrument:
            with suppress(UnknownInstrumentError):  # an unknown instrument is reported on its own
                names |= {item.id for item in get_instrument(*section.instrument).items}
    return names


def _instrument_name_problems(definition: SurveyDefinition, claimed: Counter) -> list[str]:
    """An instrument's items are answers too, kept by name: a question of the same name, or a second
    instrument with the same items (PHQ-2 beside PHQ-8), would write over their answers."""
    problems = []
    asked_by: dict[str, str] = {}
    for section in definition.sections:
        if not section.instrument:
            continue
        with suppress(UnknownInstrumentError):  # an unknown instrument is reported on its own
            instrument = get_instrument(*section.instrument)
            names = [item.id for item in instrument.items]
            for title in sorted({asked_by[name] for name in names if name in asked_by}):
                problems.append(
                    f"{instrument.title} asks some of the same questions as {title}: a survey can hold only one of them"
                )
            if taken := [name for name in names if claimed[name]]:
                problems.append(
                    f"{instrument.title} keeps its answers under the name{'s' if len(taken) > 1 else ''} "
                    f"{', '.join(taken)}: give your question another name"
                )
            asked_by.update(dict.fromkeys(names, instrument.title))
    return problems


def definition_problems(
    definition: SurveyDefinition, *, enable_start_back: bool, phq9_item9_enabled: bool, publishing: bool = False
) -> list[str]:
    """Everything that stops this definition being stored (or, with ``publishing``, answered)."""
    problems: list[str] = []
    if not definition.title.strip():
        problems.append("The survey needs a title")

    claimed = Counter(section.name for section in definition.sections if section.name)
    for question in definition.questions():
        claimed[question.name] += 1
        for name in question.answer_names:
            if name != question.name:
                claimed[name] += 1
    for name, count in sorted(claimed.items()):
        if count > 1:
            problems.append(f"The name '{name}' is used {count} times: each section, question and answer needs its own")

    for section in definition.sections:
        if section.instrument:
            problem = instrument_problem(
                section.instrument, enable_start_back=enable_start_back, phq9_item9_enabled=phq9_item9_enabled
            )
            if problem:
                problems.append(f"Section '{section.title or section.name}': {problem}")
    problems.extend(_instrument_name_problems(definition, claimed))

    known = definition.answer_names() | instrument_item_names(definition)
    for section in definition.sections:
        problem = expression_problem(section.relevant, known)
        if problem:
            problems.append(f"Section '{section.title or section.name}', condition: {problem}")
        for question in section.questions:
            problems.extend(_question_problems(definition, question, known))

    for choice_list in definition.choice_lists:
        repeated = [name for name, count in Counter(c.name for c in choice_list.choices).items() if count > 1]
        for name in repeated:
            problems.append(f"Choice list '{choice_list.name}' has the value '{name}' more than once")

    if publishing and not any(section.questions or section.instrument for section in definition.sections):
        problems.append("Add at least one question before publishing")
    return problems


def _question_problems(definition: SurveyDefinition, question: Question, known: set[str]) -> list[str]:
    where = f"Question '{question.name}'"
    problems = []
    for column, word in EXPRESSION_WORDS.items():
        problem = expression_problem(getattr(question, column), known)
        if problem:
            problems.append(f"{where}, {word}: {problem}")
    for text in (question.label, question.hint):
        missing = sorted(set(PIPED_ANSWER.findall(text)) - known)
        if missing:
            problems.append(f"{where}: the words refer to no question named '{missing[0]}'")
    if question.kind.uses_choices:
        choice_list = definition.choice_list(question.choices_list)
        if choice_list is None or not choice_list.choices:
            problems.append(f"{where} needs at least one choice")
        elif choice_list.choice(OTHER_CHOICE_NAME) and not question.other_option:
            problems.append(
                f"{where}: the value 'other' is kept for “Other, please say”. Use that option, or change the value"
            )
    if question.kind is QuestionKind.GRID and not question.statements:
        problems.append(f"{where} needs at least one statement")
    return problems


def later_answer_problems(before: SurveyDefinition, after: SurveyDefinition) -> list[str]:
    """Expressions the change from ``before`` to ``after`` would make depend on a later answer, in words.

    Only new ones count, so a survey that already has one (stored before the rule covered it) can still
    be edited. The rule is `carelab.lib.answer_order.later_answers`, which the XLSForm importer uses too.
    """
    titles = {section.name: section.title or section.name for section in after.sections}
    calculations = {question.name for question in after.questions() if question.kind is QuestionKind.CALCULATE}
    reasons = later_answer_reasons(after)
    return [
        _later_answer_problem(later, reasons[later], titles, calculations)
        for later in sorted(set(reasons) - later_answers(before))
    ]


def _later_answer_problem(later: LaterAnswer, reason: Reason, titles: dict[str, str], calculations: set[str]) -> str:
    where, owner, name = later
    word = EXPRESSION_WORDS[later.column]
    if reason.calculation_too_late:
        if owner in calculations:
            return (
                f"Question '{owner}', {word}: it uses the calculation '{name}', which is not worked out before it. "
                "A calculation can only use calculations placed before it"
            )
        return (
            f"Question '{owner}', {word}: it uses the calculation '{name}' on the same page, which is worked out only "
            f"once the page is saved. A question's {word} can only use calculations from earlier pages"
        )
    if reason.answer != name:
        page = "on the same page" if reason.same_page else "on a later page"
        if where == "section":
            return (
                f"Section '{titles[owner]}' is shown only depending on the calculation '{name}', which is worked out "
                f"from the answer to '{reason.answer}', asked on that page or after it. A section's condition can "
                "only use answers from earlier sections"
            )
        return (
            f"Question '{owner}', {word}: it uses the calculation '{name}', which is worked out from the answer to "
            f"'{reason.answer}', asked {page}. A question's {word} can only use calculations worked out from "
            "earlier pages"
        )
    if where == "section":
        return (
            f"Section '{titles[owner]}' is shown only depending on the answer to '{name}', which would be asked "
            "on that page or after it. A section's condition can only use answers from earlier sections"
        )
    if where == "question":
        return (
            f"Question '{owner}' is shown only depending on the answer to '{name}', which would be asked on a "
            "later page. A question's condition can only use answers from its own page or earlier ones"
        )
    return (
        f"Question '{owner}', {word}: it uses the answer to '{name}', which would be asked on a later page. "
        f"A {word} can only use answers from its own page or earlier ones"
    )


def _check(survey: Survey, definition: SurveyDefinition, *, publishing: bool = False) -> None:
    problems = definition_problems(
        definition,
        enable_start_back=survey.enable_start_back,
        phq9_item9_enabled=survey.phq9_item9_enabled,
        publishing=publishing,
    )
    if problems:
        raise DefinitionError(problems)


# -- Creating, importing and publishing ------------------------------------------------------------


def unique_survey_slug(lab: Lab, text: str, *, exclude_pk: int | None = None) -> str:
    """A slug from ``text`` that no other survey of the lab uses: 'text', then 'text-2', 'text-3'…"""
    base = slugify(text)[:70].strip("-") or "survey"
    taken = set(Survey.objects.for_lab(lab).exclude(pk=exclude_pk).values_list("slug", flat=True)) | RESERVED_SLUGS
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def empty_definition(title: str, id_string: str) -> SurveyDefinition:
    """A new survey: one empty section, ready for questions."""
    return SurveyDefinition(title=title, id_string=id_string, sections=(Section(name="section_1", title="Section 1"),))


def create_survey(lab: Lab, definition: SurveyDefinition, *, title: str, slug: str | None = None, by) -> Survey:
    """A draft survey of ``lab`` with ``definition`` as its working definition (not yet published),
    made by the lab team member ``by``."""
    with transaction.atomic():
        slug = slug or unique_survey_slug(lab, title or definition.id_string)
        definition = replace(definition, title=title)
        survey = Survey(lab=lab, slug=slug, title=title, status=Survey.Status.DRAFT, created_by=by)
        _check(survey, definition)
        survey.definition = definition_to_dict(definition)
        survey.save()
    return survey


def create_empty_survey(lab: Lab, *, title: str, by) -> Survey:
    slug = unique_survey_slug(lab, title)
    return create_survey(lab, empty_definition(title, slug.replace("-", "_")), title=title, slug=slug, by=by)


def import_survey(lab: Lab, source: Source, filename: str, *, by, files: Mapping[str, bytes] | None = None) -> Survey:
    """A draft survey from an XLSForm, with version 1 published; nothing is stored if anything is wrong.

    ``files`` are the files uploaded beside the form, by name (the CSV files its
    ``select_one_from_file`` questions take their choices from). Raises
    `carelab.lib.xlsform.XLSFormError` for a form that cannot be read, and `DefinitionError`
    for one that reads but cannot be published (PHQ-9 without the safeguarding setting, say).
    """
    return import_survey_with_warnings(lab, source, filename, by=by, files=files)[0]


def import_survey_with_warnings(
    lab: Lab, source: Source, filename: str, *, by, files: Mapping[str, bytes] | None = None
) -> tuple[Survey, tuple[Problem, ...]]:
    """`import_survey`, with what the form asks that CareLab leaves out (harmless: shown to the team)."""
    read = read_xlsform_with_warnings(source, filename, files)
    definition = read.definition
    with transaction.atomic():
        survey = create_survey(lab, definition, title=definition.title or definition.id_string, by=by)
        publish(survey, by=by)
    return survey, read.warnings


def publish(survey: Survey, by) -> PublishResult:
    """Make the working definition the one people answer; a new version only when the current one has answers."""
    given = survey
    with transaction.atomic():
        survey = Survey.objects.select_for_update(of=("self",)).select_related("current_version").get(pk=survey.pk)
        definition = survey.working_definition()
        _check(survey, definition, publishing=True)
        stored = definition_to_dict(definition)
        current = survey.current_version
        if current is not None and not current.responses.exists():
            changed = current.parsed() != definition
            if changed:
                current.definition = stored
                current.created_by = by
                current.save(update_fields=["definition", "created_by"])
            return PublishResult(current, new_version=False, changed=changed)
        if current is not None and current.parsed() == definition:
            return PublishResult(current, new_version=False, changed=False)
        number = (survey.versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
        version = SurveyVersion.objects.create(survey=survey, number=number, definition=stored, created_by=by)
        survey.current_version = version
        survey.save(update_fields=["current_version", "updated_at"])
    given.current_version = version
    return PublishResult(version, new_version=current is not None, changed=True)


def has_unpublished_changes(survey: Survey) -> bool:
    return survey.current_version is None or survey.current_version.parsed() != survey.working_definition()


# -- Settings and status ---------------------------------------------------------------------------

SETTINGS_FIELDS = (
    "title",
    "slug",
    "purpose",
    "status",
    "opens_at",
    "closes_at",
    "draft_retention_days",
    "enable_start_back",
    "phq9_item9_enabled",
)


def save_settings(survey: Survey, data: dict, *, by) -> Survey:
    """Store the settings form's cleaned ``data``; switching PHQ-9 item 9 on records who confirmed the plan.

    The form has already checked the rules a person must hear about (a confirmed plan, no instrument
    left without its setting, a published version before opening).
    """
    with transaction.atomic():
        # The form has already copied its data onto `survey`, so compare with what is stored.
        stored = Survey.objects.select_for_update().get(pk=survey.pk)
        turning_on_item9 = data["phq9_item9_enabled"] and not stored.phq9_item9_enabled
        if turning_on_item9 and not data.get("safeguarding_plan_confirmed"):
            raise ValueError("Switching on PHQ-9 item 9 needs a confirmed safeguarding plan.")
        for name in SETTINGS_FIELDS:
            setattr(survey, name, data[name])
        fields = [*SETTINGS_FIELDS, "updated_at"]
        if "default_language" in data:  # only asked when the survey has several languages
            survey.default_language = data["default_language"]
            fields.append("default_language")
        if turning_on_item9:
            survey.safeguarding_plan_confirmed_by = by
            survey.safeguarding_plan_confirmed_at = timezone.now()
            fields += ["safeguarding_plan_confirmed_by", "safeguarding_plan_confirmed_at"]
        definition = survey.working_definition()
        if definition.title != survey.title:
            survey.definition = definition_to_dict(replace(definition, title=survey.title))
            fields.append("definition")
        survey.save(update_fields=fields)
    return survey


def set_status(survey: Survey, status: str) -> Survey:
    """Open, close or return a survey to draft. A survey opens only once it has a published version."""
    if status not in Survey.Status.values:
        raise ValueError(f"Unknown status {status!r}")
    if status == Survey.Status.OPEN and survey.current_version_id is None:
        raise DefinitionError(["Publish the survey before opening it"])
    survey.status = status
    survey.save(update_fields=["status", "updated_at"])
    return survey


# -- Editing the working definition ----------------------------------------------------------------


def _edit(survey: Survey, change: Callable[[SurveyDefinition], SurveyDefinition]) -> SurveyDefinition:
    """Apply ``change`` to the survey's working definition, check the result and store it."""
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        before = locked.working_definition()
        definition = change(before)
        _check(locked, definition)
        problems = later_answer_problems(before, definition)
        if problems:
            raise DefinitionError(problems)
        survey.definition = definition_to_dict(definition)
        survey.save(update_fields=["definition", "updated_at"])
    return definition


def _used_names(definition: SurveyDefinition) -> set[str]:
    names = {section.name for section in definition.sections if section.name}
    for question in definition.questions():
        names.add(question.name)
        names.update(question.answer_names)
    return names


def _free_name(base: str, taken: set[str]) -> str:
    name, number = base, 2
    while name in taken:
        name, number = f"{base}_{number}", number + 1
    return name


def _replace_section(definition: SurveyDefinition, index: int, section: Section) -> SurveyDefinition:
    sections = list(definition.sections)
    sections[index] = section
    return replace(definition, sections=tuple(sections))


def _section_of(definition: SurveyDefinition, name: str) -> tuple[int, int]:
    """(section index, question index) of the question called ``name``."""
    for section_index, section in enumerate(definition.sections):
        for question_index, question in enumerate(section.questions):
            if question.name == name:
                return section_index, question_index
    raise KeyError(name)


def _without_unused_lists(definition: SurveyDefinition) -> SurveyDefinition:
    used = {question.choices_list for question in definition.questions() if question.kind.uses_choices}
    return replace(definition, choice_lists=tuple(cl for cl in definition.choice_lists if cl.name in used))


def _with_choices(
    definition: SurveyDefinition, question: Question, choices: tuple[Choice, ...], original_name: str | None
) -> tuple[SurveyDefinition, Question]:
    """Store the question's choices: in its own list, shared lists left alone for the other questions."""
    if not question.kind.uses_choices:
        return definition, replace(question, choices_list="", other_option=False)
    current = definition.choice_list(question.choices_list) if question.choices_list else None
    if current is not None and current.choices == choices:
        return definition, question
    shared = current is not None and any(
        other.choices_list == current.name for other in definition.questions() if other.name != original_name
    )
    if current is not None and not shared:
        lists = tuple(ChoiceList(cl.name, choices) if cl.name == current.name else cl for cl in definition.choice_lists)
        return replace(definition, choice_lists=lists), question
    list_name = _free_name(question.name, {cl.name for cl in definition.choice_lists})
    definition = replace(definition, choice_lists=(*definition.choice_lists, ChoiceList(list_name, choices)))
    return definition, replace(question, choices_list=list_name)


def add_section(survey: Survey, *, title: str, intro: str = "", relevant: str = "") -> int:
    """A new section at the end; returns its index."""

    def change(definition):
        name = _free_name(slugify(title).replace("-", "_")[:40] or "section", _used_names(definition))
        if not NAME.match(name):
            name = _free_name(f"section_{len(definition.sections) + 1}", _used_names(definition))
        section = Section(name=name, title=title, intro=intro, relevant=relevant)
        return replace(definition, sections=(*definition.sections, section))

    return len(_edit(survey, change).sections) - 1


def update_section(survey: Survey, index: int, *, title: str, intro: str, relevant: str) -> None:
    def change(definition):
        section = definition.sections[index]
        name = section.name
        if not name and (title or intro or relevant):
            # A run of questions outside any section becomes a named section once it has words of its own.
            name = _free_name(f"section_{index + 1}", _used_names(definition))
        return _replace_section(
            definition, index, replace(section, name=name, title=title, intro=intro, relevant=relevant)
        )

    _edit(survey, change)


def delete_section(survey: Survey, index: int) -> None:
    def change(definition):
        if len(definition.sections) == 1:
            raise DefinitionError(["A survey needs at least one section"])
        sections = definition.sections[:index] + definition.sections[index + 1 :]
        return _without_unused_lists(replace(definition, sections=sections))

    _edit(survey, change)


def add_instrument(survey: Survey, instrument: Instrument) -> int:
    """A locked section asking ``instrument``'s items exactly as registered; returns its index."""

    def change(definition):
        name = _free_name(instrument.id, _used_names(definition))
        section = Section(
            name=name, title=instrument.title, instrument=InstrumentRef(instrument.id, instrument.version)
        )
        return replace(definition, sections=(*definition.sections, section))

    return len(_edit(survey, change).sections) - 1


def add_question(survey: Survey, section_index: int, question: Question, choices: tuple[Choice, ...] = ()) -> None:
    def change(definition):
        section = definition.sections[section_index]
        if section.instrument:
            raise DefinitionError(["An instrument section cannot take other questions"])
        definition, stored = _with_choices(definition, question, choices, None)
        section = replace(section, questions=(*section.questions, stored))
        return _replace_section(definition, section_index, section)

    _edit(survey, change)


def update_question(survey: Survey, name: str, question: Question, choices: tuple[Choice, ...] = ()) -> None:
    """Replace the question called ``name`` (which may be renamed) with ``question``."""

    def change(definition):
        section_index, question_index = _section_of(definition, name)
        definition, stored = _with_choices(definition, question, choices, name)
        section = definition.sections[section_index]
        questions = list(section.questions)
        questions[question_index] = stored
        definition = _replace_section(definition, section_index, replace(section, questions=tuple(questions)))
        return _without_unused_lists(definition)

    _edit(survey, change)


def move_question(survey: Survey, name: str, direction: Literal["up", "down"]) -> None:
    """Swap the question with its neighbour in its section; at either end it stays where it is."""

    def change(definition):
        section_index, index = _section_of(definition, name)
        section = definition.sections[section_index]
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(section.questions):
            return definition
        questions = list(section.questions)
        questions[index], questions[other] = questions[other], questions[index]
        return _replace_section(definition, section_index, replace(section, questions=tuple(questions)))

    _edit(survey, change)


def move_question_to_section(survey: Survey, name: str, section_index: int) -> None:
    """Move the question called ``name`` to the end of another section.

    Instrument sections neither take nor give up questions. A move that would make a condition
    depend on an answer given later is refused (see `later_answer_problems`).
    """

    def change(definition):
        from_index, question_index = _section_of(definition, name)
        if from_index == section_index:
            return definition
        source, target = definition.sections[from_index], definition.sections[section_index]
        if source.instrument or target.instrument:
            raise DefinitionError(["Questions cannot be moved into or out of a validated instrument's section"])
        question = source.questions[question_index]
        source = replace(source, questions=source.questions[:question_index] + source.questions[question_index + 1 :])
        target = replace(target, questions=(*target.questions, question))
        return _replace_section(_replace_section(definition, from_index, source), section_index, target)

    _edit(survey, change)


def move_section(survey: Survey, index: int, direction: Literal["up", "down"]) -> int:
    """Swap the section with its neighbour; at either end it stays where it is. Returns its new index."""
    new_index = index

    def change(definition):
        nonlocal new_index
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(definition.sections):
            return definition
        sections = list(definition.sections)
        sections[index], sections[other] = sections[other], sections[index]
        new_index = other
        return replace(definition, sections=tuple(sections))

    _edit(survey, change)
    return new_index


def delete_question(survey: Survey, name: str) -> None:
    def change(definition):
        section_index, index = _section_of(definition, name)
        section = definition.sections[section_index]
        section = replace(section, questions=section.questions[:index] + section.questions[index + 1 :])
        return _without_unused_lists(_replace_section(definition, section_index, section))

    _edit(survey, change)
