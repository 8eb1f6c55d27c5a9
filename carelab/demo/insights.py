"""The demo lab's analysis: a codebook, two coders' coding of the survey's free text and of some evidence,
themes, three areas of opportunity and five insights with consented, redacted quotes
(content in carelab/demo/insights_content.py).

The lab lead (team@example.org) codes first; Dr Morgan, a participant invited as a coder, codes the same
answers and now and then chooses a neighbouring code (`SECOND_CODER_SWAPS`), so the two agree often but
not always. Quotes come only from excerpts whose author agreed to be quoted (a survey response's "quote"
consent, a story's or practice example's submission consent); names and places in them are replaced and
each change logged; the lab lead prepares them and the site admin approves them, so no one approves their
own work. The insights are reviewed by the admin and published.

Coding and sources go through the coding actions (carelab/insights/actions_coding.py). Themes, areas,
quotes and insights are written with the models here, one small function each, until their actions exist
(LEAD: swap `_publish_quote` and `_publish_insight` for the quotes and insights actions once merged).

Safe to run again: the survey's answers are coded once (like the survey itself, carelab/demo/survey.py);
everything else is found by its name, statement or excerpt and updated.
"""

import random
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from carelab.accounts.models import User
from carelab.demo import insights_content as content
from carelab.demo.content import PEOPLE
from carelab.demo.participants import OTHERS, PARTICIPANTS
from carelab.demo.survey import SLUG as SURVEY_SLUG
from carelab.evidence.models import EvidenceItem
from carelab.insights.actions_coding import add_evidence_item, add_survey_answers, code_span, create_code, invite_coder
from carelab.insights.actions_quotes import approve_quote, create_quote, publish_quote, redact_quote
from carelab.insights.models import (
    Code,
    Coding,
    Excerpt,
    Insight,
    OpportunityArea,
    Quote,
    Source,
    Theme,
)
from carelab.labs.models import Lab
from carelab.lib.quote_redaction import Suggestion, apply_redactions, combine, suggest_redactions
from carelab.surveys.models import Survey, SurveyResponse

FIRST_CODER = "team@example.org"
SECOND_CODER = "morgan@example.org"
APPROVER = "admin@example.org"  # a second team member: quotes and insights are never approved by their author
# How often the second coder picks the neighbouring code where the first coder's has one.
SWAP_RATE = 0.3
# Answers are grouped by the respondent's roles for the coding cross-tabs.
GROUP_BY = "roles"

# Evidence items coded too: (title, [(words in its text, codes)]).
EVIDENCE_CODING = [
    (
        "Telling my story once",
        [
            (
                "For years I told my back pain story to a physio, then my low mood to a counsellor, and neither "
                "knew what the other said.",
                ["Telling the story once", "Services not talking to each other"],
            ),
            (
                "The first time both were in the same room I cried, because I didn't have to choose which part of "
                "me to bring.",
                ["Joint appointments", "Asked about pain and mood together"],
            ),
        ],
    ),
    (
        "The walking group saved my winter",
        [
            ("A neighbour took me to the walking group.", ["Movement and activity", "Peer support"]),
            ("We go slowly. Nobody asks why you're quiet.", ["Peer support"]),
        ],
    ),
    (
        "Being believed",
        [
            (
                "A GP once said my pain was probably my depression. I stopped asking for help for two years.",
                ["Judged or dismissed"],
            ),
            (
                "A new GP asked how the pain and my mood affected each other, and that one question changed how I "
                "saw myself.",
                ["Asked about pain and mood together", "Listened to and believed"],
            ),
        ],
    ),
    (
        "Caring for my husband",
        [
            ("I go to every appointment and I'm never asked how I am.", ["Carers"]),
            (
                "The carers' group at our local branch is the only place anyone asks.",
                ["Carers", "Local charities and groups"],
            ),
        ],
    ),
    (
        "Bad days and missed appointments",
        [
            (
                "On a bad pain day I can't get to the bus stop. I was discharged for missing two appointments.",
                ["Care that fits bad days", "Dropped or discharged"],
            ),
            ("Being able to phone in, or have a video call, would have kept me in care.", ["Care that fits bad days"]),
        ],
    ),
    (
        "Pacing, slowly",
        [
            ("A peer-led course taught me pacing.", ["Pacing and self-management", "Peer support"]),
            ("the group kept me going when it didn't", ["Peer support"]),
        ],
    ),
    (
        "Move and talk: gentle movement then tea",
        [("Regulars say the chat matters as much as the movement", ["Peer support", "Movement and activity"])],
    ),
    (
        "Waiting well: support while on the waiting list",
        [
            (
                "A branch phones people on the pain clinic waiting list every month, offers a pacing course and a "
                "peer contact, and tells the clinic if someone's mood gets worse.",
                ["Long waits", "Local charities and groups"],
            )
        ],
    ),
    (
        "Joint first appointment with a physiotherapist and a psychologist",
        [
            (
                "the first appointment is with a physiotherapist and a psychologist together, so people tell their "
                "story once.",
                ["Joint appointments", "Telling the story once"],
            )
        ],
    ),
]

