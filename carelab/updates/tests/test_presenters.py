from datetime import UTC, datetime
from types import SimpleNamespace

from carelab.updates.presenters import (
    DeliveryCounts,
    audience_lines,
    audience_sentence,
    count_text,
    either,
    recipients_text,
    sent_text,
    status_tag,
)
from carelab.updates.tests.factories import UpdateFactory


def test_either_joins_words_as_a_person_would():
    assert either([]) == ""
    assert either(["Wales"]) == "Wales"
    assert either(["Wales", "Scotland"]) == "Wales or Scotland"
    assert either(["Wales", "Scotland", "London"]) == "Wales, Scotland or London"


def test_count_text_says_person_or_people():
    assert count_text(1) == "1 person"
    assert count_text(0) == "0 people"
    assert count_text(1200) == "1,200 people"


def test_a_draft_for_everyone_is_for_every_participant(cast):
    update = UpdateFactory(lab=cast.lab)
    assert audience_lines(update) == ["Every participant"]
    assert audience_sentence(audience_lines(update)) == "every participant"


def test_a_filtered_draft_reads_one_line_a_question(cast, topics):
    update = UpdateFactory(
        lab=cast.lab,
        audience_regions=["wales", "uk_wide"],
        audience_who=["carer", "professional"],
        audience_activities=["testing"],
        audience_topics=[topics["Sleep"]],
    )
    lines = audience_lines(update)
    assert lines == [
        "In Wales or UK-wide or online",
        "Who are carers or people who work in health or care",
        "Interested in Sleep",
        "Who would like to take part in testing ideas in practice",
    ]
    assert audience_sentence(lines[:2]) == (
        "participants in Wales or UK-wide or online, who are carers or people who work in health or care"
    )


def test_a_sent_update_reads_from_what_was_recorded_when_it_was_sent(cast, topics):
    update = UpdateFactory(
        lab=cast.lab, sent=True, audience_topics=[topics["Sleep"]], audience_summary="Interested in Sleep"
    )
    topics["Sleep"].name = "Sleeping"
    topics["Sleep"].save()
    assert audience_lines(update) == ["Interested in Sleep"]


def test_status_and_sent_text():
    draft = SimpleNamespace(is_sent=False, sent_at=None)
    assert status_tag(draft)["text"] == "Draft" and sent_text(draft) == "Not sent yet"
    sent = SimpleNamespace(is_sent=True, sent_at=datetime(2026, 10, 3, 9, 5, tzinfo=UTC))
    assert status_tag(sent) == {"text": "Sent", "classes": "nhsuk-tag--green"}
    assert sent_text(sent) == "Sent on 3 October 2026 at 10:05am"  # UK summer time


def test_recipients_text_for_the_team_list():
    assert recipients_text(SimpleNamespace(is_sent=False)) == "Nobody yet"
    assert recipients_text(SimpleNamespace(is_sent=True, delivery_count=0, emailed_count=0)) == "Nobody e-mailed"
    assert recipients_text(SimpleNamespace(is_sent=True, delivery_count=1, emailed_count=1)) == "1 person e-mailed"
    assert (
        recipients_text(SimpleNamespace(is_sent=True, delivery_count=42, emailed_count=40))
        == "40 of 42 people e-mailed"
    )


def test_delivery_counts_from_counts_by_status():
    counts = DeliveryCounts.of({"sent": 40, "queued": 1, "skipped": 2})
    assert (counts.emailed, counts.waiting, counts.not_sent, counts.total) == (40, 1, 2, 43)
    assert DeliveryCounts.of({}) == DeliveryCounts(0, 0, 0)
