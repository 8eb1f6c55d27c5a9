"""Run charts and statistical process control (SPC) charts, as NHS improvement teams read them.

Three functions, named and shaped so that analysts can script them:

- `run_chart(values, *, baseline_points=None)`: the median and Anhøj's runs rules (the rules of
  the R package qicharts2);
- `xmr(values, ...)`: an XmR chart with the semantics of the R package NHSRplotthedots, which
  follows NHS England's *Making Data Count*: limits at the mean ± 2.66 × the mean moving range,
  the four special-cause rules, the variation and assurance icons;
- `attribute_chart(kind, counts, sizes=None, ...)`: p, p′, u, u′ and c charts with the
  semantics of qicharts2 (3-sigma limits per point, Laney's p′ and u′).

Where the references differ or are silent, the choice made here is recorded in
docs/decisions/0037-spc-charts.md; the tests in carelab/lib/tests/test_spc*.py pin each one.
Missing values (`None` or NaN) are points with no value: they keep their place on the chart,
take no part in any calculation, and never signal.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, NamedTuple

Improvement = Literal["increase", "decrease", "neither"]
AttributeKind = Literal["p", "p-prime", "u", "u-prime", "c"]

LIMIT = 2.66  # 3 / 1.128 (d2 for n = 2), rounded as Making Data Count and NHSRplotthedots round it
NEAR_LIMIT = 2 * LIMIT / 3  # two sigma
MOVING_RANGE_SCREEN = 3.267  # D4 for n = 2: moving ranges at or above 3.267 × their mean are screened out
D2 = 1.128
ATTRIBUTE_KINDS = ("p", "p-prime", "u", "u-prime", "c")
RULES = ("beyond_limits", "run", "trend", "two_of_three")
RULE_NAMES = {
    "beyond_limits": "a point beyond a process limit",
    "run": "a run of points on one side of the average",
    "trend": "a run of points all rising or all falling",
    "two_of_three": "two out of three points close to a process limit",
}


class SPCError(ValueError):
    """Input a chart cannot be drawn from, with a message a person can act on."""


# -- Input -------------------------------------------------------------------------------------------


def _values(values: Iterable[float | None], what: str = "value") -> list[float | None]:
    cleaned: list[float | None] = []
    for position, value in enumerate(values, start=1):
        if type(value) is float and -math.inf < value < math.inf:  # the common case, quickly
            cleaned.append(value)
            continue
        if value is None:
            cleaned.append(None)
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SPCError(f"Point {position}: the {what} must be a number.")
        number = float(value)
        if math.isnan(number):
            cleaned.append(None)
        elif math.isinf(number):
            raise SPCError(f"Point {position}: the {what} is too large to chart.")
        else:
            cleaned.append(number)
    return cleaned


def _indices(indices: Iterable[int], length: int, what: str) -> list[int]:
    found = sorted(set(indices))
    for index in found:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < length:
            raise SPCError(f"{what} must be point positions from 0 to {length - 1}; {index!r} is not.")
    return found


def _baseline(baseline_points: int | None, length: int) -> int | None:
    if baseline_points is None:
        return None
    if isinstance(baseline_points, bool) or not isinstance(baseline_points, int) or baseline_points < 1:
        raise SPCError("The baseline must be a whole number of points, 1 or more.")
    return baseline_points


def _groups(length: int, starts: Sequence[int]) -> list[range]:
    """Consecutive ranges of positions, a new one at each start (0 is always a start)."""
    edges = sorted({0, *starts, length})
    return [range(a, b) for a, b in zip(edges, edges[1:], strict=False) if a < b]


# -- Anhøj's runs rules -----------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def crossings_minimum(useful_points: int) -> int:
    """The fewest crossings of the centre line expected by chance: the 5th percentile of
    Binomial(useful_points − 1, 0.5), as R's `qbinom(0.05, n - 1, 0.5)`, in exact arithmetic."""
    trials = max(useful_points - 1, 0)
    total = 1 << trials  # 2 ** trials: the sum of every binomial coefficient
    coefficient, cumulative = 1, 0
    for crossings in range(trials + 1):
        cumulative += coefficient
        if cumulative * 20 >= total:  # P(X ≤ crossings) ≥ 0.05
            return crossings
        coefficient = coefficient * (trials - crossings) // (crossings + 1)
    return trials


def longest_run_maximum(useful_points: int) -> int:
    """The longest run expected by chance: round(log2(n)) + 3 (Schilling)."""
    return round(math.log2(useful_points)) + 3


