"""Deleting what CareLab keeps only for a while: finished background tasks, expired sessions,
and resume e-mails that were never sent. Run daily by `manage.py purge_expired` (decision 0015)."""

import contextlib
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from carelab.surveys.models import ResumeLinkRequest

# A resume e-mail still waiting after a day will not be sent: its worker was down. The address goes.
RESUME_LINK_REQUEST_HOURS = 24


@dataclass(frozen=True)
class Purged:
    task_results: int
    sessions: int
    resume_link_requests: int


def purge_expired(now=None) -> Purged:
    """Delete finished task rows older than CARELAB_TASK_RESULT_DAYS, expired sessions, and stale
    resume-link requests. Tasks still waiting or running are never touched."""
    now = now or timezone.now()
    with transaction.atomic():
        finished = DBTaskResult.objects.finished().filter(
            finished_at__lt=now - timedelta(days=settings.CARELAB_TASK_RESULT_DAYS)
        )
        task_results = finished.delete()[1].get(DBTaskResult._meta.label, 0)
        requests = ResumeLinkRequest.objects.filter(created_at__lt=now - timedelta(hours=RESUME_LINK_REQUEST_HOURS))
        resume_link_requests = requests.delete()[1].get(ResumeLinkRequest._meta.label, 0)
        sessions = _clear_expired_sessions(now)
    return Purged(task_results=task_results, sessions=sessions, resume_link_requests=resume_link_requests)


def _clear_expired_sessions(now) -> int:
    """Expired sessions, as `manage.py clearsessions` removes them, counted for the database engines."""
    if settings.SESSION_ENGINE in {"django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"}:
        return Session.objects.filter(expire_date__lt=now).delete()[0]
    # Other engines (signed cookies, cache) expire on their own or clean up in their own way.
    engine = import_module(settings.SESSION_ENGINE)
    with contextlib.suppress(NotImplementedError):
        engine.SessionStore.clear_expired()
    return 0
