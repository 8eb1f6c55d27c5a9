"""Display values for comments, kept out of templates so they can be tested."""

from dataclasses import dataclass, field

from carelab.comments.models import Comment
from carelab.core.presenters import paragraphs

HIDDEN_TEXT = "This comment was hidden by the lab team"
DELETED_TEXT = "This comment was deleted"
FORMER_MEMBER = "Former member"


@dataclass
class CommentView:
    """One comment as a particular person sees it in the thread."""

    comment: Comment
    viewer_is_author: bool = False
    viewer_is_team: bool = False
    replies: list["CommentView"] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.comment.pk

    @property
    def anchor(self) -> str:
        return f"comment-{self.comment.pk}"

    @property
    def author_name(self) -> str:
        """The public name only: never the e-mail address."""
        author = self.comment.author
        return author.public_name if author else FORMER_MEMBER

    @property
    def placeholder(self) -> str | None:
        """What stands in place of a comment that is no longer shown, or None when its text is shown."""
        status = self.comment.status
        if status == Comment.Status.HIDDEN:
            return HIDDEN_TEXT
        if status == Comment.Status.DELETED:
            return DELETED_TEXT
        return None

    @property
    def paragraphs(self) -> list[list[str]]:
        """The text as the thread shows it: nothing for a placeholder."""
        return [] if self.placeholder else paragraphs(self.comment.body)

    @property
    def body_paragraphs(self) -> list[list[str]]:
        """The text whatever its status, for the lab team's pages."""
        return paragraphs(self.comment.body)

    @property
    def status_tag(self) -> dict | None:
        """The NHS.UK tag for a comment others cannot see, or None for a published one."""
        return {
            Comment.Status.PENDING: {"text": "Awaiting moderation", "classes": "nhsuk-tag--yellow"},
            Comment.Status.REJECTED: {"text": "Not published", "classes": "nhsuk-tag--red"},
            Comment.Status.HIDDEN: {"text": "Hidden", "classes": "nhsuk-tag--grey"},
        }.get(self.comment.status)

    @property
    def status_note(self) -> str:
        status = self.comment.status
        if status == Comment.Status.PENDING and self.viewer_is_author:
            return "Only you can see this comment until the lab team has checked it."
        if status == Comment.Status.REJECTED and self.viewer_is_author:
            return "The lab team did not publish this comment. Only you can see it."
        return ""

    @property
    def reason_for_viewer(self) -> str:
        """The moderators' reason, shown to the author (and the team) only."""
        if self.comment.status in (Comment.Status.REJECTED, Comment.Status.HIDDEN) and (
            self.viewer_is_author or self.viewer_is_team
        ):
            return self.comment.decision_reason
        return ""

    @property
    def is_published(self) -> bool:
        return self.comment.status == Comment.Status.APPROVED

    @property
    def can_reply(self) -> bool:
        return self.is_published

    @property
    def can_report(self) -> bool:
        return self.is_published and not self.viewer_is_author


def hold_reason_labels(comment: Comment) -> list[str]:
    labels = dict(Comment.HoldReason.choices)
    return [labels.get(reason, reason) for reason in comment.hold_reasons]


RISK_LEVEL_WORDS = {"urgent": "Urgent", "possible": "Possible sign of risk"}


def risk_finding(comment: Comment) -> str:
    """What the risk check found, for the lab team: 'Urgent: the lab's phrase “can't go on”'. Empty if nothing."""
    if not comment.risk_level:
        return ""
    level = RISK_LEVEL_WORDS.get(comment.risk_level, comment.risk_level.capitalize())
    reasons = "; ".join(comment.risk_reasons)
    return f"{level}: {reasons}" if reasons else level
