"""A quote's journey in Chromium, with JavaScript off (decision 0044): a team member makes a quote from a coded
answer whose person agreed to be quoted and redacts it; a second team member approves and publishes it;
the person withdraws their consent and the team's page says the quote was withdrawn and why. axe checks
every page."""

import pytest
from playwright.sync_api import expect

from carelab.accounts.tests.factories import UserFactory
from carelab.browser_fixtures import axe_check
from carelab.insights.models import Quote, Source
from carelab.insights.tests.factories_coding import CodingFactory, ExcerptFactory, SourceFactory
from carelab.labs.models import Role
from carelab.labs.tests.factories import MembershipFactory
from carelab.surveys.actions.changing import withdraw_survey_consent
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.seed import seed_response

pytestmark = pytest.mark.browser

WORDS = "Dr Patel in Leeds listened to me. The group helped."


@pytest.fixture
def coded_answer(cast):
    survey = SurveyFactory(lab=cast.lab, slug="launch")
    response = seed_response(survey, {"what_helped": WORDS, "where": "north_west"})
    response.consents = {"quote": {"wording": "You may quote me without my name.", "version": "1"}}
    response.save(update_fields=["consents"])
    source = SourceFactory(
        lab=cast.lab,
        kind=Source.Kind.SURVEY_ANSWER,
        survey_response=response,
        question="what_helped",
        text=WORDS,
        group="Lived experience",
    )
    CodingFactory(excerpt=ExcerptFactory(source=source, start=0, end=33), code__name="Being listened to")
    return source


def follow(locator):
    with locator.page.expect_navigation():
        locator.click()
    axe_check(locator.page)


def test_a_quote_is_made_redacted_approved_published_and_withdrawn(new_page, sign_in_browser, cast, coded_answer):
    team = new_page(javascript=False)
    sign_in_browser(team, cast.team)
    team.goto(f"/labs/the-lab/insights/coding/sources/{coded_answer.pk}/")
    axe_check(team)
    follow(team.get_by_role("link", name="Make a quote from part 1"))
    expect(team.locator("#attribution")).to_have_text("Lab participant, lived experience, North West")
    follow(team.get_by_role("button", name="Make the quote"))

    # The redaction page ticks what it suggests; leave "Leeds" in, and take the name out.
    expect(team.get_by_role("heading", level=1)).to_have_text("Take out anything that could identify someone")
    team.get_by_label("Place: “Leeds”").uncheck()
    expect(team.get_by_label("Name: “Patel”")).to_be_checked()
    follow(team.get_by_role("button", name="Save the redactions"))
    expect(team.locator(".carelab-quote blockquote")).to_have_text("“Dr [name] in Leeds listened to me.”")
    expect(team.locator("#approval-refusal")).to_contain_text("another member of the lab team approves")

    second = UserFactory(display_name="Second Reader")
    MembershipFactory(lab=cast.lab, user=second, role=Role.TEAM)
    reader = new_page(javascript=False)
    sign_in_browser(reader, second)
    reader.goto(team.url)
    axe_check(reader)
    follow(reader.get_by_role("button", name="Check and approve"))
    expect(reader.locator("#checks")).to_contain_text("place")
    follow(reader.get_by_role("button", name="Approve the quote"))
    expect(reader.locator(".nhsuk-error-summary")).to_contain_text("Tick to say")
    reader.get_by_label("I have read the quote and the checks, and it identifies no one").check()
    follow(reader.get_by_role("button", name="Approve the quote"))
    follow(reader.get_by_role("button", name="Publish the quote"))
    expect(reader.locator("#quote-state")).to_contain_text("Published")
    assert Quote.objects.published().get().text == "Dr [name] in Leeds listened to me."

    # The person withdraws their consent to be quoted: the quote goes at once, and the team is told why.
    withdraw_survey_consent(coded_answer.survey_response, "quote")
    assert not Quote.objects.published().exists()
    team.goto("/labs/the-lab/insights/quotes/?state=published")
    axe_check(team)
    expect(team.locator("#states")).to_contain_text("Withdrawn (1)")
    follow(team.get_by_role("link", name="Withdrawn (1)"))
    expect(team.locator("#withdrawn")).to_contain_text("The person withdrew their consent to be quoted.")
    expect(team.locator("#withdrawn")).not_to_contain_text("listened")
