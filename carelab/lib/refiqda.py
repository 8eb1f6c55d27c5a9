"""REFI-QDA 1.0 exchange: codebooks (`.qdc`) and coding projects (`.qdpx`), written and read back.

The standard (QDA-XML 1.0, www.qdasoftware.org) is what NVivo, ATLAS.ti, MAXQDA and QualCoder
exchange. CareLab writes, and reads, the part of it that is about text:

- a codebook: nested codes with a GUID, name, optional colour (`#RRGGBB`) and description;
- a project (`project.qde`, namespace `urn:QDA-XML:project:1.0`) with its Users (coders, by GUID),
  the codebook, text sources (each a `.txt` file under `sources/` in the zip, UTF-8, pointed to as
  `internal://<name>.txt`), selections with their codings (`creatingUser` is the coder), and notes
  (memos) with `NoteRef`s from the code, source or selection they are about.

Positions (`startPosition`, `endPosition`) count Unicode characters from the start of the plain text,
as CareLab's excerpts do (decision 0031): a selection is the characters [start, end).

Reading is defensive: XML goes through defusedxml (no DTDs, no entities); a zip is checked for unsafe
member names, too many members, members or totals too large once unpacked; text must be UTF-8. Every
problem raises `RefiQdaError` with a message that names it. Pictures, PDFs, audio and video are not
read (their count is in `Project.skipped`). The module has no Django imports; `carelab/insights/
exchange.py` maps it to the models.
"""

import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "CareLab"

# Limits on what is read: far above a lab's real projects, far below what would hurt the server.
MAX_FILE_BYTES = 50 * 1024 * 1024  # the upload or file itself
MAX_XML_BYTES = 20 * 1024 * 1024  # project.qde or a .qdc
MAX_TEXT_BYTES = 5 * 1024 * 1024  # one source's text
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # everything read from one zip
MAX_MEMBERS = 20_000
MAX_COMPRESSION_RATIO = 200  # a member that unpacks to more than this many times its packed size is a bomb
MAX_CODE_DEPTH = 40
MAX_NAME_LENGTH = 200
MAX_NOTE_LENGTH = 20_000

_GUID = re.compile(r"^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$")
_COLOUR = re.compile(r"^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
_NON_TEXT_SOURCES = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")


class RefiQdaError(ValueError):
    """The file is not a REFI-QDA file CareLab can read; the message says what is wrong."""


@dataclass
class User:
    guid: str
    name: str = ""


@dataclass
class Code:
    guid: str
    name: str
    description: str = ""
    color: str = ""
    children: list["Code"] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)


@dataclass
class Coding:
    guid: str
    code_guid: str
    user_guid: str = ""


@dataclass
class Selection:
    guid: str
    start: int
    end: int
    codings: list[Coding] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)
    user_guid: str = ""


@dataclass
class Source:
    guid: str
    name: str
    text: str
    selections: list[Selection] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)


@dataclass
class Note:
    guid: str
    name: str
    text: str
    user_guid: str = ""


@dataclass
class Project:
    name: str
    users: list[User] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    origin: str = ORIGIN
    skipped: list[str] = field(default_factory=list)  # what was in the file but is not read, said plainly


def new_guid() -> str:
    return str(uuid.uuid4())


def normal_guid(value: str) -> str:
    """A GUID as CareLab stores it: lower case, without braces."""
    return str(uuid.UUID(value.strip("{}")))


# Writing


def _code_element(parent: Element, code: Code, *, with_notes: bool) -> None:
    attributes = {"guid": code.guid, "name": code.name, "isCodable": "true"}
    if code.color:
        attributes["color"] = code.color
    element = SubElement(parent, "Code", attributes)
    if code.description:
        SubElement(element, "Description").text = code.description
    if with_notes:
        for guid in code.note_guids:
            SubElement(element, "NoteRef", {"targetGUID": guid})
    for child in code.children:
        _code_element(element, child, with_notes=with_notes)


_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _safe(text: str) -> str:
    """Text without the characters XML 1.0 cannot carry (control characters), for names and notes."""
    return _NOT_IN_XML.sub("", text)


def _sanitise(root: Element) -> None:
    for element in root.iter():
        if element.text:
            element.text = _safe(element.text)
        for key, value in element.attrib.items():
            element.set(key, _safe(value))


