"""Blocking and unblocking, reporting a conversation, and what the lab team does with reports."""

import pytest
from django.core import mail

from carelab.connect.models import Block, ConnectStop, ConversationReport, Introduction
from carelab.connect.tests.factories import (
    BlockFactory,
    ConnectStopFactory,
    ConversationReportFactory,
    IntroductionFactory,
)
from carelab.connect.tests.helpers import conversation_url, emails_to, send_url
from carelab.core.tests.html import parse, text_of
from carelab.core.tests.queries import PageQueries
from carelab.labs.models import Role
from carelab.labs.tests.factories import MembershipFactory
from carelab.participants.tests.factories import ProfileCardFactory

BLOCKED = "/labs/the-lab/connect/blocked/"
REPORTS = "/labs/the-lab/connect/team/reports/"


@pytest.fixture
def introduction(cast, pat_card, bea_card):
    """Bea introduced herself to Pat (the cast participant)."""
    return IntroductionFactory(
        lab=cast.lab,
        sender=bea_card.user,
        recipient=cast.participant,
        sender_name="Bea",
        recipient_name="Pat",
        message="Hi Pat, <i>I</i> would like to talk.",
    )


# Blocking


def test_the_recipient_blocks_the_sender_from_the_conversation_after_saying_what_it_means(
    cast, client_for, introduction
):
    client = client_for(cast.participant)
    link = parse(client.get(conversation_url(introduction))).select_one("#conversation-actions a")
    assert text_of(link) == "Block Bea"
    page = parse(client.get(link["href"]))
    assert text_of(page.select_one("h1")) == "Block Bea?"
    assert "We will not tell them you blocked them" in text_of(page.select_one("main"))
    response = client.post(link["href"])
    assert response["Location"] == conversation_url(introduction)
    block = Block.objects.get()
    assert (block.blocker, block.blocked, block.blocked_name, block.lab) == (
        cast.participant,
        introduction.sender,
        "Bea",
        cast.lab,
    )
    client.post(link["href"])  # blocking twice changes nothing
    assert Block.objects.count() == 1


def test_a_block_holds_in_every_lab(cast, client_for, introduction):
    BlockFactory(blocker=cast.participant, blocked=introduction.sender, lab=cast.lab)
    pat_elsewhere = ProfileCardFactory(lab=cast.other_lab, user=cast.participant, visibility="participants")
    MembershipFactory(lab=cast.other_lab, user=introduction.sender, role=Role.PARTICIPANT)
    page = parse(client_for(introduction.sender).get(send_url(pat_elsewhere)))
    assert text_of(page.select_one("#cannot-send")) == "You cannot contact this person."


def test_the_list_of_blocked_people_unblocks_each_and_only_the_persons_own_blocks(cast, client_for, introduction):
    mine = BlockFactory(blocker=cast.participant, blocked=introduction.sender, blocked_name="Bea", lab=cast.lab)
    theirs = BlockFactory(blocked=cast.participant)
    client = client_for(cast.participant)
    page = parse(client.get(BLOCKED))
    assert [text_of(item.select_one("h2")) for item in page.select("#blocks li")] == ["Bea"]
    assert text_of(page.select_one(f"#block-{mine.pk} button")) == "Unblock Bea"
    assert client.post(f"{BLOCKED}{theirs.pk}/unblock/").status_code == 404
    response = client.post(f"{BLOCKED}{mine.pk}/unblock/", {"next": "https://evil.example.org/"})
    assert response["Location"] == BLOCKED
    assert list(Block.objects.all()) == [theirs]
    assert text_of(parse(client.get(BLOCKED)).select_one("#no-blocks")) == "You have not blocked anyone."


def test_the_blocker_can_unblock_from_the_conversation_and_write_again(cast, client_for, introduction):
    block = BlockFactory(blocker=cast.participant, blocked=introduction.sender, lab=cast.lab)
    client = client_for(cast.participant)
    form = parse(client.get(conversation_url(introduction))).select_one("#cannot-write form")
    assert form["action"] == f"{BLOCKED}{block.pk}/unblock/"
    response = client.post(form["action"], {"next": form.select_one("input[name=next]")["value"]})
    assert response["Location"] == conversation_url(introduction)
    assert parse(client.get(conversation_url(introduction))).select_one("#message-form") is not None


# Reporting


def test_reporting_a_conversation_tells_the_lab_team_without_its_content_and_can_block_too(
    cast, client_for, introduction, django_capture_on_commit_callbacks
):
    client = client_for(cast.participant)
    report_path = f"{conversation_url(introduction)}report/"
    page = parse(client.get(report_path))
    assert text_of(page.select_one("label[for=id_also_block]")) == "Block Bea as well, so they cannot write to you"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(report_path, {"reason": "She keeps asking where I live.", "also_block": "on"})
    assert response["Location"] == conversation_url(introduction)
    report = ConversationReport.objects.get()
    assert (report.lab, report.introduction, report.reporter, report.reported) == (
        cast.lab,
        introduction,
        cast.participant,
        introduction.sender,
    )
    assert Block.objects.filter(blocker=cast.participant, blocked=introduction.sender).exists()
    (email,) = emails_to(cast.team.email)
    assert email.subject == "CareLab: A conversation has been reported in The lab"
    assert "keeps asking" not in email.body and "like to talk" not in email.body
    assert "/labs/the-lab/connect/team/reports/" in email.body
    assert emails_to(introduction.sender.email) == []  # the reported person is not told
    # Once blocked, the report page no longer offers to block.
    assert parse(client.get(report_path)).select_one("#id_also_block") is None


