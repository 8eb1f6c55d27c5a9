"""Unfinished answers linked to an account: signing in (in any browser) and opening the survey takes
the person back to where they left off, and their survey answers page lists the draft. The
anonymous path, keyed by the session and the resume link, is unchanged."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from carelab.accounts.tests.factories import UserFactory
from carelab.core.tests.html import parse, text_of
from carelab.surveys.models import SurveyResponse
from carelab.surveys.tests.factories import SurveyFactory
from carelab.surveys.tests.test_answering_journey import ABOUT_YOU, CONSENT, section_url, start, url

LINKED = {**CONSENT, "link_account": "on"}


@pytest.fixture
def survey(db):
    return SurveyFactory(slug="launch", title="Share your experience")


@pytest.fixture
def person(db):
    return UserFactory(email="someone@example.org")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def started_and_linked(user, survey) -> SurveyResponse:
    """Start in one browser, linked to the account, and answer page 2."""
    client = signed_in(user)
    start(client, survey, LINKED)
    client.post(section_url(survey, 2), ABOUT_YOU)
    return SurveyResponse.objects.get(user=user)


def test_opening_the_survey_in_another_browser_takes_a_signed_in_person_to_where_they_left_off(survey, person):
    draft = started_and_linked(person, survey)
    other_browser = signed_in(person)
    response = other_browser.get(url(survey, "start"))
    assert response.status_code == 302 and response["Location"] == section_url(survey, 3)
    page = parse(other_browser.get(response["Location"]))
    assert "taken you to where you left off" in text_of(page.select_one(".nhsuk-notification-banner, main"))
    # The answers go on into the same response.
    other_browser.post(section_url(survey, 3), {"pain_today": "4"})
    draft.refresh_from_db()
    assert draft.answers["pain_today"] == 4 and SurveyResponse.objects.count() == 1


def test_the_page_says_the_answers_are_saved_to_the_account_when_there_is_no_resume_link_here(survey, person):
    started_and_linked(person, survey)
    other_browser = signed_in(person)
    other_browser.get(url(survey, "start"))
    page = parse(other_browser.get(section_url(survey, 3)))
    assert page.select_one("#resume-link") is None
    assert "saved after every page, to your account" in text_of(page.select_one(".carelab-resume-link"))


def test_signing_in_from_the_survey_comes_back_to_the_draft(survey, person):
    started_and_linked(person, survey)
    browser = Client()
    start_page = parse(browser.get(url(survey, "start")))
    link = start_page.select_one(".carelab-survey-sign-in a")
    assert link["href"] == f"/accounts/login/?next={url(survey, 'start')}"
    browser.force_login(person)  # what signing in does; the `next` page is then opened
    assert browser.get(url(survey, "start"))["Location"] == section_url(survey, 3)


def test_once_back_the_start_page_offers_to_carry_on_or_start_again(survey, person):
    started_and_linked(person, survey)
    browser = signed_in(person)
    browser.get(url(survey, "start"))
    again = browser.get(url(survey, "start"))
    assert again.status_code == 200
    assert "Carry on where you left off" in text_of(parse(again).select_one("main"))


def test_a_draft_this_browser_is_answering_comes_before_one_linked_to_the_account(survey, person):
    started_and_linked(person, survey)
    browser = signed_in(person)
    start(browser, survey)  # a new, unlinked draft in this browser
    assert browser.get(url(survey, "start")).status_code == 200
    assert SurveyResponse.objects.count() == 2


def test_nobody_else_gets_the_draft(survey, person):
    started_and_linked(person, survey)
    assert signed_in(UserFactory()).get(url(survey, "start")).status_code == 200
    assert Client().get(url(survey, "start")).status_code == 200


def test_an_unlinked_draft_is_not_found_by_signing_in(survey, person):
    client = signed_in(person)
    start(client, survey)  # not linked
    assert signed_in(person).get(url(survey, "start")).status_code == 200


def test_a_draft_kept_past_the_surveys_limit_is_not_resumed(survey, person):
    draft = started_and_linked(person, survey)
    SurveyResponse.objects.filter(pk=draft.pk).update(
        updated_at=timezone.now() - timedelta(days=survey.draft_retention_days + 1)
    )
    assert signed_in(person).get(url(survey, "start")).status_code == 200


def test_a_sent_response_is_not_resumed(survey, person):
    draft = started_and_linked(person, survey)
    SurveyResponse.objects.filter(pk=draft.pk).update(status=SurveyResponse.Status.SUBMITTED)
    assert signed_in(person).get(url(survey, "start")).status_code == 200


def test_the_anonymous_path_is_unchanged(survey):
    browser = Client()
    start(browser, survey)
    browser.post(section_url(survey, 2), ABOUT_YOU)
    again = browser.get(url(survey, "start"))
    assert again.status_code == 200
    assert parse(browser.get(section_url(survey, 3))).select_one("#resume-link") is not None


def test_your_survey_answers_lists_the_unfinished_ones_to_carry_on_with(survey, person, client_for):
    started_and_linked(person, survey)
    other = SurveyFactory(slug="other", title="Someone else's")
    start(signed_in(UserFactory()), other, LINKED)
    page = parse(signed_in(person).get("/survey-answers/"))
    links = page.select("#your-unfinished-surveys a")
    assert [(text_of(link), link["href"]) for link in links] == [
        ("Carry on with Share your experience", url(survey, "start"))
    ]


def test_your_survey_answers_takes_the_same_number_of_queries_however_many_drafts(
    person, django_assert_num_queries, db
):
    client = signed_in(person)
    client.get("/survey-answers/")  # warm the session
    # Each count follows a write, so nothing kept from the visit before is used.
    for number in range(1, 4):
        start(client, SurveyFactory(slug=f"survey-{number}"), LINKED)
    with django_assert_num_queries(5):
        page = parse(client.get("/survey-answers/"))
    assert len(page.select("#your-unfinished-surveys li")) == 3
    for number in range(4, 8):
        start(client, SurveyFactory(slug=f"survey-{number}"), LINKED)
    with django_assert_num_queries(5):
        page = parse(client.get("/survey-answers/"))
    assert len(page.select("#your-unfinished-surveys li")) == 7
