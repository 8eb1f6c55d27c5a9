"""A profile card that needs the lab team's check, in a real browser with JavaScript off (decision 0044), axe on
every page.

Pat puts a phone number and words that suggest they may be at risk on their public card: they are shown
where to get help at once and told their card is waiting; nobody else sees it; the safeguarding queue
has a flag. The lab team asks for a change, Pat changes it, and the team approves it.
"""

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.participants.models import ProfileCard
from carelab.participants.tests.factories import ProfileCardFactory
from carelab.safeguarding.models import SafeguardingFlag

pytestmark = pytest.mark.browser

DIRECTORY = "/labs/the-lab/participants/"


def follow(locator):
    """Click, and wait until the page it leads to has loaded."""
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def visit(page, path):
    page.goto(path)
    axe_check(page)


def banner(page):
    return page.locator(".nhsuk-notification-banner")


def test_a_card_with_a_phone_number_and_risk_waits_for_the_lab_team_who_ask_for_a_change_then_approve(
    new_page, sign_in_browser, cast
):
    cast.lab.risk_phrases = "can't go on"
    cast.lab.save(update_fields=["risk_phrases"])
    card = ProfileCardFactory(lab=cast.lab, user=cast.participant, display_name="Pat", visibility="public")
    other = ProfileCardFactory(lab=cast.lab, display_name="Olu", visibility="participants").user

    pat = new_page(javascript=False)
    sign_in_browser(pat, cast.participant)
    visit(pat, "/labs/the-lab/participants/card/")
    pat.get_by_label("Ask me about (optional)").fill("Some days I can't go on. Ring me on 07700 900123")
    follow(pat.get_by_role("button", name="Save my card"))
    expect(pat.locator("#help-now")).to_contain_text("Samaritans")
    expect(pat.locator("#card-review")).to_contain_text("Your card is waiting for the lab team to check it")
    expect(pat.locator("#card-review")).to_contain_text("It seems to include a phone number.")
    expect(pat.locator("#card-review")).to_contain_text("You have not done anything wrong")

    # Nobody else sees it: not a visitor, not another participant.
    visitor = new_page(javascript=False)
    visit(visitor, DIRECTORY)
    expect(visitor.locator("#cards h3")).to_have_count(0)
    participant = new_page(javascript=False)
    sign_in_browser(participant, other)
    visit(participant, DIRECTORY)
    expect(participant.locator("#cards h3")).to_have_text(["Olu"])
    flag = SafeguardingFlag.objects.get()
    assert (flag.source_kind, flag.source_id) == ("profile_card", card.pk)

    # The lab team finds it from their dashboard and asks for a change.
    team = new_page(javascript=False)
    sign_in_browser(team, cast.team)
    visit(team, "/labs/the-lab/team/")
    expect(team.locator("#held-cards-waiting")).to_have_text("1 waiting")
    follow(team.get_by_role("link", name="Profile cards to check"))
    expect(team.locator(f"#held-card-{card.pk}")).to_contain_text("Seems to include a phone number")
    follow(team.get_by_role("link", name="Ask for a change, or see its history (Pat)"))
    follow(team.get_by_role("button", name="Ask them to change it"))
    expect(team.locator(".nhsuk-error-summary")).to_contain_text("Enter the message to the person")
    team.get_by_label("What should they change?").fill("Thank you, Pat. Could you take your phone number off?")
    follow(team.get_by_role("button", name="Ask them to change it"))
    expect(banner(team)).to_contain_text("We have emailed Pat Participant your message.")

    # Pat sees the request, and keeps only their group's helpline number.
    visit(pat, "/labs/the-lab/participants/card/")
    expect(pat.locator("#change-request")).to_contain_text("Could you take your phone number off?")
    pat.get_by_label("Ask me about (optional)").fill("Our peer group's helpline is 0300 123 3393")
    follow(pat.get_by_role("button", name="Save my card"))
    expect(pat.locator("#card-review")).to_contain_text("waiting for the lab team")
    expect(pat.locator("#help-now")).to_have_count(0)

    # The team approves: now everyone sees it, as Pat chose.
    visit(team, "/labs/the-lab/participants/team/cards/")
    follow(team.get_by_role("button", name="Approve Pat’s card"))
    expect(banner(team)).to_contain_text("Pat’s card is approved")
    expect(team.locator("#no-held-cards")).to_be_visible()
    assert ProfileCard.objects.get(pk=card.pk).review_status == "approved"
    visit(visitor, DIRECTORY)
    expect(visitor.locator("#cards h3")).to_have_text(["Pat"])
    expect(visitor.locator("#cards")).to_contain_text("0300 123 3393")
