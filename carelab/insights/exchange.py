"""REFI-QDA exchange for a lab: export its codebook (.qdc) and coding project (.qdpx), import them back.

The files themselves are written and read by `carelab.lib.refiqda`; this module maps them to the
models (decision 0034). An import is one transaction: on any error nothing is saved.

- Codes match an existing code of the lab by GUID, else by name under the same parent; others are
  added. A matched code keeps its own name, description and place.
- Text sources match a source of the lab by GUID (the text must then be the same), else one with the
  same name and text; others are added as "Imported text" sources.
- Coders are Users in the file. CareLab exports each coder with a GUID derived from their account
  (`user_guid`), so a project exported from one lab and imported into another on the same site keeps
  each coding's coder where that person codes in the lab importing it (the lab team or an invited
  coder). Codings by anyone else are imported without a coder, and the report says how many.
- Notes become memos on the code, source or excerpt (selection) that refers to them.
- GUIDs are unique across the site: one already used by another lab's object gets a new GUID here.
"""

import uuid
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max

from carelab.insights.models import TEXT_MAX_LENGTH, Code, Coder, Coding, Excerpt, Memo, Source
from carelab.labs.models import Role
from carelab.lib import refiqda

SOURCE_NAME_MAX_LENGTH = 300
# Derives a coder's REFI-QDA GUID from their account: stable, and says nothing about them.
USER_NAMESPACE = uuid.UUID("6a1b2d4e-7c3f-4e58-9a0b-c4e5d6f7a8b9")


class ExchangeError(ValueError):
    """The file was read but cannot go into this lab; the message says why. Nothing was saved."""


def user_guid(user_id: int) -> str:
    return str(uuid.uuid5(USER_NAMESPACE, f"carelab-user:{user_id}"))


# Export


def _code_tree(codes: list[Code], notes_by_code: dict[int, list[str]]) -> list[refiqda.Code]:
    children: dict[int | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)

    def build(parent_id) -> list[refiqda.Code]:
        return [
            refiqda.Code(
                guid=str(code.guid),
                name=code.name,
                description=code.description,
                color=code.color,
                children=build(code.pk),
                note_guids=notes_by_code.get(code.pk, []),
            )
            for code in children.get(parent_id, [])
        ]

    return build(None)


def _codes_in_order(lab) -> list[Code]:
    return list(lab.codes.order_by("position", "name", "pk"))


def export_codebook(lab) -> bytes:
    """The lab's codebook as a `.qdc` file (raises `RefiQdaError` when it has no codes)."""
    return refiqda.build_codebook(_code_tree(_codes_in_order(lab), {}))


def _person(user) -> str:
    return user.display_name or f"Coder {user.pk}"


def project_for_lab(lab) -> refiqda.Project:
    """Everything coded in the lab, in six queries whatever its size."""
    codes = _codes_in_order(lab)
    memos = list(lab.memos.select_related("code", "source", "excerpt").order_by("created_at", "pk"))
    notes_by_code: dict[int, list[str]] = {}
    notes_by_source: dict[int, list[str]] = {}
    notes_by_excerpt: dict[int, list[str]] = {}
    notes = []
    people = set()
    for memo in memos:
        guid = str(memo.guid)
        if memo.code_id:
            notes_by_code.setdefault(memo.code_id, []).append(guid)
            name = f"Memo on the code {memo.code.name}"
        elif memo.source_id:
            notes_by_source.setdefault(memo.source_id, []).append(guid)
            name = f"Memo on {memo.source.name}"
        else:
            notes_by_excerpt.setdefault(memo.excerpt_id, []).append(guid)
            name = f"Memo on “{memo.excerpt.text[:60]}”"
        if memo.author_id:
            people.add(memo.author_id)
        notes.append(refiqda.Note(guid, name[:300], memo.text, user_guid(memo.author_id) if memo.author_id else ""))
    codings: dict[int, list[Coding]] = {}
    for coding in (
        Coding.objects.filter(excerpt__source__lab=lab).order_by("pk").only("guid", "excerpt_id", "code_id", "coder_id")
    ):
        codings.setdefault(coding.excerpt_id, []).append(coding)
        if coding.coder_id:
            people.add(coding.coder_id)
    code_guids = {code.pk: str(code.guid) for code in codes}
    selections: dict[int, list[refiqda.Selection]] = {}
    for excerpt in Excerpt.objects.filter(source__lab=lab).order_by("source_id", "start", "end", "pk"):
        on_it = codings.get(excerpt.pk, [])
        if not on_it and excerpt.pk not in notes_by_excerpt:
            continue
        selections.setdefault(excerpt.source_id, []).append(
            refiqda.Selection(
                guid=str(excerpt.guid),
                start=excerpt.start,
                end=excerpt.end,
                codings=[
                    refiqda.Coding(
                        str(coding.guid),
                        code_guids[coding.code_id],
                        user_guid(coding.coder_id) if coding.coder_id else "",
                    )
                    for coding in on_it
                ],
                note_guids=notes_by_excerpt.get(excerpt.pk, []),
            )
        )
    sources = [
        refiqda.Source(
            guid=str(source.guid),
            name=source.name,
            text=source.text,
            selections=selections.get(source.pk, []),
            note_guids=notes_by_source.get(source.pk, []),
        )
        for source in lab.coding_sources.order_by("pk")
    ]
    users = [
        refiqda.User(user_guid(user.pk), _person(user))
        for user in get_user_model().objects.filter(pk__in=people).order_by("pk")
    ]
    return refiqda.Project(
        name=lab.title, users=users, codes=_code_tree(codes, notes_by_code), sources=sources, notes=notes
    )