# The survey answer each insight quotes, where a consenting respondent gave it (the words before the first
# comma or full stop are enough to find it); otherwise the first consenting answer with the insight's code.
QUOTED_ANSWERS = {
    "Asked about pain and mood together": "Ben, a physio in Leeds",
    "Judged or dismissed": "Feeling judged for asking for pain relief",
    "Long waits": "Waiting eleven months for a pain clinic appointment",
    "Peer support": "The peer support group at my local mental health charity",
    "Care that fits bad days": "Being discharged by Dr Morgan's clinic",
}
# How many other coded excerpts each insight rests on, besides its quotes.
SUPPORTING_EXCERPTS = 6

# Redaction: the demo's people (every demo account's first name) and the places its answers name.
DEMO_NAMES = sorted(
    {word for _email, name, *_rest in PEOPLE for word in re.findall(r"[A-Z][a-z]+", name)} - {"Site", "Dr"}
    | {name for name, *_rest in PARTICIPANTS}
    | {name for name, *_rest in OTHERS},
    key=len,
    reverse=True,
)
DEMO_PLACES = ["Leeds", "Swansea", "Bristol", "Wakefield", "Manchester", "Liverpool", "Cardiff", "Newcastle"]
_TITLES = r"(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Nurse)\.?\s+"
_NAMES = re.compile(rf"\b(?:{_TITLES})?(?:{'|'.join(map(re.escape, DEMO_NAMES))})\b")
_PLACES = re.compile(rf"\b(?:{'|'.join(map(re.escape, DEMO_PLACES))})\b")


@dataclass(frozen=True)
class Redacted:
    text: str
    changes: list[tuple[str, str]]  # (kind, replacement), in the order they occur


def _demo_spans(text: str) -> tuple[Suggestion, ...]:
    """The demo's names and places, then whatever the team's redaction suggestions find."""
    known = [Suggestion(m.start(), m.end(), "name") for m in _NAMES.finditer(text)]
    known += [Suggestion(m.start(), m.end(), "place") for m in _PLACES.finditer(text)]
    return combine(sorted(known, key=lambda span: span.start), suggest_redactions(text))


def redact(text: str) -> Redacted:
    """The words with suspected names, places and other personal data replaced, and what was replaced."""
    spans = _demo_spans(text)
    return Redacted(apply_redactions(text, spans), [(span.kind, span.replacement) for span in spans])


# The codebook and the two coders


def load_codebook(lab: Lab, by) -> dict[str, Code]:
    """The codebook's codes by name, creating any missing (codes are not renamed or moved on reload)."""
    existing = {(code.parent_id, code.name): code for code in Code.objects.filter(lab=lab)}
    codes: dict[str, Code] = {}
    for name, description, children in content.CODEBOOK:
        parent = existing.get((None, name)) or create_code(lab, name=name, description=description, by=by)
        codes[name] = parent
        for child_name, child_description in children:
            codes[child_name] = existing.get((parent.pk, child_name)) or create_code(
                lab, name=child_name, description=child_description, parent=parent, by=by
            )
    return codes


def _second_coders_codes(first: list[str], rng: random.Random) -> list[str]:
    chosen = [
        content.SECOND_CODER_SWAPS[name] if name in content.SECOND_CODER_SWAPS and rng.random() < SWAP_RATE else name
        for name in first
    ]
    return list(dict.fromkeys(chosen))


