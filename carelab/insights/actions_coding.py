"""Writes for coding: coders, the codebook, sources, excerpts, codings and memos.

Each is one transaction. Offsets are Python string indexes (code points) into `Source.text`
(decision 0031); an excerpt is shared by every coder who codes the same span, and each coder's
judgement is their own `Coding`.
"""

import uuid
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Max

from carelab.events.models import Event
from carelab.evidence.models import Attachment, EvidenceItem
from carelab.insights.models import Code, Coder, Coding, Excerpt, Memo, Source
from carelab.lib.survey_definition import QuestionKind
from carelab.surveys.models import Survey, SurveyResponse

SOURCE_NAME_MAX_LENGTH = 300
TEXT_QUESTION_KINDS = frozenset({QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT})
GROUP_QUESTION_KINDS = frozenset({QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE})


class CodingError(ValueError):
    """A write that cannot be done, with a message to show."""


# Coders


def invite_coder(lab, user, *, by) -> Coder:
    coder, _ = Coder.objects.get_or_create(lab=lab, user=user, defaults={"invited_by": by})
    user.__dict__.get("_coder_of", {}).pop(lab.pk, None)
    return coder


def remove_coder(coder: Coder) -> None:
    """The person stops coding; their codings stay in the lab's analysis under their name."""
    coder.delete()


# The codebook


def _next_position(lab, parent) -> int:
    top = Code.objects.filter(lab=lab, parent=parent).aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def create_code(lab, *, name: str, description: str = "", parent: Code | None = None, by=None) -> Code:
    with transaction.atomic():
        return Code.objects.create(
            lab=lab,
            parent=parent,
            name=name,
            description=description,
            position=_next_position(lab, parent),
            guid=uuid.uuid4(),
            created_by=by,
        )


def descendant_ids(code: Code) -> set[int]:
    """The codes under this one, at any depth (one query: the lab's codebook is small)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Code.objects.filter(lab_id=code.lab_id).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found: set[int] = set()
    waiting = [code.pk]
    while waiting:
        for child in children.get(waiting.pop(), []):
            if child not in found:
                found.add(child)
                waiting.append(child)
    return found


def update_code(code: Code, *, name: str, description: str, parent: Code | None) -> Code:
    """Rename, describe or move a code under another parent (never under itself or its own codes)."""
    if parent is not None and (parent.pk == code.pk or parent.pk in descendant_ids(code)):
        raise CodingError("A code cannot go under itself or one of its own codes.")
    with transaction.atomic():
        fields = ["name", "description"]
        if parent != code.parent:
            code.parent = parent
            code.position = _next_position(code.lab, parent)
            fields += ["parent", "position"]
        code.name = name
        code.description = description
        code.save(update_fields=fields)
    return code


def move_code(code: Code, direction: str) -> None:
    """Move a code one place up or down among the codes beside it."""
    with transaction.atomic():
        siblings = list(Code.objects.select_for_update().filter(lab_id=code.lab_id, parent_id=code.parent_id))
        index = next(index for index, sibling in enumerate(siblings) if sibling.pk == code.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(siblings):
            siblings[index], siblings[other] = siblings[other], siblings[index]
        changed = []
        for position, sibling in enumerate(siblings):
            if sibling.position != position:
                sibling.position = position
                changed.append(sibling)
        Code.objects.bulk_update(changed, ["position"])


def codings_going_with(code: Code) -> int:
    """How many codings go when this code (and the codes under it) is deleted."""
    return Coding.objects.filter(code_id__in={code.pk, *descendant_ids(code)}).count()


def delete_code(code: Code) -> int:
    """Delete a code, the codes under it and their codings; excerpts left with nothing go too."""
    with transaction.atomic():
        codes = {code.pk, *descendant_ids(code)}
        excerpt_ids = set(Coding.objects.filter(code_id__in=codes).values_list("excerpt_id", flat=True))
        count = Coding.objects.filter(code_id__in=codes).count()
        code.delete()
        _drop_unused_excerpts(excerpt_ids)
    return count


# Memos


def add_memo(lab, *, author, text: str, code=None, source=None, excerpt=None) -> Memo:
    if sum(target is not None for target in (code, source, excerpt)) != 1:
        raise CodingError("A memo is on one code, source or excerpt.")
    return Memo.objects.create(
        lab=lab, author=author, text=text, code=code, source=source, excerpt=excerpt, guid=uuid.uuid4()
    )


def delete_memo(memo: Memo) -> None:
    with transaction.atomic():
        excerpt_id = memo.excerpt_id
        memo.delete()
        if excerpt_id:
            _drop_unused_excerpts({excerpt_id})


# Sources


def _normalised(text: str) -> str:
    """Line breaks as a browser reads them (HTML turns CR LF into LF), so offsets agree on both sides."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _name(text: str) -> str:
    return text if len(text) <= SOURCE_NAME_MAX_LENGTH else text[: SOURCE_NAME_MAX_LENGTH - 1] + "…"


