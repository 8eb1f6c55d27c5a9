"""Removing one person's identifiers from text other people wrote, when their account is deleted.

`scrub_identifiers` replaces a person's names, e-mail addresses and phone numbers with
"[removed]": names as whole words, ignoring case and how the words are spaced; e-mail addresses
ignoring case; phone numbers however they are spaced or punctuated, in the 0… and +44 forms.
Which names to pass is the caller's choice (docs/decisions/0015: full names everywhere, a first
name alone only in records about the person). `redact_postcodes` removes anything shaped like a
UK postcode, for the person's own words that stay in a lab's results.

`database_patterns` gives the same identifiers as simple regular expressions that both SQLite
(Python's `re`) and PostgreSQL understand, to find the rows worth scrubbing without reading
every row; they may find more than `scrub_identifiers` changes, never less.
"""

import re
from collections.abc import Iterable

REMOVED = "[removed]"
POSTCODE_REMOVED = "[postcode removed]"

# Separators people type inside a phone number: a space, a dot, a dash, brackets; a few at most.
_PHONE_GAP = r"[\s.()\-]{0,3}"
# For finding rows in the database: any few non-digits, which PostgreSQL and Python read alike.
_DATABASE_PHONE_GAP = "[^0-9]{0,3}"
# The shortest number worth looking for: shorter runs of digits are dates, counts and references.
MIN_PHONE_DIGITS = 7
MIN_NAME_LENGTH = 2

# UK postcodes: outward code (A9, A99, AA9, AA99, A9A, AA9A), then inward code (9AA).
_POSTCODE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2}(?![A-Za-z0-9])")


def phone_digits(phone: str) -> str:
    """The number's national digits: '+44 (0)7700 900123' and '07700-900123' both give '7700900123'."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+") and digits.startswith("44"):
        digits = digits[2:]
    return digits.removeprefix("0")


def _phone_pattern(phone: str) -> str | None:
    digits = phone_digits(phone)
    if len(digits) < MIN_PHONE_DIGITS - 1:
        return None
    national = _PHONE_GAP.join(digits)
    prefix = rf"(?:\+{_PHONE_GAP}4{_PHONE_GAP}4{_PHONE_GAP}(?:\(?0\)?{_PHONE_GAP})?|0{_PHONE_GAP})?"
    return rf"(?<!\d){prefix}{national}(?!\d)"


def _name_pattern(name: str) -> str | None:
    words = name.split()
    if not words or len("".join(words)) < MIN_NAME_LENGTH:
        return None
    return r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)"


def _email_pattern(email: str) -> str | None:
    email = email.strip()
    return re.escape(email) if "@" in email else None


def _patterns(names: Iterable[str], emails: Iterable[str], phones: Iterable[str]) -> list[str]:
    found = [_email_pattern(email) for email in emails]
    found += [_phone_pattern(phone) for phone in phones]
    # Longer names first, so "Sam Jones" is removed whole before "Sam" is looked for.
    found += [_name_pattern(name) for name in sorted(names, key=len, reverse=True)]
    return [pattern for pattern in dict.fromkeys(found) if pattern]


def scrub_identifiers(
    text: str, names: Iterable[str] = (), emails: Iterable[str] = (), phones: Iterable[str] = ()
) -> str:
    """The text with each of the person's names, e-mail addresses and phone numbers replaced by "[removed]".

    E-mail addresses go first, so a name inside an address does not leave half an address behind.
    """
    if not text:
        return text
    for pattern in _patterns(names, emails, phones):
        text = re.sub(pattern, REMOVED, text, flags=re.IGNORECASE)
    return text


def redact_postcodes(text: str) -> str:
    """The text with anything shaped like a UK postcode replaced by "[postcode removed]"."""
    return _POSTCODE.sub(POSTCODE_REMOVED, text) if text else text


def database_patterns(names: Iterable[str], emails: Iterable[str], phones: Iterable[str]) -> list[str]:
    """Case-insensitive patterns to find rows that may hold an identifier (for `__iregex`).

    Plain literals and bracket expressions only, so PostgreSQL's and Python's regular expressions
    agree; words of a name may be spaced any way, a phone number punctuated any way.
    """
    patterns = [_database_literal(email.strip()) for email in emails if "@" in email]
    for phone in phones:
        digits = phone_digits(phone)
        if len(digits) >= MIN_PHONE_DIGITS - 1:
            patterns.append(_DATABASE_PHONE_GAP.join(digits))
    for name in names:
        words = [_database_literal(word) for word in name.split()]
        if words and len("".join(name.split())) >= MIN_NAME_LENGTH:
            patterns.append(r"\s+".join(words))
    return list(dict.fromkeys(patterns))


def _database_literal(text: str) -> str:
    """The text as a pattern; a letter beyond ASCII matches itself or a JSON escape such as \\u00eb.

    JSON columns may store "Zoë" as "Zo\\u00eb" (SQLite), and ignoring case does not reach inside an
    escape, so such a letter matches any one to six characters.
    """
    return "".join(re.escape(char) if char.isascii() else ".{1,6}" for char in text)
