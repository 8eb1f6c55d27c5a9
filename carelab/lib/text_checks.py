"""Checks on free text that decide whether it waits for a person to review it.

Two kinds: phrases a lab has configured as signs that someone may be at risk,
and personal data that should not be published or shared. Both are deliberately
cautious: a false alarm costs a moderator a minute, a miss may cost far more.

Personal data is looked for as seven kinds (`PERSONAL_DATA_KINDS`): UK and
international phone numbers, e-mail addresses (also spelt out, "jo at gmail dot
com"), NHS numbers (checked by their modulus-11 check digit), full UK postcodes,
street addresses, names people give ("my name is …", "Thanks, Jo Bloggs") and
dates of birth. Ordinary numbers (weeks waited, scores, years, ages, doses,
money, times, dates not said to be a birth date) are not flagged.

Every pattern is compiled once, and every repetition in it is bounded (a run of
spaces too: eight at most), so the time taken grows in step with the length of the text. Only the first
`MAX_CHECKED_LENGTH` characters are checked: forty times the longest answer
CareLab accepts (5,000 characters), so a real answer is always checked whole,
while a pasted megabyte cannot tie up a request.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

MAX_CHECKED_LENGTH = 200_000

PHONE = "phone number"
EMAIL = "email address"
NHS_NUMBER = "NHS number"
POSTCODE = "postcode"
STREET_ADDRESS = "street address"
NAME = "name"
DATE_OF_BIRTH = "date of birth"
PERSONAL_DATA_KINDS = (PHONE, EMAIL, NHS_NUMBER, POSTCODE, STREET_ADDRESS, NAME, DATE_OF_BIRTH)


def parse_phrases(text: str) -> list[str]:
    """One phrase a line; blank lines and surrounding spaces ignored, case folded."""
    return [line.strip().casefold() for line in text.splitlines() if line.strip()]


# Phones and word processors type curly apostrophes: "can’t go on" must match "can't go on".
# People often leave apostrophes out ("cant go on"): they are dropped on both sides, so a phrase
# matches with or without them.
_APOSTROPHES = str.maketrans({"\u2019": None, "\u2018": None, "\u02bc": None, "`": None, "'": None})


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold().translate(_APOSTROPHES)).split())


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


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# -- Phone numbers ------------------------------------------------------------------------------
# A candidate starts with "+" or a zero (the letter O typed for it counts), may open with a
# bracket, and is digits with up to three separators (spaces, dots, dashes, brackets) between
# each. `_phone_end` then decides how much of it, if any, is a phone number.

_DIGIT = "[0-9Oo]"
_PHONE_CANDIDATE = re.compile(
    rf"(?<![\w+])(?:\(?\+[ \t]?|\((?=[0Oo])|(?=[0Oo]))"
    rf"{_DIGIT}(?:[ \t.\-\u2013\u00a0()]{{0,3}}{_DIGIT}){{6,16}}"
    r"(?!\w)"
)
_UK_FIRST_DIGITS = "1235789"  # 01 and 02 landlines, 03 non-geographic, 05, 07 mobiles, 08, 09


def _is_phone(digits: str, international: bool) -> bool:
    if international:
        if digits.startswith("44"):
            national = digits[2:]
            national = national[1:] if national.startswith("0") else national  # +44 (0) 20 …
            return len(national) in (9, 10) and national[0] in _UK_FIRST_DIGITS
        return 8 <= len(digits) <= 15 and digits[0] != "0"
    if digits.startswith("00"):  # 0044 …, 00353 …
        return _is_phone(digits[2:], international=True)
    return len(digits) in (10, 11) and digits[0] == "0" and digits[1] in _UK_FIRST_DIGITS


def _phone_end(match: re.Match[str], text: str) -> tuple[int, int] | None:
    """The longest phone number at the start of the candidate (two numbers in a row stay two)."""
    candidate = match.group()
    international = candidate.lstrip("(").startswith("+")
    digit_ends: list[int] = []
    digits = []
    for offset, character in enumerate(candidate):
        if character in "0123456789Oo":
            digits.append("0" if character in "Oo" else character)
            digit_ends.append(offset + 1)
    real_digits = sum(character.isdigit() for character in candidate)
    if real_digits < 5:
        return None
    for count in range(len(digits), 7, -1):
        if _is_phone("".join(digits[:count]), international):
            return match.start(), match.start() + digit_ends[count - 1]
    return None


# -- E-mail addresses ---------------------------------------------------------------------------

_LOCAL = r"[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
_BRACKETED_AT = r"[ \t]{0,8}[(\[{<][ \t]{0,8}(?i:at)[ \t]{0,8}[)\]}>][ \t]{0,8}"
_BRACKETED_DOT = r"[ \t]{0,8}[(\[{<][ \t]{0,8}(?i:dot)[ \t]{0,8}[)\]}>][ \t]{0,8}"
_EMAIL_CANDIDATE = re.compile(
    rf"(?<![\w.%+\-@])(?P<local>{_LOCAL})"
    rf"(?P<at>[ \t]{{0,8}}@[ \t]{{0,8}}|{_BRACKETED_AT}|[ \t]{{1,8}}(?i:at)[ \t]{{1,8}})"
    rf"(?P<domain>{_LABEL}(?:(?:\.|{_BRACKETED_DOT}|[ \t]{{1,8}}(?i:dot)[ \t]{{1,8}}){_LABEL}){{1,5}})"
    r"(?![\w\-@])"
)
_DOMAIN_SEPARATOR = re.compile(rf"\.|{_BRACKETED_DOT}|[ \t]{{1,8}}(?i:dot)[ \t]{{1,8}}")
# Endings that make "name at provider dot com" an address rather than "we met at work dot …".
_COMMON_ENDINGS = _words(
    "com org net uk co ac gov nhs edu io me info biz ie eu scot wales cymru london online email mail "
    "us ca au nz de fr es it nl be ch se no dk fi pl pt in app dev tech"
)
_MAIL_PROVIDERS = _words(
    "gmail googlemail hotmail outlook live msn yahoo ymail icloud me aol btinternet btopenworld sky "
    "virginmedia talktalk ntlworld blueyonder protonmail proton tutanota gmx mail zoho fastmail nhs"
)


def _email_span(match: re.Match[str], text: str) -> tuple[int, int] | None:
    labels = _DOMAIN_SEPARATOR.split(match.group("domain"))
    ending = labels[-1]
    if not ending.isalpha() or not 2 <= len(ending) <= 24:
        return None
    at = match.group("at").strip()
    if at == "@":
        return match.span()
    if ending.casefold() not in _COMMON_ENDINGS:
        return None
    if at.casefold() == "at":
        # A plain " at " is an ordinary word; only trust it when something else says "address".
        spelt_dot = len(labels) - 1 > match.group("domain").count(".")
        local = match.group("local")
        looks_local = any(character in "._+" or character.isdigit() for character in local)
        if not (spelt_dot or looks_local or labels[0].casefold() in _MAIL_PROVIDERS):
            return None
    return match.span()


# -- NHS numbers --------------------------------------------------------------------------------

_NHS_CANDIDATE = re.compile(r"(?<![\w+.,/\-])\d{3}([ \-]?)\d{3}\1\d{4}(?![\w.,/\-]\d|\w)")


def nhs_number_is_valid(digits: str) -> bool:
    """True when ten digits pass the NHS number's modulus-11 check."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    remainder = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    check = 11 - remainder
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _nhs_span(match: re.Match[str], text: str) -> tuple[int, int] | None:
    digits = re.sub(r"\D", "", match.group())
    return match.span() if nhs_number_is_valid(digits) else None