@dataclass(frozen=True, slots=True)
class RunsSummary:
    """Anhøj's runs analysis of some points around a centre line."""

    centre: float | None
    useful_points: int  # points with a value that are not on the centre line
    longest_run: int
    longest_run_max: int | None
    crossings: int
    crossings_min: int | None
    signal: bool

    @property
    def longest_run_signal(self) -> bool:
        return self.longest_run_max is not None and self.longest_run > self.longest_run_max

    @property
    def crossings_signal(self) -> bool:
        return self.crossings_min is not None and self.crossings < self.crossings_min


def runs_analysis(values: Iterable[float | None], centre: float | None) -> RunsSummary:
    """Longest run and crossings of the points around `centre`: points on it are left out."""
    sides = [] if centre is None else [1 if v > centre else -1 for v in values if v is not None and v != centre]
    useful = len(sides)
    if not useful:
        return RunsSummary(centre, 0, 0, None, 0, None, False)
    longest, current, crossings = 1, 1, 0
    for before, after in zip(sides, sides[1:], strict=False):
        if after == before:
            current += 1
            longest = max(longest, current)
        else:
            crossings += 1
            current = 1
    longest_max = longest_run_maximum(useful)
    crossings_min = crossings_minimum(useful)
    signal = longest > longest_max or crossings < crossings_min
    return RunsSummary(centre, useful, longest, longest_max, crossings, crossings_min, signal)


@dataclass(frozen=True, slots=True)
class RunChart:
    values: tuple[float | None, ...]
    centre: float | None
    useful_points: int
    longest_run: int
    longest_run_max: int | None
    crossings: int
    crossings_min: int | None
    signal: bool


def run_chart(values: Iterable[float | None], *, baseline_points: int | None = None) -> RunChart:
    """A run chart: the median (of the first `baseline_points` points when the baseline is fixed)
    and Anhøj's rules over every point: an unusually long run on one side of the median, or
    unusually few crossings of it, signals non-random variation."""
    points = _values(values)
    baseline = _baseline(baseline_points, len(points))
    base = [v for v in points[:baseline] if v is not None]
    centre = statistics.median(base) if base else None
    summary = runs_analysis(points, centre)
    return RunChart(
        values=tuple(points),
        centre=centre,
        useful_points=summary.useful_points,
        longest_run=summary.longest_run,
        longest_run_max=summary.longest_run_max,
        crossings=summary.crossings,
        crossings_min=summary.crossings_min,
        signal=summary.signal,
    )


# -- XmR (NHSRplotthedots) --------------------------------------------------------------------------


class XmRPoint(NamedTuple):
    value: float | None
    centre: float | None
    lower: float | None
    upper: float | None
    signal: str | None  # "improvement", "concern", "high", "low" (direction "neither"), or None
    rules: tuple[str, ...] = ()  # which of RULES fired for this point
    moving_range: float | None = None
    period: int = 0  # which set of limits the point belongs to (0, then 1 after the first recalculation …)


@dataclass(frozen=True, slots=True)
class XmRChart:
    points: tuple[XmRPoint, ...]
    improvement: Improvement
    target: float | None
    variation: str | None  # Making Data Count variation icon of the last point with a value
    assurance: str | None  # "pass", "fail", "hit-or-miss", or None without a target or direction
    rule_run_length: int
    periods: tuple[range, ...] = field(default=())


def _mark_streaks(flags: list[int], keys: list[int], length: int) -> None:
    """Set flags[i] for every position in a streak of at least `length` equal, non-zero keys."""
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            if keys[start] != 0 and i - start >= length:
                for j in range(start, i):
                    flags[j] = 1
            start = i


def _moving_range_mean(baseline: list[float | None], screen: bool) -> float | None:
    ranges = [abs(b - a) for a, b in zip(baseline, baseline[1:], strict=False) if a is not None and b is not None]
    if not ranges:
        return None
    mean = sum(ranges) / len(ranges)
    if screen:
        kept = [r for r in ranges if r < MOVING_RANGE_SCREEN * mean]
        # All equal values: every range is 0 and none is below 0. Nothing is unusual, so keep them.
        if kept:
            mean = sum(kept) / len(kept)
    return mean


