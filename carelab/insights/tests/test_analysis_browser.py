"""The lab team compares two coders' agreement, looks at codes by group and at export and import, in
Chromium with JavaScript off and on. axe checks every page."""

import pytest
from playwright.sync_api import expect

from carelab.accounts.tests.factories import UserFactory
from carelab.browser_fixtures import axe_check
from carelab.insights import actions_coding as actions
from carelab.insights.tests.factories_coding import CodeFactory, CoderFactory, SourceFactory

pytestmark = pytest.mark.browser

P = "/labs/the-lab/insights/coding"


@pytest.fixture
def two_coders(cast):
    cleo = UserFactory(display_name="Cleo Coder")
    CoderFactory(lab=cast.lab, user=cleo)
    care = CodeFactory(lab=cast.lab, name="Care", position=0)
    exercise = CodeFactory(lab=cast.lab, name="Exercise", position=1)
    answer = SourceFactory(lab=cast.lab, text="My GP listened. Walking helped.", group="Lived experience")
    actions.code_span(answer, 0, 15, [care], cast.team)
    actions.code_span(answer, 3, 10, [care], cleo)
    actions.code_span(answer, 16, 31, [exercise], cleo)
    return cleo


def follow(locator):
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


@pytest.mark.parametrize("javascript", [False, True], ids=["javascript-off", "javascript-on"])
def test_the_team_compares_two_coders_and_finds_the_exchange_page(
    new_page, sign_in_browser, cast, two_coders, javascript
):
    page = new_page(javascript=javascript)
    sign_in_browser(page, cast.team)
    page.goto(f"{P}/codebook/")
    axe_check(page)
    follow(page.get_by_role("link", name="Agreement"))
    page.get_by_label("First coder").select_option(label="Tam Team")
    page.get_by_label("Second coder").select_option(label="Cleo Coder")
    follow(page.get_by_role("button", name="Compare"))
    expect(page.locator("#compared")).to_contain_text("2 sentences in 1 source")
    rows = page.locator("#agreement tbody tr")
    expect(rows.nth(0)).to_contain_text("100%")
    expect(rows.nth(1)).to_contain_text("50%")
    # Choosing the same coder twice is refused with a message, and the choice is kept.
    page.get_by_label("Second coder").select_option(label="Tam Team")
    follow(page.get_by_role("button", name="Compare"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose two different coders")
    follow(page.get_by_role("link", name="By group"))
    expect(page.locator("#groups")).to_contain_text("Lived experience")
    follow(page.get_by_role("link", name="Export and import"))
    follow(page.get_by_role("button", name="Import"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Select a .qdpx or .qdc file")