# -- Postcodes ----------------------------------------------------------------------------------
# Full postcodes only: outward code (A9, A9A, A99, AA9, AA9A, AA99), optional space, inward
# code (9AA, whose letters are never C, I, K, M, O or V). An outward code alone is a district.

_POSTCODE = re.compile(r"(?<![\w])(?i:(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)[ \t\u00a0]?[0-9][ABD-HJLNP-UW-Z]{2})(?!\w)")


_VITAMIN_BEFORE = re.compile(r"(?i:vitamin)[ \t]{0,8}\Z")


def _postcode_span(match: re.Match[str], text: str) -> tuple[int, int] | None:
    if _VITAMIN_BEFORE.search(text, max(0, match.start() - 12), match.start()):
        return None  # "vitamin B12 3rd dose"
    outward = match.group().split()[0] if " " in match.group() else match.group()[:-3]
    # "A9A" outward codes exist only in London (E, EC, N, NW, SE, SW, W, WC).
    if outward[-1].isalpha() and outward[-2].isdigit() and outward[0].upper() not in "ENSW":
        return None
    return match.span()


# -- Street addresses ---------------------------------------------------------------------------

# Longest first, so "Meadows" is tried before "Meadow".
STREET_TYPES = tuple(
    sorted(
        _words(
            "Street St Road Rd Avenue Ave Lane Ln Close Cl Drive Dr Way Crescent Cres Place Pl Court Ct "
            "Gardens Gdns Grove Gr Terrace Terr Square Sq Hill Park Row Mews Walk View Rise Green Parade "
            "Boulevard Croft Vale Wharf Yard Chase Mount Meadow Meadows Fields Gate Brow Bank Wynd Loan "
            "Circus Embankment Esplanade Promenade Approach Quay Broadway Highway Heights"
        ),
        key=lambda word: (-len(word), word),
    )
)
_NAME_WORD = r"(?:O['’])?[A-Z][a-z]{1,20}(?:[A-Z][a-z]{1,20})?(?:['’\-][A-Z]?[a-z]{1,20})?"
_STREET = re.compile(
    r"(?<![\w£$€.,/:\-])"
    r"(?:(?i:flat|apartment|apt|unit|house)\.?[ \t]{1,8}\d{1,4}[A-Za-z]?,?[ \t]{1,8})?"
    r"\d{1,3}[A-Za-z]?,?[ \t]{1,8}"
    rf"(?:{_NAME_WORD}[ \t]{{1,8}}){{1,3}}"
    rf"(?i:{'|'.join(STREET_TYPES)})\.?"
    r"(?!\w)"
)


