"""Update e-mails: plain text and HTML, an unsubscribe link, the List-Unsubscribe headers, and the
check when the task runs that the person still wants it."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django_tasks import default_task_backend

from carelab.core.tests.html import parse, text_of
from carelab.core.tests.on_commit import queued_by_the_action
from carelab.labs.models import Membership
from carelab.updates import actions
from carelab.updates.access import unsubscribe_token
from carelab.updates.models import Delivery
from carelab.updates.tests.conftest import emails_to
from carelab.updates.tests.factories import UpdateFactory

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def send_now(django_capture_on_commit_callbacks):
    """send_now(update) sends it as the team does; its e-mails are sent when the send is committed."""

    def send(update, by):
        with django_capture_on_commit_callbacks(execute=True):
            return actions.send_update(update, by=by)

    return send


def test_the_email_has_text_and_html_an_unsubscribe_link_and_the_one_click_headers(cast, add_participant, send_now):
    anna = add_participant("Anna")
    update = UpdateFactory(
        lab=cast.lab, subject="Survey now open", body="It takes **10 minutes**.\n\n- skip any question"
    )
    send_now(update, cast.team)

    (email,) = emails_to("anna@example.org")
    link = f"{settings.SITE_URL}/labs/the-lab/updates/unsubscribe/{unsubscribe_token(anna, cast.lab)}/"
    assert email.subject == "CareLab: Survey now open"
    assert email.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    message = email.message()
    assert message["List-Unsubscribe"] == f"<{link}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    assert email.body.startswith("Hello Anna,")
    assert "It takes 10 minutes.\n\n- skip any question" in email.body  # Markdown read as plain text
    assert f"Stop getting updates by e-mail: {link}" in email.body
    assert f"{settings.SITE_URL}/labs/the-lab/updates/{update.pk}/" in email.body
    assert "Samaritans free on 116 123" in email.body

    ((html, mimetype),) = email.alternatives
    assert mimetype == "text/html"
    page = parse(html)
    assert text_of(page.find("strong")) == "10 minutes"
    assert page.find("a", string="Stop getting updates by e-mail")["href"] == link
    assert "Samaritans free on 116 123" in text_of(page)


@override_settings(SITE_URL="https://carelab.example.org")
def test_links_in_the_email_use_the_sites_address(cast, add_participant, send_now):
    add_participant("Anna")
    send_now(UpdateFactory(lab=cast.lab), cast.team)
    (email,) = mail.outbox
    assert email.extra_headers["List-Unsubscribe"].startswith("<https://carelab.example.org/labs/the-lab/updates/")


@override_settings(SITE_URL="http://127.0.0.1:8123")
def test_the_body_reads_as_plain_text_and_as_html_with_every_link_absolute(cast, add_participant, send_now):
    add_participant("Anna")
    body = (
        "**Please** read [the survey](/labs/the-lab/surveys/) and [our partner](https://example.org).\n\n1. one\n2. two"
    )
    send_now(UpdateFactory(lab=cast.lab, body=body), cast.team)
    (email,) = mail.outbox
    assert "**" not in email.body and "](" not in email.body
    assert "Please read the survey (http://127.0.0.1:8123/labs/the-lab/surveys/)" in email.body
    assert "our partner (https://example.org).\n\n1. one\n2. two" in email.body
    ((html, _),) = email.alternatives
    page = parse(html)
    assert page.find("a", string="the survey")["href"] == "http://127.0.0.1:8123/labs/the-lab/surveys/"
    assert all(link["href"].startswith(("http://127.0.0.1:8123/", "https://")) for link in page.select("a[href]"))


def test_what_people_wrote_cannot_put_markup_into_the_html(cast, add_participant, send_now):
    add_participant("Anna")
    update = UpdateFactory(
        lab=cast.lab,
        subject="<img src=x onerror=alert(1)> news",
        body="<script>alert(1)</script>\n\n[click](javascript:alert(1))",
    )
    send_now(update, cast.team)
    ((html, _),) = mail.outbox[0].alternatives
    page = parse(html)
    assert page.find("script") is None and page.find("img") is None
    assert "<img src=x onerror=alert(1)> news" in text_of(page.find("h1"))
    assert all(not (link.get("href") or "").startswith("javascript") for link in page.find_all("a"))
    assert "\n" not in mail.outbox[0].subject


def test_each_delivery_is_marked_sent_when_its_email_goes(cast, add_participant, send_now):
    add_participant("Anna")
    add_participant("Bea")
    update, _ = send_now(UpdateFactory(lab=cast.lab), cast.team)
    assert set(Delivery.objects.filter(update=update).values_list("status", flat=True)) == {"sent"}
    assert all(delivery.sent_at for delivery in Delivery.objects.all())
    assert {address for email in mail.outbox for address in email.to} == {"anna@example.org", "bea@example.org"}


def queued_tasks():
    return list(default_task_backend.results)


def run(tasks) -> list:
    return [result.task.call(*result.args, **result.kwargs) for result in tasks]


@override_settings(TASKS=DUMMY_TASKS)
def test_an_unsubscribe_is_honoured_for_an_update_already_queued(
    cast, client_for, add_participant, django_capture_on_commit_callbacks
):
    anna = add_participant("Anna")
    add_participant("Bea")
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_update(UpdateFactory(lab=cast.lab), by=cast.team)
    waiting = queued_tasks()
    assert len(waiting) == 2 and mail.outbox == []

    # Anna presses "unsubscribe" in an earlier e-mail, signed out, before the worker gets to hers.
    link = f"/labs/the-lab/updates/unsubscribe/{unsubscribe_token(anna, cast.lab)}/"
    assert client_for(None).post(link).status_code == 200

    assert sorted(run(waiting)) == ["sent", "skipped"]
    assert [email.to for email in mail.outbox] == [["bea@example.org"]]
    skipped = Delivery.objects.get(recipient=anna)
    assert (skipped.status, skipped.skip_reason) == ("skipped", "turned_off")


@override_settings(TASKS=DUMMY_TASKS)
def test_people_who_leave_the_lab_or_close_their_account_before_the_email_goes_are_not_emailed(
    cast, add_participant, django_capture_on_commit_callbacks
):
    anna = add_participant("Anna")
    bea = add_participant("Bea")
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_update(UpdateFactory(lab=cast.lab), by=cast.team)
    Membership.objects.filter(user=anna).update(role="member")
    bea.is_active = False
    bea.save(update_fields=["is_active"])

    run(queued_tasks())

    assert mail.outbox == []
    reasons = dict(Delivery.objects.values_list("recipient__display_name", "skip_reason"))
    assert reasons == {"Anna": "left_lab", "Bea": "account_closed"}


@override_settings(TASKS=DUMMY_TASKS)
def test_a_task_run_twice_sends_one_email(cast, add_participant, django_capture_on_commit_callbacks):
    add_participant("Anna")
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_update(UpdateFactory(lab=cast.lab), by=cast.team)
    (task,) = queued_tasks()
    assert run([task, task]) == ["sent", "nothing to do"]
    assert len(mail.outbox) == 1


def test_no_email_goes_before_the_send_is_committed(cast, add_participant, django_capture_on_commit_callbacks):
    add_participant("Anna")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.send_update(UpdateFactory(lab=cast.lab), by=cast.team)
    assert len(queued_by_the_action(callbacks)) == 1 and mail.outbox == []
    assert Delivery.objects.get().status == "queued"
