"""The lab team's pages for the lab itself: its details, its phases and its moderation settings.

The lab's home page and the team dashboard gather from other apps, so they live in `carelab/home`.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from carelab.labs.access import get_phase_for_team, lab_team_required
from carelab.labs.forms import LabDetailsForm, ModerationSettingsForm, PhaseForm


@lab_team_required
@require_http_methods(["GET", "POST"])
def team_settings(request, slug):
    lab = request.lab
    form = ModerationSettingsForm(request.POST or None, instance=lab)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Moderation settings saved.")
        return redirect("labs:team_dashboard", slug=lab.slug)
    return render(request, "labs/team_settings.jinja", {"lab": lab, "form": form})


@lab_team_required
@require_http_methods(["GET", "POST"])
def team_details(request, slug):
    """The lab's name, question, text and dates, as its home page shows them."""
    lab = request.lab
    form = LabDetailsForm(request.POST or None, instance=lab)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The lab's details are saved.")
        return redirect("labs:details", slug=lab.slug)
    return render(request, "labs/team_details.jinja", {"lab": lab, "form": form, "phases": lab.phases.all()})


@lab_team_required
@require_http_methods(["GET", "POST"])
def phase_add(request, slug):
    lab = request.lab
    form = PhaseForm(request.POST or None, lab=lab)
    if request.method == "POST" and form.is_valid():
        phase = form.save()
        messages.success(request, f"Phase “{phase.name}” added.")
        return redirect("labs:details", slug=lab.slug)
    return render(request, "labs/phase_form.jinja", {"lab": lab, "form": form, "phase": None})


@lab_team_required
@require_http_methods(["GET", "POST"])
def phase_edit(request, slug, pk):
    lab = request.lab
    phase = get_phase_for_team(request, pk)
    form = PhaseForm(request.POST or None, instance=phase, lab=lab)
    if request.method == "POST" and form.is_valid():
        phase = form.save()
        messages.success(request, f"Phase “{phase.name}” saved.")
        return redirect("labs:details", slug=lab.slug)
    return render(request, "labs/phase_form.jinja", {"lab": lab, "form": form, "phase": phase})


@lab_team_required
@require_http_methods(["GET", "POST"])
def phase_delete(request, slug, pk):
    """Asks first; deletes on POST."""
    lab = request.lab
    phase = get_phase_for_team(request, pk)
    if request.method == "POST":
        name = phase.name
        phase.delete()
        messages.success(request, f"Phase “{name}” deleted.")
        return redirect("labs:details", slug=lab.slug)
    return render(request, "labs/phase_delete.jinja", {"lab": lab, "phase": phase})
