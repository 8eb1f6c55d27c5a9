"""The lab team's survey pages: list, import, overview, settings, the builder that edits questions, and a preview."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from carelab.labs.access import lab_team_required
from carelab.lib.instruments import UnknownInstrumentError, get_instrument
from carelab.lib.survey_definition import Question, Section, SurveyDefinition
from carelab.lib.words import pluralise
from carelab.lib.xlsform import Problem, XLSFormError, write_xlsform
from carelab.surveys.access import get_survey_for_team
from carelab.surveys.actions import builder
from carelab.surveys.answer_rows import survey_result_items
from carelab.surveys.forms_answering import SectionForm as PageForm
from carelab.surveys.forms_answering import with_other_conditional
from carelab.surveys.forms_builder import (
    KIND_LABELS,
    CreateSurveyForm,
    InstrumentForm,
    KindForm,
    MoveToSectionForm,
    QuestionForm,
    SectionForm,
    SettingsForm,
    UploadForm,
    section_heading,
)
from carelab.surveys.forms_rules import RULE_STEP
from carelab.surveys.models import Survey, SurveyResponse
from carelab.surveys.presenters import languages_summary, survey_links
from carelab.surveys.runtime import SurveyPages, display_number, safety_findings

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS_TAG_COLOURS = {Survey.Status.DRAFT: "grey", Survey.Status.OPEN: "green", Survey.Status.CLOSED: "red"}


def problem_text(problem: Problem) -> str:
    """'Row 7, column 'type': …', naming the sheet when it is not the survey sheet."""
    where = []
    if problem.row is not None:
        where.append(f"Row {problem.row}")
    if problem.column:
        where.append(f"column '{problem.column}'")
    place = ", ".join(where)
    if place and problem.sheet and problem.sheet != "survey":
        place += f" of the {problem.sheet} sheet"
    return f"{place}: {problem.message}" if place else problem.message


def _start_page_url(survey: Survey) -> str | None:
    """The answering start page, once the answering pages exist and there is a version to answer."""
    if survey.current_version_id is None:
        return None
    try:
        return reverse("surveys:start", args=[survey.lab.slug, survey.slug])
    except NoReverseMatch:
        return None


def _section_or_404(definition: SurveyDefinition, index: int) -> Section:
    if not 0 <= index < len(definition.sections):
        raise Http404("No such section.")
    return definition.sections[index]


def _question_or_404(definition: SurveyDefinition, name: str) -> tuple[int, Question]:
    for index, section in enumerate(definition.sections):
        for question in section.questions:
            if question.name == name:
                return index, question
    raise Http404("No such question.")


def question_summary(question: Question) -> str:
    """What a question is, in a line: its type, name and any rules."""
    parts = [KIND_LABELS[question.kind].split(" – ")[0], f"name: {question.name}"]
    if question.required:
        parts.append("must be answered")
    if question.relevant:
        parts.append(f"shown when {question.relevant}")
    if question.constraint:
        parts.append(f"rule: {question.constraint}")
    return "; ".join(parts)


def sections_summary(survey: Survey, definition: SurveyDefinition) -> list[dict]:
    """Each section with its questions as NHS.UK summary-list rows, for the overview page."""
    summary = []
    for index, section in enumerate(definition.sections):
        instrument = None
        if section.instrument:
            try:
                instrument = get_instrument(*section.instrument)
            except UnknownInstrumentError:
                instrument = None
        rows = [
            {
                "key": {"text": question.label or question.name},
                "value": {"text": question_summary(question)},
                "actions": {
                    "items": [
                        {
                            "href": reverse(
                                "surveys:question_edit", args=[survey.lab.slug, survey.slug, question.name]
                            ),
                            "text": "Change",
                            "visuallyHiddenText": question.label or question.name,
                        }
                    ]
                },
            }
            for question in section.questions
        ]
        summary.append(
            {
                "index": index,
                "section": section,
                "heading": section.title or "Questions outside any section",
                "instrument": instrument,
                "rows": rows,
            }
        )
    return summary


def _posted(request):
    """The posted data, even when empty (so an empty form shows its errors); None for a GET."""
    return request.POST if request.method == "POST" else None


def _next_step(request, form) -> bool:
    """Whether the person asked for the form's next step (a condition's answers to choose from): then
    the form is shown again as posted, unchecked and unsaved."""
    if request.method == "POST" and RULE_STEP in request.POST:
        form.shown_again()
        return True
    return False


def _context(survey: Survey, **extra) -> dict:
    return {"lab": survey.lab, "survey": survey, "kind_labels": KIND_LABELS, **extra}


# -- Surveys ---------------------------------------------------------------------------------------


@lab_team_required
def team_list(request, slug):
    surveys = list(
        request.lab.surveys.select_related("current_version", "lab")
        .with_versions_newest_first()
        .annotate(
            submitted_count=Count("responses", filter=Q(responses__status=SurveyResponse.Status.SUBMITTED)),
            draft_count=Count("responses", filter=Q(responses__status=SurveyResponse.Status.DRAFT)),
        )
    )
    for survey in surveys:
        survey.links = survey_links(request, survey, survey_result_items(survey, survey.versions.all()))
    return render(
        request,
        "surveys/team/list.jinja",
        {"lab": request.lab, "surveys": surveys, "tag_colours": STATUS_TAG_COLOURS},
    )


@lab_team_required
@require_http_methods(["GET", "POST"])
def survey_create(request, slug):
    form = CreateSurveyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        survey = builder.create_empty_survey(request.lab, title=form.cleaned_data["title"], by=request.user)
        messages.success(request, "Survey created. Add its first questions.")
        return redirect("surveys:section_edit", slug, survey.slug, 0)
    return render(request, "surveys/team/create.jinja", {"lab": request.lab, "form": form})


@lab_team_required
@require_http_methods(["GET", "POST"])
def upload(request, slug):
    form = UploadForm(_posted(request), request.FILES if request.method == "POST" else None)
    problems: list[str] = []
    filename = ""
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            survey, warnings = builder.import_survey_with_warnings(
                request.lab, upload_file.read(), upload_file.name, by=request.user, files=form.choice_file_data()
            )
        except XLSFormError as error:
            problems = [problem_text(problem) for problem in error.problems]
        except builder.DefinitionError as error:
            problems = error.problems
        else:
            messages.success(request, "Survey imported as a draft, with version 1 published.")
            if warnings:
                # Shown once on the survey's page, which the redirect goes to.
                request.session[_import_warnings_key(survey)] = [problem_text(warning) for warning in warnings][:100]
            return redirect("surveys:team_detail", slug, survey.slug)
        # A file input cannot be filled in again, so the messages name the file that was chosen.
        filename = upload_file.name
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        form.add_error(
            "file",
            f"The file has {count}, listed above. Nothing was imported from {filename}. Correct it and try again",
        )
    summary = [{"text": problem, "href": f"#{form['file'].auto_id}"} for problem in problems]
    return render(
        request,
        "surveys/team/upload.jinja",
        {"lab": request.lab, "form": form, "problems": summary, "filename": filename},
    )


def _import_warnings_key(survey: Survey) -> str:
    return f"surveys:import-warnings:{survey.pk}"


def _detail_page(request, survey: Survey, problems: list[str] | None = None, status: int = 200):
    definition = survey.working_definition()
    versions = survey.versions.annotate(
        submitted_count=Count("responses", filter=Q(responses__status=SurveyResponse.Status.SUBMITTED)),
        draft_count=Count("responses", filter=Q(responses__status=SurveyResponse.Status.DRAFT)),
    ).order_by("-number")
    context = _context(
        survey,
        definition=definition,
        sections=sections_summary(survey, definition),
        versions=versions,
        minutes=_preview_pages(survey).estimated_minutes(),
        unpublished=builder.has_unpublished_changes(survey),
        links=survey_links(request, survey, survey_result_items(survey)) if survey.current_version_id else None,
        languages=languages_summary(definition, survey.first_language(definition)),
        tag_colours=STATUS_TAG_COLOURS,
        problems=[{"text": problem} for problem in problems or []],
        import_warnings=request.session.pop(_import_warnings_key(survey), []),
    )
    return render(request, "surveys/team/detail.jinja", context, status=status)


@lab_team_required
def team_detail(request, slug, survey_slug):
    return _detail_page(request, get_survey_for_team(request, survey_slug))


@lab_team_required
def download(request, slug, survey_slug):
    survey = get_survey_for_team(request, survey_slug)
    try:
        content = write_xlsform(survey.definition_for_xlsform())
    except ValueError as error:
        return _detail_page(request, survey, [f"The survey cannot be written as an XLSForm: {error}"], status=409)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{survey.slug}.xlsx"'
    return response


@lab_team_required
@require_http_methods(["GET", "POST"])
def settings(request, slug, survey_slug):
    survey = get_survey_for_team(request, survey_slug)
    form = SettingsForm(_posted(request), instance=survey)
    if request.method == "POST" and form.is_valid():
        survey = builder.save_settings(survey, form.cleaned_data, by=request.user)
        messages.success(request, "Settings saved.")
        return redirect("surveys:team_detail", slug, survey.slug)
    return render(request, "surveys/team/settings.jinja", _context(survey, form=form))


@lab_team_required
@require_POST
def set_status(request, slug, survey_slug):
    survey = get_survey_for_team(request, survey_slug)
    try:
        builder.set_status(survey, request.POST.get("status", ""))
    except builder.DefinitionError as error:
        return _detail_page(request, survey, error.problems, status=400)
    except ValueError:
        return _detail_page(request, survey, ["Choose open, closed or draft"], status=400)
    messages.success(request, f"The survey is now {survey.get_status_display().lower()}.")
    return redirect("surveys:team_detail", slug, survey.slug)


@lab_team_required
@require_POST
def publish(request, slug, survey_slug):
    survey = get_survey_for_team(request, survey_slug)
    first_publish = survey.current_version_id is None
    try:
        result = builder.publish(survey, by=request.user)
    except builder.DefinitionError as error:
        return _detail_page(request, survey, error.problems, status=400)
    number = result.version.number
    if first_publish:
        next_step = (
            "People can answer it now." if survey.is_open() else "Nobody can answer it until you open the survey."
        )
        messages.success(request, f"Published as version {number}. {next_step}")
    elif result.new_version:
        messages.success(
            request,
            f"Published as version {number}. People who already answered keep the version they answered.",
        )
    elif result.changed:
        messages.success(request, f"Published. Version {number} has not been answered yet, so it was updated.")
    else:
        messages.success(request, f"Nothing has changed since version {number} was published.")
    return redirect("surveys:team_detail", slug, survey_slug)


# -- Sections --------------------------------------------------------------------------------------


@lab_team_required
@require_http_methods(["GET", "POST"])
def section_add(request, slug, survey_slug):
    survey = get_survey_for_team(request, survey_slug)
    form = SectionForm(_posted(request), definition=survey.working_definition())
    if not _next_step(request, form) and request.method == "POST" and form.is_valid():
        try:
            index = builder.add_section(survey, **form.cleaned_data)
        except builder.DefinitionError as error:
            for problem in error.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, "Section added.")
            return redirect("surveys:section_edit", slug, survey_slug, index)
    return render(request, "surveys/team/section_form.jinja", _context(survey, form=form, section=None))


@lab_team_required
@require_http_methods(["GET", "POST"])
def section_edit(request, slug, survey_slug, index):
    survey = get_survey_for_team(request, survey_slug)
    definition = survey.working_definition()
    section = _section_or_404(definition, index)
    initial = {"title": section.title, "intro": section.intro, "relevant": section.relevant}
    form = SectionForm(
        _posted(request), initial=initial, definition=definition, index=index, title_required=bool(section.name)
    )
    if not _next_step(request, form) and request.method == "POST" and form.is_valid():
        try:
            builder.update_section(survey, index, **form.cleaned_data)
        except builder.DefinitionError as error:
            for problem in error.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, "Section saved.")
            return redirect("surveys:section_edit", slug, survey_slug, index)
    instrument = None
    if section.instrument:
        try:
            instrument = get_instrument(*section.instrument)
        except UnknownInstrumentError:
            instrument = None
    return render(
        request,
        "surveys/team/section_form.jinja",
        _context(survey, form=form, section=section, index=index, definition=definition, instrument=instrument),
    )


@lab_team_required
@require_http_methods(["GET", "POST"])
def section_delete(request, slug, survey_slug, index):
    survey = get_survey_for_team(request, survey_slug)
    section = _section_or_404(survey.working_definition(), index)
    problems: list[str] = []
    if request.method == "POST":
        try:
            builder.delete_section(survey, index)
        except builder.DefinitionError as error:
            problems = error.problems
        else:
            messages.success(request, "Section deleted.")
            return redirect("surveys:team_detail", slug, survey_slug)
    return render(
        request,
        "surveys/team/confirm_delete.jinja",
        _context(
            survey,
            problems=[{"text": problem} for problem in problems],
            heading=f"Delete the section “{section.title or 'Questions without a section'}”?",
            warning=f"Its {pluralise(len(section.questions), 'question')} will be deleted too."
            if section.questions
            else "",
            back_url=reverse("surveys:section_edit", args=[slug, survey_slug, index]),
        ),
        status=400 if problems else 200,
    )


@lab_team_required
@require_POST
def section_move(request, slug, survey_slug, index):
    survey = get_survey_for_team(request, survey_slug)
    _section_or_404(survey.working_definition(), index)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        return _detail_page(request, survey, ["Choose whether to move the section up or down"], status=400)
    try:
        index = builder.move_section(survey, index, direction)
    except builder.DefinitionError as error:
        return _detail_page(request, survey, error.problems, status=400)
    return redirect(reverse("surveys:team_detail", args=[slug, survey_slug]) + f"#section-{index}")


@lab_team_required
@require_http_methods(["GET", "POST"])
def instrument_add(request, slug, survey_slug):
    survey = get_survey_for_team(request, survey_slug)
    form = InstrumentForm(_posted(request), survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            index = builder.add_instrument(survey, form.cleaned_data["instrument"])
        except builder.DefinitionError as error:
            for problem in error.problems:
                form.add_error(None, problem)
        else:
            minutes = _preview_pages(survey).estimated_minutes()
            messages.success(
                request,
                "Instrument added as a section. Its questions cannot be changed. "
                f"The survey now takes about {minutes} minute{'' if minutes == 1 else 's'}.",
            )
            return redirect("surveys:section_edit", slug, survey_slug, index)
    return render(
        request, "surveys/team/instrument_add.jinja", _context(survey, form=form, instruments=form.instruments)
    )


# -- Questions -------------------------------------------------------------------------------------


def _save_question(request, survey: Survey, form: QuestionForm, save) -> bool:
    """Run ``save`` once the form is valid; the action's objections become the form's errors."""
    if _next_step(request, form) or request.method != "POST" or not form.is_valid():
        return False
    try:
        save(form.question, form.parsed_choices)
    except builder.DefinitionError as error:
        for problem in error.problems:
            form.add_error(None, problem)
        return False
    return True


@lab_team_required
@require_http_methods(["GET", "POST"])
def question_add(request, slug, survey_slug, index):
    survey = get_survey_for_team(request, survey_slug)
    definition = survey.working_definition()
    section = _section_or_404(definition, index)
    if section.instrument:
        raise Http404("Instrument sections take no other questions.")
    if request.method == "GET":
        kind_form = KindForm(request.GET if "kind" in request.GET else None)
        if not kind_form.is_valid():
            return render(
                request,
                "surveys/team/question_kind.jinja",
                _context(survey, form=kind_form, section=section, index=index),
            )
        form = QuestionForm(definition=definition, kind=kind_form.cleaned_data["kind"], section_index=index)
    else:
        form = QuestionForm(request.POST, definition=definition, section_index=index)
    if _save_question(request, survey, form, lambda q, choices: builder.add_question(survey, index, q, choices)):
        messages.success(request, "Question added.")
        return redirect("surveys:section_edit", slug, survey_slug, index)
    return render(
        request,
        "surveys/team/question_form.jinja",
        _context(survey, form=form, section=section, index=index, question=None),
    )


@lab_team_required
@require_http_methods(["GET", "POST"])
def question_edit(request, slug, survey_slug, name):
    survey = get_survey_for_team(request, survey_slug)
    definition = survey.working_definition()
    index, question = _question_or_404(definition, name)
    form = QuestionForm(_posted(request), definition=definition, original=question)
    if _save_question(request, survey, form, lambda q, choices: builder.update_question(survey, name, q, choices)):
        messages.success(request, "Question saved.")
        return redirect("surveys:section_edit", slug, survey_slug, index)
    return render(
        request,
        "surveys/team/question_form.jinja",
        _context(survey, form=form, section=definition.sections[index], index=index, question=question),
    )


@lab_team_required
@require_POST
def question_move(request, slug, survey_slug, name):
    survey = get_survey_for_team(request, survey_slug)
    index, _question = _question_or_404(survey.working_definition(), name)
    direction = request.POST.get("direction")
    if direction in {"up", "down"}:
        try:
            builder.move_question(survey, name, direction)
        except builder.DefinitionError as error:
            return _detail_page(request, survey, error.problems, status=400)
    return redirect(reverse("surveys:section_edit", args=[slug, survey_slug, index]) + f"#question-{name}")


@lab_team_required
@require_http_methods(["GET", "POST"])
def question_section(request, slug, survey_slug, name):
    """Move a question to another section, chosen from a list (the question goes to the end of it)."""
    survey = get_survey_for_team(request, survey_slug)
    definition = survey.working_definition()
    index, question = _question_or_404(definition, name)
    form = MoveToSectionForm(_posted(request), definition=definition, current=index)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["section"]
        try:
            builder.move_question_to_section(survey, name, target)
        except builder.DefinitionError as error:
            for problem in error.problems:
                form.add_error(None, problem)
        else:
            heading = section_heading(target, definition.sections[target].title)
            messages.success(request, f"Question moved to the end of section {heading}.")
            return redirect(reverse("surveys:section_edit", args=[slug, survey_slug, target]) + f"#question-{name}")
    return render(
        request,
        "surveys/team/question_section.jinja",
        _context(
            survey,
            form=form,
            question=question,
            index=index,
            section_heading=section_heading(index, definition.sections[index].title),
        ),
    )


@lab_team_required
@require_http_methods(["GET", "POST"])
def question_delete(request, slug, survey_slug, name):
    survey = get_survey_for_team(request, survey_slug)
    index, question = _question_or_404(survey.working_definition(), name)
    problems: list[str] = []
    if request.method == "POST":
        try:
            builder.delete_question(survey, name)
        except builder.DefinitionError as error:
            problems = error.problems
        else:
            messages.success(request, "Question deleted.")
            return redirect("surveys:section_edit", slug, survey_slug, index)
    return render(
        request,
        "surveys/team/confirm_delete.jinja",
        _context(
            survey,
            problems=[{"text": problem} for problem in problems],
            heading=f"Delete the question “{question.label or question.name}”?",
            warning="Answers already given keep the version they answered; the question goes from the next version.",
            back_url=reverse("surveys:section_edit", args=[slug, survey_slug, index]),
        ),
        status=400 if problems else 200,
    )


# -- Preview ---------------------------------------------------------------------------------------
# The working definition's pages as people see them, answered for real (conditions, rules and
# calculations all apply) but kept only in this browser's session: a preview is never a response,
# so it neither counts in the results nor keeps a version from being updated in place.


def _preview_key(survey: Survey) -> str:
    return f"survey-preview-{survey.pk}"


def _preview_pages(survey: Survey) -> SurveyPages:
    return SurveyPages(
        survey.working_definition(), phq9_item9_enabled=survey.phq9_item9_enabled, today=timezone.localdate()
    )


def _preview_next(survey: Survey, pages: SurveyPages, answers: dict, after: int = 0):
    number = pages.next_number(after, answers)
    if number is None:
        return redirect("surveys:preview_end", survey.lab.slug, survey.slug)
    return redirect("surveys:preview_section", survey.lab.slug, survey.slug, number)


def answers_after_page(pages: SurveyPages, answers: dict, number: int, cleaned: dict) -> dict:
    """The answers once page ``number`` is saved with ``cleaned``, as the answering journey saves them."""
    replaced = pages.section_answer_names(pages.section(number))
    kept = {name: value for name, value in answers.items() if name not in replaced}
    return pages.prune({**kept, **cleaned})


@lab_team_required
@require_http_methods(["GET", "POST"])
def preview(request, slug, survey_slug):
    """What the preview is; its button starts it afresh."""
    survey = get_survey_for_team(request, survey_slug)
    if request.method == "POST":
        request.session[_preview_key(survey)] = {}
        return _preview_next(survey, _preview_pages(survey), {})
    definition = survey.working_definition()
    return render(
        request,
        "surveys/team/preview.jinja",
        _context(
            survey,
            section_count=len(definition.sections),
            question_count=sum(1 for _question in definition.questions()),
            start_url=_start_page_url(survey),
        ),
    )


@lab_team_required
@require_http_methods(["GET", "POST"])
def preview_section(request, slug, survey_slug, number):
    survey = get_survey_for_team(request, survey_slug)
    pages = _preview_pages(survey)
    section = pages.section(number)
    if section is None:
        raise Http404("There is no such page in this survey.")
    answers = request.session.get(_preview_key(survey), {})
    if not pages.is_shown(section, answers):
        return _preview_next(survey, pages, answers, after=number)
    form = PageForm(pages, section, answers, _posted(request))
    if request.method == "POST" and form.is_valid():
        answers = answers_after_page(pages, answers, number, form.cleaned)
        request.session[_preview_key(survey)] = answers
        return _preview_next(survey, pages, answers, after=number)
    previous = pages.previous_number(number, answers)
    return render(
        request,
        "surveys/team/preview_section.jinja",
        _context(
            survey,
            form=form,
            section=section,
            section_title=pages.section_title(section),
            number=number,
            section_count=len(pages.sections),
            instrument=pages.instrument(section),
            widgets=form.widgets(),
            with_other_conditional=with_other_conditional,
            back_url=reverse("surveys:preview_section", args=[slug, survey_slug, previous])
            if previous
            else reverse("surveys:preview", args=[slug, survey_slug]),
            returning_to_check=False,
            has_hidden_by_condition=any(field_.question.relevant for field_ in form.fields),
            show_crisis=safety_findings(pages, answers, survey.lab.risk_phrase_list()).show_crisis,
        ),
    )


def _shown_value(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return display_number(value)


@lab_team_required
def preview_end(request, slug, survey_slug):
    """The end of the preview: the answers the survey would keep, calculations included."""
    survey = get_survey_for_team(request, survey_slug)
    pages = _preview_pages(survey)
    answers = pages.prune(request.session.get(_preview_key(survey), {}))
    last = pages.previous_number(len(pages.sections) + 1, answers)
    rows = [{"key": {"text": name}, "value": {"text": _shown_value(value)}} for name, value in answers.items()]
    return render(
        request,
        "surveys/team/preview_end.jinja",
        _context(
            survey,
            rows=rows,
            back_url=reverse("surveys:preview_section", args=[slug, survey_slug, last])
            if last
            else reverse("surveys:preview", args=[slug, survey_slug]),
        ),
    )
