"""What the coding pages read: the codebook as a tree, sources, and one page of sources with codings.

Every function takes the lab the gatekeeper (`coding_required`) put on the request, so nothing here
reaches another lab's data. A page of sources costs the same few queries however many there are.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404

from carelab.insights.access import may_code
from carelab.insights.models import Code, Coder, Coding, Excerpt, Memo, Source
from carelab.labs.access import is_lab_team
from carelab.labs.models import Role
from carelab.lib.sentences import sentence_spans
from carelab.lib.spans import segments
from carelab.surveys.models import Survey

# Getting one thing of the lab (another lab's is a 404)


def get_code(lab, pk) -> Code:
    return get_object_or_404(lab.codes.all(), pk=pk)


def get_source(lab, pk) -> Source:
    return get_object_or_404(lab.coding_sources.all(), pk=pk)


def get_coder(lab, pk) -> Coder:
    return get_object_or_404(lab.coders.select_related("user"), pk=pk)


def get_memo(lab, pk) -> Memo:
    return get_object_or_404(lab.memos.all(), pk=pk)


def get_excerpt(lab, pk) -> Excerpt:
    return get_object_or_404(Excerpt.objects.filter(source__lab=lab), pk=pk)


def get_own_coding(lab, user, pk) -> Coding:
    """A coding of this lab: the lab team may remove anyone's, a coder only their own."""
    codings = Coding.objects.filter(excerpt__source__lab=lab)
    if not is_lab_team(user, lab):
        codings = codings.filter(coder=user)
    return get_object_or_404(codings.select_related("excerpt__source"), pk=pk)


def get_survey(lab, pk) -> Survey:
    return get_object_or_404(lab.surveys.select_related("current_version"), pk=pk)


def codings_by(lab, user):
    return Coding.objects.filter(excerpt__source__lab=lab, coder=user)


def codings_on(source: Source):
    return Coding.objects.filter(excerpt__source=source)


# Coders


def coders(lab):
    return lab.coders.select_related("user", "invited_by").order_by("user__display_name", "user__email")


def people_to_invite(lab):
    """The lab's members and participants who do not code yet (the team codes already)."""
    return (
        lab.memberships.exclude(role=Role.TEAM)
        .exclude(user__in=lab.coders.values("user"))
        .select_related("user")
        .order_by("user__display_name", "user__email")
    )


def account_with_email(email: str):
    return get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()


# The codebook


@dataclass
class CodeRow:
    code: Code
    depth: int
    codings: int
    memos: list = field(default_factory=list)
    first: bool = False
    last: bool = False


def codebook(lab, user=None, *, with_memos: bool = False) -> list[CodeRow]:
    """The lab's codes in order, each under its parent, with how many codings each has.

    The lab team sees everyone's codings counted; a coder their own (`user`).
    """
    counted = Q() if user is None or is_lab_team(user, lab) else Q(codings__coder=user)
    codes = list(lab.codes.annotate(codings_count=Count("codings", filter=counted)).order_by("position", "name", "pk"))
    memos: dict[int, list] = {}
    if with_memos:
        for memo in lab.memos.filter(code__isnull=False).select_related("author"):
            memos.setdefault(memo.code_id, []).append(memo)
    children: dict[int | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)
    rows: list[CodeRow] = []

    def add(parent_id, depth):
        siblings = children.get(parent_id, [])
        for index, code in enumerate(siblings):
            rows.append(
                CodeRow(
                    code,
                    depth,
                    code.codings_count,
                    memos.get(code.pk, []),
                    first=index == 0,
                    last=index == len(siblings) - 1,
                )
            )
            add(code.pk, depth + 1)

    add(None, 0)
    return rows


def code_label(rows: list[CodeRow]) -> dict[int, str]:
    """Each code's name with its parents' ("Pain › Sleep"), for lists of codes to choose from."""
    by_pk = {row.code.pk: row.code for row in rows}
    labels = {}
    for row in rows:
        names, code = [], row.code
        while code is not None:
            names.append(code.name)
            code = by_pk.get(code.parent_id)
        labels[row.code.pk] = " › ".join(reversed(names))
    return labels


# Sources


def text_questions(lab) -> list[tuple[Survey, list, list]]:
    """Each survey of the lab with its text questions and choice questions (for "group by")."""
    from carelab.insights.actions_coding import GROUP_QUESTION_KINDS, TEXT_QUESTION_KINDS

    found = []
    for survey in lab.surveys.select_related("current_version").order_by("title", "pk"):
        definition = survey.current_version.parsed() if survey.current_version else survey.working_definition()
        questions = list(definition.questions())
        texts = [question for question in questions if question.kind in TEXT_QUESTION_KINDS]
        if texts:
            found.append((survey, texts, [question for question in questions if question.kind in GROUP_QUESTION_KINDS]))
    return found