def _street_span(match: re.Match[str], text: str) -> tuple[int, int] | None:
    start, end = match.span()
    if text[end - 1] == ".":
        end -= 1  # the full stop ending a sentence, not an abbreviation's
    return start, end


# -- Names --------------------------------------------------------------------------------------
# Only where someone says a name is theirs (or signs off), and never a word from the list of
# capitalised words that are not names ("I'm Very Tired", "This is Really Hard").

NOT_NAMES = _words(
    """
    a about above absolutely after again against ages ago all almost alone already also always am
    an and angry anxious any anyway are around as ashamed at autistic awake away awful back bad
    badly barely because bed been before being better between big bit both broke broken but by
    calling can cannot careful caring carer certain checking clear close cold coming completely
    concerned confused constantly content could currently dad daughter day dead deaf definitely
    depressed desperate different disabled disappointed do doctor doing done down dr due each
    early easily else embarrassed empty enough especially even ever every everyone exhausted
    extremely fairly fatigued fed feeling feel feels fine finished fit for forever forgetful
    fortunate free frightened from frustrated full fully generally genuinely getting glad going
    gone good got grateful great grumpy guilty had hah half happy hard has have having he healthy
    hello help helpless her here hers hi him his home honest honestly hopeful hopeless hoping how
    however hurt hurting i ill in incredibly injured into is isolated it its jobless just keen
    kind lazy less lonely looking lost lots low lucky mainly many may maybe me mental mentally mid
    might mine miserable more most mostly mr mrs ms much mum my myself naturally nearly nervous
    never new nhs nice no nobody none normal normally not nothing now nurse numb of off often ok
    okay old on once one only open or other our out over overweight overwhelmed pain painful
    partly patient paying perfectly permanently physically please pleased poorly pretty probably
    proud quite ready real really recovering regularly relieved retired right sad safe same scared
    seeing seriously she sick since single sitting slowly so sober some someone something
    sometimes somewhat son sorry still stressed struggling stuck such suffering sure taking
    terrified terribly than thank thankful thanks that the their them then there these they
    thinking this those thrilled through tired to today told too totally truly trying under
    unemployed unhappy unsure unwell up upset us used usually very waiting walking was we weak
    well were what when where which while who why will wiped with without worn worried worse
    worst would writing yes yet you young your yours
    monday tuesday wednesday thursday friday saturday sunday january february march april june
    july august september october november december christmas easter
    god jesus lord sir madam team everybody anyone mate love dear friend friends folks all
    regards wishes best cheers sincerely faithfully warmly kindest
    english british scottish welsh irish asian black white christian muslim jewish hindu sikh
    lab carelab gp physio physiotherapist consultant surgeon counsellor therapist psychiatrist
    psychologist pharmacist paramedic mind samaritans shout online anonymous
    long short covid chronic acute severe mild moderate health care pain back neck shoulder knee
    hip leg arm head awareness week weekend month year morning evening night afternoon
    fibromyalgia sciatica arthritis depression anxiety stress ptsd trauma cancer diabetes migraine
    spring summer autumn winter bank holiday new street road hospital clinic surgery centre
    crazy mad silly stupid daft weird strange odd later tomorrow tonight soon anytime whenever
    asap urgently immediately first last next number mobile landline email phone text
    """
)
_NOT_NAME_ENDINGS = ("ing", "ness", "less", "ful", "ous", "ically")


