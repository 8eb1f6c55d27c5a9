"""Writes for making sense: themes, areas of opportunity and insights, and an insight's status.

An insight goes draft → reviewed (by a second member of the lab team: never the person who wrote
it) → published; the team can send it back to draft with a note, and unpublish it (back to
reviewed: the words were reviewed, so it may be published again). Changing a reviewed insight's
words sends it back to draft; a published insight is unpublished before it is changed. Every
change of status is an `InsightEvent` (decision 0033). Each write is one transaction.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from carelab.insights.models import Code, Excerpt, Insight, InsightEvent, OpportunityArea, Quote, Theme

Status = Insight.Status
Action = InsightEvent.Action
ATTACHABLE_QUOTES = (Quote.Status.APPROVED, Quote.Status.PUBLISHED)


class InsightError(ValueError):
    """A change that cannot be made, with a message to show the person."""


# Themes and areas


def save_theme(lab, *, name: str, description: str, codes: Iterable[Code], theme: Theme | None = None) -> Theme:
    with transaction.atomic():
        if theme is None:
            theme = Theme.objects.create(lab=lab, name=name, description=description)
        else:
            theme.name, theme.description = name, description
            theme.save(update_fields=["name", "description"])
        theme.codes.set([code for code in codes if code.lab_id == lab.pk])
    return theme


def delete_theme(theme: Theme) -> None:
    """The theme goes; its codes and their codings stay, and areas and insights lose the link."""
    theme.delete()


def save_area(
    lab, *, name: str, description: str, themes: Iterable[Theme], area: OpportunityArea | None = None
) -> OpportunityArea:
    with transaction.atomic():
        if area is None:
            area = OpportunityArea.objects.create(lab=lab, name=name, description=description)
        else:
            area.name, area.description = name, description
            area.save(update_fields=["name", "description"])
        area.themes.set([theme for theme in themes if theme.lab_id == lab.pk])
    return area


def delete_area(area: OpportunityArea) -> None:
    """The area goes; its themes stay."""
    area.delete()


# Insights


def _record(insight: Insight, action: str, *, by, from_status: str, note: str = "") -> InsightEvent:
    return InsightEvent.objects.create(
        insight=insight, action=action, from_status=from_status, to_status=insight.status, note=note, actor=by
    )


def create_insight(
    lab, *, statement: str, detail: str, themes: Iterable[Theme], areas: Iterable[OpportunityArea], by
) -> Insight:
    with transaction.atomic():
        insight = Insight.objects.create(lab=lab, statement=statement, detail=detail, created_by=by)
        insight.themes.set([theme for theme in themes if theme.lab_id == lab.pk])
        insight.areas.set([area for area in areas if area.lab_id == lab.pk])
        _record(insight, Action.CREATED, by=by, from_status="")
    return insight


def _back_to_draft_if_reviewed(insight: Insight, *, by) -> bool:
    """A reviewed insight that changes needs reviewing again. Call inside a transaction."""
    if insight.status != Status.REVIEWED:
        return False
    insight.status, insight.reviewed_by, insight.reviewed_at = Status.DRAFT, None, None
    insight.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    _record(insight, Action.CHANGED_AFTER_REVIEW, by=by, from_status=Status.REVIEWED)
    return True


def _refuse_if_published(insight: Insight) -> None:
    if insight.status == Status.PUBLISHED:
        raise InsightError("This insight is published. Unpublish it before changing it.")


def update_insight(
    insight: Insight, *, statement: str, detail: str, themes: Iterable[Theme], areas: Iterable[OpportunityArea], by
) -> bool:
    """Save new words and links. Returns True when a reviewed insight went back to draft."""
    with transaction.atomic():
        insight = _locked(insight)
        _refuse_if_published(insight)
        changed = (insight.statement, insight.detail) != (statement, detail)
        insight.statement, insight.detail = statement, detail
        insight.save(update_fields=["statement", "detail", "updated_at"])
        insight.themes.set([theme for theme in themes if theme.lab_id == insight.lab_id])
        insight.areas.set([area for area in areas if area.lab_id == insight.lab_id])
        return _back_to_draft_if_reviewed(insight, by=by) if changed else False


def delete_insight(insight: Insight) -> None:
    """The insight goes with its history; what backed it (excerpts, items, quotes) stays."""
    insight.delete()


def _locked(insight: Insight) -> Insight:
    """The insight as it is in the database now, locked until the transaction ends (PostgreSQL), so two
    people pressing buttons at once cannot both move it."""
    fresh = Insight.objects.select_for_update().get(pk=insight.pk)
    fresh.lab = insight.lab
    return fresh


# What backs an insight


def link_support(
    insight: Insight,
    *,
    excerpts: Iterable[Excerpt] = (),
    evidence_items: Iterable = (),
    quotes: Iterable[Quote] = (),
    by,
) -> tuple[int, bool]:
    """Link excerpts, library items and approved or published quotes of the insight's lab.

    Returns how many were linked and whether a reviewed insight went back to draft.
    """
    excerpts = [excerpt for excerpt in excerpts if excerpt.source.lab_id == insight.lab_id]
    evidence_items = [item for item in evidence_items if item.lab_id == insight.lab_id]
    quotes = list(quotes)
    if any(quote.lab_id != insight.lab_id or quote.status not in ATTACHABLE_QUOTES for quote in quotes):
        raise InsightError("Only approved or published quotes can back an insight.")
    with transaction.atomic():
        insight = _locked(insight)
        _refuse_if_published(insight)
        before = insight.excerpts.count() + insight.evidence_items.count() + insight.quotes.count()
        insight.excerpts.add(*excerpts)
        insight.evidence_items.add(*evidence_items)
        insight.quotes.add(*quotes)
        added = insight.excerpts.count() + insight.evidence_items.count() + insight.quotes.count() - before
        sent_back = _back_to_draft_if_reviewed(insight, by=by) if added else False
    return added, sent_back


def unlink_support(insight: Insight, kind: str, pk: int, *, by) -> bool:
    """Take one excerpt, library item or quote off the insight. Returns whether anything was removed.

    Taking off a withdrawn quote is allowed even from a published insight: it shows nowhere already.
    """
    relation = {"excerpt": "excerpts", "evidence_item": "evidence_items", "quote": "quotes"}.get(kind)
    if relation is None:
        raise InsightError("There is nothing of that kind to take off.")
    with transaction.atomic():
        insight = _locked(insight)
        related = getattr(insight, relation)
        found = related.filter(pk=pk).first()
        if found is None:
            return False
        if not (kind == "quote" and found.status == Quote.Status.WITHDRAWN):
            _refuse_if_published(insight)
        related.remove(found)
        if kind != "quote" or found.status != Quote.Status.WITHDRAWN:
            _back_to_draft_if_reviewed(insight, by=by)
    return True


# Status


def review_insight(insight: Insight, *, by) -> Insight:
    """A second member of the lab team checked the insight and what backs it."""
    with transaction.atomic():
        insight = _locked(insight)
        if insight.status != Status.DRAFT:
            raise InsightError("Only a draft insight can be reviewed.")
        if insight.created_by_id is not None and insight.created_by_id == by.pk:
            raise InsightError(
                "You wrote this insight, so another member of the lab team must review it: "
                "a second pair of eyes checks that the evidence says what the insight says."
            )
        insight.status, insight.reviewed_by, insight.reviewed_at = Status.REVIEWED, by, timezone.now()
        insight.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
        _record(insight, Action.REVIEWED, by=by, from_status=Status.DRAFT)
    return insight


def send_back(insight: Insight, *, by, note: str) -> Insight:
    """Back to draft with a note saying what to change (from draft, the note is recorded and it stays)."""
    with transaction.atomic():
        insight = _locked(insight)
        if insight.status == Status.PUBLISHED:
            raise InsightError("This insight is published. Unpublish it first.")
        before = insight.status
        insight.status, insight.reviewed_by, insight.reviewed_at = Status.DRAFT, None, None
        insight.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
        _record(insight, Action.SENT_BACK, by=by, from_status=before, note=note)
    return insight


def publish_insight(insight: Insight, *, by) -> Insight:
    with transaction.atomic():
        insight = _locked(insight)
        if insight.status != Status.REVIEWED:
            raise InsightError("A second member of the lab team must review this insight before it is published.")
        insight.status, insight.published_at = Status.PUBLISHED, timezone.now()
        insight.save(update_fields=["status", "published_at", "updated_at"])
        _record(insight, Action.PUBLISHED, by=by, from_status=Status.REVIEWED)
    return insight


def unpublish_insight(insight: Insight, *, by, note: str = "") -> Insight:
    """Off the public pages at once; it stays reviewed, so it may be published again as it is."""
    with transaction.atomic():
        insight = _locked(insight)
        if insight.status != Status.PUBLISHED:
            raise InsightError("This insight is not published.")
        insight.status, insight.published_at = Status.REVIEWED, None
        insight.save(update_fields=["status", "published_at", "updated_at"])
        _record(insight, Action.UNPUBLISHED, by=by, from_status=Status.PUBLISHED, note=note)
    return insight
