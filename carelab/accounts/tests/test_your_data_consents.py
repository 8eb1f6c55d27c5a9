""" "Your data" lists every consent a person gave, across the apps, and what happened to their comments
(decision 0018)."""

import pytest
from django.test import Client

from carelab.accounts.actions import delete_account
from carelab.accounts.tests.test_your_data_sections import _linked_response
from carelab.comments import actions as comment_actions
from carelab.comments.models import ModerationEvent
from carelab.comments.tests.factories import CommentFactory
from carelab.core.tests.html import parse, text_of
from carelab.participants.forms import CONSENT_STATEMENTS, CONSENT_WORDING_VERSION, visibility_consent
from carelab.participants.models import Application, ConsentWithdrawal
from carelab.participants.tests.factories import ApplicationFactory, ProfileCardFactory
from carelab.surveys.forms_answering import CONSENT_STATEMENTS as SURVEY_STATEMENTS
from carelab.surveys.tests.factories import SurveyFactory

YOUR_DATA = "/accounts/your-data/"


def consent_blocks(response) -> dict:
    """Each consent on the page by its heading, as {row label: (value, action link or None)}."""
    blocks = {}
    for block in parse(response).select(".carelab-consent"):
        rows = {}
        for row in block.select(".nhsuk-summary-list__row"):
            link = row.select_one(".nhsuk-summary-list__actions a")
            rows[text_of(row.select_one("dt"))] = (text_of(row.select_one("dd")), link)
        blocks[text_of(block.select_one("h3"))] = rows
    return blocks


@pytest.fixture
def participant_with_consents(cast):
    consents = {
        name: {"wording": text, "version": CONSENT_WORDING_VERSION} for name, text in CONSENT_STATEMENTS.items()
    }
    application = ApplicationFactory(
        lab=cast.lab,
        applicant=cast.participant,
        status=Application.Status.ACCEPTED,
        consents={**consents, "profile_card": visibility_consent("participants")},
    )
    card = ProfileCardFactory(lab=cast.lab, user=cast.participant, visibility="participants")
    card.visibility_consent = {**visibility_consent("participants"), "given_at": "2026-02-01T09:00:00+00:00"}
    card.save(update_fields=["visibility_consent"])
    return application, card


def test_your_data_lists_every_consent_across_the_apps_with_version_and_when_given(
    cast, client_for, participant_with_consents
):
    _linked_response(SurveyFactory(lab=cast.lab, title="Launch survey"), cast.participant)
    blocks = consent_blocks(client_for(cast.participant).get(YOUR_DATA))

    contact = blocks["Emails about the lab's activities (The lab)"]
    assert contact["What you agreed to"][0] == CONSENT_STATEMENTS["contact"]
    assert contact["Wording version"][0] == CONSENT_WORDING_VERSION
    assert contact["Now"][0] == "You agreed to this"
    assert contact["Now"][1]["href"] == (
        "/labs/the-lab/participants/consents/contact/withdraw/?next=%2Faccounts%2Fyour-data%2F%23your-consents"
    )
    card = blocks["Showing your profile card (The lab)"]
    assert card["Given"][0] == "1 February 2026 at 9:00am"
    assert "/consents/profile_card/withdraw/" in card["Now"][1]["href"]
    assert "Using your application to decide on it and arrange your taking part (The lab)" in blocks
    assert "Quoting what you say, without your name (The lab)" in blocks
    survey = blocks["Using your survey answers, including about your health: Launch survey (The lab)"]
    assert survey["What you agreed to"][0] == SURVEY_STATEMENTS["health_data"]
    assert "/survey-answers/" in survey["Now"][1]["href"] and "/withdraw/health_data/" in survey["Now"][1]["href"]


def test_withdrawing_from_your_data_comes_back_to_it_and_shows_when_it_was_withdrawn(
    cast, client_for, participant_with_consents
):
    client = client_for(cast.participant)
    link = consent_blocks(client.get(YOUR_DATA))["Emails about the lab's activities (The lab)"]["Now"][1]
    confirm = parse(client.get(link["href"]))
    next_url = confirm.select_one("input[name=next]")["value"]
    assert next_url == "/accounts/your-data/#your-consents"

    response = client.post(confirm.select_one("form")["action"], {"next": next_url})

    assert response["Location"] == next_url
    withdrawal = ConsentWithdrawal.objects.get(user=cast.participant)
    blocks = consent_blocks(client.get(YOUR_DATA))
    withdrawn = blocks["Emails about the lab's activities (The lab)"]
    assert withdrawn["Now"][0].startswith("Withdrawn ")
    assert withdrawn["Wording version"][0] == withdrawal.version
    assert withdrawn["Now"][1]["href"].startswith("/labs/the-lab/participants/consents/contact/give/")
    page = parse(client.get(YOUR_DATA))
    section = page.select_one("#section-participant-consent-withdrawals")
    assert CONSENT_STATEMENTS["contact"] in text_of(section)


