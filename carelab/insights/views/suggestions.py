"""Theme suggestions: ask for them, watch the run, and accept, rename, merge or ignore each theme.

The lab team's pages (themes become codes in the codebook). The run's page refreshes itself while
the background task works, with the HTTP Refresh header, so it needs no JavaScript; a link stops it.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carelab.insights import suggestions
from carelab.insights.access import coding_required
from carelab.insights.forms_suggestions import ThemeActionForm, ThemeRunForm
from carelab.insights.models import SuggestionRun
from carelab.insights.views.coding import _context, team_only

RECENT_RUNS = 20
REFRESH_SECONDS = 3


def _get_run(lab, pk) -> SuggestionRun:
    return get_object_or_404(lab.suggestion_runs.filter(kind=SuggestionRun.Kind.THEMES), pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
@coding_required
@team_only
def index(request, slug):
    lab = request.lab
    form = ThemeRunForm(request.POST if request.method == "POST" else None, lab=lab)
    if form.is_valid():
        data = form.cleaned_data
        try:
            run = suggestions.start_theme_run(
                lab, sources=data["sources"], by=request.user, n_themes=data["n_themes"], scope=data["scope"]
            )
        except suggestions.SuggestionError as error:
            form.add_error(None, str(error))
        else:
            return redirect("insights:suggestion_run", lab.slug, run.pk)
    runs = lab.suggestion_runs.filter(kind=SuggestionRun.Kind.THEMES).select_related("requested_by")[:RECENT_RUNS]
    return render(request, "insights/suggestions/index.jinja", _context(request, form=form, runs=runs))


def _run_page(request, run, *, bound=None, bound_index=None, status=200):
    themes = suggestions.shown_themes(run)
    open_themes = [(theme.index, theme.label) for theme in themes if theme.state == suggestions.ThemeState.OPEN]
    forms = {
        theme.index: bound
        if theme.index == bound_index
        else ThemeActionForm(
            initial={"name": theme.label, "code_texts": True},
            others=[pair for pair in open_themes if pair[0] != theme.index],
            prefix=f"t{theme.index}",
        )
        for theme in themes
    }
    running = run.status in {SuggestionRun.Status.WAITING, SuggestionRun.Status.RUNNING}
    refresh = running and request.GET.get("refresh") != "off"
    response = render(
        request,
        "insights/suggestions/run.jinja",
        _context(
            request,
            run=run,
            themes=themes,
            forms=forms,
            running=running,
            refresh=refresh,
            refresh_seconds=REFRESH_SECONDS,
            percent=suggestions.percent_done(run),
            unthemed=len(run.result.get("unthemed", [])),
            ThemeState=suggestions.ThemeState,
        ),
        status=status,
    )
    if refresh:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@require_safe
@coding_required
@team_only
def run(request, slug, pk):
    return _run_page(request, _get_run(request.lab, pk))


@coding_required
@require_POST
@team_only
def theme(request, slug, pk, index):
    lab = request.lab
    the_run = _get_run(lab, pk)
    shown = {theme.index: theme for theme in suggestions.shown_themes(the_run)}
    if index not in shown:
        messages.error(request, "That theme is not in these suggestions.")
        return redirect("insights:suggestion_run", lab.slug, the_run.pk)
    others = [(i, t.label) for i, t in shown.items() if i != index and t.state == suggestions.ThemeState.OPEN]
    form = ThemeActionForm(request.POST, others=others, prefix=f"t{index}")
    back = reverse("insights:suggestion_run", args=[lab.slug, the_run.pk]) + f"#theme-{index}"
    if not form.is_valid():
        return _run_page(request, the_run, bound=form, bound_index=index, status=400)
    data = form.cleaned_data
    try:
        if data["action"] == "accept":
            code, coded = suggestions.accept_theme(
                the_run, index, name=data["name"], code_texts=data["code_texts"], by=request.user
            )
            coded_note = f", and {coded} {'text' if coded == 1 else 'texts'} coded with it" if coded else ""
            messages.success(request, f"Code “{code.name}” is in the codebook{coded_note}.")
        elif data["action"] == "rename":
            suggestions.rename_theme(the_run, index, data["name"])
            messages.success(request, f"Theme renamed “{data['name']}”.")
        elif data["action"] == "merge":
            suggestions.merge_theme(the_run, index, data["into"])
            messages.success(request, f"“{shown[index].label}” merged into “{shown[data['into']].label}”.")
        else:
            suggestions.ignore_theme(the_run, index)
            messages.success(request, f"“{shown[index].label}” ignored.")
    except suggestions.SuggestionError as error:
        form.add_error(None, str(error))
        return _run_page(request, the_run, bound=form, bound_index=index, status=400)
    return redirect(back)