def export_project(lab) -> bytes:
    """The lab's coding project as a `.qdpx` file."""
    return refiqda.build_qdpx(project_for_lab(lab))


# Import


@dataclass
class ImportReport:
    codes_added: int = 0
    codes_matched: int = 0
    sources_added: int = 0
    sources_matched: int = 0
    codings_added: int = 0
    codings_already: int = 0
    codings_without_coder: int = 0
    memos_added: int = 0
    memos_already: int = 0
    notes: list[str] = field(default_factory=list)  # what was not imported, and why

    @property
    def summary(self) -> str:
        return (
            f"{self.codes_added} codes added, {self.codes_matched} matched; "
            f"{self.sources_added} sources added, {self.sources_matched} already here; "
            f"{self.codings_added} codings added, {self.codings_already} already here; "
            f"{self.memos_added} memos added"
        )

    def lines(self) -> list[str]:
        lines = list(self.notes)
        if self.codings_without_coder:
            lines.append(
                f"{self.codings_without_coder} codings were made by people who do not code in this lab: "
                "they were imported without a coder."
            )
        return [*lines, self.summary]


def _free_guids(model, guids: list[str]) -> set[str]:
    """Of these GUIDs, those no object of `model` uses yet (anywhere on the site)."""
    wanted = {uuid.UUID(guid) for guid in guids}
    used = set()
    for start in range(0, len(guids), 500):
        chunk = [uuid.UUID(guid) for guid in guids[start : start + 500]]
        used.update(model.objects.filter(guid__in=chunk).values_list("guid", flat=True))
    return {str(guid) for guid in wanted - used}


def _import_codes(lab, codes: list[refiqda.Code], by, report: ImportReport) -> dict[str, Code]:
    existing = list(lab.codes.all())
    by_guid = {str(code.guid): code for code in existing}
    by_name = {(code.parent_id, code.name): code for code in existing}
    every = refiqda.all_codes(codes)
    free = _free_guids(Code, [code.guid for code in every if code.guid not in by_guid])
    positions: dict[int | None, int] = {
        row["parent"]: row["top"] + 1 for row in lab.codes.values("parent").annotate(top=Max("position"))
    }
    found: dict[str, Code] = {}

    def add(items: list[refiqda.Code], parent: Code | None) -> None:
        for item in items:
            if len(item.description) > TEXT_MAX_LENGTH:
                raise ExchangeError(
                    f"The code “{item.name[:60]}” has a description longer than {TEXT_MAX_LENGTH:,} characters."
                )
            parent_id = parent.pk if parent else None
            code = by_guid.get(item.guid) or by_name.get((parent_id, item.name))
            if code is not None:
                report.codes_matched += 1
            else:
                position = positions.get(parent_id, 0)
                positions[parent_id] = position + 1
                code = Code.objects.create(
                    lab=lab,
                    parent=parent,
                    name=item.name,
                    description=item.description,
                    color=item.color,
                    position=position,
                    guid=uuid.UUID(item.guid) if item.guid in free else uuid.uuid4(),
                    created_by=by,
                )
                by_name[(parent_id, item.name)] = code
                report.codes_added += 1
            found[item.guid] = code
            add(item.children, code)

    add(codes, None)
    return found


