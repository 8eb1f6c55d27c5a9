"""The lab team's survey results in a real browser: dashboard, filters, free-text reader, downloads
and the summary to share.

Every page is checked with axe; the dashboard and the reader work the same with JavaScript off.
"""

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.surveys.models import ExportAudit
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.results_data import known_responses

pytestmark = pytest.mark.browser

RESULTS = "/labs/the-lab/surveys/team/launch/results/"


@pytest.fixture
def survey(cast):
    survey = SurveyFactory(lab=cast.lab, slug="launch", title="Share your experience")
    known_responses(survey)  # four submitted, two unfinished
    return survey


def follow(locator):
    """Click, and wait until the page it leads to has loaded."""
    with locator.page.expect_navigation():
        locator.click()


def open_details(page, summary_text):
    """Open a <details> (it needs no script: Chromium opens it with or without JavaScript)."""
    details = page.locator("details").filter(has=page.get_by_text(summary_text, exact=True))
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    expect(details).to_have_attribute("open", "")
    return details


def counts_table(page, question):
    return page.locator(f"#question-{question} table").first


def test_the_team_reads_the_dashboard_filters_it_and_compares_answers(new_page, sign_in_browser, cast, survey):
    page = new_page(javascript=False)
    sign_in_browser(page, cast.team)
    page.goto(RESULTS)
    axe_check(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Results: Share your experience")
    expect(page.locator(".carelab-results__summary")).to_contain_text("4 responses submitted")
    expect(page.locator(".carelab-results__summary")).to_contain_text("2 not finished")
    # Each chart is drawn on the server, with a table of its numbers under "Show the numbers".
    expect(page.locator("#question-roles svg")).to_have_count(1)
    roles = counts_table(page, "roles")
    expect(roles).to_be_hidden()
    page.locator("#question-roles summary").click()
    axe_check(page)
    expect(roles.get_by_role("row", name=re.compile("I work in health or care"))).to_contain_text("50.0%")
    expect(page.locator(".carelab-results__completion tbody tr")).not_to_have_count(0)
    expect(page.get_by_role("heading", name="Instrument scores")).to_be_visible()

    # Filter to the people who live with pain.
    filters = open_details(page, "Filter and compare")
    filters.get_by_label("Only people who answered").select_option("lives_with_pain=yes")
    follow(filters.get_by_role("button", name="Show results"))
    axe_check(page)
    expect(page).to_have_url(re.compile(r"where=lives_with_pain%3Dyes"))
    expect(page.locator(".carelab-results__summary")).to_contain_text("3 responses submitted that match your filters")
    # The download form keeps the filters.
    expect(page.locator('form.carelab-results__export input[name="where"]')).to_have_value("lives_with_pain=yes")

    # A mistake in the dates is explained, and what was chosen is kept.
    filters = open_details(page, "Filter and compare")
    filters.get_by_label("Submitted on or after").fill("2026-02-01")
    filters.get_by_label("Submitted on or before").fill("2026-01-01")
    follow(filters.get_by_role("button", name="Show results"))
    axe_check(page)
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "The end date must be the same as or after the start date"
    )
    expect(page.get_by_label("Only people who answered")).to_have_value("lives_with_pain=yes")

    # Everyone again, compared by another choice question.
    filters = open_details(page, "Filter and compare")
    filters.get_by_label("Submitted on or after").fill("")
    filters.get_by_label("Submitted on or before").fill("")
    filters.get_by_label("Only people who answered").select_option("")
    filters.get_by_label("Compare answers by").select_option("lives_with_pain")
    follow(filters.get_by_role("button", name="Show results"))
    axe_check(page)
    expect(page.get_by_role("heading", level=2, name=re.compile("^Compared by:"))).to_contain_text(
        "Do you live with persistent back or neck pain?"
    )
    expect(page.locator(".carelab-results__summary")).to_contain_text("4 responses submitted.")
    expect(page.locator(".carelab-results__crosstab").first.get_by_role("columnheader", name="Yes")).to_be_visible()
    follow(page.get_by_role("link", name="Clear filters"))
    axe_check(page)
    expect(page.get_by_role("heading", name=re.compile("^Compared by:"))).to_have_count(0)


