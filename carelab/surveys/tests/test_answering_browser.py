"""Answering the lab survey in a real browser, with JavaScript on and off, axe on every page.

A new person starts, answers two pages, leaves, comes back through the resume link in a fresh
browser, finishes, and submits once despite a double click.
"""

import re

import pytest
from django.db import connection
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.surveys.models import Answer, SurveyResponse
from carelab.surveys.tests.factories import SurveyFactory

pytestmark = pytest.mark.browser

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


def follow(locator):
    """Click, and wait until the page it leads to has loaded."""
    with locator.page.expect_navigation():
        locator.click()


def save_and_continue(page):
    follow(page.get_by_role("button", name="Save and continue"))
    axe_check(page)


@JAVASCRIPT
def test_a_new_person_answers_leaves_resumes_elsewhere_and_submits_once(new_page, db, javascript):
    survey = SurveyFactory(slug="launch", title="Share your experience")
    first = new_page(javascript=javascript)

    first.goto(survey.get_absolute_url())
    axe_check(first)
    expect(first.get_by_role("heading", level=1)).to_have_text("Share your experience")
    # Starting without the two consents explains what is needed.
    follow(first.get_by_role("button", name="Start now"))
    axe_check(first)
    expect(first.locator(".nhsuk-error-summary")).to_contain_text("Tick the box to say you want to take part")
    first.get_by_label(re.compile("I want to take part")).check()
    first.get_by_label(re.compile("I agree that my answers")).check()
    follow(first.get_by_role("button", name="Start now"))
    axe_check(first)
    expect(first.locator(".nhsuk-caption-l")).to_contain_text("Section 1 of 4")
    save_and_continue(first)

    # About you: an "Other" answer, a number and a date; a mistake first, kept on error.
    first.get_by_label("Other, please say").check()
    first.get_by_role("textbox", name="Please say").fill("Peer support worker")
    first.get_by_role("group", name="Do you live with persistent back or neck pain?").get_by_label("Yes").check()
    first.get_by_label("For how many years have you had this pain?").fill("four")
    first.get_by_label("Day", exact=True).fill("3")
    first.get_by_label("Month", exact=True).fill("9")
    first.get_by_label("Year", exact=True).fill("2019")
    save_and_continue(first)
    expect(first.locator(".nhsuk-error-summary")).to_contain_text("Enter a whole number, like 12")
    expect(first.get_by_role("textbox", name="Please say")).to_have_value("Peer support worker")
    first.get_by_label("For how many years have you had this pain?").fill("4")
    save_and_continue(first)
    expect(first.get_by_role("heading", level=1)).to_have_text("Your experience")

    # Leave halfway: come back from the link in a fresh browser.
    resume_url = first.locator("#resume-link").get_attribute("href")
    first.context.close()
    second = new_page(javascript=javascript)
    second.goto(resume_url)
    axe_check(second)
    expect(second.get_by_role("heading", level=1)).to_have_text("Your experience")

    second.get_by_role("group", name="How bad is your pain today?").get_by_label("6", exact=True).check()
    second.get_by_role("group", name="Staff listened to me").get_by_label("Agree", exact=True).check()
    second.get_by_label("What has helped you most?").fill("A walking group run by my local Mind.")
    second.get_by_label("On an average night, how many hours do you sleep?").fill("6.5")
    save_and_continue(second)
    expect(second.get_by_role("heading", level=1)).to_have_text("How you have been feeling")
    for group in second.locator("fieldset").all():
        group.get_by_label("Several days").check()
    save_and_continue(second)

    expect(second.get_by_role("heading", level=1)).to_have_text("Check your answers before sending them")
    expect(second.get_by_role("main")).to_contain_text("Peer support worker")
    expect(second.get_by_role("main")).to_contain_text("3 September 2019")
    submit = second.get_by_role("button", name="Send my answers")
    with second.expect_navigation(url=re.compile(r"/done/$")):
        if javascript:
            submit.dblclick()
        else:
            submit.click()
    axe_check(second)
    expect(second.get_by_role("heading", level=1)).to_contain_text("your answers have been sent")

    response = SurveyResponse.objects.get()
    assert response.status == SurveyResponse.Status.SUBMITTED
    expect(second.locator("#response-reference")).to_have_text(response.reference)
    assert Answer.objects.filter(question="phq_1").count() == 1
    assert Answer.objects.filter(question="roles_other").get().text == "Peer support worker"


def test_a_double_click_that_posts_twice_still_makes_one_response(page, db):
    """Without the button's double-click guard, both posts arrive: the server still makes one response."""
    survey = SurveyFactory(slug="launch")
    page.goto(survey.get_absolute_url())
    axe_check(page)
    page.get_by_label(re.compile("I want to take part")).check()
    page.get_by_label(re.compile("I agree that my answers")).check()
    follow(page.get_by_role("button", name="Start now"))
    axe_check(page)
    page.goto(survey.get_absolute_url().rstrip("/") + "/check/")
    axe_check(page)
    page.locator("[data-prevent-double-click]").evaluate_all(
        "buttons => buttons.forEach(b => b.removeAttribute('data-prevent-double-click'))"
    )
    # Two submissions of the same form, as two tabs or a double click would send them.
    # On SQLite the test server's threads share one in-memory connection, which cannot
    # serve two requests at once (a file database in production gives each its own), so
    # there the second post follows the first; on PostgreSQL they race.
    together = connection.vendor != "sqlite"
    statuses = page.evaluate(
        """async (together) => {
            const form = document.querySelector('form[action$="/submit/"]');
            const send = () => fetch(form.action, {method: 'POST', body: new FormData(form), redirect: 'manual'});
            const answers = together ? await Promise.all([send(), send()]) : [await send(), await send()];
            return answers.map(answer => answer.type);
        }""",
        together,
    )
    assert statuses == ["opaqueredirect", "opaqueredirect"]
    assert SurveyResponse.objects.submitted().count() == 1
