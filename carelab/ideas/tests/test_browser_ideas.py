"""Ideas in a real browser, with JavaScript off (decision 0044): a member proposes an idea linked to an insight,
a participant supports it, and the lab team moves it to "developing" with a reason everyone reads."""

import re

import pytest
from playwright.sync_api import expect

from carelab.browser_fixtures import axe_check
from carelab.ideas.models import Idea
from carelab.insights.tests.factories_insights import AreaFactory, PublishedInsightFactory

pytestmark = pytest.mark.browser

TITLE = "How might we ask about mood at every back pain appointment?"


def follow(link_or_button):
    """Click, and wait until the page it leads to has loaded."""
    with link_or_button.page.expect_navigation():
        link_or_button.click()


def test_an_idea_is_proposed_supported_and_moved_on_by_the_lab_team(new_page, sign_in_browser, cast):
    PublishedInsightFactory(lab=cast.lab, statement="Pain and mood are rarely asked about together")
    AreaFactory(lab=cast.lab, name="Joined-up care")
    author = new_page(javascript=False)
    sign_in_browser(author, cast.member)
    supporter = new_page(javascript=False)
    sign_in_browser(supporter, cast.participant)
    team = new_page(javascript=False)
    sign_in_browser(team, cast.team)

    # The member finds Ideas in the lab menu and proposes one; a first try without words shows the error.
    author.goto("/labs/the-lab/")
    axe_check(author)
    follow(author.get_by_role("link", name="Ideas", exact=True).first)
    axe_check(author)
    follow(author.get_by_role("link", name="Propose an idea"))
    axe_check(author)
    follow(author.get_by_role("button", name="Propose your idea"))
    axe_check(author)
    expect(author.locator(".nhsuk-error-summary")).to_contain_text("Enter your idea")
    author.get_by_label("Your idea").fill(TITLE)
    author.get_by_label("Tell us more (optional)").fill("A short question about mood, asked kindly.")
    author.get_by_label("Pain and mood are rarely asked about together").check()
    author.get_by_label("Joined-up care").check()
    follow(author.get_by_role("button", name="Propose your idea"))
    axe_check(author)
    expect(author.locator(".nhsuk-notification-banner")).to_contain_text("Your idea is published")
    expect(author.locator("#idea-title")).to_have_text(TITLE)
    expect(author.locator("#idea-insights")).to_contain_text("Pain and mood are rarely asked about together")
    idea = Idea.objects.get()

    # A participant supports it from the list.
    supporter.goto("/labs/the-lab/ideas/")
    axe_check(supporter)
    follow(supporter.get_by_role("link", name=TITLE))
    axe_check(supporter)
    follow(supporter.get_by_role("button", name="Support this idea"))
    axe_check(supporter)
    expect(supporter.locator("#supporters")).to_have_text("1 supporter")
    expect(supporter.get_by_role("button", name="Withdraw your support")).to_be_visible()

    # The lab team moves it on, with a reason; everyone reads it in the history.
    team.goto(idea.get_absolute_url())
    axe_check(team)
    follow(team.get_by_role("link", name="Move to another stage"))
    axe_check(team)
    team.get_by_label("Developing").check()
    follow(team.get_by_role("button", name="Move the idea"))
    axe_check(team)
    expect(team.locator(".nhsuk-error-summary")).to_contain_text("Enter the reason for the move")
    expect(team.get_by_label("Developing")).to_be_checked()
    team.get_by_label("Why?").fill("Two local Minds will try it in their drop-in groups.")
    follow(team.get_by_role("button", name="Move the idea"))
    axe_check(team)
    expect(team).to_have_url(re.compile(re.escape(idea.get_absolute_url()) + "#history$"))
    expect(team.locator("#idea-meta")).to_contain_text("Developing")

    author.reload()
    axe_check(author)
    expect(author.locator("#stage-history")).to_contain_text("Proposed to Developing")
    expect(author.locator("#stage-history")).to_contain_text("Two local Minds will try it in their drop-in groups.")
    expect(author.locator("#supporters")).to_have_text("1 supporter")
