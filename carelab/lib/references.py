"""Reference files (RIS, PubMed MEDLINE, BibTeX, Web of Science, CSV) read into one shape, checked for duplicates.

Reference managers and databases each export references their own way: Zotero, EndNote, Mendeley,
Ovid and Embase write RIS with different tags for the same thing (`T1`/`TI`, `JO`/`JF`/`T2`, `AB`/`N2`,
the PubMed id in `AN` or `C5`); PubMed writes MEDLINE (`.nbib`); Web of Science its own tagged text;
Scopus, Web of Science, PubMed and Rayyan CSV files with their own column names. Each reader here
only splits a file into records of (tag, values) with the line each record starts on; `_normalise`
is the one place that says which tag or column means which field (decisions/0029).

`read_references(data, filename)` reads a whole file; `plan_import(data, filename, existing)` also
finds duplicates (same DOI, same PubMed id, or the same title and year) within the file and against
the references already in a library, and gives the import report. Anything that cannot be read
raises `ReferenceFileError`, naming the line where it can, and nothing else: importing is all or
nothing, so callers save nothing when it is raised. `write_ris` and `write_csv` write references
that read back to the same references.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from carelab.lib.spreadsheet_cells import FORMULA_STARTS, csv_text, neutralise

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_LINE_CHARACTERS = 100_000
MAX_REFERENCES = 5_000
TITLE_MAX_LENGTH = 500  # as EvidenceItem.title
SOURCE_MAX_LENGTH = 500
TEXT_MAX_LENGTH = 20_000  # an abstract longer than this is cut there
DOI_MAX_LENGTH = 200
URL_MAX_LENGTH = 1000
AUTHOR_MAX_LENGTH = 300
MAX_AUTHORS = 500
MAX_KEYWORDS = 200
EARLIEST_YEAR, LATEST_YEAR = 1500, 2100

# CareLab's kinds of evidence (carelab.evidence.models.EvidenceItem.Kind) and their labels, which a file
# CareLab wrote names in RIS's M3 tag or the CSV's kind column, so they read back.
KIND_LABELS = {
    "study": "Research study",
    "review": "Review",
    "data_set": "Data set",
    "practice": "Practice example",
    "story": "Lived-experience story",
    "survey_finding": "Survey finding",
    "workshop_output": "Workshop output",
    "other": "Other",
}


class ReferenceFileError(ValueError):
    """The file cannot be read as references: nothing in it is imported."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line else self.message


@dataclass
class Reference:
    """One reference as CareLab keeps it. `line` is where its record starts in the file (1 for the first line)."""

    title: str
    kind: str = "study"
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    source: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""
    abstract: str = ""
    keywords: list[str] = field(default_factory=list)
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Skipped:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.reason}"


@dataclass(frozen=True)
class Duplicate:
    reference: Reference
    reason: str  # "line 12 matches line 3 in this file (same DOI)"

    def __str__(self) -> str:
        return self.reason


@dataclass
class ReferencesFile:
    format: str  # what the file was read as: "RIS", "PubMed (MEDLINE)", ...
    references: list[Reference]
    skipped: list[Skipped]


@dataclass
class ImportReport:
    format: str
    imported: list[Reference]
    duplicates: list[Duplicate]
    skipped: list[Skipped]

    @property
    def summary(self) -> str:
        """The report's last line, which scripts read: exactly "N imported, M duplicates, K skipped"."""
        return f"{len(self.imported)} imported, {len(self.duplicates)} duplicates, {len(self.skipped)} skipped"

    def lines(self) -> list[str]:
        """The report as lines of text, the summary last."""
        lines = [f"Read as {self.format}."]
        lines += [f"Duplicate: {duplicate}" for duplicate in self.duplicates]
        lines += [f"Skipped: {skipped}" for skipped in self.skipped]
        return [*lines, self.summary]


# ---------------------------------------------------------------------------------------------------------
# Reading a file


