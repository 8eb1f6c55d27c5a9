"""A text cut where any of several (possibly overlapping) spans starts or ends, to show them highlighted."""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    covered_by: tuple[int, ...]  # indexes into the spans given, in order


def segments(length: int, spans: Sequence[tuple[int, int]]) -> list[Segment]:
    """Consecutive segments of [0, length), each covered by the same spans throughout.

    Spans outside the text are clipped; empty segments are left out.
    """
    cuts = {0, length}
    clipped = []
    for start, end in spans:
        start, end = max(0, min(start, length)), max(0, min(end, length))
        clipped.append((start, end))
        cuts.update((start, end))
    ordered = sorted(cuts)
    found = []
    for start, end in zip(ordered, ordered[1:], strict=False):
        if start < end:
            covered = tuple(index for index, (s, e) in enumerate(clipped) if s <= start and end <= e)
            found.append(Segment(start, end, covered))
    return found