def _xml(root: Element) -> bytes:
    _sanitise(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="unicode").encode("utf-8")


def build_codebook(codes: list[Code], *, origin: str = ORIGIN) -> bytes:
    """A `.qdc` file: the codebook alone. The standard needs at least one code."""
    if not codes:
        raise RefiQdaError("The codebook has no codes to export.")
    root = Element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": origin})
    codes_element = SubElement(root, "Codes")
    for code in codes:
        _code_element(codes_element, code, with_notes=False)
    return _xml(root)


def source_path(source: Source) -> str:
    return f"{source.guid}.txt"


def build_project_xml(project: Project) -> bytes:
    """`project.qde`: sources point to `internal://<guid>.txt` (the files in the zip's `sources/`)."""
    root = Element("Project", {"xmlns": PROJECT_NS, "name": project.name, "origin": project.origin})
    if project.users:
        users = SubElement(root, "Users")
        for user in project.users:
            SubElement(users, "User", {"guid": user.guid, "name": user.name} if user.name else {"guid": user.guid})
    if project.codes:
        codes = SubElement(SubElement(root, "CodeBook"), "Codes")
        for code in project.codes:
            _code_element(codes, code, with_notes=True)
    if project.sources:
        sources = SubElement(root, "Sources")
        for source in project.sources:
            element = SubElement(
                sources,
                "TextSource",
                {"guid": source.guid, "name": source.name, "plainTextPath": f"internal://{source_path(source)}"},
            )
            for selection in source.selections:
                attributes = {
                    "guid": selection.guid,
                    "name": source.text[selection.start : selection.end][:100],
                    "startPosition": str(selection.start),
                    "endPosition": str(selection.end),
                }
                if selection.user_guid:
                    attributes["creatingUser"] = selection.user_guid
                selected = SubElement(element, "PlainTextSelection", attributes)
                for coding in selection.codings:
                    coded = SubElement(
                        selected,
                        "Coding",
                        {"guid": coding.guid, "creatingUser": coding.user_guid}
                        if coding.user_guid
                        else {"guid": coding.guid},
                    )
                    SubElement(coded, "CodeRef", {"targetGUID": coding.code_guid})
                for guid in selection.note_guids:
                    SubElement(selected, "NoteRef", {"targetGUID": guid})
            for guid in source.note_guids:
                SubElement(element, "NoteRef", {"targetGUID": guid})
    if project.notes:
        notes = SubElement(root, "Notes")
        for note in project.notes:
            attributes = {"guid": note.guid, "name": note.name}
            if note.user_guid:
                attributes["creatingUser"] = note.user_guid
            SubElement(SubElement(notes, "Note", attributes), "PlainTextContent").text = note.text
    return _xml(root)