def sources(lab, *, kind: str = "", question: str = "", not_coded_by=None):
    found = lab.coding_sources.all()
    if kind:
        found = found.filter(kind=kind)
    if question:
        survey_pk, _, name = question.partition(":")
        found = (
            found.filter(survey_response__survey_id=survey_pk, question=name) if survey_pk.isdigit() else found.none()
        )
    if not_coded_by is not None:
        found = found.exclude(Exists(Coding.objects.filter(excerpt__source=OuterRef("pk"), coder=not_coded_by)))
    return found.order_by("pk")


def source_questions(lab) -> list[tuple[str, str]]:
    """The survey questions the lab has sources for, as ("survey pk:question", "Survey title: question")."""
    pairs = (
        lab.coding_sources.filter(kind=Source.Kind.SURVEY_ANSWER)
        .values_list("survey_response__survey_id", "survey_response__survey__title", "question")
        .distinct()
        .order_by("survey_response__survey__title", "question")
    )
    return [(f"{pk}:{question}", f"{title}: {question}") for pk, title, question in pairs]


def with_coding_counts(found, lab, user):
    counted = Q() if is_lab_team(user, lab) else Q(excerpts__codings__coder=user)
    return found.annotate(codings_count=Count("excerpts__codings", filter=counted))


def evidence_to_add(lab):
    return lab.evidence_items.in_library().exclude(coding_sources__isnull=False).order_by("title", "pk")


def attachments_to_add(lab):
    from carelab.evidence.models import Attachment

    return (
        Attachment.objects.filter(item__lab=lab)
        .exclude(extracted_text="")
        .exclude(coding_sources__isnull=False)
        .select_related("item")
        .order_by("item__title", "original_name", "pk")
    )


def events_to_add(lab):
    return lab.events.exclude(notes="", outputs="").exclude(coding_sources__isnull=False).order_by("-starts_at", "pk")


# A page of sources with their codings


@dataclass
class ShownCoding:
    coding: Coding
    mine: bool


@dataclass
class ShownExcerpt:
    excerpt: Excerpt
    number: int
    codings: list[ShownCoding]
    memos: list


@dataclass
class ShownSegment:
    text: str
    excerpts: list[ShownExcerpt]
    ends: list[ShownExcerpt]  # the excerpts that end here, labelled after the segment


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    my_codes: set[int]


@dataclass
class ShownSource:
    source: Source
    segments: list[ShownSegment]
    excerpts: list[ShownExcerpt]
    sentences: list[Sentence]
    memos: list


def coding_page(lab, user, page_sources) -> list[ShownSource]:
    """Sources with the excerpts and codings this person may see, in four queries for the page.

    The lab team sees everyone's codings; a coder only their own (and the excerpts they coded).
    """
    if not may_code(user, lab):
        return []
    sources_list = list(page_sources)
    ids = [source.pk for source in sources_list]
    everyone = is_lab_team(user, lab)
    codings = Coding.objects.select_related("code", "coder").order_by("code__position", "code__name", "pk")
    if not everyone:
        codings = codings.filter(coder=user)
    excerpts = (
        Excerpt.objects.filter(source_id__in=ids)
        .prefetch_related(
            Prefetch("codings", queryset=codings),
            Prefetch("memos", queryset=Memo.objects.select_related("author")),
        )
        .order_by("source_id", "start", "end", "pk")
    )
    by_source: dict[int, list[Excerpt]] = {}
    for excerpt in excerpts:
        if excerpt.codings.all() or (everyone and excerpt.memos.all()):
            by_source.setdefault(excerpt.source_id, []).append(excerpt)
    source_memos: dict[int, list] = {}
    for memo in lab.memos.filter(source_id__in=ids).select_related("author"):
        source_memos.setdefault(memo.source_id, []).append(memo)
    return [
        _shown(source, by_source.get(source.pk, []), source_memos.get(source.pk, []), user) for source in sources_list
    ]


def _shown(source: Source, excerpts: list[Excerpt], memos: list, user) -> ShownSource:
    shown = [
        ShownExcerpt(
            excerpt,
            number,
            [ShownCoding(coding, coding.coder_id == user.pk) for coding in excerpt.codings.all()],
            list(excerpt.memos.all()),
        )
        for number, excerpt in enumerate(excerpts, start=1)
    ]
    spans = [(item.excerpt.start, item.excerpt.end) for item in shown]
    shown_segments = []
    for segment in segments(len(source.text), spans):
        covering = [shown[index] for index in segment.covered_by]
        shown_segments.append(
            ShownSegment(
                source.text[segment.start : segment.end],
                covering,
                [item for item in covering if item.excerpt.end == segment.end],
            )
        )
    mine: dict[tuple[int, int], set[int]] = {}
    for item in shown:
        for shown_coding in item.codings:
            if shown_coding.mine:
                mine.setdefault((item.excerpt.start, item.excerpt.end), set()).add(shown_coding.coding.code_id)
    sentences = [
        Sentence(start, end, source.text[start:end], mine.get((start, end), set()))
        for start, end in sentence_spans(source.text)
    ]
    return ShownSource(source, shown_segments, shown, sentences, memos)
