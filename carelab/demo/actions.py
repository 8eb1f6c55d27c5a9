"""Load the demo lab. Safe to run again: it updates what it made and adds what is missing."""

from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from carelab.accounts.models import User
from carelab.comments.actions import comment_source
from carelab.comments.models import Comment, CommentPolicy, ModerationEvent, PolicyAcceptance, Report
from carelab.demo import content
from carelab.demo.safeguarding import backdate_flag, load_demo_safeguarding
from carelab.demo.survey import load_demo_survey
from carelab.labs.models import Lab, Membership, Phase
from carelab.posts.models import Post
from carelab.safeguarding.checks import check_words, flag_if_urgent


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def load_demo(password: str, today=None) -> Lab:
    today = today or timezone.localdate()
    start = content.lab_year_start(today)
    lab, _ = Lab.objects.update_or_create(
        slug=content.SLUG,
        defaults={
            "title": content.TITLE,
            "question": content.QUESTION,
            "why_it_matters": content.WHY_IT_MATTERS,
            "get_involved": content.GET_INVOLVED,
            "starts_on": start,
            "ends_on": start.replace(year=start.year + 1) - timedelta(days=1),
            "contact_email": content.CONTACT_EMAIL,
            "risk_phrases": content.RISK_PHRASES,
        },
    )
    lab.phases.all().delete()
    Phase.objects.bulk_create(Phase(lab=lab, **phase) for phase in content.phases(start))

    people = {}
    for email, display_name, role, organisation, role_title in content.PEOPLE:
        user, _ = User.objects.get_or_create(email=email)
        user.display_name, user.organisation, user.role_title = display_name, organisation, role_title
        user.is_superuser = user.is_staff = role is None
        user.set_password(password)
        user.save()
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        if role:
            Membership.objects.update_or_create(lab=lab, user=user, defaults={"role": role})
        people[email] = user
    team = people["team@example.org"]

    policy_v1, _ = CommentPolicy.objects.update_or_create(
        lab=lab, version=1, defaults={"body": content.POLICY_V1, "published_at": _at(start), "created_by": team}
    )
    policy_v2, _ = CommentPolicy.objects.update_or_create(
        lab=lab,
        version=2,
        defaults={
            "body": content.POLICY_V2,
            "summary_of_changes": "Trusted commenters may be published straight away.",
            "published_at": _at(start + timedelta(days=30)),
            "created_by": team,
        },
    )
    for email in ["participant@example.org", "alex@example.org", "morgan@example.org", "member@example.org"]:
        PolicyAcceptance.objects.get_or_create(user=people[email], policy=policy_v1)
    for email in ["alex@example.org", "morgan@example.org", "member@example.org"]:
        PolicyAcceptance.objects.get_or_create(user=people[email], policy=policy_v2)

    posts = {}
    for item in content.POSTS:
        published_at = _at(start + timedelta(days=item["days_after_start"]), 9)
        post, _ = Post.objects.update_or_create(
            lab=lab,
            slug=item["slug"],
            defaults={
                "title": item["title"],
                "summary": item["summary"],
                "body": item["body"],
                "author": team,
                "status": Post.Status.DRAFT if item.get("draft") else Post.Status.PUBLISHED,
                "published_at": published_at,
            },
        )
        posts[item["slug"]] = post

    for index, (post_slug, email, body, status, extra) in enumerate(content.COMMENTS):
        post = posts[post_slug]
        parent = None
        if "reply_to" in extra:
            parent = Comment.objects.get(post=post, body__startswith=extra["reply_to"], parent=None)
        created_at = post.published_at + timedelta(hours=3 + index)
        # Held for risk as a real comment would be: the same check, so the demo shows what it finds.
        check = check_words(lab, body) if "risk" in extra.get("hold_reasons", []) else None
        comment, created = Comment.objects.get_or_create(
            post=post,
            author=people[email],
            body=body,
            defaults={
                "parent": parent,
                "status": status,
                "created_at": created_at,
                "hold_reasons": extra.get("hold_reasons", ["premoderation"] if status != "approved" else []),
                "risk_level": check.risk.level if check and check.has_risk else "",
                "risk_reasons": list(check.risk.reasons) if check else [],
                "decision_reason": extra.get("reason", ""),
                "decided_at": None if status == "pending" else created_at + timedelta(hours=2),
                "decided_by": None if status == "pending" else team,
            },
        )
        if created:
            ModerationEvent.objects.create(
                comment=comment, actor=people[email], action=ModerationEvent.Action.SUBMITTED, created_at=created_at
            )
            if check is not None:
                flag = flag_if_urgent(lab=lab, check=check, source=comment_source(comment), person=people[email])
                if flag is not None:
                    backdate_flag(flag, created_at)
            if status != "pending":
                action = {"approved": "approved", "rejected": "rejected", "hidden": "approved"}[status]
                ModerationEvent.objects.create(
                    comment=comment,
                    actor=team,
                    action=action,
                    reason="" if status == "hidden" else extra.get("reason", ""),
                    created_at=comment.decided_at,
                )
            if status == "hidden":
                ModerationEvent.objects.create(
                    comment=comment,
                    actor=team,
                    action=ModerationEvent.Action.HIDDEN,
                    reason=extra["reason"],
                    created_at=comment.decided_at + timedelta(days=1),
                )

    _deleted_comment_with_reply(posts["what-we-heard-in-the-first-month"], people["alex@example.org"])

    reported = Comment.objects.get(post=posts["what-we-heard-in-the-first-month"], author=people["morgan@example.org"])
    if not Report.objects.filter(comment=reported).exists():
        Report.objects.create(
            comment=reported,
            reporter=people["member@example.org"],
            reason="I think this comment gives the impression physios don't care, which is unfair.",
        )
        ModerationEvent.objects.create(
            comment=reported, actor=people["member@example.org"], action=ModerationEvent.Action.REPORTED
        )
    load_demo_survey(lab, team, today=today)
    load_demo_safeguarding(lab, team, people["admin@example.org"])
    return lab


def _deleted_comment_with_reply(post, replier) -> None:
    """A comment whose author deleted their account: its text is gone, the reply to it stays."""
    if Comment.objects.filter(post=post, status=Comment.Status.DELETED).exists():
        return
    created_at = post.published_at + timedelta(days=2)
    tombstone = Comment.objects.create(
        post=post, author=None, body="", status=Comment.Status.DELETED, created_at=created_at
    )
    ModerationEvent.objects.create(
        comment=tombstone, action=ModerationEvent.Action.AUTHOR_DELETED, created_at=created_at
    )
    Comment.objects.create(
        post=post,
        parent=tombstone,
        author=replier,
        body="Thank you for sharing this. Several people at our branch said the same thing.",
        status=Comment.Status.APPROVED,
        created_at=created_at + timedelta(hours=5),
    )