def import_codebook(lab, codes: list[refiqda.Code], *, by=None) -> ImportReport:
    """Add a codebook's codes to the lab's (matching those it has), all or nothing."""
    report = ImportReport()
    with transaction.atomic():
        _import_codes(lab, codes, by, report)
    return report


def import_codebook_file(lab, data: bytes, *, by=None) -> ImportReport:
    """Read a `.qdc` and import it; `RefiQdaError` or `ExchangeError` say what is wrong, nothing saved."""
    return import_codebook(lab, refiqda.parse_codebook(data), by=by)


def _lab_coders(lab) -> dict[str, int]:
    """The GUIDs of the people who may code in this lab (team and invited coders), to their account."""
    people = set(lab.memberships.filter(role=Role.TEAM).values_list("user_id", flat=True))
    people.update(Coder.objects.filter(lab=lab).values_list("user_id", flat=True))
    return {user_guid(pk): pk for pk in people}


def _source_name(name: str) -> str:
    return name if len(name) <= SOURCE_NAME_MAX_LENGTH else name[: SOURCE_NAME_MAX_LENGTH - 1] + "…"


def import_project(lab, project: refiqda.Project, *, by=None) -> ImportReport:
    """Add a project's codes, text sources, codings and memos to the lab, all or nothing."""
    report = ImportReport(notes=list(project.skipped))
    coders = _lab_coders(lab)
    with transaction.atomic():
        codes = _import_codes(lab, project.codes, by, report)
        existing = {
            str(source.guid): source
            for source in lab.coding_sources.filter(guid__in=[uuid.UUID(source.guid) for source in project.sources])
        }
        same_name = {
            (source.name, source.text): source
            for source in lab.coding_sources.filter(name__in={_source_name(item.name) for item in project.sources})
        }
        free_sources = _free_guids(Source, [source.guid for source in project.sources if source.guid not in existing])
        sources: dict[str, Source] = {}
        new_sources = []
        for item in project.sources:
            source = existing.get(item.guid) or same_name.get((_source_name(item.name), item.text))
            if source is not None:
                if source.text != item.text:
                    raise ExchangeError(
                        f"The source “{item.name[:60]}” is already in this lab with different text, so its codings "
                        "would not fit. Nothing was imported."
                    )
                report.sources_matched += 1
            else:
                if not item.text.strip():
                    report.notes.append(f"The source “{item.name[:80]}” has no text: not imported.")
                    continue
                source = Source(
                    lab=lab,
                    kind=Source.Kind.IMPORTED,
                    name=_source_name(item.name),
                    text=item.text,
                    guid=uuid.UUID(item.guid) if item.guid in free_sources else uuid.uuid4(),
                )
                new_sources.append(source)
                report.sources_added += 1
            sources[item.guid] = source
        Source.objects.bulk_create(new_sources, batch_size=500)
        _import_selections(lab, project, sources, codes, coders, by, report)
    return report


