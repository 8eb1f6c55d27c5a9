"""Organisations in a real browser, with JavaScript off (decision 0044), axe on every page.

The lab team imports a file with bad rows (nothing is imported, each row is named), corrects it,
imports it, adds, edits and deletes an organisation; a visitor finds organisations by region.
"""

import re

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.organisations.models import Organisation

pytestmark = pytest.mark.browser

BAD_FILE = (
    "name,kind,region,website\n"
    "Tyneside Mind and Body Network,local,North East,tyneside.example.org\n"
    "Dales Listening Post,local,Yorks,\n"
    "Fenland Talking Spaces,charity,East,\n"
)
GOOD_FILE = (
    "name,kind,region,website\n"
    "Tyneside Mind and Body Network,local,North East,tyneside.example.org\n"
    "Dales Listening Post,local,Yorkshire and the Humber,\n"
    "Fenland Talking Spaces,other,East,\n"
)


def follow(locator):
    """Click, and wait until the page it leads to has loaded."""
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def upload(page, content: str):
    page.locator("input[type=file][name=file]").set_input_files(
        files=[{"name": "organisations.csv", "mimeType": "text/csv", "buffer": content.encode()}]
    )
    follow(page.get_by_role("button", name="Import organisations"))


def test_a_visitor_finds_organisations_by_region_from_the_lab_home(page_without_js, cast):
    for name, region in [("Tyneside Network", "north_east"), ("Menai Walkers", "wales"), ("Valleys Circle", "wales")]:
        Organisation.objects.create(lab=cast.lab, name=name, region=region, website="https://x.example.org")
    page = page_without_js
    page.goto(cast.lab.get_absolute_url())
    axe_check(page)
    follow(page.get_by_role("link", name="Organisations the lab works with"))
    expect(page.locator("#organisations h2")).to_have_text(["Menai Walkers", "Tyneside Network", "Valleys Circle"])

    page.get_by_label("Region").select_option(label="Wales")
    follow(page.get_by_role("button", name="Show organisations"))
    expect(page).to_have_url(re.compile(r"region=wales"))
    expect(page.locator("#organisations h2")).to_have_text(["Menai Walkers", "Valleys Circle"])
    expect(page.get_by_role("link", name="x.example.org (Menai Walkers)")).to_have_attribute("rel", "external noopener")

    page.get_by_label("Search by name").fill("valleys")
    follow(page.get_by_role("button", name="Show organisations"))
    expect(page.locator("#organisations h2")).to_have_text(["Valleys Circle"])
    follow(page.get_by_role("link", name="Clear search and filters"))
    expect(page.locator("#organisations h2")).to_have_count(3)


def test_lab_team_imports_corrects_and_keeps_the_directory(page_without_js, sign_in_browser, cast):
    page = page_without_js
    sign_in_browser(page, cast.team)
    page.goto("/labs/the-lab/team/")
    axe_check(page)
    follow(page.get_by_role("link", name="Organisations"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations")
    follow(page.get_by_role("button", name="Import from a CSV file"))

    upload(page, BAD_FILE)
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Nothing was imported")
    expect(summary.locator("li")).to_have_count(2)
    expect(summary).to_contain_text("Row 3, column region: 'Yorks' is not a region.")
    expect(summary).to_contain_text("Row 4, column kind: 'charity' is not a kind.")
    assert not Organisation.objects.exists()

    upload(page, GOOD_FILE)
    expect(page).to_have_url(re.compile(r"/labs/the-lab/organisations/team/$"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("3 organisations added")
    expect(page.locator("#team-organisations tbody tr")).to_have_count(3)

    follow(page.get_by_role("button", name="Add an organisation"))
    follow(page.get_by_role("button", name="Save organisation"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the organisation's name")
    page.get_by_label("Name", exact=True).fill("Menai Wellbeing Walkers")
    page.get_by_role("radio", name="Local organisation").check()
    page.get_by_label("Region", exact=True).select_option(label="Wales")
    page.get_by_label("Website (optional)").fill("http://menai.example.org")
    follow(page.get_by_role("button", name="Save organisation"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("starts with https://")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Menai Wellbeing Walkers")
    page.get_by_label("Website (optional)").fill("https://menai.example.org")
    follow(page.get_by_role("button", name="Save organisation"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Menai Wellbeing Walkers added")

    follow(page.get_by_role("link", name="Edit Fenland Talking Spaces"))
    page.get_by_label("Show this organisation in the lab's public directory").uncheck()
    follow(page.get_by_role("button", name="Save organisation"))
    expect(page.locator("#team-organisations")).to_contain_text("Hidden")

    follow(page.get_by_role("link", name="Delete Dales Listening Post"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete Dales Listening Post?")
    follow(page.get_by_role("button", name="Yes, delete it"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Dales Listening Post deleted")
    assert sorted(Organisation.objects.values_list("name", flat=True)) == [
        "Fenland Talking Spaces",
        "Menai Wellbeing Walkers",
        "Tyneside Mind and Body Network",
    ]
