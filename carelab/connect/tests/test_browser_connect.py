"""Connect in a real browser, with JavaScript off (decision 0044), axe on every page.

Pat sends Bea an introduction from the participant directory; Bea reads it with neither address
shown, replies, and both then see both addresses. Then Bea reports the conversation and blocks Pat,
and the lab team looks at the report.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.connect.models import Block, ConversationReport, Introduction
from carelab.connect.tests.factories import IntroductionFactory

pytestmark = pytest.mark.browser

INTRODUCTION = "Hello Bea, I'm Pat. Your card says you know about pacing: could we talk about what helped?"
REPLY = "Hi Pat, happy to. Pacing took me a while to get right."


def follow(locator):
    """Click, and wait until the page it leads to has loaded."""
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def banner(page):
    return page.locator(".nhsuk-notification-banner")


def test_an_introduction_from_the_directory_hides_both_addresses_until_the_recipient_replies(
    new_page, sign_in_browser, cast, pat_card, bea_card
):
    pat, bea = cast.participant, bea_card.user
    sender = new_page(javascript=False)
    sign_in_browser(sender, pat)

    # Pat finds Bea in the directory and writes to her; an empty message is explained first.
    sender.goto("/labs/the-lab/participants/")
    axe_check(sender)
    follow(sender.get_by_role("link", name="Send an introduction to Bea"))
    expect(sender.get_by_role("heading", level=1)).to_have_text("Send an introduction to Bea")
    follow(sender.get_by_role("button", name="Send introduction"))
    expect(sender.locator(".nhsuk-error-summary")).to_contain_text("Write your message")
    sender.get_by_label("Your message").fill(INTRODUCTION)
    follow(sender.get_by_role("button", name="Send introduction"))
    expect(banner(sender)).to_contain_text("Your introduction is on its way to Bea")
    expect(sender.locator("#addresses-hidden")).to_contain_text("Bea has not replied yet")
    expect(sender.locator("body")).not_to_contain_text(bea.email)

    # Bea's email links to the conversation and carries neither address.
    (email,) = mail.outbox
    assert email.to == [bea.email] and pat.email not in email.body and bea.email not in email.body
    path = re.search(r"https?://[^/\s]+(/labs/the-lab/connect/\d+/)", email.body).group(1)

    recipient = new_page(javascript=False)
    sign_in_browser(recipient, bea)
    recipient.goto("/labs/the-lab/connect/")
    axe_check(recipient)
    follow(recipient.get_by_role("link", name="Pat (introduction to you)"))
    assert recipient.url.endswith(path)
    expect(recipient.locator("#messages")).to_contain_text(INTRODUCTION)
    expect(recipient.locator("#addresses")).to_have_count(0)
    for address in (pat.email, bea.email):
        expect(recipient.locator("body")).not_to_contain_text(address)

    # Bea replies: now each of them sees both addresses.
    recipient.get_by_label("Reply to Pat").fill(REPLY)
    follow(recipient.get_by_role("button", name="Send reply"))
    expect(banner(recipient)).to_contain_text("You can now see each other's email addresses.")
    expect(recipient.locator("#addresses")).to_contain_text(pat.email)
    expect(recipient.locator("#addresses")).to_contain_text(bea.email)

    sender.reload()
    axe_check(sender)
    expect(sender.locator("#messages")).to_contain_text(REPLY)
    expect(sender.locator("#addresses")).to_contain_text(bea.email)
    expect(sender.locator("#addresses")).to_contain_text(pat.email)
    assert Introduction.objects.get().replied_at is not None
    reply_email = mail.outbox[-1]
    assert reply_email.to == [pat.email] and bea.email in reply_email.body


def test_a_recipient_reports_and_blocks_and_the_lab_team_sees_the_report(
    new_page, sign_in_browser, cast, pat_card, bea_card
):
    introduction = IntroductionFactory(
        lab=cast.lab, sender=bea_card.user, recipient=cast.participant, sender_name="Bea", recipient_name="Pat"
    )
    pat = new_page()
    sign_in_browser(pat, cast.participant)
    pat.goto(f"/labs/the-lab/connect/{introduction.pk}/")
    axe_check(pat)
    follow(pat.get_by_role("link", name="Report this conversation to the lab team"))
    pat.get_by_label("What is wrong?").fill("I do not know this person and it worried me.")
    pat.get_by_label("Block Bea as well, so they cannot write to you").check()
    follow(pat.get_by_role("button", name="Send report"))
    expect(banner(pat)).to_contain_text("You have blocked Bea.")
    expect(pat.locator("#cannot-write")).to_contain_text("You have blocked Bea.")
    assert Block.objects.filter(blocker=cast.participant).exists() and ConversationReport.objects.exists()
    follow(pat.get_by_role("link", name="Back to your introductions"))
    expect(pat.locator(f"#conversation-{introduction.pk}")).to_contain_text("Blocked")
    follow(pat.get_by_role("link", name="People you have blocked"))
    follow(pat.get_by_role("button", name="Unblock Bea"))
    expect(pat.locator("#no-blocks")).to_be_visible()

    team = new_page()
    sign_in_browser(team, cast.team)
    team.goto("/labs/the-lab/connect/team/reports/")
    axe_check(team)
    expect(team.locator("#reports")).to_contain_text("I do not know this person")
    follow(team.get_by_role("link", name="Stop Bea from using Connect"))
    team.get_by_label("Why are you stopping them?").fill("Please talk to us before writing to people again.")
    follow(team.get_by_role("button", name="Stop them using Connect"))
    expect(team.locator("#stops")).to_contain_text("Bea")
    expect(team.locator("#no-reports")).to_be_visible()
