"""The demo lab's launch survey with several hundred submitted answers, so its results are alive."""

import random
from datetime import datetime, time, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from carelab.demo.survey_answers import demo_answers
from carelab.labs.models import Lab
from carelab.surveys.actions.answering import start_response, submit_response
from carelab.surveys.actions.builder import import_survey, set_status
from carelab.surveys.answer_rows import rebuild_tallies
from carelab.surveys.forms_answering import CONSENT_STATEMENTS, CONSENT_WORDING_VERSION
from carelab.surveys.models import Survey, SurveyResponse

FORM = Path(__file__).resolve().parent / "forms" / "launch_survey.md"
SLUG = "share-your-experience"
SUBMITTED = 320
UNFINISHED = 40


def _consents(rng: random.Random) -> dict:
    given = ["take_part", "health_data"] + [name for name in ("quote", "contact") if rng.random() < 0.4]
    return {name: {"wording": CONSENT_STATEMENTS[name], "version": CONSENT_WORDING_VERSION} for name in given}


@transaction.atomic
def load_demo_survey(lab: Lab, team_member, today=None) -> Survey:
    """Import the launch survey and answer it, once: a survey that already exists is left as it is."""
    existing = Survey.objects.filter(lab=lab, slug=SLUG).first()
    if existing is not None:
        return existing
    survey = import_survey(lab, FORM, FORM.name, by=team_member)
    survey.slug = SLUG
    survey.title = "Share your experience"
    survey.purpose = (
        "We want to hear from people living with both mental health problems and persistent back or neck "
        "pain, people who care for them, and people who work with them. Your answers will shape what the lab "
        "works on this year."
    )
    survey.save(update_fields=["slug", "title", "purpose"])
    set_status(survey, Survey.Status.OPEN)

    rng = random.Random(7)  # noqa: S311 - demo content, not security
    start = timezone.make_aware(datetime.combine(lab.starts_on, time(9)))
    now = timezone.make_aware(datetime.combine(today or timezone.localdate(), time(9)))
    span = max((now - start).total_seconds(), 86_400)
    for index, answers in enumerate(demo_answers(SUBMITTED + UNFINISHED, seed=2026)):
        response, _token = start_response(survey, consents=_consents(rng))
        response.answers = answers
        # Most answers arrive in the first weeks after launch, then tail off.
        when = start + timedelta(seconds=span * min(rng.expovariate(4.0), 0.99))
        if index < SUBMITTED:
            response.save(update_fields=["answers"])
            submit_response(response, count=False)  # counted below, on the days they are dated
            SurveyResponse.objects.filter(pk=response.pk).update(
                started_at=when, submitted_at=when + timedelta(minutes=11)
            )
        else:
            response.last_section = rng.randint(1, 5)
            response.save(update_fields=["answers", "last_section"])
            SurveyResponse.objects.filter(pk=response.pk).update(started_at=when)
    rebuild_tallies(survey)
    return survey