def test_a_report_without_a_reason_is_explained_and_nothing_is_sent(cast, client_for, introduction):
    page = parse(client_for(cast.participant).post(f"{conversation_url(introduction)}report/", {"also_block": "on"}))
    assert "Tell us what is wrong" in text_of(page.select_one(".nhsuk-error-summary"))
    assert page.select_one("#id_also_block").has_attr("checked")
    assert not ConversationReport.objects.exists() and not Block.objects.exists() and mail.outbox == []


# The lab team


def test_the_lab_team_sees_open_reports_with_the_conversation_escaped(cast, client_for, introduction):
    report = ConversationReportFactory(introduction=introduction, reason="<b>Worrying</b> messages")
    closed = ConversationReportFactory(introduction=IntroductionFactory(lab=cast.lab))
    ConversationReport.objects.filter(pk=closed.pk).update(outcome="Closed", closed_at=closed.created_at)
    ConversationReportFactory(introduction=IntroductionFactory(lab=cast.other_lab))
    response = client_for(cast.team).get(REPORTS)
    assert b"<b>Worrying</b>" not in response.content and b"<i>I</i>" not in response.content
    page = parse(response)
    assert [item["id"] for item in page.select("#reports > li")] == [f"report-{report.pk}"]
    item = page.select_one(f"#report-{report.pk}")
    assert text_of(item.select_one("h2")) == "Report about Bea"
    assert "by Pat" in text_of(item.select_one("p"))
    assert text_of(item.select_one(".carelab-connect-report__reason")) == "Their reason: <b>Worrying</b> messages"
    assert [text_of(body) for body in item.select(".carelab-connect-message__body")] == [
        "Hi Pat, <i>I</i> would like to talk."
    ]


def test_the_reports_page_makes_the_same_queries_for_1_and_6_reports(cast, client_for, django_assert_num_queries):
    client = client_for(cast.team)

    def add(count):
        for _ in range(count):
            ConversationReportFactory(introduction=IntroductionFactory(lab=cast.lab, reply="Go away"))
            ConnectStopFactory(lab=cast.lab)

    add(1)
    with PageQueries() as context:
        assert client.get(REPORTS).status_code == 200
    add(5)
    with django_assert_num_queries(len(context)):
        page = parse(client.get(REPORTS))
    assert len(page.select("#reports > li")) == 6 and len(page.select("#stops > li")) == 6


def test_the_lab_team_closes_a_report(cast, client_for, introduction):
    report = ConversationReportFactory(introduction=introduction)
    client = client_for(cast.team)
    assert client.post(f"{REPORTS}{report.pk}/close/")["Location"] == REPORTS
    report.refresh_from_db()
    assert report.closed_by == cast.team and report.closed_at is not None
    assert text_of(parse(client.get(REPORTS)).select_one("#no-reports")) == "No open reports."
    client.post(f"{REPORTS}{report.pk}/close/")  # closing again changes nothing
    assert ConversationReport.objects.get().closed_by == cast.team


def test_the_lab_team_stops_the_reported_person_using_connect_and_can_let_them_again(cast, client_for, introduction):
    bea = introduction.sender
    report = ConversationReportFactory(introduction=introduction)
    other_report = ConversationReportFactory(
        introduction=IntroductionFactory(lab=cast.lab, sender=bea, recipient_name="Someone")
    )
    team = client_for(cast.team)
    stop_path = f"{REPORTS}{report.pk}/stop/"
    page = parse(team.post(stop_path, {"reason": ""}))
    assert "Enter the reason. The person will see it." in text_of(page.select_one(".nhsuk-error-summary"))
    response = team.post(stop_path, {"reason": "You kept writing to people who asked you to stop."})
    assert response["Location"] == REPORTS
    stop = ConnectStop.objects.get()
    assert (stop.lab, stop.user, stop.name, stop.created_by) == (cast.lab, bea, "Bea", cast.team)
    assert not ConversationReport.objects.open().exists()
    other_report.refresh_from_db()
    assert other_report.outcome == "Stopped from using Connect" and other_report.closed_by == cast.team

    # Bea can no longer write to anyone in the lab, until the lab team lets her again.
    someone_new = send_url(ProfileCardFactory(lab=cast.lab))
    page = parse(client_for(bea).get(someone_new))
    assert "The lab team has stopped you" in text_of(page.select_one("#cannot-send"))
    lift = f"/labs/the-lab/connect/team/stopped/{stop.pk}/lift/"
    assert client_for(cast.team).post(lift)["Location"] == REPORTS
    assert not ConnectStop.objects.exists()
    assert parse(client_for(bea).get(someone_new)).select_one("textarea[name=body]") is not None


def test_a_report_by_someone_whose_conversation_has_gone_still_reaches_the_lab_team(cast, client_for, introduction):
    report = ConversationReportFactory(introduction=introduction)
    Introduction.objects.all().delete()
    item = parse(client_for(cast.team).get(REPORTS)).select_one(f"#report-{report.pk}")
    assert text_of(item.select_one(".carelab-connect-report__gone")).startswith("The conversation has gone")
    assert text_of(item.select_one("h2")) == f"Report about {introduction.sender.public_name}"


def test_another_labs_team_cannot_reach_this_labs_reports(cast, client_for, introduction):
    report = ConversationReportFactory(introduction=introduction)
    client = client_for(cast.other_team)
    assert client.get(REPORTS).status_code == 403
    assert client.post(f"{REPORTS}{report.pk}/close/").status_code == 403
    other_lab_report = ConversationReportFactory(introduction=IntroductionFactory(lab=cast.other_lab))
    assert client_for(cast.team).post(f"{REPORTS}{other_lab_report.pk}/close/").status_code == 404
