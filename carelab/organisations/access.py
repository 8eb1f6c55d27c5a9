"""Gatekeepers for organisations: the only way views reach one."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from carelab.labs.models import Lab
from carelab.organisations.models import Organisation


def get_public_organisation(lab: Lab, pk: int) -> Organisation:
    """An organisation the lab's directory shows to everyone; a hidden one or another lab's is a 404."""
    organisation = get_object_or_404(Organisation.objects.for_lab(lab).public(), pk=pk)
    organisation.lab = lab
    return organisation


def get_organisation_for_team(request: HttpRequest, pk: int) -> Organisation:
    """An organisation of the lab in `request.lab`, which `lab_team_required` has already checked."""
    organisation = get_object_or_404(Organisation.objects.for_lab(request.lab), pk=pk)
    organisation.lab = request.lab
    return organisation