def _is_name_word(word: str) -> bool:
    folded = word.casefold().replace("’", "'")
    return folded not in NOT_NAMES and not (len(folded) > 5 and folded.endswith(_NOT_NAME_ENDINGS))


_WORD_AFTER = r"(?!\w)"
_NAME_PATTERNS = (
    # "my name is Jo", "my name's jo bloggs", "name: Jo Bloggs" — a first word in any case.
    re.compile(
        r"(?i:\bmy[ \t]{1,8}(?:full[ \t]{1,8})?name[ \t]{0,8}(?:is|'s|’s|:)|\bname[ \t]{0,8}:)[ \t]{1,8}"
        rf"(?P<name>(?:O['’])?[A-Za-z][a-z'’\-]{{1,20}}{_WORD_AFTER}(?:[ \t]{{1,8}}{_NAME_WORD}{_WORD_AFTER}){{0,2}})"
    ),
    # "I'm Jo Bloggs", "I am Jo Bloggs", "this is Sarah Jones": two capitalised words.
    re.compile(
        r"(?i:\b(?:i[ \t]{0,8}['’]?[ \t]{0,8}m|i[ \t]{1,8}am|this[ \t]{1,8}is|it['’]s|it[ \t]{1,8}is)\b)[ \t]{1,8}"
        rf"(?P<name>{_NAME_WORD}[ \t]{{1,8}}{_NAME_WORD}){_WORD_AFTER}"
    ),
    # "call me Jo", "you can call me Jo Bloggs", "known as Jo".
    re.compile(
        r"(?i:\b(?:call[ \t]{1,8}me|known[ \t]{1,8}as|ask[ \t]{1,8}for))[ \t]{1,8}"
        rf"(?P<name>{_NAME_WORD}(?:[ \t]{{1,8}}{_NAME_WORD})?){_WORD_AFTER}"
    ),
    # A sign-off ending a line, after a comma or a line break: "Thanks, Jo Bloggs", "Best wishes\nJo".
    re.compile(
        r"(?i:\b(?:many[ \t]{1,8}thanks|thanks|thank[ \t]{1,8}you|"
        r"(?:kind|best|warm)[ \t]{1,8}regards|regards|best[ \t]{1,8}wishes|all[ \t]{1,8}the[ \t]{1,8}best|best|"
        r"cheers|love|yours[ \t]{1,8}(?:sincerely|faithfully|truly)|sincerely))"
        r"(?:[ \t]{0,8}[,\-][ \t]{0,8}(?:\r?\n[ \t]{0,8})?|[ \t]{0,8}[.!]?[ \t]{0,8}\r?\n[ \t]{0,8})"
        rf"(?P<name>{_NAME_WORD}(?:[ \t]{{1,8}}{_NAME_WORD}){{0,2}})[ \t]{{0,8}}[.!]?[ \t]{{0,8}}(?=\r?\n|\Z)"
    ),
)


def _name_span(match: re.Match[str], text: str) -> tuple[int, int] | None:
    start = match.start("name")
    words = list(re.finditer(r"\S+", match.group("name")))
    kept = []
    for word in words:
        if not _is_name_word(word.group()):
            break
        kept.append(word)
    if not kept or (match.re is _NAME_PATTERNS[1] and len(kept) < 2):
        return None
    return start + kept[0].start(), start + kept[-1].end()


# -- Dates of birth -----------------------------------------------------------------------------

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)[0-9]{2}"
_DATE = (
    rf"(?:(?:[12][0-9]|3[01]|0?[1-9])[/.\-](?:1[0-2]|0?[1-9])[/.\-](?:{_YEAR}|[0-9]{{2}})"  # 12/03/1985, 12.3.85
    rf"|{_YEAR}-[01]?[0-9]-[0-3]?[0-9]"  # 1985-03-12
    rf"|{_DAY}[ \t]{{1,8}}(?:of[ \t]{{1,8}})?{_MONTHS}(?:,?[ \t]{{1,8}}{_YEAR})?"  # 3 March 1985, 12th of March
    rf"|{_MONTHS}[ \t]{{1,8}}{_DAY}(?:,?[ \t]{{1,8}}{_YEAR})?)"  # March 3, 1985
)
_DATE_OF_BIRTH = re.compile(
    r"(?i:\b(?:d\.?[ \t]{0,8}o\.?[ \t]{0,8}b\.?|date[ \t]{1,8}of[ \t]{1,8}birth|birth[ \t]{0,8}date|birthday|born)"
    r"[ \t]{0,8}[:\-\u2013]?[ \t]{0,8}(?:(?:is|was|on|the|:)[ \t]{1,8}){0,3}"
    rf"(?P<date>{_DATE}))(?![\w/.\-]\d|\w)"
)