def _choice_labels(definition, question, value) -> str:
    choices = {choice.name: choice.label for choice in definition.choices_for(question)}
    values = value if isinstance(value, list) else [value]
    return ", ".join(choices.get(str(item), str(item)) for item in values if item not in (None, ""))


def add_survey_answers(lab, survey: Survey, question: str, *, group_by: str = "") -> int:
    """One source per submitted answer to a text question (with any text); returns how many were added.

    Adding again adds only answers that have no source yet. `group_by` names a choice question of the
    same survey whose answer labels become each source's group (for example "Lived experience").
    """
    if survey.lab_id != lab.pk:
        raise CodingError("That survey is not one of this lab's.")
    definition = survey.current_version.parsed() if survey.current_version else survey.working_definition()
    asked = definition.question(question)
    if asked is None or asked.kind not in TEXT_QUESTION_KINDS:
        raise CodingError("Choose a question people answer in their own words.")
    grouping = definition.question(group_by) if group_by else None
    if group_by and (grouping is None or grouping.kind not in GROUP_QUESTION_KINDS):
        raise CodingError("Group answers by a question people answer by choosing.")
    with transaction.atomic():
        already = set(
            Source.objects.filter(lab=lab, survey_response__survey=survey, question=question).values_list(
                "survey_response_id", flat=True
            )
        )
        responses = (
            SurveyResponse.objects.filter(survey=survey)
            .submitted()
            .exclude(pk__in=already)
            .only("pk", "reference", "answers")
            .order_by("submitted_at", "pk")
        )
        new = []
        for response in responses.iterator(chunk_size=2000):
            answers = response.answers or {}
            text = answers.get(question)
            if not isinstance(text, str) or not text.strip():
                continue
            new.append(
                Source(
                    lab=lab,
                    kind=Source.Kind.SURVEY_ANSWER,
                    name=_name(f"Response {response.reference}, question {question}"),
                    text=_normalised(text),
                    survey_response=response,
                    question=question,
                    group=_choice_labels(definition, grouping, answers.get(group_by))[:200] if grouping else "",
                    guid=uuid.uuid4(),
                )
            )
        Source.objects.bulk_create(new, batch_size=1000)
    return len(new)


def _add_one(lab, **fields) -> Source:
    if not fields["text"].strip():
        raise CodingError("There is no text to code in that.")
    fields["text"] = _normalised(fields["text"])
    return Source.objects.create(lab=lab, guid=uuid.uuid4(), **fields)


def evidence_text(item: EvidenceItem) -> str:
    return "\n\n".join(part for part in (item.abstract, item.notes) if part.strip())


def add_evidence_item(lab, item: EvidenceItem) -> Source:
    """An evidence item's abstract and notes; a submitted story is a source of its own kind."""
    if item.lab_id != lab.pk:
        raise CodingError("That item is not in this lab's library.")
    kind = Source.Kind.STORY if item.kind == EvidenceItem.Kind.STORY else Source.Kind.EVIDENCE_ITEM
    return _add_one(lab, kind=kind, name=_name(item.title), text=evidence_text(item), evidence_item=item)


