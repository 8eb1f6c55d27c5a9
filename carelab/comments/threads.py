"""The comment section under a post or an idea: one query for the whole thread, grouped in Python.

The post page calls `comment_section_context(request, post)` (an idea's page the same with the
idea), merges the dict into its context and includes "comments/_section.jinja". The number of
queries does not depend on the number of comments.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from carelab.comments.forms import CommentForm
from carelab.comments.models import Comment, CommentPolicy, PolicyAcceptance, closed_reason
from carelab.comments.presenters import CommentView
from carelab.labs.access import is_lab_team

# Set after a comment whose words suggest its writer may be at risk, so the page the person lands on
# (after the redirect) shows where to get help. Holds "post:<id>" or "idea:<id>".
CRISIS_SESSION_KEY = "comments_show_crisis_for"


def crisis_key(subject) -> str:
    """What CRISIS_SESSION_KEY holds for the post or idea a comment was written on."""
    return f"{subject._meta.model_name}:{subject.pk}"


def build_thread(subject, user, *, viewer_is_team: bool = False) -> list[CommentView]:
    """Top-level comments, oldest first, each with its replies, as this person may see them.

    Hidden and deleted comments stay as placeholders only where they keep visible replies
    in place (the author and the team see their hidden comments regardless).
    """
    user_id = user.pk if user.is_authenticated else None
    top_level: dict[int, CommentView] = {}
    replies: list[tuple[int, CommentView]] = []
    for comment in Comment.objects.for_thread(subject, user):
        view = CommentView(comment, viewer_is_author=comment.author_id == user_id, viewer_is_team=viewer_is_team)
        if comment.parent_id is None:
            top_level[comment.pk] = view
        else:
            # One level of replies: anything deeper joins its top-level comment.
            replies.append((comment.parent.parent_id or comment.parent_id, view))
    for thread_id, view in replies:
        if thread_id in top_level and _shows(view, has_replies=False):
            top_level[thread_id].replies.append(view)
    return [view for view in top_level.values() if _shows(view, has_replies=bool(view.replies))]


def _shows(view: CommentView, *, has_replies: bool) -> bool:
    status = view.comment.status
    if status == Comment.Status.DELETED:
        return has_replies
    if status == Comment.Status.HIDDEN:
        return has_replies or view.viewer_is_author or view.viewer_is_team
    return True


@dataclass
class CommentSection:
    subject: object  # the post or idea
    lab: object
    threads: list[CommentView]
    policy: CommentPolicy | None
    signed_in: bool
    can_moderate: bool = False
    form: CommentForm | None = None
    accepted_earlier_version: bool = False
    show_crisis: bool = False
    closed_message: str = ""
    urls: dict = field(default_factory=dict)

    @property
    def count(self) -> int:
        """Published comments and replies."""
        return sum(view.is_published + sum(reply.is_published for reply in view.replies) for view in self.threads)


def comment_form_for(policy: CommentPolicy, accepted_policy_ids: set[int], *args, **kwargs) -> CommentForm:
    """The comment form, asking the person to agree to the policy when they have not agreed to this version."""
    needs_acceptance = policy.pk not in accepted_policy_ids
    return CommentForm(*args, policy_to_accept=policy if needs_acceptance else None, **kwargs)


def accepted_policy_ids(user, lab) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(PolicyAcceptance.objects.filter(user=user, policy__lab=lab).values_list("policy_id", flat=True))


def create_url(subject) -> str:
    """Where the comment form on a post's or an idea's page posts."""
    name = "comments:create_on_idea" if subject._meta.model_name == "idea" else "comments:create"
    return reverse(name, args=[subject.lab.slug, subject.pk])


def section_urls(subject, lab) -> dict:
    subject_url = subject.get_absolute_url()
    return {
        "subject": subject_url,
        "policy": reverse("comments:policy", args=[lab.slug]),
        "create": create_url(subject),
        "sign_in": reverse("account_login") + "?" + urlencode({"next": subject_url + "#comments"}),
    }


def closed_message(subject, policy) -> str:
    if reason := closed_reason(subject):
        return reason
    if policy is None:
        return "Comments are closed until the lab team publishes a comments policy."
    return ""


def comment_section_context(request, subject) -> dict:
    """Context for templates/comments/_section.jinja, merged into the post's or idea's page context."""
    user = request.user
    lab = subject.lab
    can_moderate = is_lab_team(user, lab)
    policy = CommentPolicy.objects.current_for(lab)
    section = CommentSection(
        subject=subject,
        lab=lab,
        threads=build_thread(subject, user, viewer_is_team=can_moderate),
        policy=policy,
        signed_in=user.is_authenticated,
        can_moderate=can_moderate,
        closed_message=closed_message(subject, policy),
        urls=section_urls(subject, lab),
    )
    if user.is_authenticated and not section.closed_message:
        accepted = accepted_policy_ids(user, lab)
        section.form = comment_form_for(policy, accepted)
        section.accepted_earlier_version = bool(accepted) and policy.pk not in accepted
    if hasattr(request, "session") and request.session.get(CRISIS_SESSION_KEY) == crisis_key(subject):
        section.show_crisis = True
        del request.session[CRISIS_SESSION_KEY]
    return {"comment_section": section}
