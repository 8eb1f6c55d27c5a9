"""Writes to ideas, each in one transaction: proposing, changing and withdrawing one (its author),
supporting it (anyone signed in), and the lab team's review of held ideas and moves between stages.

An idea's title and description go through `safeguarding.checks.check_words`: personal data or any
sign of risk holds the idea for the lab team (the author is shown where to get help at once), and
urgent risk also puts it in the safeguarding review queue, naming the idea by number, never quoting it.
"""

from django.db import transaction
from django.urls import reverse

from carelab.ideas.models import Idea, Stage, StageChange, Support
from carelab.labs.access import join_lab
from carelab.labs.models import Lab
from carelab.safeguarding.actions import FlagSource
from carelab.safeguarding.checks import WordsCheck, check_words, flag_if_urgent
from carelab.safeguarding.models import SafeguardingFlag

RISK = "risk"
PERSONAL_DATA = "personal_data"
RISK_ORDER = {"": 0, "possible": 1, "urgent": 2}


class IdeaActionRefused(Exception):
    """The action cannot be done. The message is written for the person who asked."""


def idea_source(idea: Idea) -> FlagSource:
    """Where the words were written, for the safeguarding queue: the idea by number (its title is the
    person's own words) and the lab team's page to review it."""
    return FlagSource(
        kind=SafeguardingFlag.Source.IDEA,
        id=idea.pk,
        title=f"Idea {idea.pk}",
        url=reverse("ideas:review", args=[idea.lab.slug, idea.pk]),
    )


def hold_reasons_for(check: WordsCheck) -> list[str]:
    """Why an idea must wait for the lab team: any sign of risk, or personal data."""
    reasons = []
    if check.has_risk:
        reasons.append(RISK)
    if check.has_personal_data:
        reasons.append(PERSONAL_DATA)
    return reasons


def _record_check(idea: Idea, check: WordsCheck, *, keep_earlier: bool) -> None:
    """Keep what the check found on the idea; a held idea keeps what held it before as well."""
    reasons = hold_reasons_for(check)
    level = check.risk.level if check.has_risk else ""
    found = list(check.risk.reasons)
    if keep_earlier:
        reasons = list(dict.fromkeys([*idea.hold_reasons, *reasons]))
        if RISK_ORDER.get(idea.risk_level, 0) > RISK_ORDER.get(level, 0):
            level = idea.risk_level
        found = list(dict.fromkeys([*idea.risk_reasons, *found]))
    idea.hold_reasons = reasons
    idea.risk_level = level
    idea.risk_reasons = found


@transaction.atomic
def propose_idea(*, lab: Lab, author, title: str, description: str = "", insights=(), areas=()) -> Idea:
    """Save a new idea: published at once, or held for the lab team when its words need a person to look."""
    check = check_words(lab, title, description)
    idea = Idea(lab=lab, author=author, title=title, description=description)
    _record_check(idea, check, keep_earlier=False)
    idea.status = Idea.Status.HELD if idea.hold_reasons else Idea.Status.PUBLISHED
    idea.save()
    idea.insights.set(insights)
    idea.areas.set(areas)
    join_lab(author, lab)
    flag_if_urgent(lab=lab, check=check, source=idea_source(idea), person=author)
    return idea


EDITABLE = (Idea.Status.PUBLISHED, Idea.Status.HELD)


@transaction.atomic
def change_idea(*, idea: Idea, author, title: str, description: str = "", insights=(), areas=()) -> Idea:
    """The author changes their idea. The words are checked again: a published idea whose new words
    need a look is held; a held idea stays held until the lab team decides, whatever the new words."""
    idea = Idea.objects.select_for_update().select_related("lab").get(pk=idea.pk)
    if idea.author_id != author.pk:
        raise IdeaActionRefused("Only the person who proposed an idea can change it.")
    if idea.status not in EDITABLE:
        raise IdeaActionRefused(f"This idea is “{idea.get_status_display()}”, so it can no longer be changed.")
    check = check_words(idea.lab, title, description)
    was_held = idea.status == Idea.Status.HELD
    _record_check(idea, check, keep_earlier=was_held)
    if idea.hold_reasons:
        idea.status = Idea.Status.HELD
    idea.title = title
    idea.description = description
    idea.save(
        update_fields=["title", "description", "status", "hold_reasons", "risk_level", "risk_reasons", "updated_at"]
    )
    idea.insights.set(insights)
    idea.areas.set(areas)
    flag_if_urgent(lab=idea.lab, check=check, source=idea_source(idea), person=author, written_again=True)
    return idea


