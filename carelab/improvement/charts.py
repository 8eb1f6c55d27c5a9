"""A measure's chart: its points through carelab/lib/spc.py, drawn by carelab/lib/spc_svg.py and
spc_png.py, with the plain-language summary, the icons and the table the page shows beside it, and the
PDSA cycles on the measure marked where they started."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date

from carelab.improvement.models import Cycle, DataPoint, Measure
from carelab.lib import spc, spc_svg
from carelab.lib.spc_svg import Annotation, ChartPoint, icon_svg, icon_words, points_from_attribute, points_from_xmr
from carelab.lib.spc_svg import points_from_run as run_points
from carelab.lib.svg_charts import format_value

MIN_POINTS_FOR_LIMITS = 2


@dataclass(frozen=True)
class Row:
    """A row of the data table under the chart."""

    point: DataPoint
    shown: ChartPoint
    note_number: int | None
    cycles: tuple[CycleMark, ...] = ()  # the cycles that started since the previous point, up to this one


@dataclass(frozen=True)
class CycleMark:
    """A PDSA cycle on the measure's chart: where its start falls among the points (see spc_svg.Cycle)."""

    cycle: Cycle
    label: str  # "PDSA 2", or "PDSA B2" when the cycles come from more than one change idea
    index: int | None  # the first point on or after its start; None when it started after the latest point
    position: float | None  # None when it is not on the chart
    sentence: str

    @property
    def detail(self) -> str:
        return f"{self.label}: {self.cycle.title} (change idea: {self.cycle.change_idea.text})"

    def for_drawing(self) -> spc_svg.Cycle:
        return spc_svg.Cycle(self.label, self.position, detail=f"{self.detail}, from {label(self.cycle.start_date)}")


@dataclass(frozen=True)
class MeasureChart:
    measure: Measure
    points: list[ChartPoint]
    rows: list[Row]
    annotations: list[Annotation]
    summary: list[str]
    variation: str | None
    assurance: str | None
    cycle_marks: tuple[CycleMark, ...] = ()

    @property
    def drawn_cycles(self) -> list[spc_svg.Cycle]:
        return [mark.for_drawing() for mark in self.cycle_marks if mark.position is not None]

    @property
    def variation_icon(self):
        return icon_svg("variation", self.variation)

    @property
    def assurance_icon(self):
        return icon_svg("assurance", self.assurance)

    @property
    def variation_words(self) -> str:
        return icon_words("variation", self.variation)

    @property
    def assurance_words(self) -> str:
        return icon_words("assurance", self.assurance)

    @property
    def has_limits(self) -> bool:
        return any(p.upper is not None for p in self.points)

    @property
    def description(self) -> str:
        return " ".join(self.summary) or "No data yet."


def label(when: date) -> str:
    return f"{when:%-d %b %Y}"


def _recalculation_indices(measure: Measure, dates: list[date]) -> list[int]:
    indices = set()
    for iso in measure.recalculate_from or []:
        try:
            when = date.fromisoformat(iso)
        except ValueError:
            continue
        index = bisect.bisect_left(dates, when)
        if 0 < index < len(dates):
            indices.add(index)
    return sorted(indices)


def cycle_marks(cycles: list[Cycle], dates: list[date]) -> list[CycleMark]:
    """Where each cycle with a start date falls on a chart of points on these dates (oldest first), and a
    sentence saying so for the chart's description and the page's summary."""
    started = sorted((c for c in cycles if c.start_date), key=lambda c: (c.start_date, c.pk or 0))
    ideas: dict[int, str] = {}
    for cycle in started:
        ideas.setdefault(cycle.change_idea_id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[len(ideas) % 26])
    marks = []
    for cycle in started:
        letter = ideas[cycle.change_idea_id] if len(ideas) > 1 else ""
        name = f"PDSA {letter}{cycle.number}"
        index = bisect.bisect_left(dates, cycle.start_date)
        idea = cycle.change_idea.text
        when = f"{name}, “{cycle.title}” on the change idea “{idea}”, started on {label(cycle.start_date)}"
        if index == len(dates):
            marks.append(CycleMark(cycle, name, None, None, f"{when}, after the latest value."))
            continue
        if dates[index] == cycle.start_date:
            position, where = float(index), ""
        elif index == 0:
            position, where = -0.5, ", before the first value"
        else:
            position, where = (
                index - 0.5,
                f", between the values of {label(dates[index - 1])} and {label(dates[index])}",
            )
        marks.append(CycleMark(cycle, name, index, position, f"{when}{where}."))
    return marks


def chart_of(measure: Measure, points: list[DataPoint], cycles: list[Cycle] = ()) -> MeasureChart:
    """The chart of a measure's points (oldest first), with `cycles` (the PDSA cycles whose measures
    include this one, their change ideas loaded) marked where they started."""
    dates = [p.date for p in points]
    labels = [label(d) for d in dates]
    starts = _recalculation_indices(measure, dates)
    baseline = measure.baseline_points
    variation = assurance = None
    if measure.chart == Measure.Chart.RUN:
        result = spc.run_chart([p.value for p in points], baseline_points=baseline)
        shown = run_points(result, labels)
        summary = [spc.describe_runs(result)] if points else []
    elif measure.chart == Measure.Chart.XMR:
        result = spc.xmr(
            [p.value for p in points],
            improvement=measure.improvement,
            baseline_points=baseline,
            recalculate_at=starts,
            target=measure.target,
        )
        shown = points_from_xmr(result, labels)
        summary = spc.describe_xmr(result) if points else []
        variation, assurance = result.variation, result.assurance
    else:
        result = spc.attribute_chart(
            measure.chart,
            [p.value for p in points],
            [p.denominator for p in points] if measure.needs_denominator else None,
            baseline_points=baseline,
            parts=starts,
        )
        shown = points_from_attribute(result, labels)
        summary = [_attribute_summary(result)] if points else []
        summary += [spc.describe_runs(runs) for runs in result.runs[-1:]] if points else []
    marks = cycle_marks(list(cycles), dates)
    summary += [mark.sentence for mark in marks]
    annotations, rows, number = [], [], 0
    for index, (point, shown_point) in enumerate(zip(points, shown, strict=True)):
        note_number = None
        if point.note:
            number += 1
            note_number = number
            annotations.append(Annotation(number, index, point.note))
        started = tuple(mark for mark in marks if mark.index == index)
        rows.append(Row(point, shown_point, note_number, started))
    return MeasureChart(measure, shown, rows, annotations, summary, variation, assurance, tuple(marks))


def _attribute_summary(chart: spc.AttributeChart) -> str:
    beyond = [p for p in chart.points if p.signal]
    if not beyond:
        return "Every point is within the control limits."
    last = chart.points[-1]
    if last.signal:
        return "The latest point is beyond a control limit: this is unlikely to be chance."
    return f"{len(beyond)} point{'s are' if len(beyond) != 1 else ' is'} beyond a control limit."


def value_text(value: float | None, measure: Measure) -> str:
    if value is None:
        return "–"
    if measure.is_proportion:
        return f"{value * 100:.1f}%"
    return format_value(round(value, 3)) if not float(value).is_integer() else str(int(value))
