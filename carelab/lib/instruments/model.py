"""What an instrument is, and how a set of answers becomes a score.

An instrument is checked when it is built (ids unique, every option value
unique within its item, bands covering every reachable total exactly once),
so a mistake in a built-in or in an organisation's definition file fails at
start-up with the name of the field at fault, never while someone answers.

Scores are stored with the response for the lab team's aggregate analysis.
They are never shown to the respondent as a result, and a band is never
described to anyone as a diagnosis.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Protocol

Number = int | float
AnswerValue = str | int | None

# Safety signals a survey acts on: show crisis resources at once, and put a
# safeguarding flag in the lab team's review queue. Nothing blocks submission.
PHQ9_ITEM9_POSITIVE = "phq9_item9_positive"
MOST_SEVERE_BAND = "most_severe_band"

# Ids become XLSForm question names, so they follow XLSForm's rule for names.
_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_VERSION = re.compile(r"^\d+(\.\d+)*$")


class InstrumentDefinitionError(ValueError):
    """An instrument definition is wrong. The message starts with the field at fault, e.g. ``items[2].id``."""

    def __init__(self, field_path: str, problem: str) -> None:
        self.field = field_path
        self.problem = problem
        super().__init__(f"{field_path}: {problem}")


def _check_id(value: object, field_path: str) -> None:
    if not isinstance(value, str) or not _ID.match(value):
        raise InstrumentDefinitionError(
            field_path, f"{value!r} is not a valid id (a letter or underscore, then letters, digits or underscores)"
        )


def _check_text(value: object, field_path: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InstrumentDefinitionError(field_path, "must be non-empty text")


def _check_unique(values: Iterable[str], field_path: str, what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise InstrumentDefinitionError(field_path, f"{what} {value!r} appears more than once")
        seen.add(value)


@dataclass(frozen=True)
class Option:
    """One answer a person can choose. ``value`` is what is stored; ``score`` is what it counts for."""

    value: str
    label: str
    score: int


@dataclass(frozen=True)
class Item:
    """One question of an instrument, worded exactly as its owner publishes it."""

    id: str
    text: str
    options: tuple[Option, ...]
    # Words at each end of a numeric scale, e.g. ("No pain", "Worst pain imaginable").
    anchors: tuple[str, str] | None = None
    reverse_scored: bool = False
    # True for PHQ-9 item 9: a survey must have a confirmed safeguarding plan before asking it.
    asks_about_self_harm: bool = False

    @property
    def min_score(self) -> int:
        return min(option.score for option in self.options)

    @property
    def max_score(self) -> int:
        return max(option.score for option in self.options)

    def option(self, value: str) -> Option:
        """The option stored as ``value``; a ValueError naming the item if there is none."""
        for option in self.options:
            if option.value == value:
                return option
        allowed = ", ".join(repr(option.value) for option in self.options)
        raise ValueError(f"{value!r} is not an answer option for item {self.id!r}; expected one of {allowed}")

    def counted_score(self, option: Option) -> int:
        """The option's score as it counts towards the total, reversed if the item is reverse scored."""
        return self.min_score + self.max_score - option.score if self.reverse_scored else option.score

    def counted_scores(self) -> frozenset[int]:
        return frozenset(self.counted_score(option) for option in self.options)


@dataclass(frozen=True)
class Band:
    """A named range of totals, inclusive at both ends (``min`` ≤ total ≤ ``max``).

    Band labels are for the lab team's aggregate analysis only. They are never
    shown to the respondent and never described as a diagnosis: telling someone
    they "have" a condition would make CareLab a medical device.
    """

    id: str
    label: str
    min: Number
    max: Number
    # How the band is reached when it is not simply a range of totals (STarT Back's risk groups).
    description: str = ""

    def contains(self, total: Number) -> bool:
        return self.min <= total <= self.max


@dataclass(frozen=True)
class ItemFlag:
    """Raise ``flag`` when item ``item_id`` is answered with an option scoring ``min_score`` or more."""

    item_id: str
    min_score: int
    flag: str


@dataclass(frozen=True)
class Evaluation:
    """What a scoring method works out from the counted item scores."""

    total: Number | None
    raw_total: Number | None = None
    band: Band | None = None
    subscores: Mapping[str, Number | None] = field(default_factory=dict)
    prorated: bool = False
    # The band the total must fall in whatever the missing answers would have been, if that is known.
    certain_band: Band | None = None


