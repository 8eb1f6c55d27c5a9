"""Display values for introductions and conversations, kept out of templates so they can be tested."""

from dataclasses import dataclass

from carelab.connect.models import ConversationMessage, ConversationReport, Introduction
from carelab.core.presenters import paragraphs
from carelab.participants.presenters import Tag, personal_data_words
from carelab.safeguarding.checks import check_words

FORMER_MEMBER = "Someone no longer on CareLab"
GONE = "someone who has since deleted their account"


@dataclass(frozen=True)
class ConversationRow:
    """One conversation in a person's inbox. `introduction` comes from `Introduction.objects.for_inbox(viewer)`."""

    introduction: Introduction
    viewer_id: int
    blocked_by_viewer: bool = False

    @property
    def started_by_viewer(self) -> bool:
        return self.introduction.sender_id == self.viewer_id

    @property
    def other_name(self) -> str:
        intro = self.introduction
        return intro.recipient_name if self.started_by_viewer else intro.sender_name

    @property
    def other_id(self) -> int:
        intro = self.introduction
        return intro.recipient_id if self.started_by_viewer else intro.sender_id

    @property
    def is_unread(self) -> bool:
        """A message from the other person came after the viewer last opened the conversation."""
        intro = self.introduction
        latest_from_other = intro.latest_from_other_at
        read_at = intro.sender_read_at if self.started_by_viewer else intro.recipient_read_at
        return latest_from_other is not None and (read_at is None or latest_from_other > read_at)

    @property
    def tag(self) -> Tag:
        if self.blocked_by_viewer:
            return Tag("Blocked", "grey")
        if self.is_unread:
            return Tag("Unread", "blue")
        if self.introduction.has_reply:
            return Tag("Replied", "green")
        if self.started_by_viewer:
            return Tag("Waiting for a reply", "grey")
        return Tag("Not replied yet", "orange")


@dataclass(frozen=True)
class MessageView:
    """A message as one of the two people sees it: 'You' or the other person's name, and escaped paragraphs."""

    message: ConversationMessage
    introduction: Introduction
    viewer_id: int | None

    @property
    def pk(self) -> int:
        return self.message.pk

    @property
    def by_viewer(self) -> bool:
        return self.message.author_id == self.viewer_id

    @property
    def author_name(self) -> str:
        if self.by_viewer:
            return "You"
        return self.introduction.name_of(self.message.author_id)

    @property
    def paragraphs(self) -> list[list[str]]:
        return paragraphs(self.message.body)


def mentions_risk(lab, messages: list[ConversationMessage]) -> bool:
    """Whether the risk check finds, in any message, signs that someone may be at risk, so the page shows
    both people where to get help at once. Each message is checked on its own, as it was when it was sent."""
    return any(check_words(lab, message.body).has_risk for message in messages)


@dataclass(frozen=True)
class ReportView:
    """A report as the lab team sees it, with the conversation (if neither person has deleted their account)."""

    report: ConversationReport

    @property
    def reporter_name(self) -> str:
        report = self.report
        if report.reporter_id is None:
            return FORMER_MEMBER
        if report.introduction is not None:
            return report.introduction.name_of(report.reporter_id)
        return report.reporter.public_name

    @property
    def reported_name(self) -> str:
        report = self.report
        if report.introduction is not None:
            return report.introduction.name_of(report.reported_id)
        if report.reported is not None:
            return report.reported.public_name
        return GONE

    @property
    def messages(self) -> list[MessageView]:
        introduction = self.report.introduction
        if introduction is None:
            return []
        return [MessageView(message, introduction, None) for message in introduction.messages.all()]


@dataclass(frozen=True)
class PersonalDataWarning:
    """Shown instead of sending a message that seems to include personal data, until the writer chooses."""

    kinds: tuple[str, ...]
    other_name: str
    fingerprint: str
    addresses_private: bool = True

    @property
    def heading(self) -> str:
        return "Check your message before you send it"

    @property
    def paragraphs(self) -> list[str]:
        private = (
            "Connect keeps email addresses private until a reply, so that each of you can choose what to share. "
            if self.addresses_private
            else ""
        )
        return [
            f"Your message seems to include {personal_data_words(list(self.kinds))}.",
            f"{private}If you send it, {self.other_name} will see it, and you cannot take it back.",
            "You can send it anyway, or change the message first.",
        ]
