"""The public pages in a real browser, with JavaScript on and off."""

import re

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check, take_console_errors
from carelab.labs.tests.factories import LabFactory, PhaseFactory

pytestmark = pytest.mark.browser


def test_anonymous_visitor_reads_a_lab_home_page(page_with_and_without_js):
    page = page_with_and_without_js
    lab = LabFactory(title="Back pain and low mood", question="How can care meet people's needs?")
    PhaseFactory(lab=lab, name="Research and discovery")

    page.goto(lab.get_absolute_url())
    axe_check(page)

    expect(page).to_have_title("Back pain and low mood – CareLab")
    expect(page.get_by_role("heading", level=1)).to_have_text("Back pain and low mood")
    expect(page.locator("#lab-question")).to_have_text("How can care meet people's needs?")
    expect(page.get_by_role("main")).to_contain_text("Happening now: Research and discovery")


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/help-now/", "Need help now?"),
        ("/privacy/", "Privacy notice"),
        ("/accessibility/", "Accessibility statement"),
        ("/cookies/", "Cookies"),
    ],
)
def test_anonymous_visitor_reads_the_safety_and_trust_pages(page_with_and_without_js, url, heading):
    page = page_with_and_without_js
    page.goto(url)
    axe_check(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("link", name="Need help now?").first).to_be_visible()
    expect(page.get_by_text("CareLab is not a crisis service.").first).to_be_visible()


def test_keyboard_user_reaches_need_help_now_straight_after_the_header(page_with_and_without_js):
    page = page_with_and_without_js
    page.goto("/privacy/")
    axe_check(page)

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    for _ in range(10):
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        if focused.get_attribute("href") == "/help-now/":
            break
    else:
        pytest.fail("Ten presses of Tab did not reach 'Need help now?'")
    expect(focused).to_have_text("Need help now?")
    expect(page.locator("main :focus")).to_have_count(0)

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/help-now/$"))
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Need help now?")
    expect(page.get_by_role("main")).to_contain_text("116 123")


def test_skip_link_takes_keyboard_users_to_the_main_content(page_with_and_without_js):
    page = page_with_and_without_js
    page.goto("/help-now/")
    axe_check(page)

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    # The next stop is the first link in the main content, past the header and help bar.
    expect(page.locator("main a").first).to_be_focused()


def test_nhs_frontend_scripts_run_under_the_content_security_policy(page):
    script_loads = {}
    page.on("response", lambda response: script_loads.__setitem__(response.url.rsplit("/", 1)[-1], response.status))

    page.goto("/help-now/")
    axe_check(page)

    assert script_loads.get("init.mjs") == 200
    assert script_loads.get("nhsuk-frontend.min.js") == 200
    expect(page.locator("body")).to_contain_class("js-enabled nhsuk-frontend-supported")
    # initAll() marks each component it has set up.
    expect(page.locator(".nhsuk-skip-link")).to_have_attribute("data-nhsuk-skip-link-init", "")
    assert take_console_errors(page) == []


def test_without_javascript_the_page_is_plain_html(page_without_js):
    page = page_without_js
    page.goto("/help-now/")
    axe_check(page)

    expect(page.locator("body")).not_to_contain_class("js-enabled")
    expect(page.locator(".nhsuk-skip-link")).not_to_have_attribute("data-nhsuk-skip-link-init", "")


def test_content_security_policy_refuses_a_script_slipped_into_a_page(page):
    page.goto("/privacy/")
    axe_check(page)

    with page.expect_console_message(lambda message: message.type == "error"):
        ran = page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.slippedIn = true";
                document.body.append(script);
                return window.slippedIn === true;
            }"""
        )

    assert ran is False
    errors = take_console_errors(page)
    assert any("Content Security Policy" in error for error in errors), errors
