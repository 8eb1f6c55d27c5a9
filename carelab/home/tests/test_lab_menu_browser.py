"""A lab-team member goes from the lab's page, through the lab menu, to the team dashboard and
edits a phase: with JavaScript on and off, axe-core on every page."""

from datetime import date

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check

pytestmark = pytest.mark.browser


def follow(locator):
    """Click, and wait until the page it leads to has loaded."""
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def menu_link(page, name):
    """A link in the lab menu. With JavaScript on, the header moves links that do not fit into its
    "More" list, so open that first when the link is there."""
    menu = page.get_by_role("navigation", name="Lab menu")
    link = menu.get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        menu.get_by_role("button", name="More").click()
    expect(link).to_be_visible()
    return link


def test_a_team_member_edits_a_phase_from_the_lab_page_through_the_lab_menu(
    page_with_and_without_js, sign_in_browser, cast
):
    page = page_with_and_without_js
    phase = cast.lab.phases.get()
    sign_in_browser(page, cast.team)
    page.goto(cast.lab.get_absolute_url())
    axe_check(page)
    expect(menu_link(page, "About the lab")).to_have_attribute("aria-current", "page")

    follow(menu_link(page, "Lab team"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lab team")
    expect(menu_link(page, "Lab team")).to_have_attribute("aria-current", "page")

    follow(page.get_by_role("link", name="Lab details and phases"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lab details")

    follow(page.get_by_role("link", name="Edit Making sense"))
    expect(menu_link(page, "Lab details")).to_have_attribute("aria-current", "true")
    page.get_by_label("Name of the phase").fill("")
    page.get_by_label("End date").fill("2020-01-01")
    follow(page.get_by_role("button", name="Save the phase"))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter a name for the phase")

    page.get_by_label("Name of the phase").fill("Making sense together")
    page.get_by_label("Start date").fill("2026-10-01")
    page.get_by_label("End date").fill("2026-12-31")
    follow(page.get_by_role("button", name="Save the phase"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Phase “Making sense together” saved.")
    expect(page.locator("#lab-phases")).to_contain_text("Making sense together")

    phase.refresh_from_db()
    assert (phase.name, phase.starts_on, phase.ends_on) == (
        "Making sense together",
        date(2026, 10, 1),
        date(2026, 12, 31),
    )
