"""Checks on free text that decide whether it waits for a person to review it.

Two kinds: phrases a lab has configured as signs that someone may be at risk,
and personal data (UK phone numbers, e-mail addresses) that should not be
published. Both are deliberately cautious: a false alarm costs a moderator a
minute, a miss may cost far more.
"""

import re
from dataclasses import dataclass

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+\s*(?:@|\(at\)|\[at\])\s*[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# UK numbers: 07xxx xxxxxx, 01xxx/02x landlines, +44 forms, with spaces, dots or dashes.
_PHONE = re.compile(r"(?<![\d])(?:\+\s?44\s?\(?0?\)?|0)\s?(?:\d[\s.-]?){9,10}(?![\d])")


@dataclass(frozen=True)
class TextFindings:
    risk_phrases: tuple[str, ...] = ()
    personal_data: tuple[str, ...] = ()

    @property
    def has_risk(self) -> bool:
        return bool(self.risk_phrases)

    @property
    def has_personal_data(self) -> bool:
        return bool(self.personal_data)


def parse_phrases(text: str) -> list[str]:
    """One phrase a line; blank lines and surrounding spaces ignored, case folded."""
    return [line.strip().casefold() for line in text.splitlines() if line.strip()]


# Phones and word processors type curly apostrophes: "can’t go on" must match "can't go on".
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s']", " ", text.casefold().translate(_APOSTROPHES)).split())


def find_risk_phrases(text: str, phrases: list[str]) -> tuple[str, ...]:
    """The configured phrases that occur in the text as whole words, ignoring case and punctuation."""
    haystack = f" {_normalise(text)} "
    return tuple(phrase for phrase in phrases if f" {_normalise(phrase)} " in haystack and _normalise(phrase))


@dataclass(frozen=True)
class PersonalDataSpan:
    """Where in a text something that looks like personal data sits: text[start:end], of a kind."""

    start: int
    end: int
    kind: str


_PATTERNS = (("email address", _EMAIL), ("phone number", _PHONE))


def find_personal_data_spans(text: str) -> tuple[PersonalDataSpan, ...]:
    """Each stretch of the text that looks like personal data, in order, never overlapping."""
    spans = sorted(
        (
            PersonalDataSpan(match.start(), match.end(), kind)
            for kind, pattern in _PATTERNS
            for match in pattern.finditer(text)
        ),
        key=lambda span: (span.start, -span.end),
    )
    kept: list[PersonalDataSpan] = []
    for span in spans:
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return tuple(kept)


def find_personal_data(text: str) -> tuple[str, ...]:
    """Names of the kinds of personal data found ('email address', 'phone number', …), each once."""
    return tuple(dict.fromkeys(span.kind for span in find_personal_data_spans(text)))


def redact_personal_data(text: str, spans: tuple[PersonalDataSpan, ...] | None = None) -> str:
    """The text with each suspected piece of personal data replaced by "[kind removed]"."""
    spans = find_personal_data_spans(text) if spans is None else spans
    pieces, position = [], 0
    for span in spans:
        pieces += [text[position : span.start], f"[{span.kind} removed]"]
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)


def check_text(text: str, risk_phrases: list[str]) -> TextFindings:
    return TextFindings(risk_phrases=find_risk_phrases(text, risk_phrases), personal_data=find_personal_data(text))