def _period_rules(values: list[float], mean: float, limits: tuple[float, float, float, float] | None, run: int):
    """The four rules over one period's points (missing values already left out), by position."""
    count = len(values)
    sides = [(v > mean) - (v < mean) for v in values]
    beyond = [0] * count
    close = [0] * count
    if limits is not None:
        lower, upper, near_lower, near_upper = limits
        for i, v in enumerate(values):
            if v > upper or v < lower:
                beyond[i] = 1
            elif v > near_upper or v < near_lower:
                close[i] = 1
    on_one_side = [0] * count
    _mark_streaks(on_one_side, sides, run)
    # A trend of `run` points is run − 1 steps the same way: a step of 0 (a tie) ends a trend.
    trend = [0] * count
    steps = [(b > a) - (b < a) for a, b in zip(values, values[1:], strict=False)]
    start = 0
    for i in range(1, len(steps) + 1):
        if i == len(steps) or steps[i] != steps[start]:
            if steps and steps[start] != 0 and i - start >= run - 1:
                for j in range(start, i + 1):
                    trend[j] = 1
            start = i
    # Two of three: in three points in a row all on one side of the mean, two or more close to a
    # limit; those close to it are flagged (points beyond a limit are flagged by the first rule).
    two_of_three = [0] * count
    for i in range(count - 2):
        if abs(sides[i] + sides[i + 1] + sides[i + 2]) == 3 and close[i] + close[i + 1] + close[i + 2] >= 2:
            for j in (i, i + 1, i + 2):
                if close[j]:
                    two_of_three[j] = 1
    return sides, list(zip(beyond, on_one_side, trend, two_of_three, strict=True))


@lru_cache(maxsize=16)
def _rules_fired(flags: tuple[int, int, int, int]) -> tuple[str, ...]:
    return tuple(name for name, flag in zip(RULES, flags, strict=True) if flag)


def _classify(side: int, improvement: Improvement) -> str:
    if improvement == "neither":
        return "high" if side > 0 else "low"
    wanted = 1 if improvement == "increase" else -1
    return "improvement" if side == wanted else "concern"


def _variation(signal: str | None, improvement: Improvement) -> str:
    if signal is None:
        return "common"
    if signal in ("high", "low"):
        return f"neither-{signal}"
    high = (signal == "improvement") == (improvement == "increase")
    return f"{signal}-{'high' if high else 'low'}"


def _assurance(target: float | None, improvement: Improvement, last: XmRPoint | None) -> str | None:
    if target is None or improvement == "neither" or last is None or last.upper is None or last.lower is None:
        return None
    if target > last.upper:
        return "fail" if improvement == "increase" else "pass"
    if target < last.lower:
        return "pass" if improvement == "increase" else "fail"
    return "hit-or-miss"


def xmr(
    values: Iterable[float | None],
    *,
    improvement: Improvement = "increase",
    screen_moving_ranges: bool = True,
    baseline_points: int | None = None,
    recalculate_at: Iterable[int] = (),
    rule_run_length: int = 7,
    target: float | None = None,
) -> XmRChart:
    """An XmR chart of individual values, read as Making Data Count reads it.

    Limits are the mean ± 2.66 × the mean moving range, from the first `baseline_points` points
    of each period when the baseline is fixed, with moving ranges at or above 3.267 × their mean
    screened out when `screen_moving_ranges`. A new period, with new limits, starts at each 0-based
    position in `recalculate_at`. The rules look within a period only.
    """
    points = _values(values)
    if improvement not in ("increase", "decrease", "neither"):
        raise SPCError('The improvement direction must be "increase", "decrease" or "neither".')
    if isinstance(rule_run_length, bool) or not isinstance(rule_run_length, int) or not 2 <= rule_run_length <= 50:
        raise SPCError("The run length for the rules must be a whole number from 2 to 50.")
    if target is not None:
        (target,) = _values([target], "target")
    baseline = _baseline(baseline_points, len(points))
    starts = _indices(recalculate_at, max(len(points), 1), "Recalculation points") if points else []
    periods = _groups(len(points), starts)
    result: list[XmRPoint] = []
    for period_number, period in enumerate(periods):
        period_values = [points[i] for i in period]
        base = period_values[:baseline] if baseline else period_values
        present_base = [v for v in base if v is not None]
        mean = sum(present_base) / len(present_base) if present_base else None
        amr = _moving_range_mean(base, screen_moving_ranges)
        limits = None
        if mean is not None and amr is not None:
            limits = (mean - LIMIT * amr, mean + LIMIT * amr, mean - NEAR_LIMIT * amr, mean + NEAR_LIMIT * amr)
        present = [v for v in period_values if v is not None]
        fired_iter = iter(())
        if mean is not None and present:
            sides, fired = _period_rules(present, mean, limits, rule_run_length)
            fired_iter = zip(sides, fired, strict=True)
        lower, upper = (limits[0], limits[1]) if limits else (None, None)
        signals = {side: _classify(side, improvement) for side in (-1, 0, 1)}
        previous = None
        for value in period_values:
            rules: tuple[str, ...] = ()
            signal = None
            moving_range = None
            if value is not None:
                side, flags = next(fired_iter, (0, (0, 0, 0, 0)))
                if any(flags):
                    rules = _rules_fired(flags)
                    signal = signals[side]
                if previous is not None:
                    moving_range = abs(value - previous)
            previous = value
            result.append(XmRPoint(value, mean, lower, upper, signal, rules, moving_range, period_number))
    last = next((p for p in reversed(result) if p.value is not None), None)
    return XmRChart(
        points=tuple(result),
        improvement=improvement,
        target=target,
        variation=_variation(last.signal, improvement) if last else None,
        assurance=_assurance(target, improvement, last),
        rule_run_length=rule_run_length,
        periods=tuple(periods),
    )