def _date_of_birth_span(match: re.Match[str], text: str) -> tuple[int, int] | None:
    return match.span("date")


# Cheap first looks: a finder runs only on text where its gates pass. Each gate is a quick test
# of the text in lower case that every match of the finder passes, so gates never lose a match.
# Most answers have no digits, no "@" or "at", and none of the words that give a name, so most
# finders never run on them (an export checks every free-text answer when asked to redact).
_Gate = Callable[[str], bool]
_AT_WORD = re.compile(r"\bat\b")
_BIRTH_WORD = re.compile(r"d\.?[ \t]{0,8}o\.?[ \t]{0,8}b|birth|born")
_SIGN_OFF_WORDS = ("thank", "regards", "wishes", "best", "cheers", "love", "sincerely", "faithfully", "truly")


def _has_digit(lowered: str) -> bool:
    return any(digit in lowered for digit in "0123456789")


def _may_hold_email(lowered: str) -> bool:
    return "@" in lowered or ("at" in lowered and _AT_WORD.search(lowered) is not None)


def _may_hold_birth_date(lowered: str) -> bool:
    return _BIRTH_WORD.search(lowered) is not None


def _says_name(lowered: str) -> bool:
    return "name" in lowered


def _always(lowered: str) -> bool:
    return True


def _says_call_me(lowered: str) -> bool:
    return "call" in lowered or "known" in lowered or "ask" in lowered


def _signs_off(lowered: str) -> bool:
    return any(word in lowered for word in _SIGN_OFF_WORDS)


# In order of priority where two kinds claim the same stretch of text.
_SpanOf = Callable[[re.Match[str], str], tuple[int, int] | None]
_FINDERS: tuple[tuple[str, re.Pattern[str], _SpanOf, tuple[_Gate, ...]], ...] = (
    (EMAIL, _EMAIL_CANDIDATE, _email_span, (_may_hold_email,)),
    (PHONE, _PHONE_CANDIDATE, _phone_end, (_has_digit,)),
    (NHS_NUMBER, _NHS_CANDIDATE, _nhs_span, (_has_digit,)),
    (DATE_OF_BIRTH, _DATE_OF_BIRTH, _date_of_birth_span, (_has_digit, _may_hold_birth_date)),
    (POSTCODE, _POSTCODE, _postcode_span, (_has_digit,)),
    (STREET_ADDRESS, _STREET, _street_span, (_has_digit,)),
    (NAME, _NAME_PATTERNS[0], _name_span, (_says_name,)),
    (NAME, _NAME_PATTERNS[1], _name_span, (_always,)),  # "I'm …", "this is …": its own search is as quick
    (NAME, _NAME_PATTERNS[2], _name_span, (_says_call_me,)),
    (NAME, _NAME_PATTERNS[3], _name_span, (_signs_off,)),
)


def _candidates(text: str):
    lowered = text.lower()
    passed: dict[_Gate, bool] = {}

    def opens(gate: _Gate) -> bool:
        if gate not in passed:
            passed[gate] = gate(lowered)
        return passed[gate]

    for priority, (kind, pattern, span_of, gates) in enumerate(_FINDERS):
        if not all(opens(gate) for gate in gates):
            continue
        position = 0
        while (match := pattern.search(text, position)) is not None:
            span = span_of(match, text)
            if span is None or span[0] >= span[1]:
                position = match.start() + 1
                continue
            yield PersonalDataSpan(span[0], span[1], kind), priority
            position = max(match.start() + 1, span[1])


def find_personal_data_spans(text: str) -> tuple[PersonalDataSpan, ...]:
    """Each stretch of the text that looks like personal data, in order, never overlapping.

    Where two overlap, the one starting first wins, then the longer, then the kind listed
    first in `_FINDERS`. Only the first `MAX_CHECKED_LENGTH` characters are checked.
    """
    text = text[:MAX_CHECKED_LENGTH]
    found = sorted(_candidates(text), key=lambda pair: (pair[0].start, -pair[0].end, pair[1]))
    kept: list[PersonalDataSpan] = []
    for span, _ in found:
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return tuple(kept)


def find_personal_data(text: str) -> tuple[str, ...]:
    """Names of the kinds of personal data found ('email address', 'phone number', …), each once,
    in the order they first appear."""
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