def read_references(data: bytes, filename: str = "") -> ReferencesFile:
    """Every reference in a file, and the records skipped with why; raises ReferenceFileError if unreadable."""
    text = _decode(data)
    file_format = detect_format(text, filename)
    records = _READERS[file_format](text)
    references: list[Reference] = []
    skipped: list[Skipped] = []
    for record in records:
        reference, reason = _normalise(record)
        if reference is None:
            skipped.append(Skipped(record.line, reason))
        else:
            references.append(reference)
    if len(references) + len(skipped) > MAX_REFERENCES:
        raise ReferenceFileError(
            f"The file has {len(references) + len(skipped):,} references. Import up to {MAX_REFERENCES:,} "
            "at a time: split the file and import each part"
        )
    if not references and not skipped:
        raise ReferenceFileError(f"CareLab found no references in this {FORMAT_NAMES[file_format]} file")
    return ReferencesFile(FORMAT_NAMES[file_format], references, skipped)


def plan_import(data: bytes, filename: str = "", existing: Iterable[Reference] = ()) -> ImportReport:
    """What importing the file would do: the references to add, the duplicates and the records skipped."""
    read = read_references(data, filename)
    imported, duplicates = find_duplicates(read.references, existing)
    return ImportReport(read.format, imported, duplicates, read.skipped)


_NOT_TEXT = (
    "CareLab cannot read this file as text. Export the references again as RIS, PubMed (MEDLINE or .nbib), "
    "BibTeX or CSV and upload that file"
)
_BINARY_STARTS = {
    b"PK\x03\x04": "This is a zipped file or a workbook (such as .xlsx), not a reference file. "
    "Export the references as RIS or CSV, or save the workbook as CSV, and upload that file",
    b"%PDF": "This is a PDF, not a reference file. Export the references from your reference manager as RIS",
    b"\xd0\xcf\x11\xe0": "This is an old Office file (such as .xls), not a reference file. Save it as CSV",
    b"\x1f\x8b": "This is a compressed file. Unzip it and upload the reference file inside",
}


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _decode(data: bytes) -> str:
    if not data.strip():
        raise ReferenceFileError("The file is empty")
    if len(data) > MAX_FILE_BYTES:
        raise ReferenceFileError(
            f"The file is bigger than {MAX_FILE_BYTES // (1024 * 1024)} MB. Split it and import each part"
        )
    for start, message in _BINARY_STARTS.items():
        if data.startswith(start):
            raise ReferenceFileError(message)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    elif data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    else:
        encodings = ["utf-8", "cp1252"]  # cp1252: EndNote and Excel on Windows
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise ReferenceFileError(_NOT_TEXT)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if _CONTROL.search(line):
            raise ReferenceFileError(f"{_NOT_TEXT} (it has characters that are not text)", number)
        if len(line) > MAX_LINE_CHARACTERS:
            raise ReferenceFileError(
                f"This line is {len(line):,} characters long, more than any reference needs "
                f"(up to {MAX_LINE_CHARACTERS:,}). The file may not be a reference file",
                number,
            )
    return text


FORMAT_NAMES = {
    "ris": "RIS",
    "medline": "PubMed (MEDLINE)",
    "wos": "Web of Science",
    "bibtex": "BibTeX",
    "csv": "CSV",
}
_RIS_LINE = re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*)|\s*)$")
_MEDLINE_LINE = re.compile(r"^([A-Z][A-Z0-9]{1,3}) {0,3}-(?: (.*))?$")
_WOS_LINE = re.compile(r"^([A-Z][A-Z0-9])(?: (.*))?$")
_BIBTEX_ENTRY = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.M)
_EXTENSIONS = {".ris": "ris", ".nbib": "medline", ".bib": "bibtex", ".csv": "csv", ".tsv": "csv"}


def detect_format(text: str, filename: str = "") -> str:
    """The format of a file, from what it holds (the extension only breaks a tie)."""
    lines = [line for line in text.split("\n") if line.strip()][:200]
    head = lines[0].lstrip("\ufeff").strip() if lines else ""
    if any(_RIS_LINE.match(line) and line.startswith("TY") for line in lines):
        return "ris"
    if any(line.startswith("PMID-") for line in lines):
        return "medline"
    if head.startswith(("FN ", "PT ")) and any(line.startswith("TI ") for line in lines):
        return "wos"
    if _BIBTEX_ENTRY.search(text[:200_000]):
        return "bibtex"
    if head and _csv_columns(head):
        return "csv"
    extension = _EXTENSIONS.get(PurePath(filename).suffix.lower())
    if extension in ("ris", "medline", "bibtex"):
        raise ReferenceFileError(
            f"The file ends in {PurePath(filename).suffix} but CareLab found no {FORMAT_NAMES[extension]} "
            "references in it. Export the references again and upload that file",
            1,
        )
    raise ReferenceFileError(
        "CareLab cannot tell what kind of file this is. Upload references exported as RIS, PubMed "
        "(MEDLINE or .nbib), BibTeX, Web of Science plain text or a CSV file with a title column",
        1,
    )