class Scoring(Protocol):
    method: str

    @property
    def bands(self) -> tuple[Band, ...]: ...

    def check(self, items: tuple[Item, ...]) -> None:
        """Raise InstrumentDefinitionError if this scoring cannot work with these items."""

    def evaluate(self, items: tuple[Item, ...], scores: Mapping[str, int]) -> Evaluation:
        """Work out the total from ``scores`` (counted score by item id, answered items only)."""


def _round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def _band_for(bands: tuple[Band, ...], total: Number | None) -> Band | None:
    if total is None:
        return None
    return next((band for band in bands if band.contains(total)), None)


@dataclass(frozen=True)
class SumScoring:
    """The total is the sum of the items' scores, then multiplied or converted, then banded.

    * ``multiplier`` scales the raw sum (e.g. 2 turns a 0–50 sum into 0–100).
    * ``conversion`` maps each raw sum to the reported score instead (e.g. a Rasch
      conversion table); it must cover every raw sum that can occur.
    * Missing answers: with ``prorate_max_missing`` = 0 (every built-in instrument)
      any missing answer leaves the total and band empty. Above 0, up to that many
      missing answers are filled by prorating: raw sum × items ÷ answered, rounded
      half up to a whole number; the score records ``prorated=True``.
    """

    bands: tuple[Band, ...]
    multiplier: Number = 1
    conversion: Mapping[int, Number] | None = None
    prorate_max_missing: int = 0
    method: str = field(default="sum", init=False)

    def report(self, raw: int) -> Number:
        if self.conversion is not None:
            return self.conversion[raw]
        return raw * self.multiplier

    def reachable_raw_totals(self, items: tuple[Item, ...]) -> frozenset[int]:
        sums = {0}
        for item in items:
            sums = {total + score for total in sums for score in item.counted_scores()}
        if self.prorate_max_missing:
            # A prorated total can land on any whole number between the extremes.
            sums = set(range(min(sums), max(sums) + 1))
        return frozenset(sums)

    def check(self, items: tuple[Item, ...]) -> None:
        if isinstance(self.multiplier, bool) or not isinstance(self.multiplier, int | float):
            raise InstrumentDefinitionError("scoring.multiplier", "must be a number")
        if not math.isfinite(self.multiplier) or self.multiplier <= 0:
            raise InstrumentDefinitionError("scoring.multiplier", "must be greater than 0")
        if self.conversion is not None and self.multiplier != 1:
            raise InstrumentDefinitionError("scoring", "use either a multiplier or a conversion table, not both")
        if isinstance(self.prorate_max_missing, bool) or not isinstance(self.prorate_max_missing, int):
            raise InstrumentDefinitionError("scoring.prorate_max_missing", "must be a whole number")
        if not 0 <= self.prorate_max_missing < len(items):
            raise InstrumentDefinitionError(
                "scoring.prorate_max_missing", f"must be from 0 to {len(items) - 1} (one fewer than the items)"
            )
        if not self.bands:
            raise InstrumentDefinitionError("scoring.bands", "a sum-scored instrument needs at least one band")
        _check_bands_do_not_overlap(self.bands)
        raw_totals = sorted(self.reachable_raw_totals(items))
        if self.conversion is not None:
            for raw in raw_totals:
                if raw not in self.conversion:
                    raise InstrumentDefinitionError("scoring.conversion", f"has no entry for the raw total {raw}")
        for raw in raw_totals:
            total = self.report(raw)
            if _band_for(self.bands, total) is None:
                raise InstrumentDefinitionError("scoring.bands", f"the total {total} is not in any band")

    def evaluate(self, items: tuple[Item, ...], scores: Mapping[str, int]) -> Evaluation:
        answered = [item for item in items if item.id in scores]
        missing = [item for item in items if item.id not in scores]
        raw_sum = sum(scores[item.id] for item in answered)
        raw: int | None = None
        prorated = False
        if not missing:
            raw = raw_sum
        elif answered and len(missing) <= self.prorate_max_missing:
            raw = _round_half_up(Fraction(raw_sum * len(items), len(answered)))
            prorated = True
        total = None if raw is None else self.report(raw)
        band = _band_for(self.bands, total)
        return Evaluation(
            total=total,
            raw_total=raw,
            band=band,
            prorated=prorated,
            certain_band=band if not missing else self._certain_band(raw_sum, missing),
        )

    def _certain_band(self, raw_sum: int, missing: list[Item]) -> Band | None:
        lowest = raw_sum + sum(min(item.counted_scores()) for item in missing)
        highest = raw_sum + sum(max(item.counted_scores()) for item in missing)
        # Every whole number in between, reachable or not: stricter than needed, never looser.
        # A conversion table only covers reachable totals, so the others are skipped there.
        possible = [raw for raw in range(lowest, highest + 1) if self.conversion is None or raw in self.conversion]
        bands = {_band_for(self.bands, self.report(raw)) for raw in possible}
        return bands.pop() if len(bands) == 1 else None


