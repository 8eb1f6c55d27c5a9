"""`manage.py loaddemo` leaves the demo lab's safeguarding review worked: guidance and flags in every status."""

from collections import Counter

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from carelab.safeguarding.models import FlagEvent, SafeguardingFlag, SafeguardingGuidance


@override_settings(DEBUG=True)
def test_loaddemo_leaves_flags_in_every_status_with_their_history_once(demo_lab, db):
    lab = demo_lab
    first = Counter(SafeguardingFlag.objects.for_lab(lab).values_list("status", flat=True))
    events = FlagEvent.objects.filter(flag__lab=lab).count()
    call_command("loaddemo")

    statuses = Counter(SafeguardingFlag.objects.for_lab(lab).values_list("status", flat=True))
    assert statuses == first  # running again changes nothing
    assert FlagEvent.objects.filter(flag__lab=lab).count() == events
    assert set(statuses) == {"new", "in_review", "closed"}
    actions = set(FlagEvent.objects.filter(flag__lab=lab).values_list("action", flat=True))
    assert {"raised", "review_started", "note_added", "closed", "reopened"} <= actions
    assert SafeguardingGuidance.objects.get(lab=lab).body.startswith("**Every flag is reviewed")
    now = timezone.now()
    for flag in SafeguardingFlag.objects.for_lab(lab).prefetch_related("events"):
        times = [event.created_at for event in sorted(flag.events.all(), key=lambda event: event.pk)]
        assert times == sorted(times) and times[0] == flag.created_at and times[-1] <= now
        assert flag.updated_at == times[-1]
        closed = [event for event in flag.events.all() if event.action == "closed"]
        assert all(event.note and event.actor for event in closed)
