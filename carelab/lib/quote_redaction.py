"""Suggested redactions for a quote: what in a person's words might identify them or someone else.

`suggest_redactions(text)` returns `Suggestion`s (start, end, kind), in order and never overlapping,
for the lab team to accept or adjust before a quote is approved. It is deliberately generous: a
false suggestion costs a click, a missed name may cost someone their privacy. The kinds:

- the personal data `carelab.lib.text_checks` finds (phone numbers, e-mail addresses, NHS numbers with
  a valid modulus-11 check digit, spaced or not, postcodes, street addresses, names people give as
  their own, dates of birth), reused rather than repeated here;
- **organisations**: a run of capitalised words containing a word such as Trust, Hospital, Surgery,
  Practice, Clinic, NHS, Council, University or Mind, with at least one word that is not generic
  ("Leeds Teaching Hospitals NHS Trust", "University of Leeds", "Elm Tree Surgery"), but not
  "the NHS" or "my GP Surgery";
- **places**: UK cities, towns, counties and regions from a built-in list, and any capitalised word
  after "in", "at", "near", "from", "around" or "outside" ("we met at Greenside");
- **names**: capitalised words after a title (Dr, Mrs, Nurse …), common UK first names wherever
  they are, and any other capitalised word that does not start a sentence and is not a word such
  as a day, a month, "I" or "GP" (`NOT_NAMES`, shared with text_checks).

`apply_redactions(text, spans)` replaces each span by its kind's placeholder ("[name]", "[place]"),
and `phrase_spans(text, phrases)` finds words the team typed themselves (kind "other"). Placeholders
are never suggested again, so suggesting on redacted text finds nothing new in them.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from carelab.lib import text_checks
from carelab.lib.regions import REGIONS
from carelab.lib.sentences import sentence_spans

NAME = "name"
PLACE = "place"
ORGANISATION = "organisation"
PHONE = "phone"
EMAIL = "email"
NHS_NUMBER = "nhs_number"
POSTCODE = "postcode"
ADDRESS = "address"
DATE_OF_BIRTH = "date_of_birth"
OTHER = "other"

# What replaces each kind in the published words.
REPLACEMENTS: dict[str, str] = {
    NAME: "[name]",
    PLACE: "[place]",
    ORGANISATION: "[organisation]",
    PHONE: "[phone number]",
    EMAIL: "[email address]",
    NHS_NUMBER: "[NHS number]",
    POSTCODE: "[postcode]",
    ADDRESS: "[address]",
    DATE_OF_BIRTH: "[date of birth]",
    OTHER: "[removed]",
}
KIND_LABELS: dict[str, str] = {
    NAME: "Name",
    PLACE: "Place",
    ORGANISATION: "Organisation",
    PHONE: "Phone number",
    EMAIL: "Email address",
    NHS_NUMBER: "NHS number",
    POSTCODE: "Postcode",
    ADDRESS: "Street address",
    DATE_OF_BIRTH: "Date of birth",
    OTHER: "Other words",
}
KINDS = tuple(REPLACEMENTS)

_FROM_TEXT_CHECKS = {
    text_checks.PHONE: PHONE,
    text_checks.EMAIL: EMAIL,
    text_checks.NHS_NUMBER: NHS_NUMBER,
    text_checks.POSTCODE: POSTCODE,
    text_checks.STREET_ADDRESS: ADDRESS,
    text_checks.NAME: NAME,
    text_checks.DATE_OF_BIRTH: DATE_OF_BIRTH,
}

# Quotes are short; a pasted book is checked only this far (text_checks' own limit).
MAX_CHECKED_LENGTH = text_checks.MAX_CHECKED_LENGTH


@dataclass(frozen=True, order=True)
class Suggestion:
    """text[start:end] may identify someone, as this kind."""

    start: int
    end: int
    kind: str

    @property
    def replacement(self) -> str:
        return REPLACEMENTS[self.kind]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TITLES = _words("Dr Doctor Mr Mrs Ms Miss Mx Prof Professor Nurse Sister Matron Dame Sir Lady Lord Father Rev Reverend")

# Common first names in the UK, across generations. Names that are also ordinary words ("Will",
# "Hope", "May") are in AMBIGUOUS_NAMES and count only where they are not starting a sentence.
FIRST_NAMES = _words(
    """
    Aaron Abbie Abdul Abigail Adam Adrian Ahmed Aidan Aisha Alan Albert Alex Alexander Alfie Ali
    Alice Alison Amanda Amelia Amir Amy Andrea Andrew Andy Angela Ann Anna Anne Annie Anthony Archie
    Arthur Ashley Ava Barbara Barry Ben Benjamin Beth Bethany Betty Bill Billy Bob Brenda Brian
    Callum Carl Carol Caroline Catherine Charlie Charlotte Chloe Chris Christine Christopher Claire
    Colin Connor Craig Daniel Danny Darren Dave David Dawn Dean Debbie Deborah Denise Dennis Derek
    Diane Dylan Eddie Edward Eileen Elaine Eleanor Elizabeth Ella Ellie Emily Emma Eric Erin Ethan
    Eve Evie Fatima Fiona Florence Frances Freddie Freya Gail Gareth Gary Gemma Geoff George Georgia
    Gillian Glen Gordon Graham Hannah Harriet Harry Harvey Hassan Hayley Heather Helen Henry Holly
    Ian Imran Isaac Isabel Isabella Isla Isobel Jack Jackie Jacob Jade James Jamie Jane Janet Jasmine
    Jason Jayne Jean Jeff Jenny Jessica Jill Joan Joanne Joe John Jon Jonathan Joseph Josh Joshua
    Joyce Judith Julie Karen Kate Katie Kay Keith Kelly Kevin Kieran Kim Kirsty Laura Lauren Leah
    Lee Leo Liam Lily Linda Lisa Liz Logan Louis Louise Lucy Luke Lynn Maisie Malcolm Margaret Maria
    Marie Martin Mary Matt Matthew Megan Melanie Mia Michael Michelle Mike Mohammed Mohammad Muhammad
    Molly Nathan Neil Nicola Nigel Noah Oliver Olivia Oscar Owen Pam Pamela Paul Pauline Peter Phil
    Philip Poppy Priya Rachel Rebecca Richard Rob Robert Robyn Ryan Sadie Sam Samantha Samuel Sandra
    Sarah Scott Sean Shannon Sharon Shaun Sheila Simon Sophie Stacey Steph Stephen Steve Steven
    Stuart Susan Suzanne Tara Theo Thomas Tina Toby Tom Tony Tracey Tracy Trevor Vicky Victoria
    Wendy William Yasmin Yvonne Zara Zoe Zoë
    Grace Hope Faith Joy Rose Daisy Ruby Amber Mark Will May June Pat Sue Frank Jay Harley Dot
    """
)
AMBIGUOUS_NAMES = _words("Grace Hope Faith Joy Rose Daisy Ruby Amber Mark Will May June Pat Sue Frank Jay Harley Dot")

# UK cities, large towns, counties and the regions CareLab uses (carelab/lib/regions.py).
PLACES: frozenset[str] = frozenset(
    {
        *(name for code, name in REGIONS if code != "uk_wide"),
        *_words(
            """
        Aberdeen Bangor Bath Belfast Birmingham Blackburn Blackpool Bolton Bournemouth Bradford Brighton
        Bristol Burnley Cambridge Canterbury Cardiff Carlisle Chelmsford Chester Chesterfield Colchester
        Coventry Crawley Derby Doncaster Dundee Durham Edinburgh Exeter Gateshead Glasgow Gloucester
        Grimsby Guildford Halifax Harrogate Hartlepool Hereford Huddersfield Hull Inverness Ipswich
        Lancaster Leeds Leicester Lichfield Lincoln Liverpool Londonderry Derry Luton Manchester
        Middlesbrough Newcastle Newport Northampton Norwich Nottingham Oldham Oxford Perth Peterborough
        Plymouth Portsmouth Preston Reading Rochdale Rotherham Salford Salisbury Scunthorpe Sheffield
        Shrewsbury Slough Southampton Southend Stockport Stoke Sunderland Swansea Swindon Telford Truro
        Wakefield Walsall Warrington Watford Wigan Winchester Wolverhampton Worcester Worthing Wrexham
        York Barnsley Basildon Basingstoke Bedford Blyth Bootle Chatham Cheltenham Darlington Dudley
        Eastbourne Gillingham Hastings Kirklees Macclesfield Maidstone Mansfield Margate Stevenage Wirral
        Tameside Trafford Sefton Knowsley Solihull Sandwell Croydon Hackney Lambeth Southwark Camden
        Islington Brixton Tottenham Wembley Ealing Harrow Barnet Enfield Bromley Lewisham Greenwich
        Cornwall Devon Dorset Somerset Wiltshire Hampshire Kent Surrey Sussex Essex Suffolk Norfolk
        Cambridgeshire Hertfordshire Bedfordshire Buckinghamshire Oxfordshire Berkshire Gloucestershire
        Herefordshire Worcestershire Warwickshire Northamptonshire Leicestershire Rutland Lincolnshire
        Nottinghamshire Derbyshire Staffordshire Shropshire Cheshire Lancashire Merseyside Cumbria
        Northumberland Yorkshire Teesside Tyneside Humberside Fife Lothian Lanarkshire Ayrshire Highlands
        Powys Gwynedd Anglesey Pembrokeshire Ceredigion Carmarthenshire Antrim Armagh Tyrone Fermanagh
        England Britain UK
        """
        ),
        "Milton Keynes",
        "Stoke-on-Trent",
        "Newcastle upon Tyne",
        "Kingston upon Hull",
        "Southend-on-Sea",
        "St Albans",
        "St Helens",
        "Tunbridge Wells",
        "Isle of Wight",
        "West Yorkshire",
        "South Yorkshire",
        "North Yorkshire",
        "East Yorkshire",
        "Greater Manchester",
        "West Midlands",
        "East Sussex",
        "West Sussex",
        "County Durham",
        "Tyne and Wear",
        "Lake District",
        "Peak District",
    }
)
_PLACES_FOLDED = {place.casefold() for place in PLACES}
_LONGEST_PLACE_WORDS = max(len(place.split()) for place in PLACES)

ORGANISATION_WORDS = _words(
    """
    Trust Trusts Hospital Hospitals Surgery Practice Clinic Clinics NHS Council University College School
    Academy Foundation Charity Centre Center Hospice Pharmacy Partnership ICB CCG Board Mind Ltd Limited
    CIC Group Association Society Church Mosque Temple Gurdwara Club Infirmary Service Services Team
    """
)
# Words that, with an organisation word, still name no organisation in particular ("my GP Surgery").
GENERIC_ORGANISATION_WORDS = ORGANISATION_WORDS | _words(
    """
    The A An My Our Your Their His Her Local National Community Mental Health Healthcare General
    District Primary Secondary Care Medical Royal Teaching Pain Physio Physiotherapy Social Support
    Citizens Advice Crisis Home Day Walk-in Urgent Emergency Main New Old GP A&E
    Samaritans Shout Macmillan Age UK Versus Arthritis Rethink
    """
)
_CONNECTORS = frozenset({"of", "and", "&", "the", "upon", "for", "on"})
_PLACE_BEFORE = frozenset({"in", "at", "near", "from", "around", "outside"})
# "in May", "since June", "last Christmas": a month or a holiday, not a name or a place.
_TIME_BEFORE = _PLACE_BEFORE | _words("since until till by of last next early late mid every this on")

# Capitalised words that are not names: text_checks' list (days, months, feelings, roles, …) and more.
NOT_NAMES = text_checks.NOT_NAMES | {
    word.casefold()
    for word in _words(
        """
    I I'm I've I'd I'll Im Ive Id GP GPs English Covid Zoom Teams Google Facebook Instagram Twitter
    WhatsApp YouTube Internet Pilates Yoga Tai Chi Universal Credit PIP ESA DWP Jobcentre Amazon
    Christmas Easter Ramadan Diwali Eid Mum Dad Nan Nana Grandma Grandad Gran Granny Auntie Uncle
    Doctor Nurse Sister Professor Oh Yes No Okay OK Also Then However Because After Before Although
    Sometimes Often Now Today Yesterday Tomorrow Since Until Unless While Whilst If When Where Why How
    What Who Which Whatever Whenever Please Thank Thanks Sorry Hello Hi Dear Regards Honestly Actually
    Basically Luckily Sadly Unfortunately Fortunately Eventually Finally Obviously Apparently
    """
    )
}

_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-](?=[^\W\d_])){0,40}")
_PLACEHOLDER = re.compile(r"\[[A-Za-z ]{1,30}\]")
_GAP_IN_NAME = re.compile(r"[ \t\u00a0]{1,3}")


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    word: str
    starts_sentence: bool

    @property
    def capitalised(self) -> bool:
        return self.word[:1].isupper() and not (len(self.word) > 1 and self.word.isupper())

    @property
    def bare(self) -> str:
        """The word without a possessive: "Sarah's" → "Sarah"."""
        for ending in ("'s", "’s"):
            if self.word.endswith(ending):
                return self.word[: -len(ending)]
        return self.word


def _tokens(text: str) -> list[_Token]:
    starts = [start for start, _ in sentence_spans(text)]
    hidden = [match.span() for match in _PLACEHOLDER.finditer(text)]
    found: list[_Token] = []
    next_start = 0
    for match in _TOKEN.finditer(text):
        if any(start <= match.start() < end for start, end in hidden):
            continue
        initial = False
        while next_start < len(starts) and starts[next_start] <= match.start():
            initial = True
            next_start += 1
        found.append(_Token(match.start(), match.end(), match.group(), initial))
    return found


def _joined(text: str, left: _Token, right: _Token) -> bool:
    """The two tokens are next to each other on one line, with only a space or two between them."""
    return _GAP_IN_NAME.fullmatch(text[left.end : right.start]) is not None


def _runs(text: str, tokens: list[_Token]) -> list[list[_Token]]:
    """Stretches of capitalised words, joined by connectors ("University of Leeds"), on one line."""
    runs: list[list[_Token]] = []
    current: list[_Token] = []
    for index, token in enumerate(tokens):
        joined = bool(current) and _joined(text, current[-1], token)
        if token.capitalised or (token.word.isupper() and len(token.word) > 1):
            if not joined and current:
                runs.append(current)
                current = []
            current.append(token)
        elif joined and token.word in _CONNECTORS and index + 1 < len(tokens):
            following = tokens[index + 1]
            if following.capitalised and _joined(text, token, following):
                current.append(token)
                continue
            runs.append(current)
            current = []
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _trimmed(run: list[_Token]) -> list[_Token]:
    while run and (run[0].word in _CONNECTORS or run[0].word in {"The", "A", "An", "My", "Our"}):
        run = run[1:]
    while run and run[-1].word in _CONNECTORS:
        run = run[:-1]
    return run


def _organisations(text: str, runs: list[list[_Token]]) -> list[Suggestion]:
    found = []
    for run in runs:
        words = [token.bare for token in run]
        if not any(word in ORGANISATION_WORDS for word in words):
            continue
        distinctive = [
            token
            for token in run
            if token.bare not in GENERIC_ORGANISATION_WORDS
            and token.word not in _CONNECTORS
            and not (token.starts_sentence and token.word.casefold() in NOT_NAMES)
        ]
        if distinctive:
            kept = _trimmed(run)
            if kept:
                found.append(Suggestion(kept[0].start, kept[-1].end, ORGANISATION))
    return found


def _place_at(text: str, tokens: list[_Token], index: int) -> int:
    """How many tokens from `index` make a listed place (0 if none), longest first."""
    for size in range(min(_LONGEST_PLACE_WORDS, len(tokens) - index), 0, -1):
        first, last = tokens[index], tokens[index + size - 1]
        words = tokens[index : index + size]
        if not all(_joined(text, a, b) for a, b in zip(words, words[1:], strict=False)):
            # Hyphenated places are one token; others must sit on one line with spaces between.
            continue
        candidate = " ".join(token.bare if token is last else token.word for token in tokens[index : index + size])
        if candidate.casefold() in _PLACES_FOLDED and first.capitalised:
            return size
    return 0


def _places_and_names(text: str, tokens: list[_Token]) -> list[Suggestion]:
    found: list[Suggestion] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        size = _place_at(text, tokens, index)
        if size:
            found.append(Suggestion(token.start, tokens[index + size - 1].end, PLACE))
            index += size
            continue
        previous = tokens[index - 1] if index else None
        after_title = previous is not None and previous.word in TITLES and _joined_loosely(text, previous, token)
        bare = token.bare
        # "I told Will": a first name in the middle of a sentence is a name, even one that is also a word.
        is_first_name = bare in FIRST_NAMES and not (
            token.starts_sentence and (bare in AMBIGUOUS_NAMES or bare.casefold() in NOT_NAMES)
        )
        if previous is not None and previous.word.casefold() in _TIME_BEFORE and bare.casefold() in NOT_NAMES:
            is_first_name = False
        if not token.capitalised or (bare.casefold() in NOT_NAMES and not after_title and not is_first_name):
            index += 1
            continue
        after_place_word = (
            previous is not None
            and previous.word.casefold() in _PLACE_BEFORE
            and _joined(text, previous, token)
            and not is_first_name
        )
        if after_place_word:
            found.append(Suggestion(token.start, token.end, PLACE))
            index += 1
            continue
        if after_title or is_first_name or not token.starts_sentence:
            # A surname may follow: the next capitalised word on the same line, if it is not a common word.
            end_index = index
            while (
                end_index + 1 < len(tokens)
                and end_index - index < 2
                and tokens[end_index + 1].capitalised
                and tokens[end_index + 1].bare.casefold() not in NOT_NAMES
                and not _place_at(text, tokens, end_index + 1)
                and _joined(text, tokens[end_index], tokens[end_index + 1])
                and not tokens[end_index].word.endswith(("'s", "’s"))
            ):
                end_index += 1
            found.append(Suggestion(token.start, tokens[end_index].end, NAME))
            index = end_index + 1
            continue
        index += 1
    return found


def _joined_loosely(text: str, title: _Token, token: _Token) -> bool:
    """ "Dr Smith", "Dr. Smith": a title, perhaps with its full stop, then the name."""
    between = text[title.end : token.start]
    return re.fullmatch(r"\.?[ \t\u00a0]{1,3}", between) is not None


def _resolve(candidates: Iterable[tuple[Suggestion, int]]) -> tuple[Suggestion, ...]:
    """Non-overlapping, in order: where two overlap, the earlier start wins, then the longer, then priority."""
    ordered = sorted(candidates, key=lambda pair: (pair[0].start, -pair[0].end, pair[1]))
    kept: list[Suggestion] = []
    for suggestion, _ in ordered:
        if suggestion.start >= suggestion.end:
            continue
        if kept and suggestion.start < kept[-1].end:
            continue
        kept.append(suggestion)
    return tuple(kept)


def suggest_redactions(text: str) -> tuple[Suggestion, ...]:
    """What in the text might identify someone, in order and never overlapping (see the module's docstring)."""
    text = text[:MAX_CHECKED_LENGTH]
    candidates: list[tuple[Suggestion, int]] = [
        (Suggestion(span.start, span.end, _FROM_TEXT_CHECKS[span.kind]), 0)
        for span in text_checks.find_personal_data_spans(text)
    ]
    tokens = _tokens(text)
    candidates += [(suggestion, 1) for suggestion in _organisations(text, _runs(text, tokens))]
    candidates += [(suggestion, 2) for suggestion in _places_and_names(text, tokens)]
    # A placeholder already in the text is never suggested again.
    placeholders = [match.span() for match in _PLACEHOLDER.finditer(text)]
    candidates = [
        (suggestion, priority)
        for suggestion, priority in candidates
        if not any(start < suggestion.end and suggestion.start < end for start, end in placeholders)
    ]
    return _resolve(candidates)


def phrase_spans(text: str, phrases: Iterable[str]) -> tuple[Suggestion, ...]:
    """Every place the typed words occur (ignoring case, as whole words where they start and end with
    a letter or digit), as kind "other", in order and never overlapping (longer phrases first)."""
    candidates = []
    cleaned = sorted({" ".join(phrase.split()) for phrase in phrases if phrase.strip()}, key=len, reverse=True)
    for priority, phrase in enumerate(cleaned):
        words = [re.escape(word) for word in phrase.split()]
        pattern = r"\s+".join(words)
        if phrase[0].isalnum():
            pattern = r"(?<!\w)" + pattern
        if phrase[-1].isalnum():
            pattern += r"(?!\w)"
        for match in re.finditer(pattern, text, flags=re.IGNORECASE):
            candidates.append((Suggestion(match.start(), match.end(), OTHER), priority))
    return _resolve(candidates)


def combine(*groups: Sequence[Suggestion]) -> tuple[Suggestion, ...]:
    """The spans of several groups together, non-overlapping (an earlier group wins a tie)."""
    return _resolve((span, priority) for priority, group in enumerate(groups) for span in group)


class RedactionError(ValueError):
    """Spans that do not fit the text (out of range, empty or overlapping)."""


def apply_redactions(text: str, spans: Sequence[Suggestion]) -> str:
    """The text with each span replaced by its kind's placeholder. Spans must be in order and not overlap."""
    pieces: list[str] = []
    position = 0
    for span in spans:
        if span.kind not in REPLACEMENTS:
            raise RedactionError(f"Unknown kind of redaction: {span.kind!r}")
        if not (position <= span.start < span.end <= len(text)):
            raise RedactionError("Those parts of the text overlap or are not there.")
        pieces += [text[position : span.start], span.replacement]
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)