def _check_bands_do_not_overlap(bands: tuple[Band, ...]) -> None:
    _check_unique((band.id for band in bands), "scoring.bands", "the band id")
    for index, band in enumerate(bands):
        _check_id(band.id, f"scoring.bands[{index}].id")
        _check_text(band.label, f"scoring.bands[{index}].label")
        for end in ("min", "max"):
            value = getattr(band, end)
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise InstrumentDefinitionError(f"scoring.bands[{index}].{end}", "must be a number")
        if band.min > band.max:
            raise InstrumentDefinitionError(f"scoring.bands[{index}]", "min is greater than max")
    ordered = sorted(bands, key=lambda band: band.min)
    for lower, upper in zip(ordered, ordered[1:], strict=False):
        if upper.min <= lower.max:
            raise InstrumentDefinitionError("scoring.bands", f"bands {lower.id!r} and {upper.id!r} overlap")


@dataclass(frozen=True)
class NoScoring:
    """Answers are stored and analysed item by item; there is no total (e.g. a descriptive profile)."""

    method: str = field(default="none", init=False)

    @property
    def bands(self) -> tuple[Band, ...]:
        return ()

    def check(self, items: tuple[Item, ...]) -> None:
        return None

    def evaluate(self, items: tuple[Item, ...], scores: Mapping[str, int]) -> Evaluation:
        return Evaluation(total=None)