def test_a_consent_given_again_is_listed_as_standing_and_the_old_withdrawal_stays(
    cast, client_for, participant_with_consents
):
    client = client_for(cast.participant)
    client.post("/labs/the-lab/participants/consents/profile_card/withdraw/")
    client.post("/labs/the-lab/participants/consents/profile_card/give/", {"visibility": "team"})
    blocks = parse(client.get(YOUR_DATA)).select(".carelab-consent")
    card_blocks = [block for block in blocks if text_of(block.select_one("h3")).startswith("Showing your profile card")]
    statuses = [text_of(block.select(".nhsuk-summary-list__row")[-1].select_one("dd")) for block in card_blocks]
    assert statuses[0] == "You agreed to this" and statuses[1].startswith("Withdrawn ")
    assert not card_blocks[1].select_one(".nhsuk-summary-list__actions a")  # given again already


def test_the_download_carries_the_consents_with_when_given_and_withdrawn(cast, client_for, participant_with_consents):
    client = client_for(cast.participant)
    client.post("/labs/the-lab/participants/consents/quote/withdraw/")
    data = client.get("/accounts/your-data/download/").json()
    withdrawn = data["sections"]["participant_consent_withdrawals"]["consents"]
    assert [(c["for"], c["wording"], c["wording_version"]) for c in withdrawn] == [
        ("Quoting what you say, without your name", CONSENT_STATEMENTS["quote"], CONSENT_WORDING_VERSION)
    ]
    assert withdrawn[0]["withdrawn_at"] and withdrawn[0]["given_at"]
    standing = data["sections"]["participant_applications"]["consents"]
    assert {c["for"] for c in standing} == {
        "Using your application to decide on it and arrange your taking part",
        "Emails about the lab's activities",
    }


def test_consent_withdrawals_go_with_the_account(cast, client_for, participant_with_consents):
    client_for(cast.participant).post("/labs/the-lab/participants/consents/quote/withdraw/")
    delete_account(cast.participant)
    assert not ConsentWithdrawal.objects.exists()


# -- What happened to the person's comments ---------------------------------------------------------------


def test_your_data_shows_what_happened_to_your_comments_but_not_who_reported_them(cast, client_for):
    rejected = CommentFactory(author=cast.member, post__lab=cast.lab, pending=True)
    comment_actions.reject_comment(comment=rejected, moderator=cast.team, reason="It names another person")
    reported = CommentFactory(author=cast.member, post__lab=cast.lab)
    comment_actions.report_comment(comment=reported, reporter=cast.participant, reason="Pat thinks this is rude")
    comment_actions.hide_comment(comment=reported, moderator=cast.team, reason="Hidden while we check")

    page = parse(client_for(cast.member).get(YOUR_DATA))
    section = page.select_one("#section-comment-moderation-history")
    text = text_of(section)

    assert text_of(section.select_one("h2")) == "What happened to your comments"
    assert "Rejected" in text and "It names another person" in text
    assert "Reported" in text and "Someone reported your comment to the lab team" in text
    assert "Hidden" in text and "Hidden while we check" in text
    assert "Pat thinks this is rude" not in text and "Pat Participant" not in text
    assert "Tam Team" not in text


def test_the_moderation_history_stays_without_the_authors_name_after_deletion(cast):
    comment = CommentFactory(author=cast.member, post__lab=cast.lab, pending=True)
    comment_actions.reject_comment(comment=comment, moderator=cast.team, reason="Off topic")
    delete_account(cast.member)
    assert ModerationEvent.objects.filter(comment=comment, action="rejected", reason="Off topic").exists()


def test_someone_signed_out_is_asked_to_sign_in_before_seeing_consents():
    assert Client().get(YOUR_DATA)["Location"].startswith("/accounts/login/")
