"""Background tasks are stored in the database with their arguments and results: ids only (decision 0015)."""

import importlib
import json
import re
import smtplib
import traceback

import pytest
from django.apps import apps
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.test import override_settings
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from carelab.accounts.models import User
from carelab.accounts.tests.everything import person_who_did_everything, run_the_task_worker
from carelab.core.email import EmailNotSent, send_email
from carelab.evidence.actions_library import add_attachment
from carelab.evidence.tests.factories import EvidenceItemFactory
from carelab.insights.actions_coding import add_survey_answers
from carelab.insights.suggestions import start_theme_run
from carelab.lib.text_extract import TEXT
from carelab.surveys import tasks as survey_tasks

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def carelab_tasks() -> set[str]:
    """Every @task in CareLab's apps, by the path the database backend stores."""
    found = set()
    for app_config in apps.get_app_configs():
        if not app_config.name.startswith("carelab."):
            continue
        try:
            module = importlib.import_module(f"{app_config.name}.tasks")
        except ModuleNotFoundError:
            continue
        found |= {value.module_path for value in vars(module).values() if isinstance(value, Task)}
    return found


def stored_text(row: DBTaskResult) -> str:
    return " ".join([json.dumps(row.args_kwargs, ensure_ascii=False), json.dumps(row.return_value), row.traceback])


@override_settings(TASKS=DATABASE_TASKS)
def test_every_task_is_queued_and_finished_holding_no_address_name_token_or_link(
    cast, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        everything = person_who_did_everything(cast)
        # The lab team asks for themes in the person's answers: a task that reads their words.
        add_survey_answers(cast.lab, everything.survey, "what_helped")
        add_survey_answers(cast.lab, everything.survey, "one_change")
        start_theme_run(cast.lab, sources=cast.lab.coding_sources.all(), by=cast.team)
        # The lab team attaches a file whose name holds the person's name; its text is read in the background.
        item = EvidenceItemFactory(lab=cast.lab)
        file_name = f"notes from {everything.person.display_name}.txt"
        add_attachment(item, b"What helped was being believed.", file_name, TEXT, by=cast.team)
    call_command("send_moderation_digests", stdout=None)
    survey_tasks.delete_expired_survey_drafts.enqueue()
    queued = list(DBTaskResult.objects.all())
    assert {row.task_path for row in queued} == carelab_tasks(), "every kind of task is queued by this test"

    run_the_task_worker(monkeypatch)

    rows = list(DBTaskResult.objects.all())
    assert {row.status for row in rows} == {"SUCCESSFUL"}
    sent = " ".join(message.body for message in mail.outbox)
    assert "/resume/" in sent and "/unsubscribe/" in sent  # the e-mails do carry links with tokens
    tokens = set(re.findall(r"/(?:resume|unsubscribe)/([^/\s]+)/", sent))
    names = [name for name in User.objects.values_list("display_name", flat=True) if name]
    emails = list(User.objects.values_list("email", flat=True))
    for row in rows:
        text = stored_text(row)
        assert "@" not in text and "http" not in text and "/" not in text, (row.task_path, text)
        assert not [identifier for identifier in [*names, *emails, *tokens] if identifier in text], row.task_path


def test_a_mail_server_refusal_is_raised_without_the_address(monkeypatch):
    # The address is built here, not written out, so that the traceback's source lines do not hold it.
    address = "@".join(["sam", "example.org"])

    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({address: (550, f"No such user {address}".encode())})

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", refuse)
    with pytest.raises(EmailNotSent) as raised:
        send_email(address, "Hello", "Body")
    stored = "".join(traceback.format_exception(raised.value))
    assert address not in stored and "SMTPRecipientsRefused" in stored
