"""Deleting an account removes the person's applications and profile cards (docs/decisions/0003)."""

from carelab.accounts.actions import delete_account
from carelab.accounts.tests.factories import PASSWORD
from carelab.core.tests.html import parse
from carelab.participants import actions
from carelab.participants.models import Application, ApplicationEvent, ProfileCard
from carelab.participants.tests.factories import ApplicationFactory


def test_deleting_an_account_removes_applications_history_and_cards(cast, topics):
    accepted = ApplicationFactory(lab=cast.lab, applicant=cast.member, interests=[topics["Sleep"]])
    actions.decide(accepted, decision="accepted", reviewer=cast.team, message="Welcome, Mo")
    ApplicationFactory(lab=cast.other_lab, applicant=cast.member, status="declined")
    ApplicationFactory(lab=cast.lab, applicant=cast.member, status="draft", submitted_at=None, draft_token_hash="x")
    someone_else = ApplicationFactory(lab=cast.lab)
    assert ProfileCard.objects.filter(user=cast.member).exists()

    delete_account(cast.member)

    assert list(Application.objects.all()) == [someone_else]
    assert not ProfileCard.objects.exists()
    assert not ApplicationEvent.objects.filter(message__contains="Mo").exists()
    assert topics["Sleep"].applications.count() == 0


def test_decisions_by_a_team_member_who_leaves_stay_without_their_name(cast, client_for):
    application = ApplicationFactory(lab=cast.lab, applicant=cast.member)
    actions.decide(application, decision="declined", reviewer=cast.team, message="Sorry")
    delete_account(cast.team)
    event = application.events.get()
    assert event.actor is None and event.message == "Sorry"
    page = parse(client_for(cast.admin).get(f"/labs/the-lab/participants/team/applications/{application.pk}/"))
    assert "Someone no longer on CareLab" in page.select_one("#history").get_text()


def test_the_deletion_page_says_applications_and_cards_are_removed(cast, client_for):
    page = parse(client_for(cast.member).get("/accounts/delete/"))
    removed = page.select_one("#what-we-remove").get_text()
    assert "applications to become a lab participant" in removed
    assert "profile cards" in removed


def test_the_account_deletion_form_removes_the_card_too(cast, client_for):
    ApplicationFactory(lab=cast.lab, applicant=cast.member)
    client = client_for(cast.member)
    client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
    assert not Application.objects.exists()