# -- Attribute charts (qicharts2) -------------------------------------------------------------------


class AttributePoint(NamedTuple):
    value: float | None  # a proportion (p, p′), a rate (u, u′) or a count (c)
    centre: float | None
    lower: float | None
    upper: float | None
    signal: bool  # beyond a 3-sigma limit
    excluded: bool = False
    part: int = 0


@dataclass(frozen=True, slots=True)
class AttributeChart:
    kind: str
    points: tuple[AttributePoint, ...]
    runs: tuple[RunsSummary, ...]  # one per part, around that part's centre line


def _counts_and_sizes(kind: str, counts, sizes) -> tuple[list[float | None], list[float | None]]:
    numbers = _values(counts, "count")
    for position, count in enumerate(numbers, start=1):
        if count is not None and count < 0:
            raise SPCError(f"Point {position}: a count cannot be below 0.")
    if kind == "c":
        return numbers, [None] * len(numbers)
    if sizes is None:
        raise SPCError(f"A {kind} chart needs the size of each sample (the denominator).")
    denominators = _values(sizes, "sample size")
    if len(denominators) != len(numbers):
        raise SPCError("Give one sample size for each count.")
    for position, (count, size) in enumerate(zip(numbers, denominators, strict=True), start=1):
        if size is not None and size < 0:
            raise SPCError(f"Point {position}: a sample size cannot be below 0.")
        if kind.startswith("p") and count is not None and size is not None and count > size:
            raise SPCError(f"Point {position}: the count ({count:g}) is larger than the sample ({size:g}).")
    return numbers, denominators


def _laney_sigma_z(values, sizes, centre, base: list[int], proportion: bool) -> float | None:
    z = []
    for i in base:
        if values[i] is None or not sizes[i]:
            z.append(None)
            continue
        spread = math.sqrt(centre * (1 - centre) / sizes[i]) if proportion else math.sqrt(centre / sizes[i])
        z.append((values[i] - centre) / spread if spread else None)
    ranges = [abs(b - a) for a, b in zip(z, z[1:], strict=False) if a is not None and b is not None]
    if not ranges:
        return None
    mean = sum(ranges) / len(ranges)
    kept = [r for r in ranges if r < MOVING_RANGE_SCREEN * mean]  # qicharts2 screens them by default
    if kept:
        mean = sum(kept) / len(kept)
    return mean / D2


