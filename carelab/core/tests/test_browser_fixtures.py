"""The browser-test layer checks itself: the accessibility guard, axe, sign-in by cookie."""

import asyncio
from functools import partial

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import (
    Visit,
    axe_check,
    axe_verdicts,
    page_log,
    pages_missing_axe_check,
    problems_after_test,
    skip_axe_check,
    take_console_errors,
)

FORM_PAGE = """<!DOCTYPE html><html lang="en-GB"><head><title>Form</title></head>
<body><main><h1>Form</h1><form><input type="hidden" name="csrfmiddlewaretoken" value="{token}">
<label for="name">Your name</label><input id="name" name="name"></form></main></body></html>"""
BROKEN_PAGE = """<!DOCTYPE html><html lang="en-GB"><head><title>Broken</title></head>
<body><main><h1>Broken</h1><img src="/static/carelab/logo.svg"></main></body></html>"""


def fulfil_with(body, route):
    route.fulfill(content_type="text/html", body=body)


def fulfil_with_a_token(tokens, route):
    fulfil_with(FORM_PAGE.format(token=next(tokens)), route)


def test_guard_reports_a_page_that_was_shown_but_never_checked():
    visits = [
        Visit("http://testserver/privacy/", loaded=True, checked=True),
        Visit("http://testserver/cookies/", loaded=True),
        Visit("http://testserver/privacy/", loaded=True),
    ]

    assert pages_missing_axe_check(visits) == ["http://testserver/cookies/", "http://testserver/privacy/"]


def test_excusing_a_page_from_the_check_needs_a_reason():
    with pytest.raises(ValueError, match="Say why"):
        skip_axe_check(object(), "")


def test_guard_accepts_excused_pages_and_ignores_blank_tabs():
    visits = [
        Visit("about:blank"),
        Visit("http://testserver/healthz", loaded=True, skip_reason="JSON for load balancers"),
        Visit("http://testserver/help-now/", loaded=True, checked=True),
    ]

    assert pages_missing_axe_check(visits) == []


@pytest.mark.browser
def test_guard_sees_every_page_a_tab_loads_but_not_moves_within_a_page(page, live_server):
    page.goto("/privacy/")
    axe_check(page)
    page.goto("/privacy/#maincontent")  # the same page: no new check needed
    page.goto("/cookies/")
    page.reload()  # a new document at the same address, like a form shown again with errors
    axe_check(page)

    # Only the page showing was checked; the first /cookies/ was never checked while it showed.
    assert pages_missing_axe_check(page_log(page).visits) == [f"{live_server.url}/cookies/"]
    page.goto("/healthz")
    skip_axe_check(page, "JSON for load balancers, not a page")
    assert pages_missing_axe_check(page_log(page).visits) == [f"{live_server.url}/cookies/"]
    page_log(page).visits[-3].checked = True  # this test is about the record; let it end cleanly


@pytest.mark.browser
def test_end_of_test_check_reports_unchecked_pages_and_console_errors(page, live_server):
    page.goto("/privacy/")
    with page.expect_console_message():
        page.evaluate("() => console.error('Something broke')")

    problems = problems_after_test([page])

    assert problems == [
        f"{live_server.url}/privacy/ was shown but not checked: call axe_check(page) while it is showing.",
        f"console error: Something broke ({live_server.url}/privacy/)",
    ]
    axe_check(page)
    take_console_errors(page)
    assert problems_after_test([page]) == []


@pytest.mark.browser
def test_guard_watches_a_page_opened_by_the_test_itself(page, live_server):
    page.goto("/privacy/")
    axe_check(page)

    second = page.context.new_page()
    second.goto("/cookies/")

    assert pages_missing_axe_check(page_log(second).visits) == [f"{live_server.url}/cookies/"]
    axe_check(second)


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_axe_check_fails_with_a_readable_list_of_problems(new_page, live_server, javascript):
    page = new_page(javascript=javascript)
    page.route(f"{live_server.url}/broken/", lambda route: route.fulfill(content_type="text/html", body=BROKEN_PAGE))
    page.goto("/broken/")

    with pytest.raises(pytest.fail.Exception) as failure:
        axe_check(page)

    message = str(failure.value)
    assert f"on {live_server.url}/broken/" in message
    assert "- image-alt (critical): Images must have alternative text" in message
    assert "at img: Fix any of the following" in message
    assert page_log(page).visits[-1].checked


@pytest.mark.browser
def test_a_page_exactly_like_one_already_checked_gets_its_answer_and_any_difference_is_checked_again(
    new_page, live_server
):
    """axe's answer is kept by what axe reads of the page (decision 0044): a problem found once is found
    on the same page again, a page that differs only in its CSRF token gets the same answer, and a page
    that differs in what someone typed, in its markup or in whether JavaScript ran is checked afresh."""
    for javascript in (True, False):
        page = new_page(javascript=javascript)
        page.route(f"{live_server.url}/broken/", partial(fulfil_with, BROKEN_PAGE))
        tokens = iter(["first-token", "second-token", "third-token"])  # each load its own, as each session
        page.route(f"{live_server.url}/form/", partial(fulfil_with_a_token, tokens))
        for _ in range(2):
            page.goto("/broken/")
            runs, reused = axe_verdicts.runs, axe_verdicts.reused
            with pytest.raises(pytest.fail.Exception, match="image-alt"):
                axe_check(page)
        assert (axe_verdicts.runs, axe_verdicts.reused) == (runs, reused + 1)  # the second time, reused

        page.goto("/form/")
        axe_check(page)
        page.goto("/form/")
        runs, reused = axe_verdicts.runs, axe_verdicts.reused
        axe_check(page)
        assert (axe_verdicts.runs, axe_verdicts.reused) == (runs, reused + 1)  # only the CSRF token differs
        page.get_by_label("Your name").fill(f"Sam {javascript}")
        page.evaluate("() => document.activeElement.blur()")  # focus as before: only the value differs
        axe_check(page)
        assert axe_verdicts.runs == runs + 1  # the same markup with a name typed: checked again
        page.evaluate("() => document.querySelector('h1').textContent = 'Changed'")
        axe_check(page)
        assert axe_verdicts.runs == runs + 2


@pytest.mark.browser
def test_team_member_signed_in_by_cookie_sees_the_team_link(page, sign_in_browser, cast):
    sign_in_browser(page, cast.team)

    page.goto(cast.lab.get_absolute_url())
    axe_check(page)

    expect(page.get_by_role("link", name="Tam Team")).to_be_visible()
    expect(page.get_by_role("link", name="Manage this lab")).to_be_visible()


@pytest.mark.browser
def test_anonymous_visitor_has_no_session_from_another_test(page, cast):
    page.goto(cast.lab.get_absolute_url())
    axe_check(page)

    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.get_by_role("link", name="Manage this lab")).to_have_count(0)


@pytest.mark.browser
def test_other_tests_do_not_inherit_playwrights_event_loop(chromium_session):
    # Between browser tests Playwright's loop is set aside, so asyncio works as usual.
    assert asyncio.run(asyncio.sleep(0, result="ran")) == "ran"
