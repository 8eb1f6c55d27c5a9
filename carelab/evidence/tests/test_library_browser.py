"""The lab team adds an item, attaches a file and finds it by a word in the file, with JavaScript
off (decision 0044); a participant searches the shared library. axe checks every page."""

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.evidence.models import Attachment, EvidenceItem
from carelab.evidence.tests.factories import EvidenceItemFactory
from carelab.evidence.tests.files import pdf_with_text

pytestmark = pytest.mark.browser

P = "/labs/the-lab/evidence"


def follow(locator):
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def test_the_team_adds_an_item_attaches_a_file_and_finds_it(new_page, sign_in_browser, cast, tmp_path):
    page = new_page(javascript=False)
    sign_in_browser(page, cast.team)
    page.goto(f"{P}/")
    axe_check(page)
    follow(page.get_by_role("link", name="Add an item"))

    page.get_by_label("Title").fill("")
    follow(page.get_by_role("button", name="Save the item"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter a title")

    page.get_by_label("Kind of evidence").select_option(label="Practice example")
    page.get_by_label("Title").fill("Walking group in Bolton")
    page.get_by_label("Year (optional)").fill("2023")
    page.get_by_label("Add new tags (optional)").fill("peer support")
    page.get_by_label("Share this item with the lab's participants").check()
    follow(page.get_by_role("button", name="Save the item"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Walking group in Bolton")

    report = tmp_path / "report.pdf"
    report.write_bytes(pdf_with_text("Hydrotherapy helped our members"))
    page.locator("input[type=file][name=file]").set_input_files(str(report))
    follow(page.get_by_role("button", name="Attach the file"))
    expect(page.locator("#attachments")).to_contain_text("report.pdf")
    expect(page.locator("#attachments")).to_contain_text("Text read for search and coding")
    assert Attachment.objects.get().text_status == Attachment.Text.READ

    follow(page.get_by_role("link", name="Back to the library"))
    page.get_by_label("Search the library").fill("hydrotherapy")
    follow(page.get_by_role("button", name="Search"))
    expect(page.locator("#results h3")).to_have_text(["Walking group in Bolton"])
    assert EvidenceItem.objects.get().tags.get().name == "peer support"


def test_a_participant_searches_the_shared_library(page, sign_in_browser, cast):
    EvidenceItemFactory(lab=cast.lab, title="Walks in the park", shared_with_participants=True)
    EvidenceItemFactory(lab=cast.lab, title="Walking, unshared")
    sign_in_browser(page, cast.participant)
    page.goto(f"{P}/?q=walking")
    axe_check(page)
    expect(page.locator("#results h3")).to_have_text(["Walks in the park"])
    follow(page.get_by_role("link", name="Walks in the park"))
    expect(page.locator("#item-actions")).to_have_count(0)
