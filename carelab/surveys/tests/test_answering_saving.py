"""Saving a page of answers: one statement when the draft is as the page read it, and nothing lost or
changed after the fact when another tab saved or submitted it in between."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carelab.surveys.actions.answering import ResponseAlreadySubmitted, save_section, start_response, submit_response
from carelab.surveys.models import SurveyResponse
from carelab.surveys.tests.factories import SurveyFactory

CONSENTS = {"take_part": {}, "health_data": {}}


@pytest.fixture
def draft(db):
    response, _token = start_response(SurveyFactory(), consents=CONSENTS)
    return response


def read_again(response) -> SurveyResponse:
    """The draft as another tab's request reads it."""
    return SurveyResponse.objects.select_related("survey__lab", "version").get(pk=response.pk)


def test_a_page_saved_over_the_draft_it_read_is_one_write_and_no_read(draft):
    tab = read_again(draft)
    with CaptureQueriesContext(connection) as statements:
        save_section(tab, 2, {"roles": ["carer"], "lives_with_pain": "yes"})
    written = [
        query["sql"] for query in statements.captured_queries if query["sql"].lstrip().startswith(("UPDATE", "SELECT"))
    ]
    assert len(written) == 1
    assert written[0].startswith("UPDATE")
    saved = read_again(draft)
    assert saved.answers.items() >= {"roles": ["carer"], "lives_with_pain": "yes"}.items()
    assert saved.last_section == 2
    assert tab.updated_at == saved.updated_at  # the caller's copy is the row as saved: its next page writes at once


def test_a_page_from_a_tab_that_read_the_draft_earlier_keeps_what_another_tab_saved(draft):
    first_tab, second_tab = read_again(draft), read_again(draft)
    save_section(first_tab, 2, {"roles": ["carer"], "lives_with_pain": "yes"})
    save_section(second_tab, 3, {"listened_to": "agree", "what_helped": "Walking"})
    saved = read_again(draft)
    both_pages = {"roles": ["carer"], "lives_with_pain": "yes", "listened_to": "agree", "what_helped": "Walking"}
    assert saved.answers.items() >= both_pages.items()
    assert saved.last_section == 3
    assert second_tab.answers == saved.answers
    assert second_tab.updated_at == saved.updated_at  # so the tab's next page is one write again


def test_a_page_from_a_tab_that_read_the_draft_before_it_was_submitted_changes_nothing(draft):
    save_section(draft, 2, {"roles": ["carer"], "lives_with_pain": "yes"})
    stale_tab = read_again(draft)
    submitted, _ = submit_response(read_again(draft))
    with pytest.raises(ResponseAlreadySubmitted):
        save_section(stale_tab, 2, {"roles": ["professional"], "lives_with_pain": "no"})
    after = read_again(draft)
    assert after.status == SurveyResponse.Status.SUBMITTED
    assert after.answers == submitted.answers
    assert after.answers["roles"] == ["carer"]


def test_the_language_a_page_was_answered_in_is_kept_and_none_leaves_it(draft):
    save_section(draft, 2, {"roles": ["carer"], "lives_with_pain": "yes"}, language="cy")
    assert read_again(draft).language == "cy"
    save_section(draft, 3, {"listened_to": "agree"})
    assert read_again(draft).language == "cy"