def _code_whole_answers(sources: list[Source], coded: dict[int, list[Code]], coder) -> None:
    """What `code_span(source, 0, len(source.text), codes, coder)` does for each source, in a few queries:
    the demo codes some 700 answers twice, which one call at a time takes seconds."""
    excerpts = {
        excerpt.source_id: excerpt
        for excerpt in Excerpt.objects.filter(source__in=sources, start=0).select_related("source")
        if excerpt.end == len(excerpt.source.text)
    }
    Excerpt.objects.bulk_create(
        Excerpt(source=source, start=0, end=len(source.text), text=source.text, guid=uuid.uuid4(), created_by=coder)
        for source in sources
        if source.pk not in excerpts
    )
    excerpts = {excerpt.source_id: excerpt for excerpt in Excerpt.objects.filter(source__in=sources, start=0)}
    had = set(Coding.objects.filter(excerpt__in=excerpts.values(), coder=coder).values_list("excerpt_id", "code_id"))
    Coding.objects.bulk_create(
        Coding(excerpt=excerpts[source.pk], code=code, coder=coder, guid=uuid.uuid4())
        for source in sources
        for code in coded[source.pk]
        if (excerpts[source.pk].pk, code.pk) not in had
    )


def code_survey_answers(lab: Lab, survey: Survey, codes: dict[str, Code], coders: list) -> int:
    """Add the survey's free-text answers as sources and code each whole answer as both coders; returns how
    many sources were coded now (none when the demo was loaded before)."""
    first, second = coders
    for question in content.CODED_QUESTIONS:
        add_survey_answers(lab, survey, question, group_by=GROUP_BY)
    uncoded = [
        source
        for source in Source.objects.filter(lab=lab, kind=Source.Kind.SURVEY_ANSWER, survey_response__survey=survey)
        .exclude(excerpts__codings__coder=first)
        .order_by("pk")
        if source.text in content.CODES_FOR_ANSWER
    ]
    rng = random.Random(17)  # noqa: S311 - demo content, not security
    by_first = {source.pk: content.CODES_FOR_ANSWER[source.text] for source in uncoded}
    by_second = {pk: _second_coders_codes(names, rng) for pk, names in by_first.items()}
    _code_whole_answers(uncoded, {pk: [codes[n] for n in names] for pk, names in by_first.items()}, first)
    _code_whole_answers(uncoded, {pk: [codes[n] for n in names] for pk, names in by_second.items()}, second)
    return len(uncoded)


def code_evidence(lab: Lab, codes: dict[str, Code], coders: list) -> None:
    """Add some stories and practice examples as sources, and code a sentence or two of each as both coders."""
    first, second = coders
    items = {item.title: item for item in EvidenceItem.objects.for_lab(lab).in_library()}
    rng = random.Random(23)  # noqa: S311 - demo content, not security
    for title, spans in EVIDENCE_CODING:
        item = items[title]
        source = Source.objects.filter(lab=lab, evidence_item=item).first() or add_evidence_item(lab, item)
        for words, names in spans:
            start = source.text.index(words)
            end = start + len(words)
            code_span(source, start, end, [codes[name] for name in names], first)
            code_span(source, start, end, [codes[name] for name in _second_coders_codes(names, rng)], second)


# Themes and areas of opportunity


def load_themes(lab: Lab, codes: dict[str, Code]) -> dict[str, Theme]:
    themes = {}
    for name, description, code_names in content.THEMES:
        theme, _ = Theme.objects.update_or_create(lab=lab, name=name, defaults={"description": description})
        theme.codes.set([codes[code_name] for code_name in code_names])
        themes[name] = theme
    return themes


def load_areas(lab: Lab, themes: dict[str, Theme]) -> dict[str, OpportunityArea]:
    areas = {}
    for name, description, theme_names in content.AREAS:
        area, _ = OpportunityArea.objects.update_or_create(lab=lab, name=name, defaults={"description": description})
        area.themes.set([themes[theme_name] for theme_name in theme_names])
        areas[name] = area
    return areas


# Quotes


def may_be_quoted(excerpt: Excerpt) -> bool:
    """Only an author who agreed to be quoted, and has not withdrawn it, is quoted."""
    source = excerpt.source
    if source.survey_response_id:
        return source.survey_response.has_consent("quote")
    return source.evidence_item_id is not None and source.evidence_item.has_consent("quote")


