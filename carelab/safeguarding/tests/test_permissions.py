"""Every safeguarding page and action walked with the whole cast: only this lab's team (and site admins)."""

import pytest

from carelab.conftest import CAST_ROLES
from carelab.safeguarding.models import FlagEvent, SafeguardingFlag, SafeguardingGuidance
from carelab.safeguarding.tests.factories import SafeguardingFlagFactory

SIGN_IN = "/accounts/login/"
TEAM_ONLY = {"anonymous": 302, "member": 403, "participant": 403, "team": 200, "other_team": 403, "admin": 200}
PERMITTED = {"team", "admin"}


@pytest.fixture
def flag(cast):
    return SafeguardingFlagFactory(lab=cast.lab)


PAGES = ["", "guidance/", "{pk}/"]


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize("page", PAGES, ids=["queue", "guidance", "detail"])
def test_each_safeguarding_page_answers_each_person_as_expected(cast, flag, client_for, role, page):
    response = client_for(cast.person(role)).get(f"/labs/the-lab/safeguarding/{page.format(pk=flag.pk)}")
    assert response.status_code == TEAM_ONLY[role]
    if role == "anonymous":
        assert response["Location"].startswith(SIGN_IN)


def closed(flag):
    SafeguardingFlag.objects.filter(pk=flag.pk).update(status=SafeguardingFlag.Status.CLOSED)
    return flag


# (action, how to set the flag up, form data, the event a permitted person adds)
ACTIONS = [
    ("start-review", lambda flag: flag, {}, "review_started"),
    ("notes", lambda flag: flag, {"note-text": "A note"}, "note_added"),
    ("close", lambda flag: flag, {"close-outcome": "No action"}, "closed"),
    ("reopen", closed, {"reopen-reason": "More to check"}, "reopened"),
]


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize(("action", "setup", "data", "event"), ACTIONS, ids=[action[0] for action in ACTIONS])
def test_only_the_lab_team_can_act_on_a_flag(cast, flag, client_for, role, action, setup, data, event):
    setup(flag)
    response = client_for(cast.person(role)).post(f"/labs/the-lab/safeguarding/{flag.pk}/{action}/", data)
    made = FlagEvent.objects.filter(flag=flag, action=event)
    if role in PERMITTED:
        assert response.status_code == 302
        assert made.get().actor == cast.person(role)
    else:
        assert response.status_code == {"anonymous": 302}.get(role, 403)
        assert not made.exists()
        if role == "anonymous":
            assert response["Location"].startswith(SIGN_IN)


@pytest.mark.parametrize("action", [action[0] for action in ACTIONS])
def test_actions_refuse_a_get(cast, flag, client_for, action):
    assert client_for(cast.team).get(f"/labs/the-lab/safeguarding/{flag.pk}/{action}/").status_code == 405


@pytest.mark.parametrize("role", CAST_ROLES)
def test_only_the_lab_team_can_write_the_guidance(cast, client_for, role):
    response = client_for(cast.person(role)).post("/labs/the-lab/safeguarding/guidance/", {"body": "Our plan"})
    saved = SafeguardingGuidance.objects.filter(lab=cast.lab, body="Our plan").exists()
    assert saved == (role in PERMITTED)
    assert response.status_code == (302 if role in PERMITTED or role == "anonymous" else 403)


def test_the_team_of_another_lab_cannot_reach_this_labs_flags_through_their_own_lab(cast, client_for, flag):
    client = client_for(cast.other_team)
    assert client.get(f"/labs/other-lab/safeguarding/{flag.pk}/").status_code == 404
    assert client.post(f"/labs/other-lab/safeguarding/{flag.pk}/close/", {"close-outcome": "x"}).status_code == 404
    assert SafeguardingFlag.objects.get(pk=flag.pk).status == "new"


def test_actions_need_the_csrf_token(cast, flag, client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.team)
    assert strict.post(f"/labs/the-lab/safeguarding/{flag.pk}/close/", {"close-outcome": "x"}).status_code == 403
    assert SafeguardingFlag.objects.get(pk=flag.pk).status == "new"