def test_the_team_reads_and_searches_the_free_text_answers(new_page, sign_in_browser, cast, survey):
    page = new_page(javascript=False)
    sign_in_browser(page, cast.team)
    page.goto(RESULTS)
    axe_check(page)

    follow(page.get_by_role("link", name=re.compile(r"^Read the 3 answers to: What has helped you most\?")))
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("What has helped you most?")
    answers = page.locator(".carelab-free-text__answer")
    expect(answers).to_have_count(3)
    # The answer with a phone number is marked, and its markup shown as text, never run.
    flagged = answers.filter(has_text="07700 900123")
    expect(flagged).to_contain_text("May contain personal data")
    expect(flagged.locator("blockquote mark")).to_have_text("Suspected phone number: 07700 900123")
    expect(flagged.locator("blockquote")).to_have_text("Call me on Suspected phone number: 07700 900123 <b>please</b>")
    expect(flagged.locator("b")).to_have_count(0)

    # The team can hide what looks like personal data, and show it again.
    follow(page.get_by_role("link", name="Hide suspected personal data"))
    axe_check(page)
    expect(answers.nth(1).locator("blockquote")).to_have_text("Call me on [phone number removed] <b>please</b>")
    expect(page.locator("main")).not_to_contain_text("07700")
    follow(page.get_by_role("link", name="Show the answers as written"))
    axe_check(page)
    expect(answers.nth(1).locator("mark")).to_have_count(1)

    search = open_details(page, "Search and filter")
    search.get_by_label("Search the answers").fill("WALKING")
    follow(search.get_by_role("button", name="Show results"))
    axe_check(page)
    expect(page.locator(".carelab-results__count")).to_have_text("1 answer containing “WALKING”.")
    expect(answers).to_have_count(1)
    expect(answers).to_contain_text("Walking and swimming")

    search = open_details(page, "Search and filter")
    search.get_by_label("Search the answers").fill("nobody wrote this")
    follow(search.get_by_role("button", name="Show results"))
    axe_check(page)
    expect(page.get_by_role("main")).to_contain_text("No answers match your search and filters.")

    follow(page.get_by_role("link", name="Clear search and filters"))
    axe_check(page)
    expect(answers).to_have_count(3)
    follow(page.get_by_role("link", name="Back to the results"))
    axe_check(page)


def download(page, link):
    """Click a download link; the file's name and bytes."""
    with page.expect_download() as event:
        link.click()
    download = event.value
    return download.suggested_filename, download.path().read_bytes()


def test_the_team_downloads_the_answers_the_codebook_and_contact_details_on_request(
    new_page, sign_in_browser, cast, survey
):
    page = new_page(javascript=False)
    sign_in_browser(page, cast.team)
    page.goto(RESULTS)
    axe_check(page)

    name, content = download(page, page.get_by_role("button", name="Download as CSV", exact=True))
    assert re.fullmatch(r"launch-\d{4}-\d{2}-\d{2}\.csv", name)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 4
    assert "what_helped" in rows[0]
    assert not any(cell.startswith("=") for row in rows[1:] for cell in row)  # formulas neutralised
    assert any("07700 900123" in cell for row in rows for cell in row)

    name, content = download(page, page.get_by_role("button", name="Download as Excel (XLSX)"))
    assert name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    assert len(list(sheet.iter_rows())) == 1 + 4

    # With redaction ticked, the phone number in a written answer is replaced, and the audit says so.
    page.get_by_label("Redact suspected personal data in free-text answers").check()
    name, content = download(page, page.get_by_role("button", name="Download as CSV", exact=True))
    text = content.decode("utf-8-sig")
    assert "07700" not in text and "Call me on [phone number removed] <b>please</b>" in text
    assert ExportAudit.objects.filter(redacted_personal_data=True).count() == 1

    name, content = download(page, page.get_by_role("link", name="Download the codebook (CSV)"))
    assert name == "launch-codebook.csv"
    assert "what_helped" in content.decode("utf-8-sig")

    assert not ExportAudit.objects.filter(with_contact_details=True).exists()
    open_details(page, "Download with contact details")
    name, content = download(page, page.get_by_role("link", name="Download as CSV with contact details"))
    assert "first@example.org" in content.decode("utf-8-sig")
    audit = ExportAudit.objects.get(with_contact_details=True)
    assert audit.user == cast.team
    # Downloads leave the dashboard showing; nothing else was loaded.
    expect(page.get_by_role("heading", level=1)).to_have_text("Results: Share your experience")


def test_the_team_opens_the_summary_to_share_and_compares_answers(new_page, sign_in_browser, cast, survey):
    page = new_page(javascript=False)
    sign_in_browser(page, cast.team)
    page.goto(RESULTS)
    axe_check(page)
    follow(page.get_by_role("link", name="summary to share").first)
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Summary to share: Share your experience")
    # Four responses: every count is under 5.
    expect(page.locator(".carelab-summary__submitted")).to_have_text("fewer than 5 responses submitted.")
    expect(page.locator("main")).to_contain_text("Do not share them.")
    page.get_by_label("Compare answers by").select_option(label="Do you live with persistent back or neck pain?")
    follow(page.get_by_role("button", name="Show the summary"))
    axe_check(page)
    expect(page.locator(".carelab-summary__crosstab").first).to_contain_text("fewer than 5")
    name, content = download(page, page.get_by_role("link", name="Download this summary (CSV)"))
    assert name.startswith("launch-summary-") and "<5" in content.decode("utf-8-sig")
