"""Every Connect message is checked (decisions/0020): personal data is a warning before anything is sent,
risk shows where to get help at once, and urgent risk reaches the safeguarding queue while the message
is still delivered."""

import pytest
from django.test import Client

from carelab.connect.forms import message_fingerprint
from carelab.connect.models import ConversationMessage, Introduction
from carelab.connect.tests.factories import ConversationReportFactory, IntroductionFactory
from carelab.connect.tests.helpers import conversation_url, send_url
from carelab.core.tests.html import parse, text_of
from carelab.safeguarding.models import SafeguardingFlag

WITH_EMAIL = "Hello Bea,\n\n  write to me at pat@example.org  \nPat"
URGENT = "Hello Bea. Some days I can't go on, and I wanted to talk to someone who gets it."


@pytest.fixture
def lab(cast):
    cast.lab.risk_phrases = "can't go on"
    cast.lab.save(update_fields=["risk_phrases"])
    return cast.lab


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_introduction_with_an_email_address_is_not_sent_until_the_writer_chooses_to_send_it_anyway(
    cast, lab, pat_card, bea_card
):
    client = signed_in(cast.participant)
    response = client.post(send_url(bea_card), {"body": WITH_EMAIL})
    assert response.status_code == 200
    page = parse(response)
    warning = text_of(page.select_one("#personal-data-warning"))
    assert "Your message seems to include an email address." in warning
    assert "Connect keeps email addresses private until a reply" in warning and "Bea will see it" in warning
    assert page.select_one(".nhsuk-error-summary") is None and not text_of(page.select_one("title")).startswith("Error")
    # Exactly as typed, spaces and blank lines too (the textarea's first newline is eaten by the parser).
    assert page.select_one("textarea[name=body]").text.lstrip("\n") == WITH_EMAIL
    assert page.select_one("input[name=confirmed]")["value"] == message_fingerprint(WITH_EMAIL.strip())
    assert {button.get("name") for button in page.select("form button")} == {"send_anyway", "change_message"}
    assert not Introduction.objects.exists()

    confirmed = message_fingerprint(WITH_EMAIL.strip())
    response = client.post(send_url(bea_card), {"body": WITH_EMAIL, "confirmed": confirmed, "send_anyway": "yes"})
    introduction = Introduction.objects.get()
    assert response.status_code == 302 and response["Location"] == conversation_url(introduction)
    assert introduction.messages.get().body == WITH_EMAIL.strip()
    assert not SafeguardingFlag.objects.exists()


def test_send_anyway_with_a_changed_message_that_still_has_personal_data_warns_again(cast, lab, pat_card, bea_card):
    client = signed_in(cast.participant)
    confirmed = message_fingerprint(WITH_EMAIL.strip())
    response = client.post(
        send_url(bea_card), {"body": "Or ring 07700 900123", "confirmed": confirmed, "send_anyway": "yes"}
    )
    assert "seems to include a phone number" in text_of(parse(response).select_one("#personal-data-warning"))
    assert not Introduction.objects.exists()
    # A changed message without personal data goes straight away.
    client.post(send_url(bea_card), {"body": "Hello Bea", "confirmed": confirmed, "send_anyway": "yes"})
    assert Introduction.objects.get().messages.get().body == "Hello Bea"


def test_change_the_message_goes_back_to_the_form_with_the_message_kept_and_nothing_sent(cast, lab, pat_card, bea_card):
    client = signed_in(cast.participant)
    response = client.post(send_url(bea_card), {"body": WITH_EMAIL, "change_message": "yes"})
    page = parse(response)
    assert page.select_one("#personal-data-warning") is None and page.select_one(".nhsuk-error-summary") is None
    assert page.select_one("textarea[name=body]").text.lstrip("\n") == WITH_EMAIL
    assert [text_of(button) for button in page.select("form button")] == ["Send introduction"]
    assert not Introduction.objects.exists()


def test_a_reply_with_a_phone_number_is_warned_about_then_sent(cast, lab, pat_card, bea_card):
    introduction = IntroductionFactory(lab=lab, sender=bea_card.user, recipient=cast.participant)
    client = signed_in(cast.participant)
    reply = f"{conversation_url(introduction)}reply/"
    page = parse(client.post(reply, {"body": "Call me on 07700 900123"}))
    assert "seems to include a phone number" in text_of(page.select_one("#personal-data-warning"))
    assert introduction.messages.count() == 1
    confirmed = page.select_one("input[name=confirmed]")["value"]
    response = client.post(reply, {"body": "Call me on 07700 900123", "confirmed": confirmed, "send_anyway": "yes"})
    assert response.status_code == 302
    assert introduction.messages.count() == 2


