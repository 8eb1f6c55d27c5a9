"""Test teams and their measures: the teams' pages for the lab's participants and team, and the
forms with which a team's members and the lab team keep its measures.

Gatekeepers: `readers_required` (the lab's participants and team) on every page; then
`get_team_to_change` for what only the team's members and the lab team may do, and
`lab_team_required` for creating teams and choosing their members.
"""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carelab.improvement import actions, queries, queries_cycles, queries_learning, queries_space
from carelab.improvement.access import (
    get_measure,
    get_member,
    get_point,
    get_team,
    get_team_to_change,
    is_member,
    may_change,
    readers_required,
)
from carelab.improvement.charts import chart_of, value_text
from carelab.improvement.forms import DataPointForm, MeasureForm, MemberForm, TestTeamForm, UploadForm
from carelab.improvement.models import Measure, TestTeam
from carelab.labs.access import is_lab_team, lab_team_required
from carelab.lib.measures_csv import MAX_FILE_BYTES, read_measure_csv
from carelab.lib.spc_png import spc_chart_png
from carelab.lib.spc_svg import spc_chart_svg
from carelab.lib.spreadsheet_cells import csv_text, neutralise


def _posted(request):
    return request.POST if request.method == "POST" else None


# -- Teams ------------------------------------------------------------------------------------------


@require_safe
@readers_required
def team_list(request, slug):
    lab = request.lab
    return render(
        request,
        "improvement/team_list.jinja",
        {"lab": lab, "teams": list(queries.teams_of(lab)), "is_team": is_lab_team(request.user, lab)},
    )


@require_http_methods(["GET", "POST"])
@lab_team_required
def team_new(request, slug):
    return _team_form(request, TestTeam(lab=request.lab, created_by=request.user), "Set up a test team")


@require_http_methods(["GET", "POST"])
@readers_required
def team_edit(request, slug, pk):
    team = get_team_to_change(request, pk)
    return _team_form(request, team, f"Change {team.name}")


def _team_form(request, team: TestTeam, heading: str):
    form = TestTeamForm(_posted(request), instance=team, lab=request.lab)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
        messages.success(request, f"Saved the test team {saved.name}.")
        return redirect(saved.get_absolute_url())
    return render(
        request, "improvement/team_form.jinja", {"lab": request.lab, "form": form, "heading": heading, "team": team}
    )


@require_safe
@readers_required
def team(request, slug, pk):
    found = get_team(request.lab, pk)
    measures = queries.measures_with_points(found)
    charts = [chart_of(measure, list(measure.points.all())) for measure in measures]
    changeable = may_change(request.user, found)
    return render(
        request,
        "improvement/team.jinja",
        {
            "lab": request.lab,
            "team": found,
            "members": list(queries.members_of(found)),
            "organisations": list(found.organisations.all()),
            "ideas": list(found.ideas.published().order_by("title", "pk")),
            "charts": charts,
            "cycles": queries_cycles.newest_cycles(found),
            "may_change": changeable,
            "is_team": is_lab_team(request.user, request.lab),
            "is_member": is_member(request.user, found),
            # The private space only for its members and the lab team (decision 0041).
            "space": queries_space.space_summary(found) if changeable else None,
            "learning": queries_learning.learning_of(found),
        },
    )


@require_http_methods(["GET", "POST"])
@lab_team_required
def members(request, slug, pk):
    found = get_team(request.lab, pk)
    form = MemberForm(_posted(request), people=queries.people_to_add(found))
    if request.method == "POST" and form.is_valid():
        member = actions.add_member(found, form.cleaned_data["person"], form.cleaned_data["role"])
        messages.success(request, f"Added {member.user.display_name or member.user.email} to {found.name}.")
        return redirect("improvement:members", slug, found.pk)
    return render(
        request,
        "improvement/members.jinja",
        {"lab": request.lab, "team": found, "form": form, "members": list(queries.members_of(found))},
    )


@lab_team_required
@require_POST
def member_remove(request, slug, pk, member_pk):
    found = get_team(request.lab, pk)
    member = get_member(found, member_pk)
    actions.remove_member(member)
    messages.success(request, f"Removed {member.user.display_name or member.user.email} from {found.name}.")
    return redirect("improvement:members", slug, found.pk)


# -- Measures ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@readers_required
def measure_new(request, slug, pk):
    found = get_team_to_change(request, pk)
    measure = Measure(team=found, position=actions.next_measure_position(found))
    return _measure_form(request, found, measure, "Add a measure")


@require_http_methods(["GET", "POST"])
@readers_required
def measure_edit(request, slug, pk, measure_pk):
    found = get_team_to_change(request, pk)
    return _measure_form(request, found, get_measure(found, measure_pk), "Change the measure")


def _measure_form(request, team: TestTeam, measure: Measure, heading: str):
    form = MeasureForm(_posted(request), instance=measure, team=team)
    if request.method == "POST":
        if form.is_valid():
            saved = form.save()
            messages.success(request, f"Saved the measure {saved.name}.")
            return redirect(saved.get_absolute_url())
        actions.flag_refused_words(team, form.words, request.user)
    context = {"lab": request.lab, "team": team, "form": form, "heading": heading, "measure": measure}
    return render(request, "improvement/measure_form.jinja", context)


@require_http_methods(["GET", "POST"])
@readers_required
def measure_delete(request, slug, pk, measure_pk):
    found = get_team_to_change(request, pk)
    measure = get_measure(found, measure_pk)
    if request.method == "POST":
        measure.delete()
        messages.success(request, f"Deleted the measure {measure.name} and its data.")
        return redirect(found.get_absolute_url())
    return render(request, "improvement/measure_delete.jinja", {"lab": request.lab, "team": found, "measure": measure})


