"""Analysis pages for the lab team: agreement between two coders per code, and counts by respondent group."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from carelab.insights import queries_analysis as queries
from carelab.insights.access import coding_required
from carelab.insights.forms_analysis import CoderPairForm
from carelab.insights.views.coding import _context, team_only
from carelab.lib.agreement import KAPPA_UNDEFINED_EMPTY


@require_safe
@coding_required
@team_only
def agreement(request, slug):
    lab = request.lab
    people = queries.coders_with_codings(lab)
    chosen = "first" in request.GET or "second" in request.GET
    form = CoderPairForm(request.GET if chosen else None, people=people)
    table = None
    if form.is_valid():
        table = queries.agreement(lab, form.cleaned_data["first_user"], form.cleaned_data["second_user"])
    return render(
        request,
        "insights/analysis/agreement.jinja",
        _context(request, form=form, people=people, table=table, empty_note=KAPPA_UNDEFINED_EMPTY),
    )


@require_safe
@coding_required
@team_only
def groups(request, slug):
    return render(
        request, "insights/analysis/groups.jinja", _context(request, table=queries.counts_by_group(request.lab))
    )
