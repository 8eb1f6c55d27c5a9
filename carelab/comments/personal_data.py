"""A person's comments, policy agreements, reports and audit-trail entries, for "Your data"
(carelab/core/your_data.py). Nothing written by anyone else: a report names the post or idea, not the
comment's text or author."""

from django.db.models import Count, Max

from carelab.comments.models import Comment, CommentPolicy, ModerationEvent, PolicyAcceptance, Report
from carelab.core.your_data import LAB_TEAM_WORK_KEPT, Privacy, Section, counted_records, team_work_privacy


def _hold_reasons(comment: Comment) -> list[str]:
    return [Comment.HoldReason(key).label for key in comment.hold_reasons if key in Comment.HoldReason.values]


def sections(user) -> list[Section]:
    comments = Comment.objects.filter(author=user).select_related("post__lab", "idea__lab").order_by("created_at", "pk")
    agreements = PolicyAcceptance.objects.filter(user=user).select_related("policy__lab").order_by("accepted_at", "pk")
    reports = (
        Report.objects.filter(reporter=user)
        .select_related("comment__post__lab", "comment__idea__lab")
        .order_by("created_at", "pk")
    )
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
                    ("Lab", comment.subject.lab.title),
                    (f"On the {comment.subject_kind}", comment.subject.title),
                    ("Written", comment.created_at),
                    ("A reply to another comment", comment.is_reply),
                    ("Your comment", comment.body),
                    ("Status", comment.get_status_display()),
                    ("Held for checking because", _hold_reasons(comment)),
                    ("What the risk check found", list(comment.risk_reasons)),
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
                    ("Lab", report.comment.subject.lab.title),
                    (f"About a comment on the {report.comment.subject_kind}", report.comment.subject.title),
                    ("Your reason", report.reason),
                    ("Made", report.created_at),
                    ("Dealt with", report.resolved_at),
                    ("What the lab team decided", report.outcome),
                ]
                for report in reports
            ],
        ),
    ]
    found.append(_moderation_history(user))
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


# What happened to the person's comments (decision 0018). A report shows that one was made, never who
# made it or their words: a comment is public, so anyone might have reported it, and the reporter's
# reason may quote or name them. The lab team's own reasons are shown, as they were e-mailed to the author.
REPORTED_BY_SOMEONE = "Someone reported your comment to the lab team. We do not say who, or what they wrote."


def _moderation_history(user) -> Section:
    events = (
        ModerationEvent.objects.filter(comment__author=user)
        .select_related("comment__post__lab", "comment__idea__lab")
        .order_by("created_at", "pk")
    )
    return Section(
        key="comment_moderation_history",
        title="What happened to your comments",
        on_deletion=(
            "Kept in the comments audit trail without your name, with the lab team's reasons, "
            "so the lab can still show how comments were moderated."
        ),
        kept_after_deletion=True,
        records=[
            [
                ("Lab", event.comment.subject.lab.title),
                (f"On the {event.comment.subject_kind}", event.comment.subject.title),
                ("What happened", event.get_action_display()),
                ("When", event.created_at),
                (
                    "Why",
                    REPORTED_BY_SOMEONE if event.action == ModerationEvent.Action.REPORTED else event.reason,
                ),
            ]
            for event in events
        ],
    )


def privacy() -> list[Privacy]:
    return [
        Privacy(
            covers=("comments", "comment_moderation_history"),
            title="Comments",
            held=(
                "What you write, when, and what happened to it: held for checking and why (for example a phrase "
                "that suggests someone may be at risk), approved, rejected or hidden, and the lab team's reasons."
            ),
            why=(
                "To let you take part in the lab's conversation and keep it safe. Comments may include information "
                "about your health: you choose to share it, and publishing it is your explicit choice when you post."
            ),
            who_sees=(
                "Everyone sees approved comments with your display name. The lab team sees comments waiting for "
                "approval and the audit trail. Your email address is never shown next to a comment."
            ),
            kept_for=(
                "Until you delete your account, when each comment's words are replaced by “This comment was "
                "deleted”. The audit trail stays without your name."
            ),
            your_choices="Delete your account to remove your words. Ask the lab team to remove a comment.",
        ),
        Privacy(
            covers=("comments_policy_agreements",),
            title="Agreeing to a lab's comments policy",
            held="Which version of a lab's comments policy you agreed to, and when.",
            why=(
                "To show that you agreed to the rules before your first comment. This is needed to give you the "
                "service."
            ),
            who_sees="The lab team of that lab, and the site administrators.",
            kept_for="Until you delete your account.",
            your_choices="Deleting your account deletes these records.",
        ),
        Privacy(
            covers=("comment_reports",),
            title="Reports you make about comments",
            held="The comment you reported, your reason, when, and what the lab team decided.",
            why=(
                "So the lab team can deal with the report. This is in the lab's legitimate interests in keeping the "
                "lab safe."
            ),
            who_sees=(
                "The lab team of that lab. The comment's author is told that someone reported it, never who or why."
            ),
            kept_for="As long as the comment is kept. If you delete your account, the report stays without your name.",
            your_choices="Deleting your account removes your name from your reports.",
        ),
        team_work_privacy(
            ("comments_audit_trail",),
            "Moderating comments, for lab-team members",
            "Each moderation decision a lab-team member made, and versions of a comments policy they published.",
        ),
    ]
