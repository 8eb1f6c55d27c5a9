"""Agreement between two coders, per code: percentage agreement and Cohen's kappa (decision 0034).

The unit is a sentence of a source (`carelab.lib.sentences.sentence_spans`). A coder *applied code C
to sentence S* when any excerpt they coded with C overlaps S by at least one character. For each code,
each unit is then a yes/no judgement by each coder, and the four counts (both yes, only the first,
only the second, neither) give:

- percentage agreement: (both + neither) / units × 100;
- Cohen's kappa: (pₒ − pₑ) / (1 − pₑ), where pₒ is the observed agreement and pₑ the agreement
  expected by chance from each coder's own rate of "yes".

Kappa is undefined when pₑ is 1, which happens exactly when both coders said the same thing of every
unit (all no, or all yes): agreement is then 100 % and kappa is `None`, with `kappa_note` saying why.
With no units at all both figures are `None`. Arithmetic is exact (fractions) until the end.
"""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from carelab.lib.sentences import sentence_spans

Span = tuple[int, int]

KAPPA_UNDEFINED_SAME = "undefined: both coders gave every sentence the same answer"
KAPPA_UNDEFINED_EMPTY = "undefined: no sentences to compare"


@dataclass(frozen=True)
class Agreement:
    """Two coders' yes/no judgements on the same units, for one code."""

    both: int
    only_first: int
    only_second: int
    neither: int

    @property
    def units(self) -> int:
        return self.both + self.only_first + self.only_second + self.neither

    @property
    def observed(self) -> Fraction | None:
        return Fraction(self.both + self.neither, self.units) if self.units else None

    @property
    def expected(self) -> Fraction | None:
        """The agreement expected by chance, from each coder's marginal rate of "yes"."""
        n = self.units
        if not n:
            return None
        first_yes = self.both + self.only_first
        second_yes = self.both + self.only_second
        return Fraction(first_yes * second_yes + (n - first_yes) * (n - second_yes), n * n)

    @property
    def percentage(self) -> float | None:
        observed = self.observed
        return None if observed is None else float(observed * 100)

    @property
    def kappa(self) -> float | None:
        observed, expected = self.observed, self.expected
        if observed is None or expected == 1:
            return None
        return float((observed - expected) / (1 - expected))

    @property
    def kappa_note(self) -> str:
        """Why kappa is undefined, or "" when it is defined."""
        if not self.units:
            return KAPPA_UNDEFINED_EMPTY
        return KAPPA_UNDEFINED_SAME if self.expected == 1 else ""


def agreement(first: Sequence[bool], second: Sequence[bool]) -> Agreement:
    """Agreement between two coders' judgements of the same units, in the same order."""
    if len(first) != len(second):
        raise ValueError("Both coders must judge the same units.")
    counts = {(True, True): 0, (True, False): 0, (False, True): 0, (False, False): 0}
    for a, b in zip(first, second, strict=True):
        counts[bool(a), bool(b)] += 1
    return Agreement(counts[True, True], counts[True, False], counts[False, True], counts[False, False])


def codes_by_sentence(text: str, coded: Iterable[tuple[int, int, Hashable]]) -> list[set]:
    """For each sentence of `text`, the codes whose coded spans overlap it.

    `coded` is (start, end, code) for one coder's codings on this text, offsets as an excerpt's.
    """
    sentences = sentence_spans(text)
    found: list[set] = [set() for _ in sentences]
    for start, end, code in coded:
        for index, (sentence_start, sentence_end) in enumerate(sentences):
            if start < sentence_end and end > sentence_start:
                found[index].add(code)
    return found


def agreement_by_code(
    first: Sequence[set], second: Sequence[set], codes: Iterable[Hashable]
) -> dict[Hashable, Agreement]:
    """Per code, agreement between two coders' codes for each unit (the same units, in order)."""
    if len(first) != len(second):
        raise ValueError("Both coders must judge the same units.")
    return {code: agreement([code in unit for unit in first], [code in unit for unit in second]) for code in codes}
