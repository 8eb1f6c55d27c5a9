"""What the themes, areas and insights pages read, each in a fixed number of queries.

Team pages see every insight of their lab; public pages see only published insights, only
published quotes (`Quote.Status.PUBLISHED`: a withdrawn quote keeps no words and shows nowhere),
and the strength of evidence counted from what the public page shows.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from carelab.core.kept_facts import kept
from carelab.evidence.models import EvidenceItem
from carelab.insights import queries_coding
from carelab.insights.models import Code, Excerpt, Insight, InsightEvent, OpportunityArea, Quote, Source, Theme
from carelab.lib.evidence_strength import EvidenceStrength, ExcerptFact, strength_of_evidence

# Quotes the team may attach to an insight: a human approved their redacted words.
ATTACHABLE_QUOTES = (Quote.Status.APPROVED, Quote.Status.PUBLISHED)
CANDIDATES_SHOWN = 50

# Gatekeepers


def get_theme(lab, pk) -> Theme:
    return get_object_or_404(Theme.objects.filter(lab=lab), pk=pk)


def get_area(lab, pk) -> OpportunityArea:
    return get_object_or_404(OpportunityArea.objects.filter(lab=lab), pk=pk)


def get_insight(lab, pk) -> Insight:
    return get_object_or_404(Insight.objects.filter(lab=lab).select_related("created_by", "reviewed_by"), pk=pk)


def get_published_insight(lab, pk) -> Insight:
    """A published insight of this lab; a draft or reviewed one does not exist for the public (404)."""
    return get_object_or_404(Insight.objects.filter(lab=lab, status=Insight.Status.PUBLISHED), pk=pk)


def has_published_insights(lab) -> bool:
    """Whether the lab has published an insight (the lab menu's "Insights"), kept while content is unchanged."""
    return kept(("published insights", lab.pk), lambda: lab.insights.filter(status=Insight.Status.PUBLISHED).exists())


# Themes and areas


def themes(lab):
    """The lab's themes with their codes' ids, by name."""
    return lab.themes.prefetch_related(Prefetch("codes", queryset=Code.objects.only("pk")))


def areas(lab):
    return lab.opportunity_areas.prefetch_related(Prefetch("themes", queryset=Theme.objects.only("pk")))


@dataclass
class ShownCode:
    code: Code
    label: str  # with its parents' names: "Pain › Sleep"
    codings: int


@dataclass
class ShownTheme:
    theme: Theme
    codes: list[ShownCode]

    @property
    def codings(self) -> int:
        return sum(code.codings for code in self.codes)


@dataclass
class ShownArea:
    area: OpportunityArea | None  # None: the themes in no area yet
    themes: list[ShownTheme]


@dataclass
class MakingSense:
    areas: list[ShownArea]
    themes: list[ShownTheme]
    codes_in_no_theme: list[ShownCode]
    insights_by_status: dict[str, int] = field(default_factory=dict)


def making_sense(lab) -> MakingSense:
    """Areas of opportunity, the themes in each, the codes in each theme with how many codings each
    has (by every coder), the themes in no area and the codes in no theme. Five queries, however
    many of each."""
    rows = queries_coding.codebook(lab)
    labels = queries_coding.code_label(rows)
    shown_codes = {row.code.pk: ShownCode(row.code, labels[row.code.pk], row.codings) for row in rows}
    order = {pk: index for index, pk in enumerate(shown_codes)}
    shown_themes = {}
    for theme in themes(lab):
        codes = sorted((shown_codes[code.pk] for code in theme.codes.all()), key=lambda shown: order[shown.code.pk])
        shown_themes[theme.pk] = ShownTheme(theme, codes)
    shown_areas, placed = [], set()
    for area in areas(lab):
        ids = {theme.pk for theme in area.themes.all()}
        placed |= ids
        shown_areas.append(ShownArea(area, [shown for pk, shown in shown_themes.items() if pk in ids]))
    unplaced = [shown for pk, shown in shown_themes.items() if pk not in placed]
    if unplaced:
        shown_areas.append(ShownArea(None, unplaced))
    in_a_theme = {shown.code.pk for theme in shown_themes.values() for shown in theme.codes}
    counts = dict(lab.insights.values_list("status").annotate(n=Count("pk")).order_by())
    return MakingSense(
        areas=shown_areas,
        themes=list(shown_themes.values()),
        codes_in_no_theme=[shown for pk, shown in shown_codes.items() if pk not in in_a_theme],
        insights_by_status=counts,
    )


# Insights


def team_insights(lab, *, status: str = ""):
    """The lab's insights for the team's list, newest first, with who wrote and reviewed each and how
    much backs it."""
    found = (
        lab.insights.select_related("created_by", "reviewed_by")
        .order_by("-created_at", "-pk")
        .annotate(
            excerpt_count=Count("excerpts", distinct=True),
            evidence_count=Count("evidence_items", distinct=True),
            quote_count=Count("quotes", filter=Q(quotes__status__in=ATTACHABLE_QUOTES), distinct=True),
        )
    )
    if status:
        found = found.filter(status=status)
    return found


def published_insights(lab):
    return lab.insights.filter(status=Insight.Status.PUBLISHED).order_by("-published_at", "-pk")


def with_public_strength(insights) -> list[tuple[Insight, EvidenceStrength]]:
    """Each published insight with its strength counted from what its public page shows. Four queries
    for the whole list (the insights, their excerpts, library items and published quotes)."""
    insights = list(
        insights.prefetch_related(
            Prefetch("excerpts", queryset=_excerpts_with_sources()),
            Prefetch("evidence_items", queryset=EvidenceItem.objects.only("pk", "kind")),
            Prefetch("quotes", queryset=_published_quotes(), to_attr="published_quotes"),
        )
    )
    return [
        (insight, _strength(insight.excerpts.all(), insight.evidence_items.all(), insight.published_quotes))
        for insight in insights
    ]


def _excerpts_with_sources():
    return Excerpt.objects.select_related("source")


def _published_quotes():
    return (
        Quote.objects.filter(status=Quote.Status.PUBLISHED)
        .select_related("excerpt__source")
        .order_by("published_at", "pk")
    )


def _quote_group(quote: Quote) -> str:
    excerpt = quote.excerpt
    return excerpt.source.group if excerpt is not None and excerpt.source_id else ""


def _strength(excerpts, evidence_items, quotes) -> EvidenceStrength:
    return strength_of_evidence(
        excerpts=[ExcerptFact(excerpt.source_id, excerpt.source.kind, excerpt.source.group) for excerpt in excerpts],
        evidence_kinds=[item.kind for item in evidence_items],
        quote_groups=[_quote_group(quote) for quote in quotes],
    )


@dataclass
class InsightSupport:
    """What backs an insight, as the team's page shows it."""

    excerpts: list[Excerpt]
    evidence_items: list[EvidenceItem]
    quotes: list[Quote]  # every linked quote, withdrawn ones too, so the team sees what went
    strength: EvidenceStrength  # counted from the excerpts, items and quotes that still count
    events: list[InsightEvent]

    @property
    def withdrawn_quotes(self) -> list[Quote]:
        return [quote for quote in self.quotes if quote.status == Quote.Status.WITHDRAWN]

    @property
    def approved_not_published(self) -> list[Quote]:
        return [quote for quote in self.quotes if quote.status == Quote.Status.APPROVED]


def insight_support(insight: Insight) -> InsightSupport:
    excerpts = list(insight.excerpts.all().select_related("source"))
    evidence_items = list(insight.evidence_items.all())
    quotes = list(insight.quotes.all().select_related("excerpt__source").order_by("created_at", "pk"))
    counted_quotes = [quote for quote in quotes if quote.status in ATTACHABLE_QUOTES]
    return InsightSupport(
        excerpts=excerpts,
        evidence_items=evidence_items,
        quotes=quotes,
        strength=_strength(excerpts, evidence_items, counted_quotes),
        events=list(insight.events.select_related("actor")),
    )


@dataclass
class PublicInsight:
    insight: Insight
    themes: list[Theme]
    areas: list[OpportunityArea]
    evidence_items: list[EvidenceItem]
    quotes: list[Quote]
    strength: EvidenceStrength


def public_insight(insight: Insight) -> PublicInsight:
    """A published insight as everyone sees it: only published quotes, with their generic attribution."""
    excerpts = list(insight.excerpts.all().select_related("source"))
    evidence_items = list(insight.evidence_items.all().order_by("-year", "title", "pk"))
    quotes = list(_published_quotes().filter(insights=insight))
    return PublicInsight(
        insight=insight,
        themes=list(insight.themes.all()),
        areas=list(insight.areas.all()),
        evidence_items=evidence_items,
        quotes=quotes,
        strength=_strength(excerpts, evidence_items, quotes),
    )


# Choosing what backs an insight


def excerpts_to_add(insight: Insight, *, code: Code | None):
    """Excerpts of the lab's sources not yet linked: those coded with `code`, else every coded one."""
    found = Excerpt.objects.filter(source__lab=insight.lab, codings__isnull=False).exclude(insights=insight)
    if code is not None:
        found = found.filter(codings__code=code)
    return found.distinct().select_related("source").order_by("source_id", "start", "pk")


def evidence_to_add(insight: Insight, *, words: str = ""):
    """Items in the lab's library (never a submission still waiting for review) not yet linked, by
    title; `words` narrows them to titles containing every word."""
    found = EvidenceItem.objects.for_lab(insight.lab).in_library().exclude(insights=insight)
    for word in words.split():
        found = found.filter(title__icontains=word)
    return found.order_by("title", "pk")


def quotes_to_add(insight: Insight):
    """The lab's approved or published quotes not yet linked."""
    return (
        insight.lab.quotes.filter(status__in=ATTACHABLE_QUOTES)
        .exclude(insights=insight)
        .select_related("excerpt__source")
        .order_by("-created_at", "-pk")
    )


def codes_for_choosing(insight: Insight) -> list[tuple[Code, str]]:
    """The lab's codes, labelled with their parents, those of the insight's themes first."""
    rows = queries_coding.codebook(insight.lab)
    labels = queries_coding.code_label(rows)
    in_themes = set(Code.objects.filter(themes__insights=insight).values_list("pk", flat=True))
    ordered = [row.code for row in rows if row.code.pk in in_themes] + [
        row.code for row in rows if row.code.pk not in in_themes
    ]
    return [(code, labels[code.pk]) for code in ordered]


SOURCE_KIND_LABELS = dict(Source.Kind.choices)