@dataclass
class _Record:
    """A record as a file gives it: each tag or column with its values, in order."""

    format: str
    line: int
    tags: dict[str, list[str]]

    def first(self, *tags: str) -> str:
        for tag in tags:
            for value in self.tags.get(tag, ()):
                if value.strip():
                    return value.strip()
        return ""

    def all(self, *tags: str) -> list[str]:
        return [value.strip() for tag in tags for value in self.tags.get(tag, ()) if value.strip()]


def _read_ris(text: str) -> list[_Record]:
    """RIS, split into records here (so each knows its line) and each record read by rispy."""
    records: list[_Record] = []
    chunk: list[str] = []
    start = 0

    def finish():
        if chunk:
            records.append(_Record("ris", start, _rispy_record(chunk, start)))

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip()
        match = _RIS_LINE.match(line)
        tag = match.group(1) if match else None
        if tag == "TY":
            finish()
            chunk, start = [], number
        elif not chunk:
            continue  # text between records, as some exporters write (Ovid's headings, blank lines)
        if tag is None:
            chunk.append(line)  # a value carried on from the line before
            continue
        chunk.append(f"{tag}  - {(match.group(2) or '').strip()}")
        if tag == "ER":
            finish()
            chunk = []
    finish()
    return records


class _EveryTag(dict):
    """A rispy mapping that keeps each tag's own name: the normalising layer decides what tags mean."""

    def __missing__(self, tag):
        return tag


_RIS_LIST_TAGS = ["A1", "A2", "A3", "A4", "AU", "KW", "UR", "L1", "L2", "N1", "C1", "C5", "AN", "M3"]


def _rispy_record(lines: list[str], start: int) -> dict[str, list[str]]:
    import rispy  # noqa: PLC0415

    if not lines[-1].startswith("ER"):
        lines = [*lines, "ER  - "]
    try:
        parsed = rispy.loads(
            "\n".join(lines),
            mapping=_EveryTag(),
            list_tags=_RIS_LIST_TAGS,
            delimiter_tags_mapping={},
            enforce_list_tags=False,
        )
    except Exception as error:  # rispy raises what it likes on a broken record
        raise ReferenceFileError(f"CareLab cannot read this RIS record ({type(error).__name__})", start) from error
    if not parsed:
        return {}
    tags: dict[str, list[str]] = {}
    for tag, value in parsed[0].items():
        if not isinstance(tag, str) or tag in ("ER",):
            continue
        values = value if isinstance(value, list) else [value]
        tags[tag] = [str(item) for item in values if isinstance(item, str)]
    return tags


def _read_tagged(text: str, *, file_format: str) -> list[_Record]:
    """MEDLINE (`PMID- 123`, continuation lines indented by 6) or Web of Science (`TI Title`, by 3)."""
    medline = file_format == "medline"
    records: list[_Record] = []
    tags: dict[str, list[str]] = {}
    start = 0
    last: str | None = None

    def finish():
        if tags:
            records.append(_Record(file_format, start, dict(tags)))

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.lstrip("\ufeff").rstrip()
        if not line.strip():
            if medline:  # a blank line ends a MEDLINE record
                finish()
                tags, last = {}, None
            continue
        if line.startswith(" "):
            if last is None:
                raise ReferenceFileError("This line continues a field, but no field comes before it", number)
            more = line.strip()
            if not medline and last in _WOS_ONE_PER_LINE:
                tags[last].append(more)
            else:
                tags[last][-1] = f"{tags[last][-1]} {more}"
            continue
        match = (_MEDLINE_LINE if medline else _WOS_LINE).match(line)
        if not match:
            expected = "a tag such as 'TI  - '" if medline else "a tag such as 'TI '"
            raise ReferenceFileError(f"CareLab expected {expected} at the start of this line", number)
        tag, value = match.group(1), (match.group(2) or "").strip()
        if not medline:
            if tag in ("FN", "VR", "EF"):
                continue
            if tag == "ER":
                finish()
                tags, last = {}, None
                continue
        if (medline and tag == "PMID") or (not medline and tag == "PT"):
            finish()
            tags, start = {}, number
        if not tags:
            start = number
        tags.setdefault(tag, []).append(value)
        last = tag
    finish()
    return records