def build_qdpx(project: Project) -> bytes:
    """A `.qdpx` file: a zip of `project.qde` and each source's text as `sources/<guid>.txt`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", build_project_xml(project))
        for source in project.sources:
            archive.writestr(f"sources/{source_path(source)}", source.text.encode("utf-8"))
    return buffer.getvalue()


# Reading


def _parse_xml(data: bytes, what: str) -> Element:
    if len(data) > MAX_XML_BYTES:
        raise RefiQdaError(f"{what} is larger than {MAX_XML_BYTES // (1024 * 1024)} MB.")
    declared = re.match(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)", data[:200])
    if declared is None or declared.group(1).lower().replace(b"_", b"-") in (b"utf-8", b"utf8"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise RefiQdaError(
                f"{what} is not UTF-8 text (a byte at position {error.start} does not fit)"
                " and declares no other encoding."
            ) from None
    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise RefiQdaError(f"{what} declares a DTD or entities, which CareLab does not read.") from None
    except ParseError as error:
        raise RefiQdaError(f"{what} is not well-formed XML ({error}).") from None
    except (UnicodeError, LookupError, ValueError) as error:
        raise RefiQdaError(f"{what} is not in an encoding CareLab can read ({error}).") from None


def _local(tag: str, namespace: str, what: str) -> str:
    expected = "{" + namespace + "}"
    if not tag.startswith(expected):
        found = tag[1:].partition("}")[0] if tag.startswith("{") else "no namespace"
        raise RefiQdaError(f"{what} uses the namespace {found!r}, not REFI-QDA's {namespace!r}.")
    return tag[len(expected) :]


def _children(element: Element, name: str, namespace: str) -> list[Element]:
    return [child for child in element if child.tag == "{" + namespace + "}" + name]


def _child(element: Element, name: str, namespace: str) -> Element | None:
    found = _children(element, name, namespace)
    return found[0] if found else None


def _guid(element: Element, attribute: str, what: str, *, required: bool = True) -> str:
    value = (element.get(attribute) or "").strip()
    if not value:
        if required:
            raise RefiQdaError(f"{what} has no {attribute}.")
        return ""
    if not _GUID.match(value):
        raise RefiQdaError(f"{what} has {attribute} {value[:60]!r}, which is not a GUID.")
    return normal_guid(value)


def _name(element: Element, what: str, *, required: bool = True) -> str:
    name = " ".join((element.get("name") or "").split())
    if not name and required:
        raise RefiQdaError(f"{what} has no name.")
    if "\x00" in name:
        raise RefiQdaError(f"{what} has a NUL character in its name.")
    return name


def _codes(parent: Element, namespace: str, depth: int, seen: set[str]) -> list[Code]:
    if depth > MAX_CODE_DEPTH:
        raise RefiQdaError(f"Codes are nested more than {MAX_CODE_DEPTH} deep.")
    codes = []
    for element in _children(parent, "Code", namespace):
        guid = _guid(element, "guid", "A code")
        name = _name(element, f"The code {guid}")
        what = f"The code “{name[:60]}”"
        if len(name) > MAX_NAME_LENGTH:
            raise RefiQdaError(f"{what} has a name longer than {MAX_NAME_LENGTH} characters.")
        if guid in seen:
            raise RefiQdaError(f"{what} has the GUID {guid}, which another code has too.")
        seen.add(guid)
        color = (element.get("color") or "").strip()
        if color and not _COLOUR.match(color):
            raise RefiQdaError(f"{what} has the colour {color[:20]!r}, which is not #RRGGBB.")
        description = _child(element, "Description", namespace)
        codes.append(
            Code(
                guid=guid,
                name=name,
                description=(description.text or "").strip() if description is not None else "",
                color=color.upper(),
                children=_codes(element, namespace, depth + 1, seen),
                note_guids=[
                    _guid(ref, "targetGUID", f"A note reference on {what}")
                    for ref in _children(element, "NoteRef", namespace)
                ],
            )
        )
    names = [code.name for code in codes]
    for name in names:
        if names.count(name) > 1:
            raise RefiQdaError(f"Two codes with the same parent are both called “{name[:60]}”.")
    return codes


def parse_codebook(data: bytes) -> list[Code]:
    """The codes of a `.qdc` file (a `CodeBook` in the codebook namespace)."""
    root = _parse_xml(data, "The codebook")
    if _local(root.tag, CODEBOOK_NS, "The codebook") != "CodeBook":
        raise RefiQdaError("The file's root element is not CodeBook: it is not a REFI-QDA codebook (.qdc).")
    codes = _child(root, "Codes", CODEBOOK_NS)
    if codes is None or not _children(codes, "Code", CODEBOOK_NS):
        raise RefiQdaError("The codebook has no codes.")
    return _codes(codes, CODEBOOK_NS, 0, set())


def _safe_member_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return not (
        "\x00" in name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts or "\\" in name
    )


class _Zip:
    """A `.qdpx` opened with limits: names checked, sizes counted as read (not trusted from headers)."""

    def __init__(self, data: bytes):
        if len(data) > MAX_FILE_BYTES:
            raise RefiQdaError(f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            members = self.archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
            raise RefiQdaError("The file is not a zip archive, so it is not a REFI-QDA project (.qdpx).") from None
        if len(members) > MAX_MEMBERS:
            raise RefiQdaError(f"The archive has more than {MAX_MEMBERS} files.")
        for member in members:
            if not _safe_member_name(member.filename):
                raise RefiQdaError(f"The archive has a file with an unsafe path: {member.filename[:100]!r}.")
        self.members = {member.filename: member for member in members}
        self.unpacked = 0

    def find(self, name: str) -> zipfile.ZipInfo | None:
        """A member by name, matching case as NVivo, MAXQDA and QualCoder spell "sources/" differently."""
        if name in self.members:
            return self.members[name]
        lowered = name.lower()
        for member_name, member in self.members.items():
            if member_name.lower() == lowered:
                return member
        return None

    def read(self, member: zipfile.ZipInfo, limit: int) -> bytes:
        what = member.filename[:100]
        if member.file_size > limit:
            raise RefiQdaError(f"{what} in the archive is larger than {limit // (1024 * 1024)} MB unpacked.")
        big = member.compress_size and member.file_size > 1024 * 1024
        if big and member.file_size / member.compress_size > MAX_COMPRESSION_RATIO:
            raise RefiQdaError(f"{what} in the archive unpacks to far more than it packs: refused as a zip bomb.")
        try:
            with self.archive.open(member) as stream:
                data = stream.read(limit + 1)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError) as error:
            raise RefiQdaError(f"{what} in the archive cannot be unpacked ({error}).") from None
        if len(data) > limit:
            raise RefiQdaError(f"{what} in the archive is larger than {limit // (1024 * 1024)} MB unpacked.")
        self.unpacked += len(data)
        if self.unpacked > MAX_UNPACKED_BYTES:
            raise RefiQdaError(f"The archive unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB.")
        return data


def _decode_text(data: bytes, what: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RefiQdaError(f"{what} is not UTF-8 text (a byte at position {error.start} does not fit).") from None
    if "\x00" in text:
        raise RefiQdaError(f"{what} has NUL characters: it is not plain text.")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _source_text(element: Element, archive: _Zip | None, what: str) -> str:
    content = _child(element, "PlainTextContent", PROJECT_NS)
    if content is not None:
        text = content.text or ""
        if "\x00" in text:
            raise RefiQdaError(f"{what} has NUL characters: it is not plain text.")
        return text
    path = (element.get("plainTextPath") or "").strip()
    if not path:
        raise RefiQdaError(f"{what} has neither PlainTextContent nor plainTextPath.")
    if not path.startswith("internal://"):
        raise RefiQdaError(f"{what} points to a file outside the archive ({path[:100]!r}), which CareLab cannot read.")
    name = path.removeprefix("internal://")
    if not _safe_member_name(name) or "/" in name:
        raise RefiQdaError(f"{what} points to an unsafe path: {path[:100]!r}.")
    if archive is None:
        raise RefiQdaError(f"{what} points to a file, but there is no archive.")
    member = archive.find(f"sources/{name}")
    if member is None:
        raise RefiQdaError(f"{what} points to sources/{name[:100]}, which is not in the archive.")
    return _decode_text(archive.read(member, MAX_TEXT_BYTES), f"sources/{name[:100]}")


def _int_attribute(element: Element, attribute: str, what: str) -> int:
    value = (element.get(attribute) or "").strip()
    if not value.isdigit() or len(value) > 12:
        raise RefiQdaError(f"{what} has {attribute} {value[:20]!r}, which is not a whole number of characters.")
    return int(value)


def _coding(element: Element, what: str, code_guids: set[str]) -> Coding:
    ref = _child(element, "CodeRef", PROJECT_NS)
    if ref is None:
        raise RefiQdaError(f"A coding on {what} has no CodeRef.")
    code_guid = _guid(ref, "targetGUID", f"A coding on {what}")
    if code_guid not in code_guids:
        raise RefiQdaError(f"A coding on {what} refers to the code {code_guid}, which is not in the codebook.")
    return Coding(
        guid=_guid(element, "guid", f"A coding on {what}"),
        code_guid=code_guid,
        user_guid=_guid(element, "creatingUser", f"A coding on {what}", required=False),
    )


def _note_refs(element: Element, what: str) -> list[str]:
    return [
        _guid(ref, "targetGUID", f"A note reference on {what}") for ref in _children(element, "NoteRef", PROJECT_NS)
    ]


def _all_codes(codes: list[Code]):
    for code in codes:
        yield code
        yield from _all_codes(code.children)


def parse_project_xml(data: bytes, archive: _Zip | None = None) -> Project:
    """A `Project` from `project.qde`; text sources' files are read from `archive`."""
    root = _parse_xml(data, "project.qde")
    if _local(root.tag, PROJECT_NS, "project.qde") != "Project":
        raise RefiQdaError("project.qde's root element is not Project.")
    project = Project(name=_name(root, "The project", required=False) or "Project", origin=root.get("origin") or "")
    users = _child(root, "Users", PROJECT_NS)
    for element in _children(users, "User", PROJECT_NS) if users is not None else []:
        project.users.append(User(_guid(element, "guid", "A user"), _name(element, "A user", required=False)[:200]))
    codebook = _child(root, "CodeBook", PROJECT_NS)
    codes_element = _child(codebook, "Codes", PROJECT_NS) if codebook is not None else None
    project.codes = _codes(codes_element, PROJECT_NS, 0, set()) if codes_element is not None else []
    code_guids = {code.guid for code in _all_codes(project.codes)}
    sources = _child(root, "Sources", PROJECT_NS)
    seen: set[str] = set()
    for element in list(sources) if sources is not None else []:
        kind = _local(element.tag, PROJECT_NS, "A source")
        if kind in _NON_TEXT_SOURCES:
            label = _name(element, "A source", required=False)[:80]
            project.skipped.append(f"{kind.removesuffix('Source')} source “{label}”: only text sources are read.")
            continue
        if kind != "TextSource":
            raise RefiQdaError(f"The project's Sources contain {kind[:40]}, which is not a REFI-QDA source.")
        guid = _guid(element, "guid", "A text source")
        name = _name(element, f"The text source {guid}", required=False) or f"Imported source {guid[:8]}"
        what = f"The text source “{name[:60]}”"
        if guid in seen:
            raise RefiQdaError(f"{what} has the GUID {guid}, which another source has too.")
        seen.add(guid)
        text = _source_text(element, archive, what)
        source = Source(guid=guid, name=name, text=text, note_guids=_note_refs(element, what))
        for coding in _children(element, "Coding", PROJECT_NS):
            # A coding of the whole source: CareLab codes spans, so it becomes a selection of all the text.
            if text.strip():
                whole = Selection(new_guid(), 0, len(text), [_coding(coding, what, code_guids)])
                source.selections.append(whole)
        for selected in _children(element, "PlainTextSelection", PROJECT_NS):
            start = _int_attribute(selected, "startPosition", f"A selection in {what}")
            end = _int_attribute(selected, "endPosition", f"A selection in {what}")
            if not start < end <= len(text):
                raise RefiQdaError(
                    f"A selection in {what} runs from {start} to {end}, outside its {len(text)} characters of text."
                )
            selection_what = f"the selection {start}–{end} in {what}"
            source.selections.append(
                Selection(
                    guid=_guid(selected, "guid", f"A selection in {what}"),
                    start=start,
                    end=end,
                    codings=[
                        _coding(coding, selection_what, code_guids)
                        for coding in _children(selected, "Coding", PROJECT_NS)
                    ],
                    note_guids=_note_refs(selected, selection_what),
                    user_guid=_guid(selected, "creatingUser", f"A selection in {what}", required=False),
                )
            )
        project.sources.append(source)
    notes = _child(root, "Notes", PROJECT_NS)
    for element in _children(notes, "Note", PROJECT_NS) if notes is not None else []:
        guid = _guid(element, "guid", "A note")
        name = _name(element, f"The note {guid}", required=False)
        text = _source_text(element, archive, f"The note “{name[:60] or guid}”").strip()
        if len(text) > MAX_NOTE_LENGTH:
            raise RefiQdaError(f"The note “{name[:60] or guid}” is longer than {MAX_NOTE_LENGTH} characters.")
        project.notes.append(Note(guid, name, text, _guid(element, "creatingUser", "A note", required=False)))
    return project


def parse_qdpx(data: bytes) -> Project:
    """A `Project` from a `.qdpx` zip (its `project.qde` and the text files it points to)."""
    archive = _Zip(data)
    member = archive.find("project.qde")
    if member is None:
        raise RefiQdaError("The archive has no project.qde, so it is not a REFI-QDA project.")
    return parse_project_xml(archive.read(member, MAX_XML_BYTES), archive)


def all_codes(codes: list[Code]) -> list[Code]:
    """Every code, parents before their children."""
    return list(_all_codes(codes))
