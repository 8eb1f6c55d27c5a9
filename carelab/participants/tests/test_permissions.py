"""Every participants action that changes something, tried by the whole cast. (The permission walk in
carelab/core/tests covers every page with a GET.)"""

import pytest

from carelab.conftest import CAST_ROLES
from carelab.participants.actions import check_card
from carelab.participants.models import Application, ConsentWithdrawal, LabTopic, MessageTemplate, ProfileCard
from carelab.participants.tests.factories import ApplicationFactory, LabTopicFactory, ProfileCardFactory

TEAM_MAY = {"anonymous": 302, "member": 403, "participant": 403, "team": 302, "other_team": 403, "admin": 302}


def _decide(objects):
    return f"/labs/the-lab/participants/team/applications/{objects['application'].pk}/accept/", {"message": "Welcome"}


def _decided(objects):
    return Application.objects.get(pk=objects["application"].pk).status == Application.Status.ACCEPTED


TEAM_ACTIONS = {
    "accept an application": (_decide, _decided),
    "add a topic": (
        lambda objects: ("/labs/the-lab/participants/team/topics/", {"name": "Housing"}),
        lambda objects: LabTopic.objects.filter(name="Housing").exists(),
    ),
    "rename a topic": (
        lambda objects: (f"/labs/the-lab/participants/team/topics/{objects['topic'].pk}/", {"name": "Renamed"}),
        lambda objects: LabTopic.objects.filter(name="Renamed").exists(),
    ),
    "remove a topic": (
        lambda objects: (f"/labs/the-lab/participants/team/topics/{objects['topic'].pk}/delete/", {}),
        lambda objects: not LabTopic.objects.filter(pk=objects["topic"].pk).exists(),
    ),
    "approve a held card": (
        lambda objects: (f"/labs/the-lab/participants/team/cards/{objects['held_card'].pk}/approve/", {}),
        lambda objects: ProfileCard.objects.get(pk=objects["held_card"].pk).review_status == "approved",
    ),
    "ask for a change to a held card": (
        lambda objects: (
            f"/labs/the-lab/participants/team/cards/{objects['held_card'].pk}/ask-for-change/",
            {"message": "Please take your number off."},
        ),
        lambda objects: ProfileCard.objects.get(pk=objects["held_card"].pk).review_status == "changes_asked",
    ),
    "save message templates": (
        lambda objects: (
            "/labs/the-lab/participants/team/messages/",
            {"accepted": "Hi {name}", "declined": "Sorry", "more_info": "Tell us more"},
        ),
        lambda objects: MessageTemplate.objects.exists(),
    ),
}


@pytest.fixture
def objects(cast):
    held_card = ProfileCardFactory(lab=cast.lab, visibility="public", ask_me_about="Ring me on 07700 900123")
    check_card(held_card)
    return {
        "application": ApplicationFactory(lab=cast.lab),
        "topic": LabTopicFactory(lab=cast.lab, name="Sleep"),
        "held_card": held_card,
    }


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize("action", list(TEAM_ACTIONS))
def test_only_the_lab_team_can_review_and_manage_topics_and_templates(cast, objects, client_for, role, action):
    request, changed = TEAM_ACTIONS[action]
    path, data = request(objects)
    response = client_for(cast.person(role)).post(path, data)
    assert response.status_code == TEAM_MAY[role]
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")
    assert changed(objects) == (role in ("team", "admin"))


@pytest.mark.parametrize("role", CAST_ROLES)
def test_only_the_cards_owner_can_change_it(cast, client_for, role):
    card = ProfileCardFactory(lab=cast.lab, user=cast.participant, visibility="team")
    response = client_for(cast.person(role)).post(
        "/labs/the-lab/participants/card/",
        {"display_name": "Changed", "role": "carer", "region": "east", "visibility": "public"},
    )
    expected = {"anonymous": 302, "participant": 302}.get(role, 403)
    assert response.status_code == expected
    card.refresh_from_db()
    assert (card.display_name == "Changed") == (role == "participant")
    assert ProfileCard.objects.count() == 1


@pytest.mark.parametrize("role", CAST_ROLES)
def test_nobody_can_send_a_draft_that_is_not_in_their_browser(cast, client_for, role):
    draft = ApplicationFactory(lab=cast.lab, applicant=None, status="draft", submitted_at=None)
    response = client_for(cast.person(role)).post("/labs/the-lab/participants/apply/check/")
    assert response.status_code == 302
    assert Application.objects.get(pk=draft.pk).status == Application.Status.DRAFT


@pytest.mark.parametrize("role", CAST_ROLES)
def test_nobody_can_update_an_application_that_is_not_theirs(cast, client_for, role, answers):
    other = ApplicationFactory(lab=cast.lab, status="more_info", organisation_name="Before")
    client_for(cast.person(role)).post("/labs/the-lab/participants/application/update/", answers)
    assert Application.objects.get(pk=other.pk).organisation_name == "Before"


@pytest.mark.parametrize("role", CAST_ROLES)
@pytest.mark.parametrize("use", ["profile_card", "contact", "quote", "use_application"])
def test_only_the_person_who_gave_a_consent_can_withdraw_it(cast, client_for, role, use):
    """Someone else's application and card are there to be reached; only their owner may change them."""
    application = ApplicationFactory(lab=cast.lab, applicant=cast.participant, status="accepted")
    application.consents = {**application.consents, "contact": {}, "quote": {}}
    application.save(update_fields=["consents"])
    card = ProfileCardFactory(lab=cast.lab, user=cast.participant)
    response = client_for(cast.person(role)).post(f"/labs/the-lab/participants/consents/{use}/withdraw/")
    expected = {"anonymous": 302, "participant": 302}.get(role, 404)
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")
    application.refresh_from_db()
    card.refresh_from_db()
    withdrawn = card.is_hidden if use == "profile_card" else use not in application.consents
    assert withdrawn == (role == "participant")
    assert ConsentWithdrawal.objects.filter(user=cast.participant).count() == (role == "participant")


@pytest.mark.parametrize("role", CAST_ROLES)
def test_only_the_person_who_withdrew_a_consent_can_give_it_again(cast, client_for, role):
    card = ProfileCardFactory(lab=cast.lab, user=cast.participant, visibility="team")
    card.consent_withdrawn_at = card.created_at
    card.save(update_fields=["consent_withdrawn_at"])
    response = client_for(cast.person(role)).post(
        "/labs/the-lab/participants/consents/profile_card/give/", {"visibility": "public"}
    )
    assert response.status_code == {"anonymous": 302, "participant": 302}.get(role, 404)
    card.refresh_from_db()
    assert (not card.is_hidden) == (role == "participant")
