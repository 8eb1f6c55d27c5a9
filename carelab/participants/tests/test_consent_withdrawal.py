"""Withdrawing a consent given on an application or a profile card, and giving it again (decision 0018).

Through the pages: the confirmation page says what was agreed and what withdrawing does; one button
withdraws it at once; the withdrawal is recorded with its time and the wording version withdrawn.
"""

import pytest
from django.core import mail
from django.test import Client

from carelab.core.tests.html import parse, text_of
from carelab.labs.models import Membership, Role
from carelab.organisations.tests.factories import OrganisationFactory
from carelab.participants import actions
from carelab.participants.forms import CONSENT_STATEMENTS, CONSENT_WORDING_VERSION, visibility_consent
from carelab.participants.models import Application, ConsentWithdrawal, ProfileCard
from carelab.participants.tests.factories import ApplicationFactory, ProfileCardFactory
from carelab.updates.audience import audience_for, wants_email
from carelab.updates.models import Delivery, EmailChoice
from carelab.updates.tasks import send_update_email
from carelab.updates.tests.factories import DeliveryFactory, UpdateFactory

APPLICATION = "/labs/the-lab/participants/application/"
CARD = "/labs/the-lab/participants/card/"
DIRECTORY = "/labs/the-lab/participants/"


def withdraw_url(use: str) -> str:
    return f"/labs/the-lab/participants/consents/{use}/withdraw/"


def give_url(use: str) -> str:
    return f"/labs/the-lab/participants/consents/{use}/give/"


def every_consent(visibility="participants") -> dict:
    given = {
        name: {"wording": wording, "version": CONSENT_WORDING_VERSION} for name, wording in CONSENT_STATEMENTS.items()
    }
    return {**given, "profile_card": visibility_consent(visibility)}


@pytest.fixture
def accepted(cast):
    """The cast participant's accepted application, agreeing to everything, and their card."""
    application = ApplicationFactory(
        lab=cast.lab,
        applicant=cast.participant,
        status=Application.Status.ACCEPTED,
        consents=every_consent(),
        access_needs="A quiet room, please",
    )
    card = ProfileCardFactory(lab=cast.lab, user=cast.participant, display_name="Pat Shown", visibility="public")
    card.visibility_consent = {**visibility_consent("public"), "given_at": "2026-01-05T10:00:00+00:00"}
    card.save(update_fields=["visibility_consent"])
    return application, card


def consent_rows(response) -> dict:
    rows = parse(response).select("#consents .nhsuk-summary-list__row")
    return {text_of(row.select_one("dt")): row for row in rows}


# -- The application page offers to withdraw each consent ---------------------------------------------


def test_the_application_page_offers_to_withdraw_each_consent_it_records(cast, client_for, accepted):
    rows = consent_rows(client_for(cast.participant).get(APPLICATION))
    assert (
        text_of(rows["Who may see your profile card"].select_one("dd"))
        == "Anyone, including people who are not signed in"
    )
    for name, statement in CONSENT_STATEMENTS.items():
        link = rows[statement].select_one(".nhsuk-summary-list__actions a")
        assert link["href"] == withdraw_url(name)
        assert text_of(link).startswith("Withdraw")
    assert rows["Who may see your profile card"].select_one("a")["href"] == withdraw_url("profile_card")


def test_the_confirmation_page_shows_what_was_agreed_and_what_withdrawing_does(cast, client_for, accepted):
    page = parse(client_for(cast.participant).get(withdraw_url("contact")))
    assert text_of(page.select_one("h1")) == "Withdraw your consent: emails about the lab's activities?"
    assert text_of(page.select_one("#consent-wording p")) == CONSENT_STATEMENTS["contact"]
    assert "stop emailing you" in text_of(page.select_one("#withdrawing-does"))
    assert page.select_one("form")["action"] == withdraw_url("contact")


# -- Contact: update e-mails stop at once ----------------------------------------------------------------


def test_withdrawing_contact_stops_update_emails_at_once_and_is_recorded_with_its_version(cast, client_for, accepted):
    application, _card = accepted
    update = UpdateFactory(lab=cast.lab)
    assert wants_email(cast.participant, cast.lab)
    assert [person.user for person in audience_for(update).recipients] == [cast.participant]

    response = client_for(cast.participant).post(withdraw_url("contact"))

    assert response.status_code == 302 and response["Location"] == APPLICATION
    application.refresh_from_db()
    assert "contact" not in application.consents
    withdrawal = ConsentWithdrawal.objects.get(user=cast.participant)
    assert (withdrawal.use, withdrawal.version, withdrawal.wording) == (
        "contact",
        CONSENT_WORDING_VERSION,
        CONSENT_STATEMENTS["contact"],
    )
    assert withdrawal.given_at == application.consented_at and withdrawal.withdrawn_at is not None
    assert not wants_email(cast.participant, cast.lab)
    assert audience_for(update).recipients == []
    choice = EmailChoice.objects.get(user=cast.participant, lab=cast.lab)
    assert choice.via == EmailChoice.Via.CONSENT and not choice.wants_email