_WOS_ONE_PER_LINE = {"AU", "AF", "CR", "BE", "BF", "C1", "C3"}


def _read_bibtex(text: str) -> list[_Record]:
    import bibtexparser  # noqa: PLC0415
    from bibtexparser.middlewares import LatexDecodingMiddleware  # noqa: PLC0415

    try:
        library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    except Exception as error:  # bibtexparser and pylatexenc raise what they like on broken input
        raise ReferenceFileError(f"CareLab cannot read this BibTeX file ({type(error).__name__})") from error
    if library.failed_blocks:
        block = library.failed_blocks[0]
        line = (getattr(block, "start_line", 0) or 0) + 1
        raise ReferenceFileError(
            "This BibTeX entry is broken (a missing brace, comma or quote?). Correct it, or export the file again",
            line,
        )
    records = []
    for entry in library.entries:
        tags: dict[str, list[str]] = {"ENTRYTYPE": [entry.entry_type.lower()]}
        for key, bib_field in entry.fields_dict.items():
            value = bib_field.value
            tags[key.lower()] = [_strip_braces(value if isinstance(value, str) else str(value))]
        records.append(_Record("bibtex", (entry.start_line or 0) + 1, tags))
    return records


def _strip_braces(value: str) -> str:
    # What LaTeX decoding leaves: {DNA} kept in capitals, ~ as a space, \& as &.
    value = value.replace("\\&", "&").replace("~", " ").replace("\\%", "%").replace("\\_", "_")
    return value.replace("{", "").replace("}", "")


# CSV columns as exporters name them (folded: lower case, single spaces), in order of preference per field.
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "article title", "document title", "primary title", "ti", "t1"),
    "authors": (
        "author full names",  # Scopus and Web of Science: full names before the short "Authors"
        "authors",
        "author",
        "author(s)",
        "af",
        "au",
    ),
    "year": ("year", "publication year", "pub year", "py", "publication date", "date", "year published"),
    "source": (
        "journal",
        "source title",
        "publication title",  # Zotero
        "journal/book",  # PubMed
        "journal title",
        "source",
        "so",
        "secondary title",
        "abbreviated source title",
    ),
    "doi": ("doi", "di", "digital object identifier"),
    "pmid": ("pmid", "pubmed id", "pubmed_id", "pubmed", "pm", "extra"),  # Zotero's Extra: "PMID: 31409330"
    "abstract": ("abstract", "abstract note", "ab", "summary"),
    "url": ("url", "link", "ur"),
    "keywords": ("keywords", "author keywords", "manual tags", "de", "kw"),
    "kind": ("kind", "document type", "publication type", "item type", "type", "dt", "pt"),
}
_COLUMN_FIELD = {name: column for column, names in CSV_COLUMNS.items() for name in names}
_DELIMITERS = (",", ";", "\t")


def _column_key(cell: str) -> str:
    return " ".join(cell.strip().strip('"').lstrip("\ufeff").split()).casefold()


def _csv_columns(first_line: str) -> str | None:
    """The delimiter whose split of the first line names a title column, if any."""
    best, best_count = None, 0
    for delimiter in _DELIMITERS:
        try:
            cells = next(csv.reader([first_line], delimiter=delimiter), [])
        except csv.Error:
            continue
        keys = [_column_key(cell) for cell in cells]
        count = sum(key in _COLUMN_FIELD for key in keys)
        if count > best_count and any(_COLUMN_FIELD.get(key) == "title" for key in keys):
            best, best_count = delimiter, count
    return best


