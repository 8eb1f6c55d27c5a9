from datetime import timedelta

from django.utils import timezone

from carelab.surveys.models import Survey, SurveyResponse, hash_token
from carelab.surveys.tests.factories import SurveyFactory


def test_a_factory_survey_is_open_with_its_first_version(db):
    survey = SurveyFactory()
    assert survey.is_open()
    assert survey.current_version.number == 1
    assert survey.current_version.parsed() == survey.working_definition()
    assert Survey.objects.open_now().get() == survey


def test_open_and_close_dates_decide_whether_a_survey_is_open(db):
    now = timezone.now()
    not_yet = SurveyFactory(opens_at=now + timedelta(days=1))
    over = SurveyFactory(closes_at=now - timedelta(minutes=1))
    draft = SurveyFactory(draft=True)
    assert not not_yet.is_open(now) and not over.is_open(now) and not draft.is_open(now)
    assert not Survey.objects.open_now(now).exists()
    assert not_yet.is_open(now + timedelta(days=2))


def test_resume_tokens_are_long_random_and_stored_only_as_hashes():
    first, second = SurveyResponse.new_resume_token(), SurveyResponse.new_resume_token()
    assert first != second and len(first) >= 40
    assert hash_token(first) != first and len(hash_token(first)) == 64


def test_references_avoid_characters_people_misread():
    for _ in range(200):
        reference = SurveyResponse.new_reference()
        assert len(reference) == 8 and not set(reference) & set("01OI")