@transaction.atomic
def withdraw_idea(*, idea: Idea, author) -> Idea:
    """The author takes their idea down: nobody else sees it from now on. Its history stays."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.author_id != author.pk:
        raise IdeaActionRefused("Only the person who proposed an idea can withdraw it.")
    if idea.status == Idea.Status.WITHDRAWN:
        raise IdeaActionRefused("You have already withdrawn this idea.")
    idea.status = Idea.Status.WITHDRAWN
    idea.save(update_fields=["status", "updated_at"])
    return idea


# Support


@transaction.atomic
def support_idea(*, idea: Idea, user) -> Support:
    """Count the person among the idea's supporters, once however often they ask."""
    if idea.status != Idea.Status.PUBLISHED:
        raise IdeaActionRefused("You can support an idea once it is published.")
    support, _ = Support.objects.get_or_create(idea=idea, user=user)
    join_lab(user, idea.lab)
    return support


@transaction.atomic
def withdraw_support(*, idea: Idea, user) -> int:
    """The person no longer supports the idea. Returns how many supports went (0 or 1)."""
    return Support.objects.filter(idea=idea, user=user).delete()[0]


# The lab team


def _locked_held(idea: Idea) -> Idea:
    locked = Idea.objects.select_for_update().select_related("lab").get(pk=idea.pk)
    if locked.status != Idea.Status.HELD:
        raise IdeaActionRefused(
            f"This idea is now “{locked.get_status_display()}”, so nothing was changed. "
            "Someone else may have dealt with it."
        )
    return locked


@transaction.atomic
def publish_idea(*, idea: Idea, moderator) -> Idea:
    """The lab team has read a held idea and publishes it."""
    idea = _locked_held(idea)
    idea.status = Idea.Status.PUBLISHED
    idea.decision_reason = ""
    idea.save(update_fields=["status", "decision_reason", "updated_at"])
    return idea


@transaction.atomic
def reject_idea(*, idea: Idea, moderator, reason: str) -> Idea:
    """Not published. The author sees the reason on their idea's page."""
    if not reason.strip():
        raise IdeaActionRefused("Enter the reason. The author will see it.")
    idea = _locked_held(idea)
    idea.status = Idea.Status.REJECTED
    idea.decision_reason = reason.strip()
    idea.save(update_fields=["status", "decision_reason", "updated_at"])
    return idea


@transaction.atomic
def move_idea_stage(*, idea: Idea, actor, to_stage: str, reason: str) -> StageChange:
    """Move a published idea to another stage, with the lab team's reason, kept in its history."""
    if to_stage not in Stage.values:
        raise IdeaActionRefused("Choose a stage from the list.")
    if not reason.strip():
        raise IdeaActionRefused("Enter the reason for the move. Everyone who can see the idea will read it.")
    idea = Idea.objects.select_for_update().select_related("lab").get(pk=idea.pk)
    if check_words(idea.lab, reason).has_personal_data:
        raise IdeaActionRefused(
            "The reason seems to hold personal data, such as a name, phone number or address. "
            "Everyone will read it: take that out and try again."
        )
    if idea.status != Idea.Status.PUBLISHED:
        raise IdeaActionRefused("Only a published idea moves between stages.")
    if idea.stage == to_stage:
        raise IdeaActionRefused(f"The idea is already at “{idea.get_stage_display()}”. Choose another stage.")
    change = StageChange.objects.create(
        idea=idea, from_stage=idea.stage, to_stage=to_stage, reason=reason.strip(), actor=actor
    )
    idea.stage = to_stage
    idea.save(update_fields=["stage", "updated_at"])
    return change
