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


def test_the_demo_queue_has_flags_from_a_held_comment_and_an_application_beside_survey_answers(demo_lab, client):
    from carelab.accounts.models import User
    from carelab.comments.models import Comment
    from carelab.core.tests.html import parse, text_of

    kinds = Counter(SafeguardingFlag.objects.for_lab(demo_lab).values_list("source_kind", flat=True))
    assert kinds["comment"] == 1 and kinds["application"] == 1 and kinds["survey_response"] > 10
    comment_flag = SafeguardingFlag.objects.get(lab=demo_lab, source_kind="comment")
    held = Comment.objects.get(pk=comment_flag.source_id)
    assert held.status == Comment.Status.PENDING and held.risk_level == "urgent"

    client.force_login(User.objects.get(email="team@example.org"))
    page = parse(client.get(f"/labs/{demo_lab.slug}/safeguarding/", {"status": "all"}))
    sources = [text_of(cell) for cell in page.select(".carelab-flags__source")]
    assert any(text.startswith("Comment on “") for text in sources)
    assert any(text.startswith("Application to take part") for text in sources)
    assert any(text.startswith("Survey answers: ") for text in sources)
    links = [link["href"] for link in page.select(".carelab-flags__source-link")]
    assert comment_flag.source_url in links
