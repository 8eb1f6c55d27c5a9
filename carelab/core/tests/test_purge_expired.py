"""`manage.py purge_expired`: finished task rows, expired sessions and unsent resume e-mails go on a schedule."""

import io
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from carelab.surveys.actions.answering import start_response
from carelab.surveys.models import ResumeLinkRequest
from carelab.surveys.tests.factories import SurveyFactory


def task_row(status: str, finished_days_ago: float | None) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="carelab.events.tasks.send_registration_email",
        backend_name="default",
        run_after=now,
        finished_at=None if finished_days_ago is None else now - timedelta(days=finished_days_ago),
    )


def purge() -> str:
    out = io.StringIO()
    call_command("purge_expired", stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db
def test_finished_task_rows_older_than_the_configured_days_are_deleted_and_the_rest_kept():
    old_success, old_failure = task_row("SUCCESSFUL", 8), task_row("FAILED", 30)
    recent = task_row("SUCCESSFUL", 6)
    waiting, running = task_row("READY", None), task_row("RUNNING", None)

    assert purge() == "Deleted 2 finished tasks, 0 expired sessions and 0 unsent resume e-mails."

    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert left == {recent.pk, waiting.pk, running.pk}
    assert old_success.pk not in left and old_failure.pk not in left


@pytest.mark.django_db
@override_settings(CARELAB_TASK_RESULT_DAYS=1)
def test_the_age_comes_from_the_setting():
    task_row("SUCCESSFUL", 2)
    assert purge().startswith("Deleted 1 finished task,")
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_expired_sessions_are_deleted_and_live_ones_kept():
    live, expired = SessionStore(), SessionStore()
    live["x"], expired["x"] = 1, 1
    live.create()
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))

    assert "1 expired session and" in purge()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


@pytest.mark.django_db
def test_a_resume_e_mail_never_sent_within_a_day_loses_its_address():
    survey = SurveyFactory()
    draft, _token = start_response(survey, consents={})
    stale = ResumeLinkRequest.objects.create(response=draft, email="stale@example.org")
    ResumeLinkRequest.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(hours=25))
    fresh = ResumeLinkRequest.objects.create(response=draft, email="fresh@example.org")

    assert purge().endswith("and 1 unsent resume e-mail.")
    assert list(ResumeLinkRequest.objects.values_list("pk", flat=True)) == [fresh.pk]