def test_an_urgent_introduction_is_delivered_shows_help_at_once_and_raises_a_flag_without_the_words(
    cast, lab, pat_card, bea_card, django_capture_on_commit_callbacks
):
    client = signed_in(cast.participant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url(bea_card), {"body": URGENT})
    introduction = Introduction.objects.get()
    assert response.status_code == 302
    page = parse(client.get(response["Location"]))
    assert page.select_one("#help-now") is not None
    assert URGENT in text_of(page.select_one("#messages"))
    message = introduction.messages.get()
    flag = SafeguardingFlag.objects.get()
    assert (flag.source_kind, flag.source_id, flag.person) == ("connect_message", message.pk, cast.participant)
    assert flag.source_title == "Connect message from Pat"
    assert flag.source_url == f"/labs/the-lab/connect/team/flagged/{message.pk}/"
    assert URGENT not in str(flag.details) and "Bea" not in flag.source_title
    # The recipient sees where to get help too.
    assert parse(signed_in(bea_card.user).get(conversation_url(introduction))).select_one("#help-now")


def test_an_urgent_reply_raises_its_own_flag(cast, lab, pat_card, bea_card):
    introduction = IntroductionFactory(lab=lab, sender=bea_card.user, recipient=cast.participant, sender_name="Bea")
    signed_in(cast.participant).post(f"{conversation_url(introduction)}reply/", {"body": "I can't go on."})
    message = introduction.messages.get(author=cast.participant)
    assert SafeguardingFlag.objects.get().source_id == message.pk


def test_urgent_words_with_personal_data_show_help_with_the_warning_and_flag_nothing_until_sent(
    cast, lab, pat_card, bea_card
):
    client = signed_in(cast.participant)
    page = parse(client.post(send_url(bea_card), {"body": f"{URGENT} Ring me on 07700 900123"}))
    assert page.select_one("#help-now") is not None and page.select_one("#personal-data-warning") is not None
    assert not SafeguardingFlag.objects.exists() and not ConversationMessage.objects.exists()


def test_the_team_sees_who_wrote_a_flagged_message_and_when_but_never_the_words_or_the_recipient(
    cast, lab, pat_card, bea_card
):
    signed_in(cast.participant).post(send_url(bea_card), {"body": URGENT})
    message = ConversationMessage.objects.get()
    team = signed_in(cast.team)
    response = team.get(f"/labs/the-lab/connect/team/flagged/{message.pk}/")
    assert response.status_code == 200
    main = text_of(parse(response).select_one("main"))
    assert "Connect message from Pat" in main and "Pat Participant" in main
    assert "The first message of an introduction they sent" in main
    assert "can't go on" not in main and "Bea" not in main
    assert parse(response).select_one("#private") is not None


def test_the_team_page_of_a_flagged_message_points_to_the_report_once_the_conversation_is_reported(
    cast, lab, pat_card, bea_card
):
    signed_in(cast.participant).post(send_url(bea_card), {"body": URGENT})
    message = ConversationMessage.objects.get()
    ConversationReportFactory(introduction=message.introduction)
    page = parse(signed_in(cast.team).get(f"/labs/the-lab/connect/team/flagged/{message.pk}/"))
    assert page.select_one("#reported a")["href"] == "/labs/the-lab/connect/team/reports/"


def test_the_team_cannot_see_a_message_that_raised_no_flag_nor_another_labs(cast, lab, pat_card, bea_card):
    introduction = IntroductionFactory(lab=lab, sender=bea_card.user, recipient=cast.participant)
    message = introduction.messages.get()
    assert signed_in(cast.team).get(f"/labs/the-lab/connect/team/flagged/{message.pk}/").status_code == 404
    signed_in(cast.participant).post(f"{conversation_url(introduction)}reply/", {"body": "I can't go on."})
    flagged = introduction.messages.get(author=cast.participant)
    assert signed_in(cast.team).get(f"/labs/the-lab/connect/team/flagged/{flagged.pk}/").status_code == 200
    assert signed_in(cast.other_team).get(f"/labs/other-lab/connect/team/flagged/{flagged.pk}/").status_code == 404
    assert signed_in(bea_card.user).get(f"/labs/the-lab/connect/team/flagged/{flagged.pk}/").status_code == 403
