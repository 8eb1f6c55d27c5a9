"""The one rule for participants and the team, and the one parametrised gatekeeper."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from carelab.accounts.models import User
from carelab.conftest import CAST_ROLES
from carelab.labs.access import is_participant_or_team, is_team_anywhere, join_lab, lab_role_required, role_in_lab
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


# One query for the role in a lab and the "Lab team" navigation (issue 12)
TEAM_ANYWHERE = {"member": False, "participant": False, "team": True, "other_team": True, "admin": True}
ROLE_IN_THE_LAB = {"member": Role.MEMBER, "participant": Role.PARTICIPANT, "team": Role.TEAM}


@pytest.mark.parametrize("role", sorted(TEAM_ANYWHERE))
def test_the_role_in_a_lab_and_being_on_any_labs_team_take_one_query(cast, role, django_assert_num_queries):
    person = User.objects.get(pk=cast.person(role).pk)  # nothing remembered yet
    with django_assert_num_queries(1):
        assert role_in_lab(person, cast.lab) == ROLE_IN_THE_LAB.get(role)
        assert is_team_anywhere(person) is TEAM_ANYWHERE[role]


@pytest.mark.parametrize("role", sorted(TEAM_ANYWHERE))
def test_being_on_any_labs_team_asked_first_gives_the_same_answer(cast, role):
    assert is_team_anywhere(User.objects.get(pk=cast.person(role).pk)) is TEAM_ANYWHERE[role]


def test_joining_a_lab_is_seen_by_the_next_question_about_roles(cast):
    person = User.objects.get(pk=cast.other_team.pk)
    assert role_in_lab(person, cast.lab) is None
    join_lab(person, cast.lab)
    assert role_in_lab(person, cast.lab) == Role.MEMBER
    assert is_team_anywhere(person) is True  # still on the other lab's team
