"""Importing references in a real browser, with JavaScript off (decision 0044), axe on every page.

The lab team uploads a broken BibTeX file (nothing imported, the line named), then a PubMed file and a
Scopus CSV holding a paper already imported, and reads the report.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.evidence.models import EvidenceItem

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parents[2] / "lib" / "tests" / "references"


def upload(page, name: str):
    page.locator("input[type=file][name=file]").set_input_files(
        files=[{"name": name, "mimeType": "application/octet-stream", "buffer": (FIXTURES / name).read_bytes()}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Import references").click()
    axe_check(page)


def test_lab_team_imports_references_and_reads_the_report(page_without_js, sign_in_browser, cast):
    page = page_without_js
    sign_in_browser(page, cast.team)
    page.goto("/labs/the-lab/evidence/import/")
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Import references into the evidence library")

    upload(page, "broken.bib")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Line 6: This BibTeX entry is broken")
    expect(summary).to_contain_text("Nothing was imported")
    assert not EvidenceItem.objects.exists()

    upload(page, "pubmed.nbib")
    expect(page.locator("#import-summary")).to_have_text("3 imported, 0 duplicates, 0 skipped")
    upload(page, "scopus.csv")
    expect(page.locator("#import-summary")).to_have_text("2 imported, 1 duplicates, 0 skipped")
    expect(page.locator("#import-duplicates li")).to_contain_text(["Line 2 matches 'Depression, anxiety"])
    assert EvidenceItem.objects.for_lab(cast.lab).count() == 5