@dataclass(frozen=True)
class Score:
    """The result of scoring one person's answers, stored with the response for analysis.

    Never shown to the respondent as a result or a diagnosis. ``flags`` are
    safety signals for the survey (crisis resources, safeguarding review).
    ``total`` and ``band_id`` are None when answers are missing and the
    instrument does not allow a total without them.
    """

    instrument_id: str
    instrument_version: str
    total: Number | None
    band_id: str | None
    band_label: str | None
    subscores: Mapping[str, Number | None]
    flags: frozenset[str]
    answered_items: tuple[str, ...]
    missing_items: tuple[str, ...]
    raw_total: Number | None = None
    prorated: bool = False

    @property
    def is_complete(self) -> bool:
        return not self.missing_items

    def as_dict(self) -> dict[str, Any]:
        """A plain, JSON-serialisable dict; ``Score.from_dict`` reads it back."""
        return {
            "instrument_id": self.instrument_id,
            "instrument_version": self.instrument_version,
            "total": self.total,
            "raw_total": self.raw_total,
            "band_id": self.band_id,
            "band_label": self.band_label,
            "subscores": dict(self.subscores),
            "flags": sorted(self.flags),
            "answered_items": list(self.answered_items),
            "missing_items": list(self.missing_items),
            "prorated": self.prorated,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Score:
        return cls(
            instrument_id=data["instrument_id"],
            instrument_version=data["instrument_version"],
            total=data["total"],
            raw_total=data.get("raw_total"),
            band_id=data["band_id"],
            band_label=data["band_label"],
            subscores=dict(data.get("subscores", {})),
            flags=frozenset(data.get("flags", ())),
            answered_items=tuple(data["answered_items"]),
            missing_items=tuple(data["missing_items"]),
            prorated=bool(data.get("prorated", False)),
        )


@dataclass(frozen=True)
class Instrument:
    """A validated questionnaire: exact wording, options, credit, licence and scoring.

    ``requires_opt_in`` instruments (STarT Back) are only offered to a lab that
    has switched them on. ``safety_band`` names the band whose totals raise the
    ``most_severe_band`` flag; ``item_flags`` raise flags from single answers.
    """

    id: str
    version: str
    title: str
    instructions: str
    recall_period: str
    items: tuple[Item, ...]
    credit: str
    licence: str
    scoring: Scoring
    requires_opt_in: bool = False
    safety_band: str | None = None
    item_flags: tuple[ItemFlag, ...] = ()

    def __post_init__(self) -> None:
        _check_id(self.id, "id")
        if not isinstance(self.version, str) or not _VERSION.match(self.version):
            raise InstrumentDefinitionError("version", f"{self.version!r} is not a version like '1.0'")
        for name in ("title", "instructions", "recall_period", "credit", "licence"):
            _check_text(getattr(self, name), name)
        if not self.items:
            raise InstrumentDefinitionError("items", "an instrument needs at least one item")
        _check_unique((item.id for item in self.items), "items", "the item id")
        for index, item in enumerate(self.items):
            _check_item(item, f"items[{index}]")
        self.scoring.check(self.items)
        if self.safety_band is not None and self.safety_band not in {band.id for band in self.bands}:
            raise InstrumentDefinitionError("scoring.safety_band", f"{self.safety_band!r} is not one of the bands")
        item_ids = {item.id for item in self.items}
        for index, rule in enumerate(self.item_flags):
            if rule.item_id not in item_ids:
                raise InstrumentDefinitionError(f"item_flags[{index}].item", f"{rule.item_id!r} is not an item")
            _check_id(rule.flag, f"item_flags[{index}].flag")

    @property
    def key(self) -> tuple[str, str]:
        return (self.id, self.version)

    @property
    def bands(self) -> tuple[Band, ...]:
        """Band labels are for the lab team's aggregate analysis only; never shown to the respondent."""
        return self.scoring.bands

    @property
    def asks_about_self_harm(self) -> bool:
        return any(item.asks_about_self_harm for item in self.items)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(f"{self.id} has no item {item_id!r}")

    def score(self, answers: Mapping[str, AnswerValue]) -> Score:
        """Score one person's answers: option value by item id.

        A missing answer is an absent key, None or "". Whole numbers are read as
        their text ("2" and 2 are the same answer). An unknown item id or a value
        that is not one of the item's options raises ValueError.
        """
        unknown = sorted(set(answers) - {item.id for item in self.items})
        if unknown:
            raise ValueError(f"{self.id} {self.version} has no item {unknown[0]!r}")
        chosen: dict[str, Option] = {}
        for item in self.items:
            value = answers.get(item.id)
            if value is None or value == "":
                continue
            if isinstance(value, bool) or not isinstance(value, str | int):
                raise ValueError(f"the answer to item {item.id!r} must be text or a whole number, not {value!r}")
            chosen[item.id] = item.option(str(value))
        counted = {item.id: item.counted_score(chosen[item.id]) for item in self.items if item.id in chosen}
        evaluation = self.scoring.evaluate(self.items, counted)
        return Score(
            instrument_id=self.id,
            instrument_version=self.version,
            total=evaluation.total,
            raw_total=evaluation.raw_total,
            band_id=evaluation.band.id if evaluation.band else None,
            band_label=evaluation.band.label if evaluation.band else None,
            subscores=dict(evaluation.subscores),
            flags=self._flags(chosen, evaluation),
            answered_items=tuple(item.id for item in self.items if item.id in chosen),
            missing_items=tuple(item.id for item in self.items if item.id not in chosen),
            prorated=evaluation.prorated,
        )

    def _flags(self, chosen: Mapping[str, Option], evaluation: Evaluation) -> frozenset[str]:
        flags = {
            rule.flag
            for rule in self.item_flags
            if rule.item_id in chosen and chosen[rule.item_id].score >= rule.min_score
        }
        # Flag a total that must be in the safety band even if some answers are missing:
        # someone who skips one question should not slip past the safety net.
        reached = {band.id for band in (evaluation.band, evaluation.certain_band) if band is not None}
        if self.safety_band in reached:
            flags.add(MOST_SEVERE_BAND)
        return frozenset(flags)


def _check_item(item: Item, path: str) -> None:
    _check_id(item.id, f"{path}.id")
    _check_text(item.text, f"{path}.text")
    if not item.options:
        raise InstrumentDefinitionError(f"{path}.options", "an item needs at least one option")
    _check_unique((option.value for option in item.options), f"{path}.options", "the value")
    for index, option in enumerate(item.options):
        if not isinstance(option.value, str) or not option.value:
            raise InstrumentDefinitionError(f"{path}.options[{index}].value", "must be non-empty text")
        _check_text(option.label, f"{path}.options[{index}].label")
        if isinstance(option.score, bool) or not isinstance(option.score, int):
            raise InstrumentDefinitionError(f"{path}.options[{index}].score", "must be a whole number")
    if item.anchors is not None and (
        len(item.anchors) != 2 or not all(isinstance(anchor, str) and anchor.strip() for anchor in item.anchors)
    ):
        raise InstrumentDefinitionError(f"{path}.anchors", "must be two pieces of text: the low end and the high end")
