"""Unfinished answers are deleted after the survey's retention period; submitted ones never are."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from carelab.surveys.actions.answering import start_response
from carelab.surveys.models import SurveyResponse
from carelab.surveys.tasks import delete_expired_survey_drafts
from carelab.surveys.tests.factories import SurveyFactory


def draft(survey, days_since_saved: float, **changes) -> SurveyResponse:
    response, _token = start_response(survey, consents={})
    SurveyResponse.objects.filter(pk=response.pk).update(
        updated_at=timezone.now() - timedelta(days=days_since_saved), **changes
    )
    return response


@pytest.fixture
def surveys(db):
    return SurveyFactory(), SurveyFactory(draft_retention_days=7)


def test_the_command_deletes_drafts_older_than_each_surveys_retention_period(surveys, capsys):
    default, short = surveys
    kept = [draft(default, 29), draft(short, 6), draft(default, 45, status=SurveyResponse.Status.SUBMITTED)]
    draft(default, 31)
    draft(short, 8)
    call_command("delete_expired_survey_drafts")
    assert set(SurveyResponse.objects.values_list("pk", flat=True)) == {response.pk for response in kept}
    assert capsys.readouterr().out.strip() == "Deleted 2 unfinished survey responses."


def test_the_task_deletes_expired_drafts_too(surveys):
    default, _short = surveys
    draft(default, 31)
    assert delete_expired_survey_drafts.enqueue().return_value == 1
    assert not SurveyResponse.objects.exists()


def test_the_resume_link_email_counts_one_day_as_a_day():
    from carelab.surveys.tasks import resume_link_email

    _, one = resume_link_email("Survey", "Lab", "https://example.org/r/x", 1)
    _, thirty = resume_link_email("Survey", "Lab", "https://example.org/r/x", 30)
    assert "deleted 1 day after" in one
    assert "deleted 30 days after" in thirty