@require_http_methods(["GET", "POST"])
@readers_required
def measure(request, slug, pk, measure_pk):
    """The chart, its summary and icons, the data table; for the team's members and the lab team, the
    form to add a point (a POST here, so the page works without JavaScript)."""
    found = get_team(request.lab, pk)
    shown = get_measure(found, measure_pk)
    changeable = may_change(request.user, found)
    form = DataPointForm(measure=shown) if changeable else None
    if request.method == "POST":
        found = get_team_to_change(request, pk)
        form = DataPointForm(request.POST, measure=shown)
        if form.is_valid():
            point = form.save(commit=False)
            point.entered_by = request.user
            point.save()
            messages.success(request, f"Added {value_text(point.value, shown)} for {point.date:%-d %B %Y}.")
            return redirect(shown.get_absolute_url() + "#data")
        actions.flag_refused_words(found, form.words, request.user)
    chart = chart_of(shown, queries.points_of(shown), queries_cycles.cycles_marked_on(shown))
    return render(
        request,
        "improvement/measure.jinja",
        {
            "lab": request.lab,
            "team": found,
            "measure": shown,
            "chart": chart,
            "svg": _svg(shown, chart),
            "form": form,
            "may_change": changeable,
            "value_text": value_text,
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@readers_required
def point_edit(request, slug, pk, measure_pk, point_pk):
    found = get_team_to_change(request, pk)
    shown = get_measure(found, measure_pk)
    point = get_point(shown, point_pk)
    form = DataPointForm(_posted(request), instance=point, measure=shown)
    if request.method == "POST":
        if "delete" in request.POST:
            point.delete()
            messages.success(request, f"Deleted the value for {point.date:%-d %B %Y}.")
            return redirect(shown.get_absolute_url() + "#data")
        if form.is_valid():
            saved = form.save(commit=False)
            saved.entered_by = request.user
            saved.save()
            messages.success(request, f"Saved the value for {saved.date:%-d %B %Y}.")
            return redirect(shown.get_absolute_url() + "#data")
        actions.flag_refused_words(found, form.words, request.user)
    return render(
        request,
        "improvement/point_form.jinja",
        {"lab": request.lab, "team": found, "measure": shown, "point": point, "form": form},
    )


@require_http_methods(["GET", "POST"])
@readers_required
def upload(request, slug, pk, measure_pk):
    found = get_team_to_change(request, pk)
    shown = get_measure(found, measure_pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        if upload_file.size > MAX_FILE_BYTES:
            problems = ["The file is bigger than 2 MB. A measure needs far less: check the file"]
        else:
            result = read_measure_csv(
                upload_file.read(), needs_denominator=shown.needs_denominator, proportion=shown.is_proportion
            )
            problems = [str(problem) for problem in result.problems]
            if not problems:
                added, replaced = actions.import_points(shown, list(result.rows), request.user)
                messages.success(
                    request, f"Uploaded {added} new {'value' if added == 1 else 'values'} and replaced {replaced}."
                )
                return redirect(shown.get_absolute_url() + "#data")
    return render(
        request,
        "improvement/upload.jinja",
        {"lab": request.lab, "team": found, "measure": shown, "form": form, "problems": problems},
        status=400 if problems else 200,
    )


# -- Downloads --------------------------------------------------------------------------------------


def _svg(shown: Measure, chart) -> str:
    return spc_chart_svg(
        f"measure-{shown.pk}",
        shown.name,
        chart.description,
        chart.points,
        unit=shown.unit,
        target=shown.target,
        cycles=chart.drawn_cycles,
        annotations=chart.annotations,
    )


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@readers_required
def chart_svg(request, slug, pk, measure_pk):
    shown = get_measure(get_team(request.lab, pk), measure_pk)
    svg = _svg(shown, chart_of(shown, queries.points_of(shown), queries_cycles.cycles_marked_on(shown)))
    return _download('<?xml version="1.0" encoding="UTF-8"?>\n' + svg, "image/svg+xml", f"measure-{shown.pk}.svg")


@require_safe
@readers_required
def chart_png(request, slug, pk, measure_pk):
    shown = get_measure(get_team(request.lab, pk), measure_pk)
    chart = chart_of(shown, queries.points_of(shown), queries_cycles.cycles_marked_on(shown))
    png = spc_chart_png(
        shown.name,
        chart.points,
        unit=shown.unit,
        target=shown.target,
        cycles=chart.drawn_cycles,
        annotations=chart.annotations,
    )
    return _download(png, "image/png", f"measure-{shown.pk}.png")


@require_safe
@readers_required
def data_csv(request, slug, pk, measure_pk):
    shown = get_measure(get_team(request.lab, pk), measure_pk)
    chart = chart_of(shown, queries.points_of(shown), queries_cycles.cycles_marked_on(shown))
    header = [
        "date",
        "value",
        *(["denominator"] if shown.needs_denominator else []),
        "centre",
        "lower",
        "upper",
        "signal",
        "note",
        "pdsa_cycles_started",
    ]
    rows = [header]
    for row in chart.rows:
        shown_point = row.shown
        rows.append(
            [
                row.point.date.isoformat(),
                f"{row.point.value:g}",
                *([f"{row.point.denominator:g}"] if shown.needs_denominator else []),
                *("" if v is None else f"{v:.6g}" for v in (shown_point.centre, shown_point.lower, shown_point.upper)),
                shown_point.signal or "",
                neutralise(row.point.note),
                # The cycles that started since the previous point, up to this one (decision 0040).
                neutralise("; ".join(mark.detail for mark in row.cycles)),
            ]
        )
    return _download(csv_text(rows), "text/csv; charset=utf-8", f"measure-{shown.pk}.csv")
