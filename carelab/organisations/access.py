"""Gatekeepers for organisations: the only way views reach one."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from carelab.organisations.models import Organisation


def get_organisation_for_team(request: HttpRequest, pk: int) -> Organisation:
    """An organisation of the lab in `request.lab`, which `lab_team_required` has already checked."""
    organisation = get_object_or_404(Organisation.objects.for_lab(request.lab), pk=pk)
    organisation.lab = request.lab
    return organisation
