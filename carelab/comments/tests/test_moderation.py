"""The lab team's side: the queue, decisions, reports, the audit trail, e-mails and the digest."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from carelab.comments import actions
from carelab.comments.models import Comment, Report
from carelab.comments.tasks import send_moderation_digest
from carelab.comments.tests.factories import CommentFactory, ReportFactory
from carelab.core.tests.html import parse, text_of
from carelab.core.tests.on_commit import queued_by_the_action
from carelab.labs.tests.factories import MembershipFactory
from carelab.posts.tests.factories import PostFactory


def url(name, *args):
    return reverse(f"comments:{name}", args=["the-lab", *args])


def events_of(comment) -> list[tuple[str, str]]:
    return [(event.action, event.reason) for event in comment.events.order_by("pk")]


# The queue


def test_queue_lists_waiting_comments_oldest_first_with_their_hold_reasons(cast, post, client_for):
    newer = CommentFactory(post=post, pending=True, body="Newer")
    older = CommentFactory(
        post=post,
        status=Comment.Status.PENDING,
        hold_reasons=["premoderation", "risk"],
        risk_level="urgent",
        risk_reasons=["the lab's phrase “end it all”"],
        body="<i>Older</i>",
        author=cast.member,
        created_at=timezone.now() - timedelta(hours=2),
    )
    CommentFactory(post=post, body="Already published")
    CommentFactory(post__lab=cast.other_lab, pending=True, body="Another lab's")
    page = parse(client_for(cast.team).get(url("queue")))
    items = page.select(".carelab-queue__item")
    assert [item["id"] for item in items] == [f"comment-{older.pk}", f"comment-{newer.pk}"]
    first = items[0]
    assert [text_of(tag) for tag in first.select(".nhsuk-tag")] == [
        "All new comments are checked",
        "Words suggest the writer may be at risk",
    ]
    assert "end it all" in text_of(first.select_one(".carelab-queue__risk"))
    assert "Mo Member" in text_of(first.select_one(".carelab-queue__author"))
    assert first.find("a", href=post.get_absolute_url())
    assert first.select("i") == [] and "<i>Older</i>" in text_of(first.select_one(".carelab-queue__body"))
    assert first.select_one(f"form[action='{url('approve', older.pk)}']")
    assert first.select_one(f"form[action='{url('reject', older.pk)}'] textarea[name=reason]")


def test_approving_publishes_records_the_event_and_emails_the_author(
    cast, post, client_for, django_capture_on_commit_callbacks, settings
):
    comment = CommentFactory(post=post, pending=True, author=cast.member, body="Pacing helped.")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.team).post(url("approve", comment.pk))
    assert response["Location"] == url("queue")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.decided_by == cast.team
    assert events_of(comment) == [("approved", "")]
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["member@example.org"]
    assert email.subject == "CareLab: Your comment is published"
    assert f"{settings.SITE_URL}/labs/the-lab/posts/what-we-heard/#comment-{comment.pk}" in email.body
    assert "Need help now?" in email.body and "Samaritans" in email.body and "/help-now/" in email.body


def test_rejecting_needs_a_reason(cast, post, client_for):
    comment = CommentFactory(post=post, pending=True)
    response = client_for(cast.team).post(url("reject", comment.pk), {"reason": " "})
    page = parse(response)
    assert response.status_code == 200
    assert "Enter the reason. The author will see it." in text_of(page.select_one(".nhsuk-error-summary"))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert not comment.events.exists()


def test_rejecting_emails_the_author_the_reason(cast, post, client_for, django_capture_on_commit_callbacks):
    comment = CommentFactory(post=post, pending=True, author=cast.member)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.team).post(url("reject", comment.pk), {"reason": "It names a member of staff."})
    comment.refresh_from_db()
    assert (comment.status, comment.decision_reason) == (Comment.Status.REJECTED, "It names a member of staff.")
    assert events_of(comment) == [("rejected", "It names a member of staff.")]
    (email,) = mail.outbox
    assert email.subject == "CareLab: Your comment was not published"
    assert "Their reason: It names a member of staff." in email.body
    assert email.body.rstrip().endswith("/help-now/")


def test_reject_page_shows_the_comment_and_a_reason_form(cast, post, client_for):
    comment = CommentFactory(post=post, pending=True, body="Waiting text")
    page = parse(client_for(cast.team).get(url("reject", comment.pk)))
    assert text_of(page.select_one("h1")) == "Do not publish this comment"
    assert "Waiting text" in text_of(page.select_one("main"))
    assert page.select_one("main form textarea[name=reason]")


def test_hiding_needs_a_reason_then_hides_resolves_reports_and_emails_the_author(
    cast, post, client_for, django_capture_on_commit_callbacks
):
    comment = CommentFactory(post=post, author=cast.member)
    report = ReportFactory(comment=comment)
    team = client_for(cast.team)
    team.post(url("hide", comment.pk), {"reason": ""})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED

    with django_capture_on_commit_callbacks(execute=True):
        response = team.post(url("hide", comment.pk), {"reason": "Shares a phone number.", "next": url("reports")})
    assert response["Location"] == url("reports")
    comment.refresh_from_db()
    report.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN
    assert report.resolved_by == cast.team and report.outcome == "Comment hidden"
    (email,) = mail.outbox
    assert email.subject == "CareLab: Your comment was hidden"
    assert "Shares a phone number." in email.body and "Need help now?" in email.body


def test_restoring_publishes_a_hidden_comment_again(cast, post, client_for):
    comment = CommentFactory(post=post, status=Comment.Status.HIDDEN)
    client_for(cast.team).post(url("restore", comment.pk))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert events_of(comment) == [("restored", "")]


def test_acting_on_a_comment_already_dealt_with_changes_nothing(cast, post, client_for):
    comment = CommentFactory(post=post, status=Comment.Status.REJECTED, decision_reason="No.")
    response = client_for(cast.team).post(url("approve", comment.pk), follow=True)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED
    assert not comment.events.exists()
    assert "nothing was changed" in text_of(parse(response).select_one(".nhsuk-notification-banner"))


def test_next_must_be_a_page_on_this_site(cast, post, client_for):
    comment = CommentFactory(post=post, pending=True)
    response = client_for(cast.team).post(url("approve", comment.pk), {"next": "https://evil.example/"})
    assert response["Location"] == url("queue")


@pytest.mark.parametrize("name", ["approve", "reject", "hide", "restore"])
def test_another_labs_team_cannot_act_on_this_labs_comments_through_their_own_lab(cast, post, client_for, name):
    comment = CommentFactory(post=post, pending=True)
    response = client_for(cast.other_team).post(
        reverse(f"comments:{name}", args=["other-lab", comment.pk]), {"reason": "Because"}
    )
    assert response.status_code == 404
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert not comment.events.exists()


def test_other_labs_report_cannot_be_dismissed_through_this_lab(cast, client_for):
    report = ReportFactory(comment__post__lab=cast.other_lab)
    response = client_for(cast.team).post(url("report_dismiss", report.pk))
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.resolved_at is None


# The audit trail


def test_history_shows_every_event_from_submission_to_restoring(
    cast, post, policy, agreed, client_for, django_capture_on_commit_callbacks
):
    agreed(cast.member)
    client_for(cast.member).post(reverse("comments:create", args=["the-lab", post.pk]), {"body": "Walking helps me."})
    comment = Comment.objects.get()
    client_for(cast.participant).post(url("report", comment.pk), {"reason": "Never mind"})  # not published yet
    team = client_for(cast.team)
    team.post(url("approve", comment.pk))
    client_for(cast.participant).post(url("report", comment.pk), {"reason": "Feels like an advert."})
    client_for(cast.team).post(url("hide", comment.pk), {"reason": "Advertising."})
    client_for(cast.team).post(url("restore", comment.pk))
    assert events_of(comment) == [
        ("submitted", "All new comments are checked"),
        ("approved", ""),
        ("reported", "Feels like an advert."),
        ("hidden", "Advertising."),
        ("restored", ""),
    ]
    page = parse(client_for(cast.team).get(url("history", comment.pk)))
    rows = [[text_of(cell) for cell in row.select("td")] for row in page.select("table.carelab-history tbody tr")]
    assert [row[1:] for row in rows] == [
        ["Submitted and held for moderation", "Mo Member", "All new comments are checked"],
        ["Approved", "Tam Team", ""],
        ["Reported", "Pat Participant", "Feels like an advert."],
        ["Hidden", "Tam Team", "Advertising."],
        ["Restored", "Tam Team", ""],
    ]


def test_events_are_kept_when_the_actor_leaves(cast, post, client_for):
    comment = CommentFactory(post=post, pending=True)
    actions.approve_comment(comment=comment, moderator=cast.team)
    cast.team.delete()
    page = parse(client_for(cast.admin).get(url("history", comment.pk)))
    assert "Someone no longer on CareLab" in text_of(page.select_one("table"))


# Reports


def test_anyone_signed_in_can_report_a_comment(cast, post, client_for):
    comment = CommentFactory(post=post)
    client = client_for(cast.participant)
    page = parse(client.get(url("report", comment.pk)))
    assert text_of(page.select_one("h1")) == "Report a comment"
    response = client.post(url("report", comment.pk), {"reason": "It gives medical advice."})
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    report = Report.objects.get()
    assert (report.reporter, report.reason) == (cast.participant, "It gives medical advice.")
    assert events_of(comment) == [("reported", "It gives medical advice.")]


def test_report_needs_a_reason(cast, post, client_for):
    comment = CommentFactory(post=post)
    response = client_for(cast.member).post(url("report", comment.pk), {"reason": ""})
    assert "Tell us what is wrong with this comment" in text_of(parse(response).select_one(".nhsuk-error-summary"))
    assert not Report.objects.exists()


def test_a_comment_that_is_not_published_cannot_be_reported(cast, post, client_for):
    comment = CommentFactory(post=post, pending=True)
    assert client_for(cast.member).post(url("report", comment.pk), {"reason": "x"}).status_code == 404
    assert not Report.objects.exists()


def test_team_sees_open_reports_and_can_dismiss_them(cast, post, client_for):
    comment = CommentFactory(post=post, body="Reported text")
    report = ReportFactory(comment=comment, reporter=cast.member, reason="Rude")
    ReportFactory(comment__post__lab=cast.other_lab, reason="Another lab's report")
    ReportFactory(comment=comment, reason="Old one", resolved_at="2020-01-01T00:00Z")
    team = client_for(cast.team)
    page = parse(team.get(url("reports")))
    items = page.select(".carelab-reports__item")
    assert [item["id"] for item in items] == [f"report-{report.pk}"]
    assert "Rude" in text_of(items[0]) and "Reported text" in text_of(items[0])
    assert items[0].select_one(f"form[action='{url('hide', comment.pk)}']")

    team.post(url("report_dismiss", report.pk))
    report.refresh_from_db()
    assert report.resolved_by == cast.team and report.outcome == "Dismissed"
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert events_of(comment) == [("report_dismissed", "")]
    assert parse(team.get(url("reports"))).select(".carelab-reports__item") == []


# The digest


def test_digest_emails_each_team_member_the_counts_and_links(cast, post, client_for):
    MembershipFactory(lab=cast.lab, role="team", user__email="team2@example.org")
    waiting = CommentFactory(post=post, pending=True)
    report = ReportFactory(comment__post=post)
    CommentFactory(post__lab=cast.other_lab, pending=True)
    sent = send_moderation_digest.enqueue(cast.lab.pk).return_value
    assert sent == 2
    assert sorted(email.to[0] for email in mail.outbox) == ["team2@example.org", "team@example.org"]
    body = mail.outbox[0].body
    assert "Comments waiting for moderation: 1" in body
    assert f"/labs/the-lab/comments/queue/#comment-{waiting.pk}" in body
    assert "Open reports: 1" in body
    assert f"/labs/the-lab/comments/reports/#report-{report.pk}" in body
    assert "Need help now?" in body and "Samaritans" in body
    assert mail.outbox[0].subject == "CareLab: 1 comment and 1 report waiting in The lab"
    assert all(len(email.to) == 1 for email in mail.outbox), "team members do not see each other's addresses"


def test_no_digest_is_sent_when_nothing_is_waiting(cast, post):
    CommentFactory(post=post)
    ReportFactory(comment__post=post, resolved_at="2020-01-01T00:00Z")
    assert send_moderation_digest.enqueue(cast.lab.pk).return_value == 0
    assert mail.outbox == []


def test_digest_command_queues_one_digest_per_lab(cast, post):
    CommentFactory(post=post, pending=True)
    CommentFactory(post=PostFactory(lab=cast.other_lab), pending=True)
    output = StringIO()
    call_command("send_moderation_digests", stdout=output)
    assert output.getvalue().strip() == "Queued the moderation digest for 2 labs."
    assert sorted(email.to[0] for email in mail.outbox) == ["other-team@example.org", "team@example.org"]


def test_no_email_is_sent_until_the_decision_is_saved(cast, post, django_capture_on_commit_callbacks):
    comment = CommentFactory(post=post, pending=True, author=cast.member)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.approve_comment(comment=comment, moderator=cast.team)
    assert mail.outbox == []
    assert len(queued_by_the_action(callbacks)) == 1
