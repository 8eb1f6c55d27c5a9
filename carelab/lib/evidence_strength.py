"""The strength of evidence behind an insight, counted and said in plain words (decision 0033).

An insight rests on excerpts (coded spans of what people said or what the lab read), items from the
evidence library, and quotes people agreed to share. The summary counts them: how many sources of
each kind, how many respondent groups the excerpts and quotes come from, how many library items of
each kind. It does not grade the evidence: a reader judges "12 excerpts from 3 respondent groups and
2 research studies" better than a score would tell them.
"""

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

# Evidence library kinds (EvidenceItem.Kind values) as nouns, singular and plural, for the summary.
EVIDENCE_NOUNS: dict[str, tuple[str, str]] = {
    "study": ("research study", "research studies"),
    "review": ("review", "reviews"),
    "data_set": ("data set", "data sets"),
    "practice": ("practice example", "practice examples"),
    "story": ("lived-experience story", "lived-experience stories"),
    "survey_finding": ("survey finding", "survey findings"),
    "workshop_output": ("workshop output", "workshop outputs"),
    "other": ("other library item", "other library items"),
}
_UNKNOWN_EVIDENCE = ("library item", "library items")


@dataclass(frozen=True)
class ExcerptFact:
    """What the summary needs to know about one excerpt: which source it is from, the source's kind,
    and the respondent group of the person who wrote it ("" when unknown or not a person's answer)."""

    source: Hashable
    source_kind: str
    group: str = ""


@dataclass(frozen=True)
class EvidenceStrength:
    excerpts: int = 0
    sources: int = 0
    # (kind, number of distinct sources), most first, then by kind.
    sources_by_kind: tuple[tuple[str, int], ...] = ()
    # The distinct respondent groups, in alphabetical order.
    groups: tuple[str, ...] = ()
    evidence_items: int = 0
    # (EvidenceItem kind, number of items), most first, then in the order of EVIDENCE_NOUNS.
    evidence_by_kind: tuple[tuple[str, int], ...] = ()
    quotes: int = 0
    summary: str = field(default="")

    @property
    def is_empty(self) -> bool:
        return not (self.excerpts or self.evidence_items or self.quotes)


def counted(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _joined(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _evidence_order(kind: str) -> int:
    order = list(EVIDENCE_NOUNS)
    return order.index(kind) if kind in order else len(order)


def strength_of_evidence(
    *,
    excerpts: Iterable[ExcerptFact] = (),
    evidence_kinds: Iterable[str] = (),
    quote_groups: Iterable[str] = (),
) -> EvidenceStrength:
    """Count what backs an insight and say it in one sentence.

    `excerpts` are the insight's excerpts; `evidence_kinds` the kind of each library item it cites;
    `quote_groups` the respondent group of each quote it shows ("" when unknown). Groups are
    compared after trimming spaces and ignoring case, and shown as first written.
    """
    excerpts = list(excerpts)
    quote_groups = list(quote_groups)
    evidence = Counter(evidence_kinds)

    sources_of_kind: dict[str, set] = {}
    for fact in excerpts:
        sources_of_kind.setdefault(fact.source_kind, set()).add(fact.source)
    sources_by_kind = tuple(
        sorted(((kind, len(found)) for kind, found in sources_of_kind.items()), key=lambda row: (-row[1], row[0]))
    )

    groups: dict[str, str] = {}
    for group in [fact.group for fact in excerpts] + quote_groups:
        cleaned = " ".join((group or "").split())
        if cleaned:
            groups.setdefault(cleaned.casefold(), cleaned)

    evidence_by_kind = tuple(sorted(evidence.items(), key=lambda row: (-row[1], _evidence_order(row[0]), row[0])))
    strength = EvidenceStrength(
        excerpts=len(excerpts),
        sources=len({fact.source for fact in excerpts}),
        sources_by_kind=sources_by_kind,
        groups=tuple(sorted(groups.values(), key=str.casefold)),
        evidence_items=sum(evidence.values()),
        evidence_by_kind=evidence_by_kind,
        quotes=len(quote_groups),
    )
    return EvidenceStrength(**{**strength.__dict__, "summary": summary_of(strength)})


def summary_of(strength: EvidenceStrength) -> str:
    """ "Backed by 12 excerpts from 3 respondent groups and 2 research studies." """
    parts = []
    if strength.excerpts:
        phrase = counted(strength.excerpts, "excerpt", "excerpts")
        if strength.groups:
            phrase += " from " + counted(len(strength.groups), "respondent group", "respondent groups")
        elif strength.sources > 1:
            phrase += " from " + counted(strength.sources, "source", "sources")
        parts.append(phrase)
    for kind, number in strength.evidence_by_kind:
        parts.append(counted(number, *EVIDENCE_NOUNS.get(kind, _UNKNOWN_EVIDENCE)))
    if strength.quotes:
        parts.append(counted(strength.quotes, "quote", "quotes"))
    if not parts:
        return "Not yet backed by any excerpts, library items or quotes."
    return f"Backed by {_joined(parts)}."