def add_attachment(lab, attachment: Attachment) -> Source:
    if attachment.item.lab_id != lab.pk:
        raise CodingError("That attachment is not in this lab's library.")
    return _add_one(
        lab,
        kind=Source.Kind.ATTACHMENT,
        name=_name(f"{attachment.original_name} ({attachment.item.title})"),
        text=attachment.extracted_text,
        attachment=attachment,
    )


def event_text(event: Event) -> str:
    return "\n\n".join(part for part in (event.notes, event.outputs) if part.strip())


def add_event_notes(lab, event: Event) -> Source:
    if event.lab_id != lab.pk:
        raise CodingError("That event is not one of this lab's.")
    return _add_one(
        lab,
        kind=Source.Kind.EVENT_NOTES,
        name=_name(f"{event.title}: notes and outputs"),
        text=event_text(event),
        event=event,
    )


def delete_source(source: Source) -> None:
    source.delete()


# Coding


def _check_span(source: Source, start: int, end: int) -> None:
    if not (0 <= start < end <= len(source.text)):
        raise CodingError("That part of the text is not there any more. Select it again.")


def _excerpt(source: Source, start: int, end: int, by) -> Excerpt:
    excerpt, _ = Excerpt.objects.get_or_create(
        source=source,
        start=start,
        end=end,
        defaults={"text": source.text[start:end], "guid": uuid.uuid4(), "created_by": by},
    )
    return excerpt


def code_span(source: Source, start: int, end: int, codes: Iterable[Code], coder) -> Excerpt:
    """Apply codes to the span [start, end) of a source as this coder (codes already applied stay)."""
    _check_span(source, start, end)
    codes = list(codes)
    if any(code.lab_id != source.lab_id for code in codes):
        raise CodingError("Choose codes from this lab's codebook.")
    with transaction.atomic():
        excerpt = _excerpt(source, start, end, coder)
        had = set(Coding.objects.filter(excerpt=excerpt, coder=coder).values_list("code_id", flat=True))
        Coding.objects.bulk_create(
            Coding(excerpt=excerpt, code=code, coder=coder, guid=uuid.uuid4()) for code in codes if code.pk not in had
        )
    return excerpt


def set_span_codes(source: Source, wanted: Mapping[tuple[int, int], set[int]], coder, codes: Iterable[Code]) -> int:
    """Make this coder's codings on each span exactly `wanted` (code ids), for the codes offered.

    For coding by sentence with JavaScript off: each sentence is a span and each offered code a
    checkbox; codes not offered on the page are left as they are. Returns how many codings changed.
    """
    offered = {code.pk: code for code in codes if code.lab_id == source.lab_id}
    changed = 0
    with transaction.atomic():
        existing = Coding.objects.filter(
            excerpt__source=source, coder=coder, code_id__in=offered, excerpt__start__in={s for s, _ in wanted}
        ).select_related("excerpt")
        have: dict[tuple[int, int], dict[int, Coding]] = {}
        for coding in existing:
            have.setdefault((coding.excerpt.start, coding.excerpt.end), {})[coding.code_id] = coding
        emptied = set()
        for (start, end), code_ids in wanted.items():
            _check_span(source, start, end)
            present = have.get((start, end), {})
            for code_id, coding in present.items():
                if code_id not in code_ids:
                    emptied.add(coding.excerpt_id)
                    coding.delete()
                    changed += 1
            missing = [offered[code_id] for code_id in code_ids if code_id in offered and code_id not in present]
            if missing:
                code_span(source, start, end, missing, coder)
                changed += len(missing)
        _drop_unused_excerpts(emptied)
    return changed


def uncode(coding: Coding) -> None:
    with transaction.atomic():
        excerpt_id = coding.excerpt_id
        coding.delete()
        _drop_unused_excerpts({excerpt_id})


def _drop_unused_excerpts(excerpt_ids: set[int]) -> None:
    """Excerpts nobody codes any more go, unless a memo, quote or insight rests on them."""
    if not excerpt_ids:
        return
    unused = (
        Excerpt.objects.filter(pk__in=excerpt_ids)
        .filter(codings__isnull=True, memos__isnull=True, quotes__isnull=True, insights__isnull=True)
        .values_list("pk", flat=True)
    )
    Excerpt.objects.filter(pk__in=list(unused)).delete()
