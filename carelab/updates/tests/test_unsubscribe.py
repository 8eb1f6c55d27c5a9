"""Stopping update e-mails: from the link in an e-mail (signed out, or a mail program's one-click
button), and turning them off and on again from the lab's updates page."""

from django.core import signing
from django.test import Client

from carelab.core.tests.html import parse, text_of
from carelab.updates.access import unsubscribe_token
from carelab.updates.audience import wants_email
from carelab.updates.forms import EMAIL_OFF, EMAIL_ON, UNSUBSCRIBE_WORDING
from carelab.updates.models import EmailChoice


def link_for(user, lab, token=None) -> str:
    return f"/labs/{lab.slug}/updates/unsubscribe/{token or unsubscribe_token(user, lab)}/"


def test_the_link_asks_before_stopping_anything(cast, add_participant):
    anna = add_participant("Anna")
    response = Client().get(link_for(anna, cast.lab))
    page = parse(response)
    assert response.status_code == 200
    assert text_of(page.h1) == "Stop getting updates by e-mail?"
    assert text_of(page.select_one("main form button")) == "Stop update e-mails"
    assert wants_email(anna, cast.lab)  # a mail scanner following the link changes nothing


def test_pressing_the_button_stops_emails_at_once_without_signing_in(cast, add_participant):
    anna = add_participant("Anna")
    response = Client(enforce_csrf_checks=True).post(link_for(anna, cast.lab))
    assert response.status_code == 200
    assert text_of(parse(response).h1) == "You will not get any more update e-mails"
    choice = EmailChoice.objects.get(user=anna, lab=cast.lab)
    assert (choice.wants_email, choice.via, choice.wording) == (False, "link", UNSUBSCRIBE_WORDING)
    assert not wants_email(anna, cast.lab)


def test_a_mail_programs_one_click_post_needs_no_csrf_token(cast, add_participant):
    anna = add_participant("Anna")
    response = Client(enforce_csrf_checks=True).post(
        link_for(anna, cast.lab), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert EmailChoice.objects.get(user=anna).via == "one_click"


def test_other_pages_still_need_a_csrf_token(cast, client_for):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.participant)
    response = client.post("/labs/the-lab/updates/email/", {"wants_email": "no"})
    assert response.status_code == 403
    assert not EmailChoice.objects.exists()


def test_a_second_unsubscribe_says_it_is_already_done(cast, add_participant):
    anna = add_participant("Anna")
    client = Client()
    client.post(link_for(anna, cast.lab))
    page = parse(client.get(link_for(anna, cast.lab)))
    assert "already stopped" in text_of(page.select_one("#already-off"))
    assert page.select_one("main form") is None
    assert client.post(link_for(anna, cast.lab)).status_code == 200
    assert EmailChoice.objects.count() == 1


def test_a_tampered_link_is_refused_with_a_clear_page(cast, add_participant):
    anna = add_participant("Anna")
    bea = add_participant("Bea")
    token = unsubscribe_token(anna, cast.lab)
    signature = token.rsplit(":", 1)[1]
    forged = unsubscribe_token(bea, cast.lab).rsplit(":", 1)[0] + ":" + signature  # Bea's name, Anna's signature
    for bad in (forged, token[:-2], "nonsense", token + "x"):
        response = Client().post(link_for(None, cast.lab, bad))
        assert response.status_code == 400, bad
        assert text_of(parse(response).h1) == "This link does not work"
    assert not EmailChoice.objects.exists()


def test_a_link_for_one_lab_does_not_work_in_another(cast, add_participant):
    anna = add_participant("Anna")
    response = Client().post(link_for(None, cast.other_lab, unsubscribe_token(anna, cast.lab)))
    assert response.status_code == 400
    assert not EmailChoice.objects.exists()


def test_a_link_signed_for_something_else_does_not_work(cast, add_participant):
    anna = add_participant("Anna")
    other_purpose = signing.Signer(salt="something-else").sign_object({"user": anna.pk, "lab": cast.lab.pk})
    assert Client().get(link_for(None, cast.lab, other_purpose)).status_code == 400


def test_a_link_for_a_closed_account_is_not_found(cast, add_participant):
    anna = add_participant("Anna")
    link = link_for(anna, cast.lab)
    anna.delete()
    response = Client().post(link)
    assert response.status_code == 404
    assert text_of(parse(response).h1) == "This link does not work"


def test_a_participant_turns_emails_off_and_on_again(cast, client_for, add_participant):
    anna = add_participant("Anna")
    client = client_for(anna)
    page = parse(client.get("/labs/the-lab/updates/email/"))
    assert text_of(page.select_one("#current-choice")) == "You get the lab team's updates by e-mail."
    assert page.select_one('input[name="wants_email"][value="yes"]').has_attr("checked")

    response = client.post("/labs/the-lab/updates/email/", {"wants_email": "no"}, follow=True)
    assert "We will not e-mail you updates any more" in text_of(
        parse(response).select_one(".nhsuk-notification-banner")
    )
    assert not wants_email(anna, cast.lab)
    assert EmailChoice.objects.get(user=anna).wording == EMAIL_OFF

    client.post("/labs/the-lab/updates/email/", {"wants_email": "yes"})
    choice = EmailChoice.objects.get(user=anna)
    assert (choice.wants_email, choice.via, choice.wording) == (True, "page", EMAIL_ON)


def test_a_participant_who_did_not_agree_to_emails_can_choose_them(cast, client_for):
    client = client_for(cast.participant)  # made a participant with no application
    page = parse(client.get("/labs/the-lab/updates/email/"))
    assert "You do not get the lab team's updates by e-mail" in text_of(page.select_one("#current-choice"))
    assert page.select_one('input[name="wants_email"][value="no"]').has_attr("checked")
    client.post("/labs/the-lab/updates/email/", {"wants_email": "yes"})
    assert wants_email(cast.participant, cast.lab)


def test_making_no_choice_shows_the_error_summary(cast, client_for):
    response = client_for(cast.participant).post("/labs/the-lab/updates/email/", {})
    page = parse(response)
    assert "Choose whether you want updates by e-mail" in text_of(page.select_one(".nhsuk-error-summary"))
    assert not EmailChoice.objects.exists()


def test_the_unsubscribed_page_offers_to_turn_emails_back_on(cast, add_participant):
    anna = add_participant("Anna")
    page = parse(Client().post(link_for(anna, cast.lab)))
    assert page.find("a", string="turn update e-mails back on")["href"] == "/labs/the-lab/updates/email/"


def test_the_lab_team_is_told_that_email_choices_are_for_participants(cast, client_for):
    response = client_for(cast.team).get("/labs/the-lab/updates/email/")
    assert response.status_code == 403
    page = parse(response)
    assert text_of(page.h1) == "Update e-mails are for participants"
    assert page.find("a", string="Write and send updates")["href"] == "/labs/the-lab/updates/team/"
