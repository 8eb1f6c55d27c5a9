"""In a real browser: an XLSForm whose condition uses a later answer is refused, each problem in the error summary."""

import re

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.surveys.models import Survey
from carelab.surveys.tests.test_xlsform_later_answers import LATER_CONDITION

pytestmark = pytest.mark.browser


def test_the_team_uploads_a_form_with_a_condition_on_a_later_answer_and_is_told_where(
    new_page, sign_in_browser, cast, tmp_path
):
    form = tmp_path / "pain-survey.md"
    form.write_text(LATER_CONDITION)
    page = new_page(javascript=False)
    sign_in_browser(page, cast.team)
    page.goto("/labs/the-lab/surveys/team/upload/")
    axe_check(page)
    page.locator("input[type=file][name=file]").set_input_files(form)
    with page.expect_navigation():
        page.get_by_role("button", name="Import survey").click()
    axe_check(page)
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Correct these in pain-survey.md and upload it again.")
    expect(summary.get_by_role("link")).to_have_text(
        [
            re.compile(r"^\s*Row 3, column 'constraint': This validation uses \$\{pain_score\}, .* \(row 7\)\."),
            re.compile(r"^\s*Row 4, column 'relevant': This condition uses \$\{pain_score\}, .* \(row 7\)\."),
        ]
    )
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_file")).to_be_focused()
    assert not Survey.objects.exists()
