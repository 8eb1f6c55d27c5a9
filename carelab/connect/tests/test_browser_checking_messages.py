"""Connect's checks of a message, in a real browser with JavaScript off (decision 0044), axe on every page.

Pat writes to Bea with an e-mail address in the message: Pat is warned, with the message kept, and
sends it anyway. Bea replies with words that suggest she may be at risk: the reply is delivered, she
is shown where to get help at once, and the lab team's safeguarding queue has a flag whose page says
who wrote it and when, never what it says.
"""

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.connect.models import ConversationMessage, Introduction
from carelab.safeguarding.models import SafeguardingFlag

pytestmark = pytest.mark.browser

INTRODUCTION = "Hello Bea, I'm Pat. Could we talk about pacing?\nWrite to me at pat.home@example.org if easier."
URGENT = "Thank you, Pat. Honestly, some days I can't go on."


def follow(locator):
    """Click, and wait until the page it leads to has loaded."""
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def test_a_message_with_an_email_address_is_warned_about_and_an_urgent_reply_shows_help_and_raises_a_flag(
    new_page, sign_in_browser, cast, pat_card, bea_card
):
    cast.lab.risk_phrases = "can't go on"
    cast.lab.save(update_fields=["risk_phrases"])
    pat = new_page(javascript=False)
    sign_in_browser(pat, cast.participant)
    pat.goto(f"/labs/the-lab/connect/to/{bea_card.pk}/")
    axe_check(pat)
    pat.get_by_label("Your message").fill(INTRODUCTION)
    follow(pat.get_by_role("button", name="Send introduction"))

    # Warned, with the message exactly as typed, and nothing sent yet.
    expect(pat.locator("#personal-data-warning")).to_contain_text("seems to include an email address")
    expect(pat.get_by_label("Your message")).to_have_value(INTRODUCTION)
    assert not Introduction.objects.exists()
    follow(pat.get_by_role("button", name="Change the message"))
    expect(pat.locator("#personal-data-warning")).to_have_count(0)
    expect(pat.get_by_label("Your message")).to_have_value(INTRODUCTION)
    follow(pat.get_by_role("button", name="Send introduction"))
    follow(pat.get_by_role("button", name="Send anyway"))
    expect(pat.locator(".nhsuk-notification-banner")).to_contain_text("Your introduction is on its way to Bea")
    expect(pat.locator("#messages")).to_contain_text("pat.home@example.org")
    introduction = Introduction.objects.get()

    # Bea replies with words that suggest she may be at risk: delivered, help shown at once, a flag raised.
    bea = new_page(javascript=False)
    sign_in_browser(bea, bea_card.user)
    bea.goto(f"/labs/the-lab/connect/{introduction.pk}/")
    axe_check(bea)
    expect(bea.locator("#help-now")).to_have_count(0)
    bea.get_by_label("Reply to Pat").fill(URGENT)
    follow(bea.get_by_role("button", name="Send reply"))
    expect(bea.locator("#messages")).to_contain_text(URGENT)
    expect(bea.locator("#help-now")).to_contain_text("Samaritans")
    reply = ConversationMessage.objects.get(author=bea_card.user)
    flag = SafeguardingFlag.objects.get()
    assert (flag.source_kind, flag.source_id, flag.person) == ("connect_message", reply.pk, bea_card.user)

    # The lab team's page for the flag: who and when, never the words or to whom.
    team = new_page(javascript=False)
    sign_in_browser(team, cast.team)
    team.goto(flag.source_url)
    axe_check(team)
    expect(team.get_by_role("heading", level=1)).to_have_text("Connect message from Bea")
    expect(team.locator("main")).not_to_contain_text("can't go on")
    expect(team.locator("main")).not_to_contain_text("Pat")
    expect(team.locator("#private")).to_contain_text("Connect conversations are private")
