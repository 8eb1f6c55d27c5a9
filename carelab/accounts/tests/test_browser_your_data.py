"""Your data in a real browser, with JavaScript off (decision 0044), axe on every page: a participant reads what
CareLab holds about them, downloads it as JSON, reads what deleting their account would do, and
deletes it."""

import json
import re

import pytest
from playwright.sync_api import expect

from carelab.accounts.models import User
from carelab.accounts.tests.factories import PASSWORD
from carelab.browser_fixtures import axe_check
from carelab.comments.tests.factories import CommentFactory
from carelab.events.tests.factories import RegistrationFactory

pytestmark = pytest.mark.browser


def follow(locator):
    """Click, wait until the page it leads to has loaded, and check it for accessibility."""
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def test_a_participant_sees_downloads_and_then_deletes_their_data(page_without_js, sign_in_browser, cast):
    page = page_without_js
    CommentFactory(author=cast.participant, post__lab=cast.lab, body="Pacing helps me on bad days.")
    RegistrationFactory(
        user=cast.participant, event__lab=cast.lab, event__title="Ideas workshop", access_needs="Captions"
    )
    sign_in_browser(page, cast.participant)

    page.goto("/accounts/profile/")
    axe_check(page)
    follow(page.get_by_role("link", name="See your data"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")
    comments = page.locator("#section-comments")
    expect(comments).to_contain_text("Pacing helps me on bad days.")
    expect(comments).to_contain_text("If you delete your account: Your words are deleted")
    expect(page.locator("#section-event-registrations")).to_contain_text("Captions")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^Download your data as a file")).click()
    download = download_info.value
    assert re.fullmatch(r"carelab-your-data-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    with open(download.path(), encoding="utf-8") as saved:
        data = json.load(saved)
    assert data["sections"]["comments"]["records"][0]["Your comment"] == "Pacing helps me on bad days."
    assert data["sections"]["account"]["records"][0]["Display name"] == "Pat Participant"

    follow(page.locator("main").get_by_role("link", name="delete your account"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    expect(page.locator("#what-we-remove")).to_contain_text("Your event registrations (1)")
    expect(page.locator("#what-we-keep")).to_contain_text("Your comments (1): Your words are deleted")

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand that this cannot be undone").check()
    follow(page.get_by_role("button", name="Delete my account"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Your account has been deleted")
    assert not User.objects.filter(pk=cast.participant.pk).exists()
