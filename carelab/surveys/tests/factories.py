import functools
import json
from pathlib import Path

import factory

from carelab.labs.tests.factories import LabFactory
from carelab.lib.survey_definition import definition_to_dict
from carelab.lib.xlsform import read_xlsform
from carelab.surveys.models import Survey, SurveyVersion

LAB_SURVEY_FORM = Path(__file__).resolve().parents[2] / "lib" / "tests" / "xlsforms" / "lab_survey.md"


def lab_survey_definition() -> dict:
    """The realistic test form from carelab/lib/tests/xlsforms, every question kind in it, as stored JSON.
    Each call gives a copy of its own, which the test may change."""
    return json.loads(_lab_survey_json())


@functools.cache
def _lab_survey_json() -> str:
    """Read once per test process: reading the form (and pyxform's check of it) took about 7 % of the
    survey tests' time, for the same form every time."""
    return json.dumps(definition_to_dict(read_xlsform(LAB_SURVEY_FORM)))


class SurveyFactory(factory.django.DjangoModelFactory):
    """An open survey with version 1 published. SurveyFactory(draft=True) for one not yet open."""

    class Meta:
        model = Survey
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(status=Survey.Status.DRAFT)

    lab = factory.SubFactory(LabFactory)
    slug = factory.Sequence(lambda n: f"survey-{n}")
    title = "Share your experience"
    purpose = "We want to learn what helps people living with pain and mental health problems."
    status = Survey.Status.OPEN
    definition = factory.LazyFunction(lab_survey_definition)

    @factory.post_generation
    def published(survey, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        version = SurveyVersion.objects.create(survey=survey, number=1, definition=survey.definition)
        survey.current_version = version
        survey.save(update_fields=["current_version"])
