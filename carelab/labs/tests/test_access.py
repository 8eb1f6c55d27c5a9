"""The one rule for participants and the team, and the one parametrised gatekeeper."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from carelab.conftest import CAST_ROLES
from carelab.labs.access import is_participant_or_team, lab_role_required
from carelab.labs.models import Role

PARTICIPANT_OR_TEAM = {"anonymous": False, "member": False, "participant": True, "team": True, "other_team": False}


@pytest.mark.parametrize("role", CAST_ROLES)
def test_the_participants_and_team_of_a_lab_and_site_admins_pass_the_one_rule(cast, role):
    assert is_participant_or_team(cast.person(role), cast.lab) == PARTICIPANT_OR_TEAM.get(role, True)


def view(request, slug):
    return HttpResponse(request.lab.title)


def call(view_function, user):
    request = RequestFactory().get("/")
    request.user = user
    return view_function(request, "the-lab")


@pytest.mark.parametrize("role", CAST_ROLES)
def test_the_gatekeeper_lets_in_only_the_roles_it_names_and_marks_its_pages_private(cast, role):
    guarded = lab_role_required(Role.PARTICIPANT, Role.TEAM, refusal="Participants only.")(view)
    if PARTICIPANT_OR_TEAM.get(role, True):
        response = call(guarded, cast.person(role))
        assert response.content == b"The lab"
        assert "no-store" in response["Cache-Control"]
    else:
        with pytest.raises(PermissionDenied, match="Participants only."):
            call(guarded, cast.person(role))


def test_the_gatekeeper_can_answer_a_refusal_with_a_page_of_its_own_and_leave_caching_alone(cast):
    def refused(request, lab):
        return HttpResponse(f"Not for you, {lab.slug}", status=403)

    guarded = lab_role_required(Role.PARTICIPANT, Role.TEAM, refused=refused, private=False)(view)
    response = call(guarded, cast.member)
    assert (response.status_code, response.content) == (403, b"Not for you, the-lab")
    assert not call(guarded, cast.participant).has_header("Cache-Control")


def test_a_gatekeeper_for_roles_without_a_rule_is_refused_when_the_code_is_loaded():
    with pytest.raises(ValueError, match="No gatekeeper rule"):
        lab_role_required(Role.MEMBER)
