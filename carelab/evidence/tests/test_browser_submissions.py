"""Sharing a story and reviewing it, in a real browser with JavaScript off (decision 0044), axe on every page.

A participant forgets the consent box (nothing typed is lost), sends a story, reads it on their own
list and withdraws their consent to quoting; the lab team declines it with a reason, which the
participant then reads on its page.
"""

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.evidence.models import EvidenceItem

pytestmark = pytest.mark.browser

P = "/labs/the-lab/evidence"


def submit(page, name: str):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()
    axe_check(page)


def test_a_participant_shares_a_story_and_the_lab_team_declines_it(page_without_js, sign_in_browser, cast):
    page = page_without_js
    sign_in_browser(page, cast.participant)
    page.goto(f"{P}/share/")
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Share an example or a story")

    page.get_by_label("A story: your own experience").check()
    page.get_by_label("A short title").fill("Pacing my week")
    page.get_by_label("What happened?").fill("A walking group helped me with my back and my mood.")
    page.get_by_label("Region (optional)").select_option("north_west")
    page.get_by_label("The lab team may quote my words anonymously").check()
    submit(page, "Send it to the lab team")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("agree that the lab team may use what you wrote")
    expect(page.get_by_label("A short title")).to_have_value("Pacing my week")
    expect(page.get_by_label("What happened?")).to_have_value("A walking group helped me with my back and my mood.")

    page.get_by_label("I agree that the lab team may add what I have written").check()
    submit(page, "Send it to the lab team")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pacing my week")
    expect(page.locator("#review-state")).to_have_text("Waiting for the lab team's review")
    item = EvidenceItem.objects.get()
    assert item.has_consent("quote")

    submit(page, "Withdraw my consent to quoting")
    expect(page.locator("#consents")).to_contain_text("withdrawn on")
    item.refresh_from_db()
    assert not item.has_consent("quote")

    sign_in_browser(page, cast.team)
    page.goto(f"{P}/team/submissions/")
    axe_check(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Pacing my week").click()
    axe_check(page)
    submit(page, "Decline it and e-mail the reason")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter a reason")
    page.get_by_label("Why is it not going in the library?").fill("It is about a service outside the lab's area.")
    submit(page, "Decline it and e-mail the reason")
    expect(page.locator("#nothing-waiting")).to_be_visible()

    sign_in_browser(page, cast.participant)
    page.goto(f"{P}/submissions/{item.pk}/")
    axe_check(page)
    expect(page.locator("#decline-reason")).to_contain_text("outside the lab's area")