def _publish_quote(lab: Lab, excerpt: Excerpt, *, by, approver, when: datetime) -> Quote:
    """raw → redacted → approved → published through the quotes' own actions (consent checked,
    a second team member approving), for a demo quote (found again by its excerpt)."""
    if not may_be_quoted(excerpt):
        raise ValueError("The demo quotes only people who agreed to be quoted.")
    existing = Quote.objects.filter(lab=lab, excerpt=excerpt).exclude(status=Quote.Status.WITHDRAWN).first()
    if existing is not None:
        return existing
    quote = create_quote(excerpt, by=by)
    quote = redact_quote(quote, spans=_demo_spans(quote.text), by=by)
    quote = approve_quote(quote, by=approver)
    quote = publish_quote(quote)
    Quote.objects.filter(pk=quote.pk).update(approved_at=when, published_at=when + timedelta(hours=1))
    return quote


def _coded_excerpts(lab: Lab, code: Code, coder):
    return (
        Excerpt.objects.filter(source__lab=lab, codings__code=code, codings__coder=coder)
        .select_related("source__survey_response", "source__evidence_item")
        .order_by("source_id", "start")
    )


def _survey_quote_excerpt(lab: Lab, code: Code, coder) -> Excerpt | None:
    found = _coded_excerpts(lab, code, coder).filter(
        source__kind=Source.Kind.SURVEY_ANSWER, source__survey_response__in=SurveyResponse.objects.quotable()
    )
    wanted = QUOTED_ANSWERS.get(code.name)
    return (found.filter(text__startswith=wanted).first() if wanted else None) or found.first()


def _story_quote_excerpt(lab: Lab, code: Code, coder, items: list[EvidenceItem]) -> Excerpt | None:
    for excerpt in _coded_excerpts(lab, code, coder).filter(source__evidence_item__in=items):
        if may_be_quoted(excerpt):
            return excerpt
    return None


# Insights


def _publish_insight(insight: Insight, *, reviewer, when: datetime) -> None:
    """Reviewed by a second team member, then published."""
    insight.status = Insight.Status.PUBLISHED
    insight.reviewed_by, insight.reviewed_at = reviewer, when
    insight.published_at = when + timedelta(hours=2)
    insight.save(update_fields=["status", "reviewed_by", "reviewed_at", "published_at", "updated_at"])


def load_insights(lab: Lab, codes, themes, areas, *, author, reviewer, coder) -> list[Insight]:
    items = {item.title: item for item in EvidenceItem.objects.for_lab(lab).in_library()}
    insights = []
    for number, (statement, detail, theme_names, area_names, titles, code_name, _status) in enumerate(content.INSIGHTS):
        # The content marks some insights draft or reviewed; the demo publishes all five so the public
        # insight pages have each of them to show.
        when = timezone.now() - timedelta(days=30 - 5 * number)  # over the last month
        code = codes[code_name]
        evidence = [items[title] for title in titles]
        quote_from = [
            excerpt
            for excerpt in (_survey_quote_excerpt(lab, code, coder), _story_quote_excerpt(lab, code, coder, evidence))
            if excerpt is not None
        ]
        quotes = [_publish_quote(lab, excerpt, by=author, approver=reviewer, when=when) for excerpt in quote_from]
        supporting = _coded_excerpts(lab, code, coder).exclude(pk__in=[e.pk for e in quote_from])
        insight, _ = Insight.objects.update_or_create(
            lab=lab, statement=statement, defaults={"detail": detail, "created_by": author}
        )
        insight.themes.set([themes[name] for name in theme_names])
        insight.areas.set([areas[name] for name in area_names])
        insight.evidence_items.set(evidence)
        insight.excerpts.set([*quote_from, *supporting[:SUPPORTING_EXCERPTS]])
        insight.quotes.set(quotes)
        if insight.status != Insight.Status.PUBLISHED:
            _publish_insight(insight, reviewer=reviewer, when=when)
        insights.append(insight)
    return insights


@transaction.atomic
def load_demo_insights(lab: Lab) -> None:
    """After the survey's answers and the evidence library are loaded."""
    people = {user.email: user for user in User.objects.filter(email__in=[FIRST_CODER, SECOND_CODER, APPROVER])}
    lead, second, approver = people[FIRST_CODER], people[SECOND_CODER], people[APPROVER]
    invite_coder(lab, second, by=lead)
    codes = load_codebook(lab, lead)
    survey = Survey.objects.get(lab=lab, slug=SURVEY_SLUG)
    code_survey_answers(lab, survey, codes, [lead, second])
    code_evidence(lab, codes, [lead, second])
    themes = load_themes(lab, codes)
    areas = load_areas(lab, themes)
    load_insights(lab, codes, themes, areas, author=lead, reviewer=approver, coder=lead)
