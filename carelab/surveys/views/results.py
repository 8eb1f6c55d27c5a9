"""Results for the lab team: the dashboard, the free-text reader and the exports."""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe
from markupsafe import Markup

from carelab.core.forms import reasonable_year
from carelab.labs.access import lab_team_required
from carelab.lib.spreadsheet_cells import csv_text
from carelab.lib.svg_charts import bar_chart, line_chart
from carelab.lib.text_checks import find_personal_data_spans
from carelab.surveys import exports
from carelab.surveys.access import get_survey_for_team
from carelab.surveys.actions.exporting import record_export
from carelab.surveys.answer_rows import ItemKind, ResultItem, survey_result_items
from carelab.surveys.models import ExportAudit
from carelab.surveys.presenters import marked_answer, redacted_answer
from carelab.surveys.results import ResultFilters, dashboard, text_answers
from carelab.surveys.summary import shared_summary, summary_csv_rows

TEXT_ANSWERS_PER_PAGE = 50


class ResultFiltersForm(forms.Form):
    submitted_from = forms.DateField(
        required=False,
        label="Submitted on or after",
        widget=forms.DateInput(),
        help_text="For example, 2026-09-01",
        validators=[reasonable_year],
    )
    submitted_to = forms.DateField(
        required=False,
        label="Submitted on or before",
        widget=forms.DateInput(),
        help_text="For example, 2026-09-30",
        validators=[reasonable_year],
    )
    where = forms.ChoiceField(required=False, label="Only people who answered")
    by = forms.ChoiceField(required=False, label="Compare answers by")

    def __init__(self, data, items: list[ResultItem], *, with_by: bool = True):
        super().__init__(data)
        choice_items = [item for item in items if item.is_choice]
        self.fields["where"].choices = [("", "Everyone who submitted")] + [
            (f"{item.name}={value}", f"{_short(item)}: {label}")
            for item in choice_items
            for value, label in item.choices
        ]
        if with_by:
            self.fields["by"].choices = [("", "Do not compare")] + [(item.name, _short(item)) for item in choice_items]
        else:
            del self.fields["by"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("submitted_from"), cleaned.get("submitted_to")
        if start and end and end < start:
            self.add_error("submitted_to", "The end date must be the same as or after the start date")
        return cleaned

    def filters(self) -> ResultFilters:
        if not self.is_valid():
            return ResultFilters()
        question, _, value = (self.cleaned_data.get("where") or "").partition("=")
        return ResultFilters(
            submitted_from=self.cleaned_data.get("submitted_from"),
            submitted_to=self.cleaned_data.get("submitted_to"),
            question=question,
            value=value,
        )


def _short(item: ResultItem, limit: int = 70) -> str:
    label = f"{item.group_label}: {item.label}" if item.group_label and item.question_kind == "grid" else item.label
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _survey_items(request, survey_slug):
    survey = get_survey_for_team(request, survey_slug)
    if survey.current_version is None:
        raise Http404("This survey has no questions yet.")
    return survey, survey.current_version.parsed(), survey_result_items(survey)


def _filter_params(request):
    """The filters alone, without what chooses a page, a search or an export's options."""
    query = request.GET.copy()
    for key in ("by", "page", "q", "contact", "redact", "hide"):
        query.pop(key, None)
    return query


def _filter_query(request) -> str:
    """The filters as a query string, for export links that keep them."""
    return _filter_params(request).urlencode()


def _charts(board) -> dict[str, Markup]:
    charts = {}
    for result in board.items:
        if result.rows:
            suffix = "" if result.item.kind == ItemKind.SCALE else "%"
            bars = (
                [(row.label, row.percent or 0) for row in result.rows]
                if suffix
                else [(row.label, row.count) for row in result.rows]
            )
            charts[result.item.name] = Markup(  # noqa: S704 - svg_charts escapes every text it draws
                bar_chart(f"chart-{result.item.name}", result.item.label, bars, value_suffix=suffix)
            )
    if board.over_time:
        points = [(period.label, period.count) for period in board.over_time]
        draw = line_chart if len(points) > 1 else bar_chart
        charts["over_time"] = Markup(  # noqa: S704
            draw("chart-over-time", f"Responses submitted per {board.period}", points)
        )
    sections = [(section.title, section.reached) for section in board.completion.sections]
    if sections:
        charts["completion"] = Markup(  # noqa: S704
            bar_chart("chart-completion", "People who reached each section", sections)
        )
    return charts


@require_safe
@lab_team_required
def results(request, slug, survey_slug):
    survey, definition, items = _survey_items(request, survey_slug)
    form = ResultFiltersForm(request.GET or None, items)
    filters = form.filters() if form.is_bound else ResultFilters()
    by = form.cleaned_data.get("by", "") if form.is_bound and form.is_valid() else ""
    board = dashboard(survey, definition, items, filters, by=by)
    sections = _by_section(board.items)
    return render(
        request,
        "surveys/results/dashboard.jinja",
        {
            "lab": request.lab,
            "survey": survey,
            "form": form,
            "filters": filters,
            "board": board,
            "charts": _charts(board),
            "sections": sections,
            "contents": _contents(board, sections),
            "filter_query": _filter_query(request),
            "filter_fields": list(_filter_params(request).items()),
        },
    )


def _contents(board, sections) -> list[dict]:
    """The dashboard's contents list (NHS.UK contents list items): each part, and each section of questions."""
    question_sections = [
        {"href": f"#results-section-{number}", "text": title}
        for number, (title, _) in enumerate(sections, start=1)
        if title
    ]
    contents = [
        {"href": "#download", "text": "Download the answers"},
        {"href": "#share", "text": "Share the results"},
        {"href": "#over-time", "text": "Responses over time"},
        {"href": "#completion", "text": "Completion and drop-off"},
        {"href": "#questions", "text": "Answers to each question", "items": question_sections},
    ]
    if any(result.item.kind == ItemKind.SCORE for result in board.items):
        contents.append({"href": "#scores", "text": "Instrument scores"})
    if board.by:
        contents.append({"href": "#compare", "text": f"Compared by: {board.by.label}"})
    return contents


def _by_section(item_results):
    sections: list[tuple[str, list]] = []
    for result in item_results:
        if result.item.kind == ItemKind.SCORE:
            continue
        if not sections or sections[-1][0] != result.item.section:
            sections.append((result.item.section, []))
        sections[-1][1].append(result)
    return sections


@require_safe
@lab_team_required
def free_text(request, slug, survey_slug, question):
    survey, definition, items = _survey_items(request, survey_slug)
    item = next((item for item in items if item.name == question and item.kind == ItemKind.TEXT), None)
    if item is None:
        raise Http404("No text question with that name.")
    form = ResultFiltersForm(request.GET or None, items, with_by=False)
    filters = form.filters() if form.is_bound else ResultFilters()
    search = request.GET.get("q", "").strip()[:200]
    quotable_only = request.GET.get("quotable") == "1"
    page = Paginator(
        text_answers(survey, question, filters, search, quotable_only=quotable_only), TEXT_ANSWERS_PER_PAGE
    ).get_page(request.GET.get("page"))
    # "Hide suspected personal data" is a link (a GET parameter), so it works without JavaScript.
    hide = request.GET.get("hide") == "1"
    answers = []
    for answer in page:
        spans = find_personal_data_spans(answer.text)
        answers.append(
            {
                "answer": answer,
                "personal_data": tuple(dict.fromkeys(span.kind for span in spans)),
                "html": redacted_answer(answer.text, spans) if hide else marked_answer(answer.text, spans),
                "may_quote": answer.response.has_consent("quote"),
            }
        )
    query = request.GET.copy()
    query.pop("page", None)
    toggle = query.copy()
    if hide:
        toggle.pop("hide", None)
    else:
        toggle["hide"] = "1"
    return render(
        request,
        "surveys/results/free_text.jinja",
        {
            "lab": request.lab,
            "survey": survey,
            "item": item,
            "form": form,
            "search": search,
            "quotable_only": quotable_only,
            "page": page,
            "answers": answers,
            "page_query": query.urlencode(),
            "hide": hide,
            "toggle_query": toggle.urlencode(),
        },
    )


# Query parameters that choose what an export holds, recorded in their own audit fields, not as filters.
_EXPORT_OPTIONS = ("contact", "redact")


def _export_request(request, survey_slug, export_format):
    """The survey, its items, the filters, whether contact details may come along and whether
    free text is redacted; audited."""
    survey, _, items = _survey_items(request, survey_slug)
    form = ResultFiltersForm(request.GET or None, items, with_by=False)
    filters = form.filters() if form.is_bound else ResultFilters()
    # lab_team_required has already let only the lab team in: contact details are a team-only export.
    with_contact = request.GET.get("contact") == "1" and export_format != ExportAudit.Format.CODEBOOK
    redact = request.GET.get("redact") == "1"
    record_export(
        survey,
        request.user,
        export_format,
        with_contact_details=with_contact,
        redacted_personal_data=redact,
        filters={key: value for key, value in request.GET.items() if key not in _EXPORT_OPTIONS},
    )
    return survey, items, filters, with_contact, redact


def _filename(survey, extension: str) -> str:
    return f"{survey.slug}-{timezone.localdate():%Y-%m-%d}.{extension}"


@require_safe
@lab_team_required
def export_csv(request, slug, survey_slug):
    survey, items, filters, with_contact, redact = _export_request(request, survey_slug, ExportAudit.Format.CSV)
    rows = exports.export_rows(survey, items, filters, with_contact, redact=redact)
    response = StreamingHttpResponse(exports.stream_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(survey, "csv")}"'
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@lab_team_required
def export_xlsx(request, slug, survey_slug):
    survey, items, filters, with_contact, redact = _export_request(request, survey_slug, ExportAudit.Format.XLSX)
    rows = exports.export_rows(survey, items, filters, with_contact, redact=redact, typed=True)
    response = StreamingHttpResponse(
        exports.stream_xlsx(rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(survey, "xlsx")}"'
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@lab_team_required
def codebook(request, slug, survey_slug):
    survey, _, items = _survey_items(request, survey_slug)
    with_contact = request.GET.get("contact") == "1"  # only adds the contact column's description
    record_export(survey, request.user, ExportAudit.Format.CODEBOOK)
    response = HttpResponse(
        csv_text(exports.codebook_rows(items, with_contact)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{survey.slug}-codebook.csv"'
    return response


class SummaryForm(forms.Form):
    by = forms.ChoiceField(required=False, label="Compare answers by")

    def __init__(self, data, items: list[ResultItem]):
        super().__init__(data)
        self.fields["by"].choices = [("", "Do not compare")] + [
            (item.name, _short(item)) for item in items if item.is_choice
        ]

    def chosen_by(self) -> str:
        return self.cleaned_data.get("by", "") if self.is_bound and self.is_valid() else ""


def _summary(request, survey_slug):
    survey, _, items = _survey_items(request, survey_slug)
    form = SummaryForm(request.GET or None, items)
    return survey, form, shared_summary(survey, items, request.lab.small_number_threshold, by=form.chosen_by())


@require_safe
@lab_team_required
def results_summary(request, slug, survey_slug):
    """The summary to share beyond the lab team: counts with small numbers hidden."""
    survey, form, summary = _summary(request, survey_slug)
    return render(
        request,
        "surveys/results/summary.jinja",
        {"lab": request.lab, "survey": survey, "form": form, "summary": summary, "by_query": request.GET.urlencode()},
    )


@require_safe
@lab_team_required
def results_summary_csv(request, slug, survey_slug):
    survey, _, summary = _summary(request, survey_slug)
    response = HttpResponse(csv_text(summary_csv_rows(summary)), content_type="text/csv; charset=utf-8")
    filename = f"{survey.slug}-summary-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
