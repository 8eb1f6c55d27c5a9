"""`manage.py loaddemo` e-mails nobody: its people are made up, and so are the words its flags come from."""

import io

from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from carelab.conftest import DEMO_PASSWORD
from carelab.core import page_cache
from carelab.safeguarding.models import SafeguardingFlag


@override_settings(DEBUG=True, CARELAB_DEMO_PASSWORD=DEMO_PASSWORD)
def test_loading_the_demo_queues_no_emails_for_its_safeguarding_flags_or_anything_else(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("loaddemo", stdout=io.StringIO())

    flags = SafeguardingFlag.objects.filter(lab__slug="pain-and-mental-health")
    assert flags.exclude(status=SafeguardingFlag.Status.CLOSED).exists()  # open flags, from made-up answers
    assert flags.count() > 20
    # No task of any kind was queued on commit; only the kept public pages are told the content changed.
    assert [callback for callback in callbacks if callback is not page_cache._flush_default] == []
    assert mail.outbox == []
