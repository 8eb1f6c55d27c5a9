"""The lab team asks for suggested themes, watches a run's progress and accepts a theme, then takes a
suggested code on the coding page with one click: in Chromium with JavaScript on and off, axe on every page."""

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.insights import actions_coding
from carelab.insights.models import Coding, SuggestionRun
from carelab.insights.tests.factories_coding import CodeFactory
from carelab.insights.tests.test_suggestions import GP, SLEEP
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.seed import seed_response

pytestmark = pytest.mark.browser

P = "/labs/the-lab/insights/coding"


def follow(locator):
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


@pytest.mark.parametrize("javascript", [False, True])
def test_the_team_accepts_a_suggested_theme_and_a_suggested_code(new_page, sign_in_browser, cast, javascript):
    survey = SurveyFactory(lab=cast.lab, slug="launch", title="Share your experience")
    for text in SLEEP + GP:
        seed_response(survey, {"what_helped": text})
    actions_coding.add_survey_answers(cast.lab, survey, "what_helped")
    page = new_page(javascript=javascript)
    sign_in_browser(page, cast.team)

    page.goto(f"{P}/suggestions/")
    axe_check(page)
    page.get_by_label("Suggest themes in").select_option(index=1)
    page.get_by_label("How many themes (optional)").fill("2")
    follow(page.get_by_role("button", name="Suggest themes"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Suggested themes")
    expect(page.locator(".carelab-theme")).to_have_count(2)
    first = page.locator("#theme-0")
    first.get_by_label("Name").fill("Nights")
    follow(first.get_by_role("button", name="Accept as a code"))
    expect(page.locator("#theme-0")).to_contain_text("Accepted")
    assert Coding.objects.filter(code__name="Nights", coder=cast.team).exists()

    # A run still going: a progress bar, and a page that checks again by itself until told not to.
    run = SuggestionRun.objects.create(
        lab=cast.lab, kind="themes", status="running", request={"scope": "Answers"}, done=4, total=10
    )
    page.goto(f"{P}/suggestions/{run.pk}/?refresh=off")
    axe_check(page)
    expect(page.locator("progress#run-progress")).to_have_attribute("value", "4")
    expect(page.locator("#progress-text")).to_contain_text("40%")

    # Code suggestions: four coded answers of each kind teach two codes; the others get suggestions.
    Coding.objects.all().delete()
    sources = list(cast.lab.coding_sources.order_by("pk"))
    sleep, gp = CodeFactory(lab=cast.lab, name="Sleep"), CodeFactory(lab=cast.lab, name="GP care")
    for source in sources[:4]:
        actions_coding.code_span(source, 0, len(source.text), [sleep], cast.team)
    for source in sources[5:9]:
        actions_coding.code_span(source, 0, len(source.text), [gp], cast.team)
    page.goto(f"{P}/questions/{survey.pk}/what_helped/")
    axe_check(page)
    suggested = page.locator(f"#suggested-{sources[4].pk}")
    expect(suggested.get_by_role("heading")).to_contain_text("Suggested: Sleep")
    follow(suggested.get_by_role("button", name="Code as Sleep"))
    assert Coding.objects.filter(excerpt__source=sources[4], code=sleep).exists()
    expect(page.locator(f"#suggested-{sources[4].pk}")).to_have_count(0)
