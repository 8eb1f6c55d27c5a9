from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from carelab.core.pagination import pagination
from carelab.labs.access import get_lab, is_lab_team, lab_team_required
from carelab.lib.organisations_csv import (
    DESCRIPTION_MAX_LENGTH,
    MAX_ROWS,
    NAME_MAX_LENGTH,
    read_organisations,
    template_csv,
)
from carelab.lib.regions import REGIONS
from carelab.organisations.access import get_organisation_for_team, get_public_organisation
from carelab.organisations.actions import import_organisations
from carelab.organisations.forms import DirectoryFilterForm, ImportForm, OrganisationForm
from carelab.organisations.models import Organisation
from carelab.organisations.presenters import OrganisationCard
from carelab.participants.access import cards_in_lab, directory_audience

ORGANISATIONS_PER_PAGE = 20
PARTICIPANTS_PER_PAGE = 20
TEAM_ORGANISATIONS_PER_PAGE = 50


def _posted(request):
    """The posted data, even when empty (so an empty form shows its errors); None for a GET."""
    return request.POST if request.method == "POST" else None


@login_not_required
@require_safe
def directory(request, slug):
    lab = get_lab(slug)
    form = DirectoryFilterForm(request.GET or None)
    organisations = form.filter(lab.organisations.public()).alphabetical()
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/directory.jinja",
        {
            "lab": lab,
            "form": form,
            "page": page,
            "cards": [OrganisationCard(organisation) for organisation in page],
            "page_links": pagination(page, request.path, request.GET),
            "is_team": is_lab_team(request.user, lab),
        },
    )


@login_not_required
@require_safe
def detail(request, slug, pk):
    """One organisation, with the lab participants from it whose cards this person may see."""
    lab = get_lab(slug)
    organisation = get_public_organisation(lab, pk)
    audience = directory_audience(request.user, lab)
    cards = cards_in_lab(lab).shown_to(audience).from_organisation(organisation).order_by("display_name", "pk")
    page = Paginator(cards, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/detail.jinja",
        {
            "lab": lab,
            "organisation": organisation,
            # Not "card": the layout imports the NHS.UK card macro under that name.
            "shown": OrganisationCard(organisation),
            "audience": audience,
            "page": page,
            "participants": list(page),
            "page_links": pagination(page, request.path, request.GET),
        },
    )


@lab_team_required
@require_safe
def team_list(request, slug):
    organisations = request.lab.organisations.alphabetical()
    page = Paginator(organisations, TEAM_ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/team_list.jinja",
        {
            "lab": request.lab,
            "page": page,
            "cards": [OrganisationCard(organisation) for organisation in page],
            "page_links": pagination(page, request.path, request.GET),
        },
    )


@lab_team_required
@require_http_methods(["GET", "POST"])
def organisation_create(request, slug):
    form = OrganisationForm(_posted(request), lab=request.lab)
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        messages.success(request, f"{organisation.name} added to the directory.")
        return redirect("organisations:team_list", slug)
    return _form_page(request, form, "Add an organisation")


@lab_team_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, slug, pk):
    organisation = get_organisation_for_team(request, pk)
    form = OrganisationForm(_posted(request), instance=organisation, lab=request.lab)
    if request.method == "POST" and form.is_valid():
        organisation = form.save(commit=False)
        organisation.save(update_fields=[*form.Meta.fields, "updated_at"])
        messages.success(request, f"{organisation.name} saved.")
        return redirect("organisations:team_list", slug)
    return _form_page(request, form, "Edit organisation")


def _form_page(request, form: OrganisationForm, heading: str):
    return render(request, "organisations/form.jinja", {"lab": request.lab, "form": form, "heading": heading})


@lab_team_required
@require_http_methods(["GET", "POST"])
def organisation_delete(request, slug, pk):
    organisation = get_organisation_for_team(request, pk)
    if request.method == "POST":
        organisation.delete()
        messages.success(request, f"{organisation.name} deleted from the directory.")
        return redirect("organisations:team_list", slug)
    return render(request, "organisations/confirm_delete.jinja", {"lab": request.lab, "organisation": organisation})


@lab_team_required
@require_http_methods(["GET", "POST"])
def import_csv(request, slug):
    lab = request.lab
    form = ImportForm(_posted(request), request.FILES if request.method == "POST" else None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        existing_names = lab.organisations.values_list("name", flat=True)
        checked = read_organisations(
            form.cleaned_data["file"].read(), kinds=Organisation.Kind.choices, existing_names=existing_names
        )
        if checked.ok:
            counts = import_organisations(lab, checked.rows)
            messages.success(request, _imported_message(counts.added, counts.updated))
            return redirect("organisations:team_list", slug)
        problems = [str(problem) for problem in checked.problems]
        count = "1 problem" if len(problems) == 1 else f"{len(problems):,} problems"
        form.add_error(
            "file", f"The file has {count}, listed above. Nothing was imported. Correct the file and try again"
        )
    summary = [{"text": problem, "href": f"#{form['file'].auto_id}"} for problem in problems]
    return render(
        request,
        "organisations/import.jinja",
        {
            "lab": lab,
            "form": form,
            "problems": summary,
            "kinds": Organisation.Kind.choices,
            "regions": REGIONS,
            "limits": {"name": NAME_MAX_LENGTH, "description": DESCRIPTION_MAX_LENGTH, "rows": f"{MAX_ROWS:,}"},
        },
    )


def _imported_message(added: int, updated: int) -> str:
    def organisations(number: int) -> str:
        return f"{number:,} organisation" if number == 1 else f"{number:,} organisations"

    return f"Import finished: {organisations(added)} added and {organisations(updated)} updated."


@lab_team_required
@require_safe
def import_template(request, slug):
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="organisations-template.csv"'
    return response