def _import_selections(lab, project, sources, codes, coders, by, report) -> None:
    wanted = [(item, selection) for item in project.sources if item.guid in sources for selection in item.selections]
    source_ids = [source.pk for source in sources.values()]
    excerpts = {
        (excerpt.source_id, excerpt.start, excerpt.end): excerpt
        for excerpt in Excerpt.objects.filter(source_id__in=source_ids)
    }
    free_excerpts = _free_guids(Excerpt, [selection.guid for _, selection in wanted])
    new_excerpts = []
    for item, selection in wanted:
        source = sources[item.guid]
        key = (source.pk, selection.start, selection.end)
        if key not in excerpts:
            excerpt = Excerpt(
                source=source,
                start=selection.start,
                end=selection.end,
                text=source.text[selection.start : selection.end],
                guid=uuid.UUID(selection.guid) if selection.guid in free_excerpts else uuid.uuid4(),
                created_by=by,
            )
            excerpts[key] = excerpt
            new_excerpts.append(excerpt)
    Excerpt.objects.bulk_create(new_excerpts, batch_size=500)
    had = set(Coding.objects.filter(excerpt__source_id__in=source_ids).values_list("excerpt_id", "code_id", "coder_id"))
    free_codings = _free_guids(Coding, [coding.guid for _, selection in wanted for coding in selection.codings])
    new_codings = []
    for item, selection in wanted:
        excerpt = excerpts[(sources[item.guid].pk, selection.start, selection.end)]
        for coding in selection.codings:
            coder_id = coders.get(coding.user_guid)
            key = (excerpt.pk, codes[coding.code_guid].pk, coder_id)
            if key in had:
                report.codings_already += 1
                continue
            had.add(key)
            if coder_id is None:
                report.codings_without_coder += 1
            new_codings.append(
                Coding(
                    excerpt=excerpt,
                    code=codes[coding.code_guid],
                    coder_id=coder_id,
                    guid=uuid.UUID(coding.guid) if coding.guid in free_codings else uuid.uuid4(),
                )
            )
    Coding.objects.bulk_create(new_codings, batch_size=500)
    report.codings_added += len(new_codings)
    _import_notes(lab, project, sources, codes, excerpts, coders, report)


def _import_notes(lab, project, sources, codes, excerpts, coders, report) -> None:
    targets: dict[str, dict] = {}
    for code in refiqda.all_codes(project.codes):
        for guid in code.note_guids:
            targets.setdefault(guid, {"code": codes[code.guid]})
    for item in project.sources:
        if item.guid not in sources:
            continue
        source = sources[item.guid]
        for guid in item.note_guids:
            targets.setdefault(guid, {"source": source})
        for selection in item.selections:
            for guid in selection.note_guids:
                targets.setdefault(guid, {"excerpt": excerpts[(source.pk, selection.start, selection.end)]})
    already = {
        str(guid)
        for guid in lab.memos.filter(guid__in=[uuid.UUID(n.guid) for n in project.notes]).values_list("guid", flat=True)
    }
    free = _free_guids(Memo, [note.guid for note in project.notes if note.guid not in already])
    # A memo with the same words on the same thing is the same memo (GUIDs change from lab to lab).
    same_text = set(
        lab.memos.filter(text__in={note.text for note in project.notes}).values_list(
            "code_id", "source_id", "excerpt_id", "text"
        )
    )
    new = []
    for note in project.notes:
        if note.guid not in targets and note.guid not in already:
            report.notes.append(
                f"The note “{(note.name or note.text)[:60]}” is not on a code, source or selection: not imported."
            )
            continue
        target = targets.get(note.guid, {})
        key = tuple(target[name].pk if name in target else None for name in ("code", "source", "excerpt"))
        if note.guid in already or (*key, note.text) in same_text:
            report.memos_already += 1
            continue
        if not note.text:
            continue
        new.append(
            Memo(
                lab=lab,
                text=note.text,
                author_id=coders.get(note.user_guid),
                guid=uuid.UUID(note.guid) if note.guid in free else uuid.uuid4(),
                **targets[note.guid],
            )
        )
    Memo.objects.bulk_create(new, batch_size=500)
    report.memos_added += len(new)


def import_project_file(lab, data: bytes, *, by=None) -> ImportReport:
    """Read a `.qdpx` and import it; `RefiQdaError` or `ExchangeError` say what is wrong, nothing saved."""
    return import_project(lab, refiqda.parse_qdpx(data), by=by)


def import_file(lab, data: bytes, *, by=None) -> tuple[str, ImportReport]:
    """A `.qdpx` (a zip) or a `.qdc` (XML), told apart by what the file holds."""
    if data[:2] == b"PK":
        return "a REFI-QDA project (.qdpx)", import_project_file(lab, data, by=by)
    return "a REFI-QDA codebook (.qdc)", import_codebook_file(lab, data, by=by)


def has_codes(lab) -> bool:
    return lab.codes.exists()
