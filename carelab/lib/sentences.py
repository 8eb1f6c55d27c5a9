"""Sentences of a text as (start, end) offsets: the unit of coding when JavaScript is off.

Offsets are Python string indexes (Unicode code points), the same as an excerpt's `start` and `end`
(decision 0031). A span never starts or ends with white space, never is empty, and spans come in
order without overlapping; every character that is not white space is in exactly one span.

A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets) followed by white space
and a word that does not start in lower case, and at every line break (survey answers are often
lists). A full stop after a known abbreviation ("Dr.", "e.g.") or a single initial ("J.") does not
end a sentence. Text with no terminal punctuation is one sentence per line.
"""

import re

ABBREVIATIONS = frozenset(
    {
        "dr", "mr", "mrs", "ms", "mx", "prof", "st", "e.g", "i.e", "eg", "ie", "vs", "cf", "al", "approx",
        "fig", "no", "nos", "jr", "sr", "dept", "inc", "ltd", "co", "gp", "nhs", "op", "vol", "p", "pp",
    }
)  # fmt: skip

# Terminal punctuation with any closing quotes or brackets, then white space.
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029]")


def _word_before(text: str, end: int) -> str:
    """The word that a full stop at `end` closes, lower-cased, without leading brackets or quotes."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip("([\"'“‘").lower()


def _ends_sentence(text: str, match: re.Match) -> bool:
    punctuation = match.group()
    rest = text[match.end() :].lstrip()
    if rest[:1].islower():
        return False
    if punctuation.rstrip("\"'”’)]") == ".":
        word = _word_before(text, match.start())
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            return False
    return True


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of `text` as (start, end) offsets, in order (see the module's docstring)."""
    cuts = {match.end() for match in _END.finditer(text) if _ends_sentence(text, match)}
    cuts.update(match.start() for match in _LINE_BREAK.finditer(text))
    spans = []
    start = 0
    for cut in [*sorted(cuts), len(text)]:
        span = _trimmed(text, start, cut)
        if span is not None:
            spans.append(span)
        start = max(start, cut)
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
