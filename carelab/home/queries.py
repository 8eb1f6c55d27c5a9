"""What the lab home and the team dashboard gather from the other apps, in a fixed number of queries."""

from dataclasses import dataclass

from carelab.comments.models import Comment, Report
from carelab.connect.models import ConversationReport
from carelab.ideas.queries import held_count
from carelab.labs.models import Lab
from carelab.organisations.models import Organisation
from carelab.participants.models import Application, ProfileCard
from carelab.posts.models import Post
from carelab.safeguarding.models import SafeguardingFlag
from carelab.surveys.models import Survey

RECENT_POSTS = 3


def listed_labs() -> list[Lab]:
    """Every lab, newest first, with its phases ready to show."""
    return list(Lab.objects.listed().prefetch_related("phases"))


@dataclass(frozen=True)
class LabHomeContent:
    recent_posts: list
    open_surveys: list
    partners: list


def open_surveys(lab: Lab) -> list[Survey]:
    """The lab's surveys anyone may answer now, by title."""
    return list(Survey.objects.for_lab(lab).open_now().order_by("title"))


def lab_home_content(lab: Lab) -> LabHomeContent:
    """The lab's latest posts, its open surveys and its public partners, for its home page."""
    return LabHomeContent(
        recent_posts=list(Post.objects.for_lab(lab).published().select_related("author")[:RECENT_POSTS]),
        open_surveys=open_surveys(lab),
        partners=list(Organisation.objects.for_lab(lab).public().partners().alphabetical()),
    )


@dataclass(frozen=True)
class TeamCounts:
    """What is waiting for the lab team, for the team dashboard."""

    pending: int
    reports: int
    applications: int
    held_cards: int
    safeguarding_open: int
    conversation_reports: int
    held_ideas: int


def team_counts(lab: Lab) -> TeamCounts:
    return TeamCounts(
        pending=Comment.objects.for_lab(lab).pending().count(),
        reports=Report.objects.for_lab(lab).open().count(),
        applications=Application.objects.for_lab(lab).waiting().count(),
        held_cards=ProfileCard.objects.in_lab(lab).held().count(),
        safeguarding_open=SafeguardingFlag.objects.for_lab(lab).open().count(),
        conversation_reports=ConversationReport.objects.for_lab(lab).open().count(),
        held_ideas=held_count(lab),
    )