def attribute_chart(
    kind: AttributeKind,
    counts: Iterable[float | None],
    sizes: Iterable[float | None] | None = None,
    *,
    exclude: Iterable[int] = (),
    baseline_points: int | None = None,
    parts: Iterable[int] = (),
) -> AttributeChart:
    """A p, p′, u, u′ or c chart with 3-sigma limits per point, as qicharts2 draws it.

    `exclude` holds 0-based positions left out of the centre line, the limits and the runs
    analysis, but still tested against the limits; `parts` holds the 0-based positions where a
    new part (with its own centre and limits) starts; `baseline_points` fixes the centre and
    limits on the chart's first points.
    """
    if kind not in ATTRIBUTE_KINDS:
        raise SPCError(f"The chart kind must be one of {', '.join(ATTRIBUTE_KINDS)}.")
    numbers, denominators = _counts_and_sizes(kind, counts, sizes)
    length = len(numbers)
    excluded = set(_indices(exclude, max(length, 1), "Excluded points")) if length else set()
    starts = _indices(parts, max(length, 1), "Part starts") if length else []
    baseline = _baseline(baseline_points, length)
    proportion = kind in ("p", "p-prime")
    laney = kind in ("p-prime", "u-prime")
    values: list[float | None] = []
    for count, size in zip(numbers, denominators, strict=True):
        if kind == "c":
            values.append(count)
        elif count is None or not size:
            values.append(None)
        else:
            values.append(count / size)
    points: list[AttributePoint] = []
    runs: list[RunsSummary] = []
    for part_number, part in enumerate(_groups(length, starts)):
        included = [i for i in part if i not in excluded and values[i] is not None]
        base = [i for i in included if baseline is None or i < baseline] or included
        centre: float | None = None
        if base:
            if kind == "c":
                centre = sum(numbers[i] for i in base) / len(base)
            else:
                total = sum(denominators[i] for i in base)
                centre = sum(numbers[i] for i in base) / total if total else None
        sigma_z = 1.0
        if laney and centre is not None:
            sigma_z = _laney_sigma_z(values, denominators, centre, base, proportion)
        for i in part:
            lower = upper = None
            if centre is not None and sigma_z is not None:
                if kind == "c":
                    spread = math.sqrt(centre)
                elif denominators[i]:
                    variance = centre * (1 - centre) if proportion else centre
                    spread = math.sqrt(variance / denominators[i]) * sigma_z
                else:
                    spread = None
                if spread is not None:
                    lower, upper = max(centre - 3 * spread, 0.0), centre + 3 * spread
                    if proportion:
                        upper = min(upper, 1.0)
            value = values[i]
            signal = value is not None and upper is not None and (value > upper or value < lower)
            points.append(AttributePoint(value, centre, lower, upper, signal, i in excluded, part_number))
        runs.append(runs_analysis([values[i] for i in included], centre))
    return AttributeChart(kind=kind, points=tuple(points), runs=tuple(runs))


# -- Words ------------------------------------------------------------------------------------------


def describe_xmr(chart: XmRChart) -> list[str]:
    """Plain-language sentences on what the rules found, for the summary under a chart."""
    sentences: list[str] = []
    present = [p for p in chart.points if p.value is not None]
    if len(present) < 2 or present[-1].upper is None:
        return ["There are not enough points yet to work out the process limits."]
    if len(present) < 15:
        sentences.append(f"The limits rest on only {len(present)} points, so treat them as provisional.")
    last = present[-1]
    run = chart.rule_run_length
    if "beyond_limits" in last.rules:
        where = "above the upper" if last.value > last.upper else "below the lower"
        sentences.append(f"The last point is {where} process limit: this is unlikely to be chance.")
    if "run" in last.rules:
        where = "above" if last.value > last.centre else "below"
        sentences.append(f"The last {run} or more points are all {where} the average: this is unlikely to be chance.")
    if "trend" in last.rules:
        sentences.append(f"The last {run} or more points are all rising or all falling: this is unlikely to be chance.")
    if "two_of_three" in last.rules:
        sentences.append("Two of the last three points are close to a process limit: this is unlikely to be chance.")
    flagged = sum(1 for p in present if p.rules)
    if not last.rules:
        if flagged:
            sentences.append(
                f"{flagged} earlier point{'s' if flagged != 1 else ''} showed special-cause variation; "
                "the latest point shows only common-cause variation."
            )
        else:
            sentences.append("Every point shows common-cause variation: nothing here is unlikely to be chance.")
    if chart.assurance == "pass":
        sentences.append("The target is outside the limits on the right side: the process should meet it every time.")
    elif chart.assurance == "fail":
        sentences.append(
            "The target is outside the limits on the wrong side: the process will not meet it unless it changes."
        )
    elif chart.assurance == "hit-or-miss":
        sentences.append("The target is between the limits: the process will meet it only some of the time.")
    return sentences


def describe_runs(summary: RunsSummary | RunChart) -> str:
    if summary.useful_points == 0:
        return "There are no points off the median yet, so the runs rules cannot say anything."
    if summary.longest_run_max is not None and summary.longest_run > summary.longest_run_max:
        return (
            f"The longest run on one side of the centre line is {summary.longest_run} points, more than the "
            f"{summary.longest_run_max} expected by chance: this suggests a shift."
        )
    if summary.crossings_min is not None and summary.crossings < summary.crossings_min:
        return (
            f"The line crosses the centre line only {summary.crossings} times, fewer than the {summary.crossings_min} "
            "expected by chance: this suggests a shift or a trend."
        )
    return "The runs and crossings are within what chance would give: random variation."
