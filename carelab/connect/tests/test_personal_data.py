"""What Connect tells a person it holds about them, and that deleting their account does what it says."""

from carelab.accounts.actions import delete_account
from carelab.accounts.tests.factories import UserFactory
from carelab.connect import actions
from carelab.connect.models import Block, ConnectStop, ConversationMessage, ConversationReport, Introduction
from carelab.connect.personal_data import sections
from carelab.connect.presenters import ReportView
from carelab.connect.tests.factories import (
    BlockFactory,
    ConnectStopFactory,
    ConversationReportFactory,
    IntroductionFactory,
)
from carelab.core.your_data import LAB_TEAM_WORK_KEPT, collect


def by_key(user) -> dict:
    return {section.key: section for section in sections(user)}


def as_dicts(section) -> list[dict]:
    return [dict(record) for record in section.records]


def test_the_sections_list_a_persons_conversations_and_words_but_nothing_by_or_about_anyone_else(cast):
    pat = cast.participant
    bea = UserFactory(display_name="Beatrice", email="beatrice@example.net")
    received = IntroductionFactory(
        lab=cast.lab,
        sender=bea,
        recipient=pat,
        sender_name="Beatrix",
        recipient_name="Pat",
        message="Hello Pat, from Beatrix",
        reply="Hello there, Pat here",
    )
    sent = IntroductionFactory(lab=cast.lab, sender=pat, message="Pat writing first")
    BlockFactory(blocker=pat, blocked=bea, blocked_name="Beatrix", lab=cast.lab)
    BlockFactory(blocked=pat)  # someone blocked Pat: not listed
    report = ConversationReportFactory(introduction=received, reason="Too many messages")
    ConversationReportFactory(introduction=sent, reason="Pat was rude")  # about Pat: not listed
    stop = ConnectStopFactory(lab=cast.lab, user=pat, reason="Please slow down")

    found = by_key(pat)
    assert list(found) == [
        "connect_introductions",
        "connect_messages",
        "connect_blocks",
        "connect_reports",
        "connect_stops",
    ]
    assert as_dicts(found["connect_introductions"]) == [
        {
            "Lab": "The lab",
            "Started by": "The other person",
            "Started": received.created_at,
            "Answered": received.replied_at,
            "Messages from you": 1,
            "Messages from the other person": 1,
        },
        {
            "Lab": "The lab",
            "Started by": "You",
            "Started": sent.created_at,
            "Answered": None,
            "Messages from you": 1,
            "Messages from the other person": 0,
        },
    ]
    assert [record["Your message"] for record in as_dicts(found["connect_messages"])] == [
        "Pat writing first",  # two hours ago
        "Hello there, Pat here",  # an hour ago
    ]
    assert as_dicts(found["connect_blocks"]) == [
        {"Lab": "The lab", "Blocked": Block.objects.get(blocker=pat).created_at}
    ]
    assert as_dicts(found["connect_reports"]) == [
        {
            "Lab": "The lab",
            "Your reason": "Too many messages",
            "Made": report.created_at,
            "Dealt with": None,
            "What the lab team decided": "",
        }
    ]
    assert as_dicts(found["connect_stops"]) == [
        {"Lab": "The lab", "Since": stop.created_at, "The lab team's reason": "Please slow down"}
    ]
    everything = repr([section.records for section in found.values()])
    for someone_elses in ("Beatri", "beatrice@example.net", "Hello Pat", "Pat was rude"):
        assert someone_elses not in everything
    assert [section.key for section in collect(pat) if section.key.startswith("connect_")] == list(found)


def test_what_a_lab_team_member_did_with_reports_is_counted(cast):
    report = ConversationReportFactory(introduction=IntroductionFactory(lab=cast.lab))
    assert "connect_team_work" not in by_key(cast.team)
    actions.stop_person(report=report, by=cast.team, reason="Unkind messages")
    counted = {record["What"]: record["How many times"] for record in as_dicts(by_key(cast.team)["connect_team_work"])}
    assert counted == {"Dealt with a report about a conversation": 1, "Stopped someone from sending introductions": 1}
    section = by_key(cast.team)["connect_team_work"]
    assert section.on_deletion == LAB_TEAM_WORK_KEPT and section.kept_after_deletion

    delete_account(cast.team)

    stop = ConnectStop.objects.get()
    report.refresh_from_db()
    assert stop.created_by is None and report.closed_by is None and report.outcome == "Stopped from using Connect"


def test_a_person_with_nothing_in_connect_has_empty_sections_that_still_say_what_deletion_does(cast):
    for section in sections(cast.member):
        assert section.records == []
        assert section.on_deletion.endswith(".")


def test_deleting_an_account_does_what_each_section_says(cast):
    pat = cast.participant
    bea, cy = UserFactory(display_name="Bea"), UserFactory(display_name="Cy")
    sent = IntroductionFactory(lab=cast.lab, sender=pat, recipient=bea, sender_name="Pat", reply="Hi Pat")
    received = IntroductionFactory(lab=cast.lab, sender=cy, recipient=pat, recipient_name="Pat")
    IntroductionFactory(lab=cast.other_lab, sender=pat, sender_name="Pat")
    others = IntroductionFactory(lab=cast.lab, sender=bea, recipient=cy)
    BlockFactory(blocker=pat, blocked=bea)
    BlockFactory(blocker=cy, blocked=pat, blocked_name="Pat")
    unrelated_block = BlockFactory(blocker=bea, blocked=cy)
    made = ConversationReportFactory(introduction=received, reason="Cy was unkind")
    about = ConversationReportFactory(introduction=sent, reason="Pat was unkind")
    ConnectStopFactory(lab=cast.lab, user=pat, name="Pat")
    said = by_key(pat)
    assert [key for key, section in said.items() if section.kept_after_deletion] == ["connect_reports"]

    delete_account(pat)

    # Introductions and messages: "Deleted, with every message in them, so the other person no longer sees..."
    assert list(Introduction.objects.all()) == [others]
    assert set(ConversationMessage.objects.values_list("introduction", flat=True)) == {others.pk}
    # Blocks: "Deleted, and so is any block other people made of you."
    assert list(Block.objects.all()) == [unrelated_block]
    # Reports they made: "Kept ... without your name or the conversation: the reason you gave stays"
    made.refresh_from_db()
    assert (made.reporter, made.introduction, made.reason, made.reported) == (None, None, "Cy was unkind", cy)
    assert ReportView(made).reporter_name == "Someone no longer on CareLab"
    # Reports about them stay for the lab team, without their name.
    about.refresh_from_db()
    assert (about.reported, about.introduction, about.reporter) == (None, None, bea)
    assert ReportView(about).reported_name == "someone who has since deleted their account"
    # Stops: "Deleted."
    assert not ConnectStop.objects.exists()
    # Nothing in Connect still carries the name they were known by.
    names = [
        *Introduction.objects.values_list("sender_name", "recipient_name"),
        *Block.objects.values_list("blocked_name"),
        *ConnectStop.objects.values_list("name"),
    ]
    assert not any("Pat" in value for row in names for value in row)
    assert ConversationReport.objects.count() == 2
