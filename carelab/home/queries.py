"""What the lab home and the team dashboard gather from the other apps, in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from carelab.comments.models import Comment, Report
from carelab.connect.models import ConversationReport
from carelab.core.counting import count_each
from carelab.core.kept_facts import kept
from carelab.ideas.models import Idea
from carelab.insights.models import Coder, Insight
from carelab.labs.models import Lab
from carelab.organisations.models import Organisation
from carelab.participants.models import Application, ProfileCard
from carelab.posts.models import Post
from carelab.safeguarding.models import SafeguardingFlag
from carelab.surveys.models import Survey

RECENT_POSTS = 3


@dataclass(frozen=True)
class MenuFacts:
    """What the lab menu needs to know of a person who is not on the lab's team, in one query."""

    applied: bool
    coder: bool
    published_insights: bool


def menu_facts(user, lab: Lab) -> MenuFacts:
    """Whether they sent an application, were invited to code, and whether the lab published insights.

    One query instead of three on every lab page a signed-in person opens. The coder answer is kept
    on the user for `insights.access.is_coder`, as that function keeps its own.
    """
    applied, coder, published = kept(("menu facts", user.pk, lab.pk), lambda: _menu_facts_row(user, lab))
    user.__dict__.setdefault("_coder_of", {})[lab.pk] = coder
    return MenuFacts(applied=applied, coder=coder, published_insights=published)


def _menu_facts_row(user, lab: Lab) -> tuple[bool, bool, bool]:
    return (
        Lab.objects.filter(pk=lab.pk)
        .annotate(
            applied=Exists(Application.objects.sent().filter(lab=OuterRef("pk"), applicant=user)),
            coder=Exists(Coder.objects.filter(lab=OuterRef("pk"), user=user)),
            published=Exists(Insight.objects.filter(lab=OuterRef("pk"), status=Insight.Status.PUBLISHED)),
        )
        .values_list("applied", "coder", "published")
        .get()
    )


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
    """Everything waiting for the lab team, counted in one query (kept while the content is unchanged)."""
    return kept(("team counts", lab.pk), lambda: _team_counts(lab))


def _team_counts(lab: Lab) -> TeamCounts:
    return TeamCounts(
        **count_each(
            pending=Comment.objects.for_lab(lab).pending(),
            reports=Report.objects.for_lab(lab).open(),
            applications=Application.objects.for_lab(lab).waiting(),
            held_cards=ProfileCard.objects.in_lab(lab).held(),
            safeguarding_open=SafeguardingFlag.objects.for_lab(lab).open(),
            conversation_reports=ConversationReport.objects.for_lab(lab).open(),
            held_ideas=Idea.objects.for_lab(lab).filter(status=Idea.Status.HELD),
        )
    )
