"""A driver diagram built in a real browser, with JavaScript off (decision 0044), axe on every page."""

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check, take_console_errors
from carelab.improvement.models import TeamMember
from carelab.improvement.tests.factories import TeamMemberFactory, TestTeamFactory

pytestmark = pytest.mark.browser


def follow(locator):
    """Click, and wait until the page it leads to has loaded and been checked."""
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def add(page, link_name, text, kind=None):
    # "Add a primary driver" is a link drawn as a button (role="button"); the others are plain links.
    role = "button" if link_name == "Add a primary driver" else "link"
    follow(page.get_by_role(role, name=link_name))
    if kind:
        page.get_by_role("radio", name=kind).check()
    page.get_by_role("textbox").fill(text)
    follow(page.get_by_role("button", name="Save"))


def test_a_team_member_builds_a_small_diagram(page_without_js, sign_in_browser, cast):
    team = TestTeamFactory(lab=cast.lab, name="Pain and mood clinic")
    TeamMemberFactory(team=team, user=cast.participant, role=TeamMember.Role.LEAD)
    page = page_without_js
    sign_in_browser(page, cast.participant)
    page.goto(team.get_absolute_url())
    axe_check(page)
    follow(page.get_by_role("link", name="See the driver diagram of Pain and mood clinic"))
    expect(page.get_by_text("There are no drivers yet.")).to_be_visible()

    add(page, "Add a primary driver", "People are seen quickly")
    expect(page.locator(".nhsuk-notification-banner").first).to_contain_text("Added the primary driver")
    add(page, "Add a primary driver", "Staff have time to listen")
    add(
        page,
        "Add a secondary driver or change idea under “People are seen quickly”",
        "Referrals go to one place",
        kind="Secondary driver",
    )
    add(page, "Add a change idea under “Referrals go to one place”", "Phone within 2 working days")

    # The words refused keep what was typed.
    follow(page.get_by_role("button", name="Add a primary driver"))
    page.get_by_role("textbox").fill("Ask jo@example.org")
    follow(page.get_by_role("button", name="Save"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Leave out names, e-mail addresses")
    expect(page.get_by_role("textbox")).to_have_value("Ask jo@example.org")
    # Chromium logs the refused form's 400 as a failed load; that one is expected.
    assert [error for error in take_console_errors(page) if "400" not in error] == []
    follow(page.get_by_role("link", name="Back to the diagram"))

    follow(page.get_by_role("button", name="Move up “Staff have time to listen”"))
    expect(page.locator("#drivers > li > p")).to_have_text(
        ["Primary driver: Staff have time to listen", "Primary driver: People are seen quickly"]
    )
    diagram = page.get_by_role("img", name="Driver diagram: Pain and mood clinic")
    expect(diagram).to_be_visible()
    expect(page.locator("svg.carelab-driver-diagram desc")).to_contain_text(
        "2 primary drivers, 1 secondary driver and 1 change idea"
    )

    # A driver with something under it cannot be deleted; a change idea can.
    follow(page.get_by_role("link", name="Delete “Referrals go to one place”"))
    expect(page.locator("#why")).to_contain_text("Delete those first")
    follow(page.get_by_role("link", name="Go back to the diagram"))
    follow(page.get_by_role("link", name="Delete “Phone within 2 working days”"))
    follow(page.get_by_role("button", name="Delete it"))
    expect(page.locator("#drivers")).not_to_contain_text("Phone within 2 working days")