def test_an_update_email_already_queued_is_not_sent_after_contact_is_withdrawn(cast, client_for, accepted):
    delivery = DeliveryFactory(update__lab=cast.lab, recipient=cast.participant)
    client_for(cast.participant).post(withdraw_url("contact"))
    mail.outbox.clear()

    send_update_email.enqueue(delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.skip_reason) == (Delivery.Status.SKIPPED, Delivery.SkipReason.TURNED_OFF)
    assert mail.outbox == []


def test_withdrawing_contact_wins_over_an_earlier_choice_to_get_update_emails(cast, client_for, accepted):
    from carelab.updates.actions import choose_emails

    choose_emails(cast.participant, cast.lab, wants_email=True)
    client_for(cast.participant).post(withdraw_url("contact"))
    assert not wants_email(cast.participant, cast.lab)


def test_giving_contact_again_records_todays_wording_and_turns_update_emails_back_on(cast, client_for, accepted):
    application, _card = accepted
    client = client_for(cast.participant)
    client.post(withdraw_url("contact"))
    link = consent_rows(client.get(APPLICATION))[CONSENT_STATEMENTS["contact"]].select_one("a")
    assert link["href"] == give_url("contact")

    page = parse(client.get(give_url("contact")))
    assert text_of(page.select_one("#consent-wording p")) == CONSENT_STATEMENTS["contact"]
    client.post(give_url("contact"))

    application.refresh_from_db()
    assert application.consents["contact"]["version"] == CONSENT_WORDING_VERSION
    assert application.consents["contact"]["given_at"]
    assert wants_email(cast.participant, cast.lab)


# -- Quote ------------------------------------------------------------------------------------------------


def test_withdrawing_quote_shows_no_to_the_lab_team(cast, client_for, accepted):
    application, _card = accepted
    client_for(cast.participant).post(withdraw_url("quote"))
    page = parse(client_for(cast.team).get(f"/labs/the-lab/participants/team/applications/{application.pk}/"))
    rows = {text_of(r.select_one("dt")): text_of(r.select_one("dd")) for r in page.select(".nhsuk-summary-list__row")}
    assert rows[CONSENT_STATEMENTS["quote"]] == "No"


# -- Using the application ----------------------------------------------------------------------------


def test_withdrawing_use_of_a_waiting_application_deletes_it_and_lets_the_person_apply_again(cast, client_for):
    application = ApplicationFactory(lab=cast.lab, applicant=cast.member, consents=every_consent())
    client = client_for(cast.member)
    page = parse(client.get(withdraw_url("use_application")))
    assert "withdrawn and deleted" in text_of(page.select_one("#withdrawing-does"))

    client.post(withdraw_url("use_application"))

    assert not Application.objects.filter(pk=application.pk).exists()
    withdrawal = ConsentWithdrawal.objects.get(user=cast.member)
    assert withdrawal.application is None and withdrawal.use == "use_application"
    queue = parse(client_for(cast.team).get("/labs/the-lab/participants/team/applications/"))
    assert not queue.select_one(f"#application-{application.pk}")
    assert client_for(cast.member).get("/labs/the-lab/participants/apply/").status_code == 200


def test_a_reviewer_deciding_on_an_application_withdrawn_meanwhile_is_told_so(cast):
    application = ApplicationFactory(lab=cast.lab, consents=every_consent())
    actions.withdraw_application_consent(application, "use_application")
    with pytest.raises(actions.ApplicationRefused, match="withdrawn"):
        actions.decide(application, decision="accepted", reviewer=cast.team, message="Welcome")


def test_withdrawing_use_of_an_accepted_application_hides_its_answers_from_the_lab_team(cast, client_for, accepted):
    application, _card = accepted
    team_page = f"/labs/the-lab/participants/team/applications/{application.pk}/"
    assert "A quiet room" in text_of(parse(client_for(cast.team).get(team_page)).select_one("main"))

    client_for(cast.participant).post(withdraw_url("use_application"))

    page = parse(client_for(cast.team).get(team_page))
    assert page.select_one("#answers-withheld")
    assert "A quiet room" not in text_of(page.select_one("main"))
    assert Membership.objects.get(lab=cast.lab, user=cast.participant).role == Role.PARTICIPANT
    own = parse(client_for(cast.participant).get(APPLICATION))
    assert own.select_one("#answers-withheld") and "A quiet room" in text_of(own.select_one("main"))


def test_updates_no_longer_choose_their_audience_by_a_withdrawn_application(cast, client_for, accepted):
    application, card = accepted
    card.role = "professional"
    card.save(update_fields=["role"])
    update = UpdateFactory(lab=cast.lab, audience_who=["lived_experience"])  # only the application says so
    assert len(audience_for(update).matching) == 1
    client_for(cast.participant).post(withdraw_url("use_application"))
    assert audience_for(update).matching == []


