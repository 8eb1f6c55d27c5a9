"""The lab team works a flag in a real browser, with JavaScript off (decision 0044), axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.safeguarding.models import FlagEvent, SafeguardingFlag
from carelab.safeguarding.tests.factories import SafeguardingFlagFactory
from carelab.surveys.tests.factories import SurveyFactory

pytestmark = pytest.mark.browser


def follow(locator):
    """Click, and wait until the page it leads to has loaded."""
    with locator.page.expect_navigation():
        locator.click()


def test_the_lab_team_opens_the_queue_and_closes_a_flag(page_without_js, sign_in_browser, cast):
    page = page_without_js
    survey = SurveyFactory(lab=cast.lab, title="Share your experience")
    flag = SafeguardingFlagFactory(
        lab=cast.lab,
        survey=survey,
        contact=True,
        reasons=["risk_phrase"],
        details={"phrases": ["can't go on"], "questions": ["what_helped"]},
    )
    closed = SafeguardingFlagFactory(lab=cast.lab, survey=survey)
    SafeguardingFlag.objects.filter(pk=closed.pk).update(status="closed")
    sign_in_browser(page, cast.team)

    page.goto("/labs/the-lab/team/")
    axe_check(page)
    expect(page.locator("#safeguarding-open")).to_have_text("1 open")
    follow(page.get_by_role("link", name="Safeguarding review"))
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Safeguarding review")
    rows = page.locator("#flags tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Words matched a risk phrase: “can't go on”")
    expect(rows.first.locator(".nhsuk-tag")).to_have_text("New")

    # The filter is a plain form: it works the same with JavaScript off.
    page.get_by_label("Show").select_option("all")
    follow(page.get_by_role("button", name="Show flags"))
    axe_check(page)
    expect(rows).to_have_count(2)

    follow(page.get_by_role("link", name=f"Survey answers: Share your experience, response {flag.response_reference}"))
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Flag for response {flag.response_reference}")
    expect(page.locator("#flag-contact")).to_contain_text("Yes")

    # Closing without an outcome explains what is needed; then it closes.
    follow(page.get_by_role("button", name="Close flag"))
    axe_check(page)
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the outcome: what was decided and done")
    page.get_by_label("Outcome").fill("Reviewed against our plan. The lab lead sent the support e-mail.")
    follow(page.get_by_role("button", name="Close flag"))
    axe_check(page)
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Flag closed.")
    expect(page.locator("#flag-status")).to_have_text("Closed")
    last = page.locator("#flag-history tbody tr").last
    expect(last).to_contain_text("Closed")
    expect(last).to_contain_text("Tam Team")
    expect(last).to_contain_text("The lab lead sent the support e-mail.")
    expect(page.get_by_role("button", name="Reopen flag")).to_be_visible()
    assert FlagEvent.objects.filter(flag=flag, action="closed", actor=cast.team).count() == 1

    follow(page.get_by_role("link", name="Back to safeguarding review"))
    axe_check(page)
    expect(page.locator("#no-flags")).to_have_text("No flags are open.")
    expect(page).to_have_url(re.compile(r"/labs/the-lab/safeguarding/$"))
