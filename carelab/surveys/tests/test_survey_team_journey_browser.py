"""A lab-team member finds a survey's results and downloads by following links on pages only, from
the lab's page, with JavaScript on and off; every page is checked with axe. With JavaScript on, the
public link gets a "Copy link" button; without it, the link is a field to select."""

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

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


@pytest.fixture
def survey(cast):
    survey = SurveyFactory(lab=cast.lab, slug="launch", title="Share your experience")
    known_responses(survey)
    return survey


def follow(locator):
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def download(page, link) -> tuple[str, bytes]:
    with page.expect_download() as event:
        link.click()
    return event.value.suggested_filename, event.value.path().read_bytes()


@JAVASCRIPT
def test_a_team_member_reaches_results_and_downloads_from_the_lab_page_by_links(
    new_page, sign_in_browser, cast, survey, javascript
):
    page = new_page(javascript=javascript)
    sign_in_browser(page, cast.team)
    page.goto(cast.lab.get_absolute_url())
    axe_check(page)

    follow(page.get_by_role("link", name="Manage this lab"))
    follow(page.get_by_role("main").get_by_role("link", name="Surveys", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Surveys")

    # The list: the public link to copy, and the results.
    field = page.get_by_label(re.compile("^Link to answer the survey"))
    expect(field).to_have_value(re.compile(r"/labs/the-lab/surveys/launch/$"))
    expect(field).to_have_attribute("readonly", "")
    copy = page.get_by_role("button", name=re.compile("^Copy link"))
    if javascript:
        expect(copy).to_be_visible()
        copy.click()
        expect(page.locator(".carelab-copy-link__status")).to_have_text(
            re.compile(r"^(Link copied\.|Select the link and copy it\.)$")
        )
        axe_check(page)
    else:
        expect(copy).to_have_count(0)

    follow(page.get_by_role("link", name=re.compile(r"^Results\W+Share your experience$")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Results: Share your experience")
    contents = page.get_by_role("navigation", name="Contents of the results")
    contents.get_by_role("link", name="Completion and drop-off").click()
    expect(page).to_have_url(re.compile("#completion$"))
    axe_check(page)
    numbers = page.locator("#question-lives_with_pain details")
    numbers.locator("summary").click()
    expect(numbers.get_by_role("table")).to_be_visible()
    axe_check(page)

    # Back to the survey's own page, which links every download and each written-answers reader.
    follow(page.get_by_role("link", name="Back to the lab team page"))
    follow(page.get_by_role("main").get_by_role("link", name="Surveys", exact=True))
    follow(page.get_by_role("link", name="Share your experience", exact=True))
    downloads = page.locator(".carelab-survey-links")
    name, content = download(page, downloads.get_by_role("link", name=re.compile("^All answers as CSV")))
    assert name.startswith("launch-") and name.endswith(".csv")
    assert len(list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))) == 4
    name, content = download(page, downloads.get_by_role("link", name=re.compile(r"^All answers as Excel")))
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.max_row == 5
    name, _ = download(page, downloads.get_by_role("link", name=re.compile("^The codebook")))
    assert name == "launch-codebook.csv"
    download(page, downloads.get_by_role("link", name=re.compile("^The summary to share")))
    assert sorted(ExportAudit.objects.values_list("format", flat=True)) == ["codebook", "csv", "xlsx"]

    follow(downloads.get_by_role("link", name="Written answers to “What has helped you most?”"))
    expect(page.get_by_role("heading", level=1)).to_have_text("What has helped you most?")


def test_the_builders_buttons_do_not_touch(page, sign_in_browser, cast, survey):
    sign_in_browser(page, cast.team)
    page.goto("/labs/the-lab/surveys/team/launch/")
    axe_check(page)

    def gap(left, right) -> float:
        first, second = left.bounding_box(), right.bounding_box()
        assert first and second
        if abs(first["y"] - second["y"]) > first["height"] / 2:  # wrapped onto the next line
            return second["y"] - (first["y"] + first["height"])
        return second["x"] - (first["x"] + first["width"])

    publish = page.get_by_role("button", name=re.compile("^Publish"))
    close = page.get_by_role("button", name="Close the survey")
    assert gap(publish, close) >= 8
    section = page.locator("#section-1")
    move_down = section.get_by_role("button", name=re.compile("^Move down"))
    edit = section.get_by_role("link", name=re.compile("^Edit section"))
    assert gap(move_down, edit) >= 8
