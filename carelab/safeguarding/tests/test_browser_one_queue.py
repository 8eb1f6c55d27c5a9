"""Words that suggest someone may be at risk, written in a comment, an application and an event
registration, in a real browser with JavaScript off (decision 0044) and axe on every page: each writer is shown
where to get help at once, and the lab team finds all three in the one safeguarding queue, filters it
by source and follows the link to where the words were written."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from carelab.accounts.tests.factories import UserFactory
from carelab.browser_fixtures import axe_check
from carelab.comments.models import Comment
from carelab.comments.tests.factories import CommentFactory, CommentPolicyFactory, PolicyAcceptanceFactory
from carelab.events.tests.factories import EventFactory
from carelab.participants.models import Application
from carelab.participants.tests.factories import LabTopicFactory
from carelab.posts.tests.factories import PostFactory
from carelab.safeguarding.models import SafeguardingFlag
from carelab.safeguarding.tests.risk_words import make_urgent_by_the_labs_phrase

pytestmark = pytest.mark.browser


def follow(locator):
    """Click, and wait until the page it leads to has loaded."""
    with locator.page.expect_navigation():
        locator.click()


def expect_help_now(page):
    panel = page.locator("#help-now")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("If you are struggling, help is here")
    expect(panel).to_contain_text("116 123")


def test_urgent_words_from_three_places_show_help_at_once_and_reach_the_one_queue(new_page, sign_in_browser, cast):
    phrase = make_urgent_by_the_labs_phrase(cast.lab)
    post = PostFactory(lab=cast.lab, title="Launch", slug="launch")
    policy = CommentPolicyFactory(lab=cast.lab, version=1)
    commenter = UserFactory(display_name="Casey Commenter")
    PolicyAcceptanceFactory(user=commenter, policy=policy)
    last_week = timezone.now() - timedelta(days=7)
    CommentFactory.create_batch(cast.lab.trusted_after_approved, post=post, author=commenter, created_at=last_week)
    LabTopicFactory(lab=cast.lab, name="Sleep")
    event = EventFactory(lab=cast.lab, title="Living with pain")

    # A trusted commenter: held all the same, and shown where to get help.
    page = new_page(javascript=False)
    sign_in_browser(page, commenter)
    page.goto(post.get_absolute_url())
    axe_check(page)
    page.get_by_label("Your comment").fill(f"Thank you. Some nights I think about {phrase}.")
    follow(page.get_by_role("button", name="Post comment"))
    axe_check(page)
    expect(page).to_have_url(re.compile(r"#help-now$"))
    expect_help_now(page)
    held = page.locator("article.carelab-comment").filter(has_text="Some nights")
    expect(held).to_contain_text("Awaiting moderation")

    # An applicant: help on the check page, and again once it is sent.
    applicant = new_page(javascript=False)
    sign_in_browser(applicant, UserFactory(display_name="Avery Applicant"))
    applicant.goto("/labs/the-lab/participants/apply/")
    axe_check(applicant)
    applicant.get_by_label("I have lived experience of the problems this lab is about").check()
    applicant.get_by_label("Where are you?").select_option(label="Yorkshire and the Humber")
    applicant.get_by_label("Why would you like to take part? (optional)").fill(f"Lately {phrase} is on my mind.")
    applicant.get_by_label(re.compile("I agree that the lab team can use what I write")).check()
    follow(applicant.get_by_role("button", name="Continue"))
    axe_check(applicant)
    expect_help_now(applicant)
    follow(applicant.get_by_role("button", name="Send my application"))
    axe_check(applicant)
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Your application")
    expect_help_now(applicant)

    # Someone registering for an event, in the access-needs answer.
    registrant = new_page(javascript=False)
    sign_in_browser(registrant, cast.participant)
    registrant.goto(f"/labs/the-lab/events/{event.pk}/register/")
    axe_check(registrant)
    registrant.get_by_label(re.compile("Is there anything we can do")).fill(f"Captions. And {phrase}.")
    follow(registrant.get_by_role("button", name="Register"))
    axe_check(registrant)
    expect(registrant.get_by_role("heading", level=1)).to_contain_text("Living with pain")
    expect_help_now(registrant)

    # The lab team: one queue, filtered by source, each linked to where it was written.
    team = new_page(javascript=False)
    sign_in_browser(team, cast.team)
    team.goto("/labs/the-lab/safeguarding/")
    axe_check(team)
    rows = team.locator("#flags tbody tr")
    expect(rows).to_have_count(3)
    team.get_by_label("Written in").select_option("comment")
    follow(team.get_by_role("button", name="Show flags"))
    axe_check(team)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Comment on “Launch”")
    expect(rows.first).to_contain_text("Written by Casey Commenter")
    follow(rows.first.get_by_role("link", name=re.compile("Open the comment")))
    axe_check(team)
    expect(team.get_by_role("heading", level=1)).to_have_text("History of a comment")
    expect(team.locator("#comment-risk")).to_contain_text(phrase)
    expect(team.get_by_role("button", name="Approve and publish")).to_be_visible()

    team.goto("/labs/the-lab/safeguarding/?source=application")
    axe_check(team)
    follow(rows.first.get_by_role("link", name="Application to take part", exact=True))
    axe_check(team)
    expect(team.get_by_role("heading", level=1)).to_have_text("Flag: Application to take part")
    expect(team.locator("#flag-writer")).to_contain_text("Avery Applicant")
    follow(team.locator("#flag-source-link"))
    axe_check(team)
    expect(team.get_by_role("heading", level=1)).to_have_text("Application from Avery Applicant")
    expect(team.locator("#safeguarding-flag")).to_contain_text("Flagged for safeguarding review")

    team.goto("/labs/the-lab/safeguarding/?source=event_registration")
    axe_check(team)
    follow(rows.first.get_by_role("link", name=re.compile("Open the event's registrations")))
    axe_check(team)
    expect(team.get_by_role("heading", level=1)).to_have_text("Registrations")
    expect(team.locator("#registrations a.carelab-flagged")).to_have_count(1)

    assert Comment.objects.get(author=commenter, status=Comment.Status.PENDING).risk_level == "urgent"
    assert Application.objects.get(applicant__display_name="Avery Applicant").status == "submitted"
    assert sorted(SafeguardingFlag.objects.values_list("source_kind", flat=True)) == [
        "application",
        "comment",
        "event_registration",
    ]