def _read_csv(text: str) -> list[_Record]:
    lines = text.split("\n")
    blank = next(number for number, line in enumerate(lines) if line.strip())  # leading blank lines
    delimiter = _csv_columns(lines[blank]) or ","
    reader = csv.reader(io.StringIO("\n".join(lines[blank:]), newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as error:
        raise ReferenceFileError("CareLab cannot read the first row of this CSV file", blank + 1) from error
    columns: list[tuple[str, int] | None] = []
    for cell in header:
        name = _column_key(cell)
        column = _COLUMN_FIELD.get(name)
        columns.append((column, CSV_COLUMNS[column].index(name)) if column else None)
    records = []
    start = reader.line_num + 1 + blank
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ReferenceFileError(
                f"CareLab cannot read the CSV file from here ({error}). Save it as CSV again", start
            ) from error
        if any(cell.strip() for cell in row):
            tags: dict[str, list[tuple[int, str]]] = {}
            for position, cell in enumerate(row):
                column = columns[position] if position < len(columns) else None
                if column and cell.strip():
                    tags.setdefault(column[0], []).append((column[1], _unneutralise(cell.strip())))
            ordered = {name: [value for _, value in sorted(values)] for name, values in tags.items()}
            records.append(_Record("csv", start, ordered))
        start = reader.line_num + 1 + blank
    return records


def _unneutralise(cell: str) -> str:
    """A cell CareLab (or another careful exporter) made inert with a leading quote, as it was typed."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS) else cell


_READERS = {
    "ris": _read_ris,
    "medline": lambda text: _read_tagged(text, file_format="medline"),
    "wos": lambda text: _read_tagged(text, file_format="wos"),
    "bibtex": _read_bibtex,
    "csv": _read_csv,
}


# ---------------------------------------------------------------------------------------------------------
# The normalising layer: which tag means which field, for every format (decisions/0029)

FIELD_TAGS: dict[str, dict[str, tuple[str, ...]]] = {
    # RIS as Zotero, EndNote, Mendeley, Ovid, Embase, Scopus, Web of Science, ProQuest and Rayyan write it.
    "ris": {
        "title": ("TI", "T1", "CT", "BT", "ST"),
        "authors": ("AU", "A1"),
        "editors": ("A2", "ED"),  # used only when there is no author (an edited book)
        "year": ("PY", "Y1", "DA", "Y2"),
        "source": ("JF", "JO", "T2", "JA", "J2", "J1", "PB"),
        "abstract": ("AB", "N2"),
        "keywords": ("KW",),
        "doi": ("DO", "DI", "M3", "N1", "UR", "L3"),
        "pmid": ("AN", "C5", "C1", "M1", "N1", "PM"),
        "url": ("UR", "L2", "LK", "L1"),
        "kind": ("M3", "PT", "DT"),
    },
    "medline": {
        "title": ("TI", "BTI"),
        "authors": ("FAU", "AU"),
        "editors": ("FED", "ED"),
        "year": ("DP", "DEP", "EDAT"),
        "source": ("JT", "TA", "PB"),
        "abstract": ("AB",),
        "keywords": ("OT", "MH"),
        "doi": ("AID", "LID"),
        "pmid": ("PMID",),
        "url": (),
        "kind": ("PT",),
    },
    "wos": {
        "title": ("TI",),
        "authors": ("AF", "AU"),
        "editors": ("BF", "BE"),
        "year": ("PY", "EA", "PD"),
        "source": ("SO", "J9", "JI"),
        "abstract": ("AB",),
        "keywords": ("DE", "ID"),
        "doi": ("DI", "DL"),
        "pmid": ("PM",),
        "url": (),
        "kind": ("DT",),
    },
    "bibtex": {
        "title": ("title",),
        "authors": ("author",),
        "editors": ("editor",),
        "year": ("year", "date"),
        "source": ("journal", "journaltitle", "booktitle", "publisher", "institution", "howpublished"),
        "abstract": ("abstract",),
        "keywords": ("keywords", "mesh"),
        "doi": ("doi",),
        "pmid": ("pmid", "eprint"),
        "url": ("url",),
        "kind": ("type",),
    },
    "csv": {name: (name,) for name in ("title", "authors", "year", "source", "abstract", "keywords", "doi", "pmid")}
    | {"editors": (), "url": ("url",), "kind": ("kind",)},
}

# RIS TY and BibTeX entry types: what CareLab calls them when nothing says it is a review.
_TYPE_KINDS = {
    "study": {
        "JOUR", "JFULL", "EJOUR", "ABST", "INPR", "CPAPER", "CONF", "THES", "MGZN", "NEWS", "SER",
        "article", "inproceedings", "conference", "phdthesis", "mastersthesis", "thesis",
    },
    "data_set": {"DATA", "DBASE", "dataset", "data"},
}  # fmt: skip
_CSV_TYPE_KINDS = {
    "report": "other", "book": "other", "booksection": "other", "book chapter": "other", "webpage": "other",
    "document": "other", "dataset": "data_set", "data set": "data_set", "data paper": "data_set",
}  # fmt: skip
_REVIEW = re.compile(r"\b(review|meta-analys[ie]s|meta analys[ie]s)\b", re.I)
_DOI_ONLY_IF_SAID = {"M3", "N1", "UR", "L3"}
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)
_DOI_PREFIX = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*|doi\s+)", re.I)
_NO_YEAR = {"n.d.", "n.d", "nd", "no date", "undated", "in press", "forthcoming"}
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_PMID = re.compile(r"^(?:pmid:?\s*)?(\d{1,9})$", re.I)
_PMID_IN_TEXT = re.compile(r"\bPMID:?\s*(\d{1,9})\b", re.I)
_URL = re.compile(r"^https?://[^\s<>\"]+$", re.I)


def normalise_doi(value: str) -> str:
    """A DOI as CareLab stores and compares it: lower case, without "https://doi.org/" or "doi:"."""
    value = _DOI_PREFIX.sub("", value.strip())
    match = _DOI.search(value)
    if not match:
        return ""
    return match.group(1).rstrip(".,;").lower()


def title_key(title: str) -> str:
    """What two titles must share to be the same: case, accents, punctuation and spacing do not count."""
    decomposed = unicodedata.normalize("NFKD", title)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())


def _clean(value: str) -> str:
    return " ".join(value.split())


def _normalise(record: _Record) -> tuple[Reference | None, str]:
    """A record as a Reference, or None and the reason it is skipped."""
    tags = FIELD_TAGS[record.format]
    title = _clean(record.first(*tags["title"]))
    if record.format == "ris" and not record.first("TI", "T1", "CT", "BT") and record.first("ST"):
        title = _clean(record.first("ST"))
    if not title:
        return None, "it has no title"
    if len(title) > TITLE_MAX_LENGTH:
        return None, f"its title is {len(title):,} characters long; titles can be up to {TITLE_MAX_LENGTH}"

    year_text = record.first(*tags["year"])
    year = None
    if year_text and _clean(year_text).casefold() not in _NO_YEAR:
        match = _YEAR.search(year_text)
        year = int(match.group(1)) if match else None
        if year is None or not EARLIEST_YEAR <= year <= LATEST_YEAR:
            return None, f"CareLab cannot read the year '{_short(year_text)}'"

    doi = ""
    for tag in tags["doi"]:
        for value in record.all(tag):
            if record.format == "medline" and "[doi]" not in value:
                continue
            # Notes and links hold a DOI only where they say so: "https://doi.org/10…", "doi:10…" or "10…".
            if tag in _DOI_ONLY_IF_SAID and not (_DOI_PREFIX.match(value) or value.startswith("10.")):
                continue
            doi = normalise_doi(value)
            if doi:
                break
        if doi:
            break
    if len(doi) > DOI_MAX_LENGTH:
        return None, f"its DOI is longer than {DOI_MAX_LENGTH} characters"

    return (
        Reference(
            title=title,
            kind=_kind(record, tags),
            authors=_authors(record, tags),
            year=year,
            source=_clean(record.first(*tags["source"]))[:SOURCE_MAX_LENGTH],
            doi=doi,
            pmid=_pmid(record, tags),
            url=_url(record, tags),
            abstract=_clean(record.first(*tags["abstract"]))[:TEXT_MAX_LENGTH],
            keywords=_keywords(record, tags),
            line=record.line,
        ),
        "",
    )


def _short(value: str) -> str:
    value = _clean(value)
    return value if len(value) <= 40 else value[:39].rstrip() + "…"


def _kind(record: _Record, tags: dict[str, tuple[str, ...]]) -> str:
    described = record.all(*tags["kind"])
    labels = {label.casefold(): kind for kind, label in KIND_LABELS.items()} | {kind: kind for kind in KIND_LABELS}
    for value in described:
        if value.casefold() in labels:
            return labels[value.casefold()]
    if any(_REVIEW.search(value) for value in described):
        return "review"
    entry_type = record.first("TY") if record.format == "ris" else record.first("ENTRYTYPE")
    if record.format in ("medline", "wos"):
        return "study"
    if record.format == "csv":
        # Zotero's Item Type and Scopus's Document Type; anything else (articles, papers) is a study.
        return next(
            (_CSV_TYPE_KINDS[value.casefold()] for value in described if value.casefold() in _CSV_TYPE_KINDS), "study"
        )
    for kind, types in _TYPE_KINDS.items():
        if entry_type in types:
            return kind
    return "other" if entry_type else "study"


def _authors(record: _Record, tags: dict[str, tuple[str, ...]]) -> list[str]:
    names: list[str] = []
    for tag in tags["authors"]:
        names = record.all(tag)
        if names:
            break
    else:
        for tag in tags["editors"]:
            names = record.all(tag)
            if names:
                break
    if record.format == "bibtex" and names:
        names = re.split(r"\s+and\s+", names[0])
    elif record.format == "csv" and names:
        names = _split_authors(names[0])
    elif len(names) == 1 and ";" in names[0]:
        names = names[0].split(";")
    cleaned = []
    for name in names:
        name = re.sub(r"\s*\(\d+\)\s*$", "", _clean(name))  # Scopus: "Smith, Jo (57190001234)"
        if name and name not in cleaned:
            cleaned.append(name[:AUTHOR_MAX_LENGTH])
    return cleaned[:MAX_AUTHORS]


_SHORT_NAME = re.compile(r"^[\w'’\-. ]+ [A-Z]{1,3}\.?$")


def _split_authors(cell: str) -> list[str]:
    """One CSV cell of authors: "A; B" (Scopus, Zotero, CareLab), "A and B" (Rayyan) or "Smith J, Jones K" (PubMed)."""
    if ";" in cell:
        return cell.split(";")
    if re.search(r"\s+and\s+", cell):
        return re.split(r"\s+and\s+", cell)
    parts = [part.strip() for part in cell.rstrip(".").split(",")]
    if len(parts) > 1 and all(_SHORT_NAME.match(part) for part in parts if part):
        return parts
    return [cell]


def _pmid(record: _Record, tags: dict[str, tuple[str, ...]]) -> str:
    for tag in tags["pmid"]:
        for value in record.all(tag):
            match = _PMID.match(value.strip())
            # A bare number in RIS's AN is a PubMed id only when short enough: Embase's and Ovid's own
            # accession numbers are ten digits.
            if match and (record.format != "ris" or len(match.group(1)) <= 8) and int(match.group(1)):
                return str(int(match.group(1)))
            found = _PMID_IN_TEXT.search(value)
            if found and int(found.group(1)):
                return str(int(found.group(1)))
    return ""


def _url(record: _Record, tags: dict[str, tuple[str, ...]]) -> str:
    for value in record.all(*tags["url"]):
        for part in re.split(r"[\s;]+", value):
            if _URL.match(part) and len(part) <= URL_MAX_LENGTH:
                return part
    return ""


def _keywords(record: _Record, tags: dict[str, tuple[str, ...]]) -> list[str]:
    words: list[str] = []
    for tag in tags["keywords"]:
        values = record.all(tag)
        if not values:
            continue
        for value in values:
            separators = r"[;,]" if record.format == "bibtex" else r";"
            parts = re.split(separators, value) if record.format != "medline" else [value]
            for part in parts:
                # MEDLINE, Embase and Ovid star an index term that is a main topic: "*Low Back Pain".
                part = _clean(part if record.format == "csv" else part.lstrip("*"))
                if part and part not in words:
                    words.append(part[:200])
        break  # the first tag that has keywords: author keywords before index terms
    return words[:MAX_KEYWORDS]


# ---------------------------------------------------------------------------------------------------------
# Duplicates

_SAME = {"doi": "same DOI", "pmid": "same PubMed id", "title": "same title and year"}


def _keys(reference: Reference) -> list[tuple[str, object]]:
    keys: list[tuple[str, object]] = []
    if reference.doi:
        keys.append(("doi", normalise_doi(reference.doi) or reference.doi.lower()))
    if reference.pmid:
        keys.append(("pmid", reference.pmid.strip().lstrip("0")))
    title = title_key(reference.title)
    if title:
        keys.append(("title", (title, reference.year)))
    return keys


def find_duplicates(
    references: Sequence[Reference], existing: Iterable[Reference] = ()
) -> tuple[list[Reference], list[Duplicate]]:
    """The references to import and the duplicates: the same DOI, PubMed id, or title and year as one
    already in the library or earlier in the file (the first of a file's copies is imported)."""
    in_library: dict[tuple[str, object], Reference] = {}
    for reference in existing:
        for key in _keys(reference):
            in_library.setdefault(key, reference)
    in_file: dict[tuple[str, object], Reference] = {}
    imported: list[Reference] = []
    duplicates: list[Duplicate] = []
    for reference in references:
        keys = _keys(reference)
        match = next((key for key in keys if key in in_library), None)
        if match:
            found = in_library[match]
            reason = f"line {reference.line} matches '{_short(found.title)}' already in the library ({_SAME[match[0]]})"
            duplicates.append(Duplicate(reference, reason))
            continue
        match = next((key for key in keys if key in in_file), None)
        if match:
            first = in_file[match]
            reason = f"line {reference.line} matches line {first.line} in this file ({_SAME[match[0]]})"
            duplicates.append(Duplicate(reference, reason))
            continue
        for key in keys:
            in_file.setdefault(key, reference)
        imported.append(reference)
    return imported, duplicates


# ---------------------------------------------------------------------------------------------------------
# Writing

_RIS_TYPES = {"study": "JOUR", "review": "JOUR", "data_set": "DATA"}


def write_ris(references: Iterable[Reference]) -> str:
    """References as RIS, which `read_references` reads back to the same references."""
    lines: list[str] = []
    for reference in references:
        lines.append(f"TY  - {_RIS_TYPES.get(reference.kind, 'GEN')}")
        lines.append(f"TI  - {_one_line(reference.title)}")
        lines += [f"AU  - {_one_line(author)}" for author in reference.authors]
        if reference.year is not None:
            lines.append(f"PY  - {reference.year}")
        if reference.source:
            lines.append(f"T2  - {_one_line(reference.source)}")
        if reference.abstract:
            lines.append(f"AB  - {_one_line(reference.abstract)}")
        lines += [f"KW  - {_one_line(keyword)}" for keyword in reference.keywords]
        if reference.doi:
            lines.append(f"DO  - {reference.doi}")
        if reference.pmid:
            lines.append(f"AN  - {reference.pmid}")
        if reference.url:
            lines.append(f"UR  - {reference.url}")
        lines.append(f"M3  - {KIND_LABELS.get(reference.kind, 'Other')}")
        lines.append("ER  - ")
        lines.append("")
    return "\r\n".join(lines)


CSV_HEADER = ["kind", "title", "authors", "year", "journal", "doi", "pmid", "url", "abstract", "keywords"]


def write_csv(references: Iterable[Reference]) -> str:
    """References as CSV (with the byte-order mark Excel needs), every cell made inert for spreadsheets."""
    rows: list[list[str]] = [CSV_HEADER]
    for reference in references:
        cells = [
            reference.kind,
            reference.title,
            "; ".join(reference.authors),
            "" if reference.year is None else str(reference.year),
            reference.source,
            reference.doi,
            reference.pmid,
            reference.url,
            reference.abstract,
            "; ".join(reference.keywords),
        ]
        rows.append([_cell(cell) for cell in cells])
    return csv_text(rows)


def _cell(value: str) -> str:
    # Text that already starts with the quote `neutralise` adds keeps it, with one more to be read off.
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return neutralise(value)


def _one_line(value: str) -> str:
    return " ".join(value.split())
