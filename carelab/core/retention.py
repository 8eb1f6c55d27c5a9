"""Deleting what CareLab keeps only for a while: finished background tasks, expired sessions, and
whatever each app keeps for a short time. Run daily by `manage.py purge_expired` (decision 0015).

An app that keeps something only for a while has a `retention.py` module with `purge(now)`, which
deletes what has expired and returns `[(how many, "what, in the singular")]`. They are found in the
order of INSTALLED_APPS, as "Your data" finds `personal_data.py` modules, so core imports no app.
"""

import contextlib
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


@dataclass(frozen=True)
class Purged:
    task_results: int
    sessions: int
    # From each app's retention module: (how many, what in the singular), for example (1, "unsent resume e-mail").
    from_apps: tuple[tuple[int, str], ...] = ()


def retention_modules() -> list:
    modules = []
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.retention"
        if app_config.name.startswith("carelab.") and app_config.name != "carelab.core" and find_spec(name):
            modules.append(import_module(name))
    return modules


def purge_expired(now=None) -> Purged:
    """Delete finished task rows older than CARELAB_TASK_RESULT_DAYS, expired sessions, and what each
    app's retention module says has expired. Tasks still waiting or running are never touched."""
    now = now or timezone.now()
    with transaction.atomic():
        finished = DBTaskResult.objects.finished().filter(
            finished_at__lt=now - timedelta(days=settings.CARELAB_TASK_RESULT_DAYS)
        )
        task_results = finished.delete()[1].get(DBTaskResult._meta.label, 0)
        from_apps = tuple(counted for module in retention_modules() for counted in module.purge(now))
        sessions = _clear_expired_sessions(now)
    return Purged(task_results=task_results, sessions=sessions, from_apps=from_apps)


def _clear_expired_sessions(now) -> int:
    """Expired sessions, as `manage.py clearsessions` removes them, counted for the database engines."""
    if settings.SESSION_ENGINE in {"django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"}:
        return Session.objects.filter(expire_date__lt=now).delete()[0]
    # Other engines (signed cookies, cache) expire on their own or clean up in their own way.
    engine = import_module(settings.SESSION_ENGINE)
    with contextlib.suppress(NotImplementedError):
        engine.SessionStore.clear_expired()
    return 0
