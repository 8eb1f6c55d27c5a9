"""What `make run` shows: e-mails queued by the site, sent by the task worker beside the server, printed by
the console e-mail backend, with every link on the port the site runs on (SITE_URL, from HOST and PORT)."""

import re

from django.core.management import call_command
from django.test import override_settings

from carelab.accounts.tests.everything import run_the_task_worker
from carelab.comments.tests.factories import CommentFactory
from carelab.events import actions as event_actions
from carelab.events.tests.factories import EventFactory
from carelab.participants import actions as participant_actions
from carelab.participants.models import Application
from carelab.participants.tests.factories import ApplicationFactory
from carelab.posts.tests.factories import PostFactory
from carelab.updates import actions as update_actions
from carelab.updates.tests.factories import UpdateFactory

RUNNING_SITE = "http://127.0.0.1:8123"
AS_MAKE_RUN = {
    "SITE_URL": RUNNING_SITE,
    "TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
    "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
}


@override_settings(**AS_MAKE_RUN)
def test_the_digest_a_registration_confirmation_and_an_update_print_with_links_to_the_running_site(
    cast, capsys, monkeypatch, django_capture_on_commit_callbacks
):
    lab = cast.lab
    CommentFactory(post=PostFactory(lab=lab, title="Launch"), author=cast.member, pending=True)
    with django_capture_on_commit_callbacks(execute=True):
        event = EventFactory(lab=lab, title="Pacing workshop", summary="See [the notes](/labs/the-lab/posts/).")
        event_actions.register(event=event, user=cast.participant)
        draft = ApplicationFactory(lab=lab, applicant=cast.member, status=Application.Status.DRAFT, submitted_at=None)
        participant_actions.submit_application(draft, cast.member)
        update_actions.choose_emails(cast.participant, lab, wants_email=True)
        update = UpdateFactory(lab=lab, subject="Survey open", body="[Go](/labs/the-lab/)")
        update_actions.send_update(update, by=cast.team)
    call_command("send_moderation_digests", stdout=None)
    capsys.readouterr()

    run_the_task_worker(monkeypatch)

    printed = capsys.readouterr().out
    for subject in (
        "CareLab: 1 comment and 0 reports waiting in The lab",
        "CareLab: You have a place: Pacing workshop",
        "CareLab: We have your application to The lab",
        "CareLab: Survey open",
    ):
        assert f"Subject: {subject}" in printed
    links = re.findall(r"(?:https?://[^\s\"'<>)]+|href=\"[^\"]*\")", printed)
    ours = [link for link in links if "example.org" not in link]  # the event's joining link is elsewhere
    assert len(ours) > 15
    for link in ours:
        assert link.removeprefix('href="').startswith(RUNNING_SITE + "/"), link
    assert f"the notes ({RUNNING_SITE}/labs/the-lab/posts/)" in printed
    assert f'href="{RUNNING_SITE}/labs/the-lab/"' in printed
