"""Making sense in Chromium: one team member groups codes into a theme and an area and writes an
insight with JavaScript off; a second reviews and publishes it with JavaScript on; a visitor reads it
from the lab menu. axe checks every page."""

import pytest
from playwright.sync_api import expect

from carelab.accounts.tests.factories import UserFactory
from carelab.browser_fixtures import axe_check
from carelab.insights.models import Insight, Quote
from carelab.insights.tests.factories_coding import CodeFactory, CodingFactory, ExcerptFactory, SourceFactory
from carelab.insights.tests.factories_insights import QuoteFactory
from carelab.labs.models import Role
from carelab.labs.tests.factories import MembershipFactory

pytestmark = pytest.mark.browser

M = "/labs/the-lab/insights/making-sense"


def follow(locator):
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def test_an_insight_is_written_reviewed_by_a_second_person_published_and_read(new_page, sign_in_browser, cast):
    code = CodeFactory(lab=cast.lab, name="Being believed")
    text = "My GP believed me."
    source = SourceFactory(lab=cast.lab, kind="survey_answer", group="Lived experience", text=text)
    CodingFactory(excerpt=ExcerptFactory(source=source, start=0, end=len(text)), code=code, coder=cast.team)
    QuoteFactory(lab=cast.lab, status=Quote.Status.PUBLISHED, text="Being believed changed everything.")
    second = UserFactory(email="second@example.org", display_name="Sam Second")
    MembershipFactory(lab=cast.lab, user=second, role=Role.TEAM)

    # The author, without JavaScript.
    author = new_page(javascript=False)
    sign_in_browser(author, cast.team)
    author.goto("/labs/the-lab/team/")
    axe_check(author)
    follow(author.get_by_role("link", name="Themes, areas and insights"))
    follow(author.get_by_role("button", name="Add a theme"))
    author.get_by_label("Name").fill("Believed first")
    author.get_by_label("Being believed (1 coding)").check()
    follow(author.get_by_role("button", name="Save theme"))
    expect(author.locator("#no-area h3")).to_have_text("Believed first (1 coding)")
    follow(author.get_by_role("button", name="Add an area of opportunity"))
    author.get_by_label("Name").fill("The first appointment")
    author.get_by_label("Believed first").check()
    follow(author.get_by_role("button", name="Save area"))
    follow(author.get_by_role("link", name="Insights", exact=True).last)
    follow(author.get_by_role("button", name="Write an insight"))
    author.get_by_label("The insight, in a sentence or two").fill("People in pain want to be believed first.")
    author.get_by_label("What lies behind it (optional)").fill("We heard this **again and again**.")
    author.get_by_label("Believed first").check()
    author.get_by_label("The first appointment").check()
    follow(author.get_by_role("button", name="Save insight"))
    author.get_by_label("Excerpts coded with").select_option(label="Being believed")
    follow(author.get_by_role("button", name="Show these"))
    author.locator("#choose-excerpt").get_by_label(text, exact=False).check()
    follow(author.locator("#choose-excerpt").get_by_role("button", name="Add the ones chosen"))
    author.locator("#choose-quote").get_by_label("Being believed changed everything.", exact=False).check()
    follow(author.locator("#choose-quote").get_by_role("button", name="Add the ones chosen"))
    follow(author.get_by_role("link", name="Done: back to the insight"))
    expect(author.locator("#strength-summary")).to_have_text("Backed by 1 excerpt from 1 respondent group and 1 quote.")
    expect(author.locator("#review-refusal")).to_contain_text("another member of the lab team must review it")
    insight = Insight.objects.get()
    assert insight.status == Insight.Status.DRAFT

    # A second member of the team, with JavaScript.
    reviewer = new_page()
    sign_in_browser(reviewer, second)
    reviewer.goto(f"{M}/insights/{insight.pk}/")
    axe_check(reviewer)
    follow(reviewer.get_by_role("button", name="Mark as reviewed"))
    follow(reviewer.get_by_role("button", name="Publish"))
    expect(reviewer.locator("#insight-status")).to_contain_text("Published")

    # Anyone, from the lab menu.
    visitor = new_page()
    visitor.goto("/labs/the-lab/")
    axe_check(visitor)
    follow(visitor.get_by_role("link", name="Insights", exact=True).first)
    follow(visitor.get_by_role("link", name="People in pain want to be believed first."))
    expect(visitor.locator("#quotes figcaption")).to_have_text("Lab participant, lived experience, North West")
    expect(visitor.locator("#insight-detail strong")).to_have_text("again and again")
    expect(visitor.locator("#strength-summary")).to_have_text(
        "Backed by 1 excerpt from 1 respondent group and 1 quote."
    )
