"""A person's comments, policy agreements, reports and audit-trail entries, for "Your data"
(carelab/accounts/your_data.py). Nothing written by anyone else: a report names the post, not the
comment's text or author."""

from django.db.models import Count, Max

from carelab.accounts.your_data import LAB_TEAM_WORK_KEPT, Section, counted_records
from carelab.comments.models import Comment, CommentPolicy, ModerationEvent, PolicyAcceptance, Report


def _hold_reasons(comment: Comment) -> list[str]:
    return [Comment.HoldReason(key).label for key in comment.hold_reasons if key in Comment.HoldReason.values]


def sections(user) -> list[Section]:
    comments = Comment.objects.filter(author=user).select_related("post__lab").order_by("created_at", "pk")
    agreements = PolicyAcceptance.objects.filter(user=user).select_related("policy__lab").order_by("accepted_at", "pk")
    reports = Report.objects.filter(reporter=user).select_related("comment__post__lab").order_by("created_at", "pk")
    found = [
        Section(
            key="comments",
            title="Your comments",
            on_deletion=(
                "Your words are deleted: each comment is replaced by a placeholder saying “This comment was deleted”, "
                "without your name, so that other people's replies still make sense. The lab team's record of what "
                "they decided stays, with your name, e-mail addresses and phone numbers replaced by “[removed]”."
            ),
            kept_after_deletion=True,
            records=[
                [
                    ("Lab", comment.post.lab.title),
                    ("On the post", comment.post.title),
                    ("Written", comment.created_at),
                    ("A reply to another comment", comment.is_reply),
                    ("Your comment", comment.body),
                    ("Status", comment.get_status_display()),
                    ("Held for checking because", _hold_reasons(comment)),
                    ("Phrases that held it for checking", list(comment.matched_risk_phrases)),
                    ("Decided", comment.decided_at),
                    ("Reason the lab team gave you", comment.decision_reason),
                ]
                for comment in comments
            ],
        ),
        Section(
            key="comments_policy_agreements",
            title="Comments policies you agreed to",
            on_deletion="Deleted.",
            records=[
                [
                    ("Lab", agreement.policy.lab.title),
                    ("Policy version", agreement.policy.version),
                    ("Agreed", agreement.accepted_at),
                ]
                for agreement in agreements
            ],
        ),
        Section(
            key="comment_reports",
            title="Reports you made about comments",
            on_deletion=(
                "Kept for the lab's records without your name: the reason you gave stays, with your name, e-mail "
                "addresses and phone numbers replaced by “[removed]”, so that the lab team can finish dealing with it."
            ),
            kept_after_deletion=True,
            records=[
                [
                    ("Lab", report.comment.post.lab.title),
                    ("About a comment on the post", report.comment.post.title),
                    ("Your reason", report.reason),
                    ("Made", report.created_at),
                    ("Dealt with", report.resolved_at),
                    ("What the lab team decided", report.outcome),
                ]
                for report in reports
            ],
        ),
    ]
    # What the audit trail records the person doing: sending and reporting comments, and for the lab
    # team, each moderation decision (these also set Comment.decided_by and Report.resolved_by).
    actions = (
        ModerationEvent.objects.filter(actor=user)
        .values("action")
        .annotate(count=Count("pk"), latest=Max("created_at"))
    )
    policies = CommentPolicy.objects.filter(created_by=user).aggregate(count=Count("pk"), latest=Max("published_at"))
    counted = [
        (ModerationEvent.Action(row["action"]).label, row["count"], row["latest"])
        for row in actions.order_by("action")
        if row["action"] in ModerationEvent.Action.values
    ]
    counted.append(("Published a version of a lab's comments policy", policies["count"], policies["latest"]))
    if records := counted_records(counted):
        found.append(
            Section(
                key="comments_audit_trail",
                title="Your entries in the comments audit trail",
                on_deletion=LAB_TEAM_WORK_KEPT,
                kept_after_deletion=True,
                records=records,
            )
        )
    return found