# -- The profile card -------------------------------------------------------------------------------------


def test_withdrawing_card_consent_hides_the_card_from_everyone_at_once(cast, client_for, accepted):
    _application, card = accepted
    organisation = OrganisationFactory(lab=cast.lab)
    card.organisation = organisation
    card.save(update_fields=["organisation"])
    other = ProfileCardFactory(lab=cast.lab, visibility="participants")
    org_page = f"/labs/the-lab/organisations/{organisation.pk}/"
    assert "Pat Shown" in text_of(parse(client_for(None).get(org_page)).select_one("main"))

    page = parse(client_for(cast.participant).get(CARD))
    link = page.select_one("#card-consent a")
    response = client_for(cast.participant).post(link["href"].split("?")[0], {"next": CARD})

    assert response["Location"] == CARD
    for person in (None, cast.member, cast.team, cast.admin, other.user):
        client = Client()
        if person is not None:
            client.force_login(person)
        assert "Pat Shown" not in text_of(parse(client.get(DIRECTORY)).select_one("main"))
        assert "Pat Shown" not in text_of(parse(client.get(org_page)).select_one("main"))
    assert client_for(other.user).get(f"/labs/the-lab/connect/to/{card.pk}/").status_code == 404
    withdrawal = ConsentWithdrawal.objects.get(card=card)
    assert withdrawal.use == "profile_card" and withdrawal.version == CONSENT_WORDING_VERSION
    assert withdrawal.given_at.isoformat() == "2026-01-05T10:00:00+00:00"
    hidden = parse(client_for(cast.participant).get(CARD)).select_one("#card-hidden")
    assert "Nobody can see your card" in text_of(hidden)


def test_giving_card_consent_again_records_the_current_wording_and_shows_the_card(cast, client_for, accepted):
    _application, card = accepted
    client = client_for(cast.participant)
    client.post(withdraw_url("profile_card"))

    response = client.post(give_url("profile_card"), {})
    page = parse(response)
    assert response.status_code == 200 and "Choose who may see your profile card" in text_of(
        page.select_one(".nhsuk-error-summary")
    )
    client.post(give_url("profile_card"), {"visibility": "participants"})

    card.refresh_from_db()
    assert not card.is_hidden and card.visibility == "participants"
    assert card.visibility_consent["version"] == CONSENT_WORDING_VERSION and card.visibility_consent["given_at"]
    assert "Pat Shown" in text_of(parse(client_for(cast.team).get(DIRECTORY)).select_one("main"))


def test_a_card_consent_withdrawn_before_acceptance_gives_a_hidden_card(cast, client_for):
    application = ApplicationFactory(lab=cast.lab, applicant=cast.member, consents=every_consent("public"))
    client_for(cast.member).post(withdraw_url("profile_card"))
    application.refresh_from_db()
    assert "profile_card" not in application.consents

    actions.decide(application, decision="accepted", reviewer=cast.team, message="Welcome")

    assert ProfileCard.objects.get(user=cast.member).is_hidden


# -- Only one's own, and only what stands ---------------------------------------------------------------


@pytest.mark.parametrize("use", ["contact", "profile_card", "use_application", "nonsense"])
def test_someone_without_that_consent_finds_nothing_to_withdraw(cast, client_for, use):
    ApplicationFactory(lab=cast.lab, consents=every_consent())  # someone else's
    assert client_for(cast.member).get(withdraw_url(use)).status_code == 404
    assert client_for(cast.member).post(withdraw_url(use)).status_code == 404
    assert not ConsentWithdrawal.objects.exists()


def test_withdrawing_twice_records_one_withdrawal(cast, client_for, accepted):
    client = client_for(cast.participant)
    client.post(withdraw_url("quote"))
    assert client.post(withdraw_url("quote")).status_code == 404
    assert ConsentWithdrawal.objects.count() == 1


def test_a_consent_that_stands_cannot_be_given_again(cast, client_for, accepted):
    assert client_for(cast.participant).get(give_url("contact")).status_code == 404


def test_withdrawing_goes_back_to_a_page_on_this_site_only(cast, client_for, accepted):
    client = client_for(cast.participant)
    page = parse(client.get(withdraw_url("quote") + "?next=/accounts/your-data/"))
    assert page.select_one("input[name=next]")["value"] == "/accounts/your-data/"
    assert client.post(withdraw_url("quote"), {"next": "/accounts/your-data/"})["Location"] == "/accounts/your-data/"
    outside = parse(client.get(withdraw_url("contact") + "?next=https://evil.example/"))
    assert outside.select_one("input[name=next]") is None
    assert client.post(withdraw_url("contact"), {"next": "https://evil.example/"})["Location"] == APPLICATION
