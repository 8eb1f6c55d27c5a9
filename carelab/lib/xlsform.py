"""Read and write XLSForms (.xlsx, .csv and Markdown) as CareLab survey definitions.

Reading uses pyxform's own readers, then maps rows to `SurveyDefinition`, then
runs pyxform's conversion to an XForm to catch anything else it knows is wrong.
Every problem is collected and raised together as `XLSFormError`; nothing is
returned unless the whole form is usable, so callers never half-import.

How XLSForm maps to CareLab
===========================

=====================================  =========================================
XLSForm ``type``                       CareLab
=====================================  =========================================
``text``                               short text
``text`` with appearance ``multiline`` long text
``select_one L``                       single choice from list L
``select_multiple L``                  multiple choice from list L
``... or_other``, or a choice named    "Other, please say" (``other_option``),
``other`` in L                         its text kept as ``<name>_other``
``integer`` / ``decimal`` / ``date``   whole number / decimal / date
``time`` / ``dateTime``                time of day ("14:30") / date and time
                                       ("2026-03-01T14:30")
``rank L``                             ranking: every choice of L in order
``select_one_from_file f.csv``         single (multiple) choice from the CSV
(``select_multiple_from_file``)        uploaded beside the form (``name`` and
                                       ``label`` columns, or ``parameters``
                                       ``value=`` / ``label=``); its choices
                                       become a list of the form's own, so an
                                       exported form needs no extra file
``range`` (whole numbers, step 1)      scale; end words in ``carelab_min_label``
                                       and ``carelab_max_label`` columns
``note``                               information text
``calculate``                          hidden calculation
top-level ``begin_group``              section (one page): label = title,
                                       hint = intro, relevant = condition
``begin_group`` with ``carelab_        instrument section, e.g. ``phq8@1.0``;
instrument``                           the group has no rows (the items come
                                       from the instrument registry)
group with appearance ``table-list``,  grid: one question, each ``select_one``
or a ``select_one`` with appearance    row a statement on the same list
``label`` followed by ``list-nolabel``
rows on the same list
``start``, ``end``, ``today``          ignored (CareLab records its own times)
``deviceid``, ``username``, ``audit``  left out with a warning (metadata about
and other metadata                     a device or a person that CareLab never
                                       records)
=====================================  =========================================

Columns beyond the usual ones: ``choice_filter`` on a select or a rank, whose
bare words are the choices sheet's extra columns (cascading selects); a
``calculation`` on any question, worked out from earlier answers as its answer
to start with, and with ``read_only`` shown and stored as worked out; a
``default``, which must be an answer the question could be given (a value, not
an expression). Appearances honoured: ``minimal`` and ``autocomplete`` (a
drop-down list), ``horizontal``, ``horizontal-compact``, ``columns*``,
``likert`` and ``compact`` (choices in a row), ``multiline``, ``numbers``,
``field-list`` on a group (every group is a page anyway), ``quick`` and
``no-calendar`` (nothing to do on the web). Any other appearance is kept, so an
exported form gives it back, with a warning.

Warnings, not refusals, for what does no harm to leave out: ``required`` and the
like on a note or a group, unknown appearances, pictures and sounds on choices
that have words, columns that only change ODK Collect's look (``guidance_hint``,
``autoplay``, ``rows``). `read_xlsform_with_warnings` returns them, each a
`Problem` naming the row and column. Refused, each on its row and column:
location questions (``geopoint``, ``geotrace``, ``geoshape``), media questions
(``image``, ``audio``, ``video``, ``file``, ``barcode``) and pictures or sounds
beside a question's words, repeats, and the ``public_key`` and
``submission_url`` settings.

Languages (decisions/0021): ``label``, ``hint``, ``required_message``, ``constraint_message``,
``carelab_min_label`` and ``carelab_max_label`` (and choice labels) may be given per language, as
``label::Cymraeg (cy)``. Columns without a language are in the ``default_language`` setting's
language, or pyxform's ``default``; the default is the setting, else ``default`` when such columns
sit beside language columns, else the first language. The definition's own words are the
default's; the others are `Translation`s. Writing puts every language after ``::`` and the default
in the settings, so a form reads back with its languages.

Questions outside any group form a section with an empty name. Groups inside a
section must be grids. Names must be unique in the whole form (pyxform only
asks for uniqueness within a group), because answers and expressions use them.

Each section is one page, and CareLab works out expressions on the server as
pages are saved, so a ``relevant``, ``constraint`` or ``calculation`` may only
use answers known by then (`carelab.lib.answer_order`, the rule the survey
builder applies too); each one that does not is reported on its own row and
column. Expressions may use an instrument section's items (``${phq_1}``).
An ``entities`` sheet and the ``public_key`` and ``submission_url`` settings are
refused: CareLab keeps answers itself and has no entity lists.

The custom columns are plain ``carelab_*`` columns rather than ``bind::``
attributes because pyxform passes unknown columns through untouched and a
person editing the spreadsheet can read them; no namespace setting is needed.

Row numbers are the ones a person sees: the header row is row 1 of its sheet.
In .csv and .md files blank lines are skipped, so rows count table lines.
"""

from __future__ import annotations

import copy
import csv
import re
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from os import PathLike
from pathlib import Path, PurePath
from typing import Any, BinaryIO

from openpyxl import Workbook
from pyxform.builder import create_survey_element_from_dict
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import DefinitionData, get_xlsform

from carelab.lib import xlsform_limits as limits
from carelab.lib.answer_order import LaterAnswer, Reason, answer_places, later_answer_reasons
from carelab.lib.choice_files import SUPPORTED_SUFFIX as CHOICE_FILE_SUFFIX
from carelab.lib.choice_files import ChoiceFileError, read_choice_file
from carelab.lib.expressions import ExpressionError, parse, parse_choice_filter
from carelab.lib.instruments import UnknownInstrumentError, get_instrument
from carelab.lib.survey_definition import (
    OTHER_ANSWER_SUFFIX,
    OTHER_CHOICE_LABEL,
    OTHER_CHOICE_NAME,
    Choice,
    ChoiceList,
    InstrumentRef,
    Question,
    QuestionKind,
    Scale,
    Section,
    Statement,
    SurveyDefinition,
    Translation,
)
from carelab.lib.survey_languages import PYXFORM_DEFAULT, TRANSLATABLE_COLUMNS

SURVEY, CHOICES, SETTINGS, ENTITIES = "survey", "choices", "settings", "entities"
DEFAULT_LANGUAGE = "default_language"
SUPPORTED_SUFFIXES = (".xlsx", ".csv", ".md")

INSTRUMENT_COLUMN = "carelab_instrument"
MIN_LABEL_COLUMN = "carelab_min_label"
MAX_LABEL_COLUMN = "carelab_max_label"

_SIMPLE_TYPES = {
    "text": QuestionKind.SHORT_TEXT,
    "string": QuestionKind.SHORT_TEXT,
    "integer": QuestionKind.WHOLE_NUMBER,
    "int": QuestionKind.WHOLE_NUMBER,
    "decimal": QuestionKind.DECIMAL,
    "date": QuestionKind.DATE,
    "range": QuestionKind.SCALE,
    "note": QuestionKind.INFORMATION,
    "calculate": QuestionKind.CALCULATE,
    "time": QuestionKind.TIME,
    "datetime": QuestionKind.DATETIME,
}
_IGNORED_TYPES = {"start", "end", "today"}
# Metadata ODK Collect records about the device or the person; CareLab records none of it, and
# leaving a row out asks nothing of anyone, so the form is imported with a warning.
_METADATA_TYPES = {
    "deviceid", "subscriberid", "simserial", "phonenumber", "username", "email", "audit",
    "start-geopoint", "background-geopoint", "imei", "uri:deviceid", "uri:email", "uri:username",
    "uri:phonenumber", "uri:subscriberid", "uri:simserial",
}  # fmt: skip
# Questions CareLab will not ask: each refusal names what the type collects.
_REFUSED_TYPES = {
    "geopoint": "a location (geopoint)",
    "geotrace": "a line on a map (geotrace)",
    "geoshape": "an area on a map (geoshape)",
    "image": "a photo or picture (image)",
    "photo": "a photo (photo)",
    "audio": "a sound recording (audio)",
    "background-audio": "a sound recording (background-audio)",
    "video": "a video (video)",
    "file": "a file (file)",
    "barcode": "a barcode scan (barcode)",
}
_RANK = re.compile(r"^rank\s+(?P<list>\S+)$", re.IGNORECASE)
_FROM_FILE = re.compile(r"^(?P<word>select_one_from_file|select_multiple_from_file)\s+(?P<file>\S+)$")
_BEGIN_GROUP = {"begin_group", "begin group"}
_END_GROUP = {"end_group", "end group"}
_BEGIN_REPEAT = {"begin_repeat", "begin repeat", "begin_loop", "begin loop"}
_END_REPEAT = {"end_repeat", "end repeat", "end_loop", "end loop"}
_SELECT = re.compile(
    r"^(?P<word>select_one|select one|select1|select_multiple|select all that apply)\s+(?P<list>\S+)"
    r"(?P<other>\s+or_other)?$"
)

_SURVEY_ALIASES = {
    "relevance": "relevant",
    "caption": "label",
    "calculate": "calculation",
    "constraining_message": "constraint_message",
    "jr:constraintmsg": "constraint_message",
    "requiredmsg": "required_message",
    "jr:requiredmsg": "required_message",
}
_CHOICES_ALIASES = {"value": "name", "caption": "label", "list name": "list_name"}
_SURVEY_ALIASES |= {"readonly": "read_only"}
_SETTINGS_ALIASES = {"id_string": "form_id", "set_form_id": "form_id", "set_form_title": "form_title"}
# Language names: no control characters, and none of the invisible marks that reorder text.
_ODD_IN_LANGUAGE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

_BASE_COLUMNS = frozenset({"type", "name", "label", "hint", "relevant", "appearance"})
_ANSWER_COLUMNS = frozenset({"required", "required_message", "constraint", "constraint_message", "default"})
_SURVEY_COLUMNS = (
    _BASE_COLUMNS
    | _ANSWER_COLUMNS
    | {
        "calculation",
        "parameters",
        "choice_filter",
        "read_only",
        INSTRUMENT_COLUMN,
        MIN_LABEL_COLUMN,
        MAX_LABEL_COLUMN,
    }
)
# A person's answer may be worked out (calculation) and shown but not changed (read_only), as in ODK.
_COLUMNS_BY_KIND: dict[QuestionKind, frozenset[str]] = {
    kind: _BASE_COLUMNS | _ANSWER_COLUMNS | {"calculation", "read_only"} for kind in QuestionKind if kind.is_answered
}
_COLUMNS_BY_KIND[QuestionKind.SCALE] |= {"parameters", MIN_LABEL_COLUMN, MAX_LABEL_COLUMN}
for _kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE, QuestionKind.RANK):
    _COLUMNS_BY_KIND[_kind] |= {"choice_filter", "parameters"}
_COLUMNS_BY_KIND[QuestionKind.INFORMATION] = _BASE_COLUMNS
_COLUMNS_BY_KIND[QuestionKind.CALCULATE] = frozenset({"type", "name", "label", "hint", "relevant", "calculation"})
_SECTION_COLUMNS = _BASE_COLUMNS | {INSTRUMENT_COLUMN}
_STATEMENT_COLUMNS = frozenset({"type", "name", "label", "appearance", "required", "required_message"})
# Columns that do no harm where CareLab cannot use them (``required`` on a note or a group, say):
# the form is imported and the team is told they are left out.
_HARMLESS_COLUMNS = frozenset({"required", "required_message", "constraint_message", "default", "read_only"})
_GRID_HEADING_COLUMNS = frozenset({"type", "name", "label", "hint", "appearance"})
# XLSForm columns that change how a form behaves; CareLab cannot honour them, so it says so.
# Columns outside XLSForm (notes to the team, say) are ignored, as pyxform ignores them.
_UNSUPPORTED_COLUMNS = frozenset(
    {
        "repeat_count",
        "count",
        "jr:count",
        "trigger",
        "save_to",
        "body",
        "no_app_error_string",
        "noapperrorstring",
    }
)
# Columns that only change how a form looks in ODK Collect or Enketo: left out with a warning.
_IGNORED_COLUMNS = frozenset({"guidance_hint", "autoplay", "rows", "compact_tag"})
# Pictures, sounds and videos beside a question's words. On a question they may carry its meaning
# ("What does this picture show?"), so they are refused; on a choice that has words of its own
# they are left out with a warning.
_MEDIA_COLUMNS = frozenset({"image", "big-image", "audio", "video", "media"})
# The same shapes the instrument registry accepts for ids and versions.
_INSTRUMENT = re.compile(r"^(?P<id>[A-Za-z_][A-Za-z0-9_]*)@(?P<version>\d+(?:\.\d+)*)$")
# pyxform's rule for names (XML identifiers), letters from any alphabet included.
_NAME = re.compile(r"^[^\W\d][\w.-]*$")
_EXPRESSION_COLUMNS = frozenset({"relevant", "constraint", "calculation"})
_REFERENCE = re.compile(r"\$\{([^}]*)\}")
_PARAMETER = re.compile(r"([A-Za-z_-]+)\s*=\s*([^\s;,]+)")
_PYXFORM_ROW = re.compile(r"\[row : (\d+|[a-z]+)\]")
_PYXFORM_SHEET_COLUMN = re.compile(r"On the '(\w+)' sheet, the '([^']+)' value")
# Settings that promise something CareLab does not do with the answers.
_UNSUPPORTED_SETTINGS = {
    "public_key": "CareLab cannot encrypt answers with a form's own key: it keeps them in its own database "
    "for the lab team. Remove this setting.",
    "submission_url": "CareLab keeps the answers itself and cannot send them to another server. Remove this setting.",
}
_EXPRESSION_WORDS = {"relevant": "condition", "constraint": "validation", "calculation": "calculation"}
_YES_NO = {"yes": True, "true": True, "true()": True, "no": False, "false": False, "false()": False}
# How each appearance is honoured on the web (the tests document each). Any other appearance is
# left out with a warning: the question is still asked in CareLab's usual way.
_CHOICE_LAYOUTS = frozenset({"horizontal", "horizontal-compact", "columns", "columns-pack", "likert", "compact"})
_HONOURED_APPEARANCES: dict[QuestionKind, frozenset[str]] = {
    QuestionKind.SINGLE_CHOICE: _CHOICE_LAYOUTS | {"minimal", "autocomplete", "quick", "label", "list-nolabel"},
    QuestionKind.MULTIPLE_CHOICE: _CHOICE_LAYOUTS | {"minimal", "autocomplete", "quick"},
    QuestionKind.SHORT_TEXT: frozenset({"numbers"}),
    QuestionKind.LONG_TEXT: frozenset({"numbers"}),
    QuestionKind.DATE: frozenset({"no-calendar"}),
    QuestionKind.DATETIME: frozenset({"no-calendar"}),
    QuestionKind.SCALE: frozenset({"no-ticks", "horizontal"}),
}
_COLUMNS_APPEARANCE = re.compile(r"^columns-\d+$")


# ---------------------------------------------------------------------------
# Problems


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a form, located as a person would find it in the spreadsheet."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [f"{self.sheet.capitalize()} sheet"] if self.sheet else []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class XLSFormError(ValueError):
    """The form cannot be imported; ``problems`` lists every reason found, in sheet and row order."""

    def __init__(self, problems: Iterable[Problem]):
        order = {SURVEY: 0, CHOICES: 1, SETTINGS: 2, ENTITIES: 3}
        self.problems: tuple[Problem, ...] = tuple(
            sorted(problems, key=lambda p: (order.get(p.sheet, -1), p.row or 0, p.column or ""))
        )
        super().__init__("\n".join(str(problem) for problem in self.problems))


# ---------------------------------------------------------------------------
# Reading

Source = str | PathLike[str] | bytes | BinaryIO


@dataclass(frozen=True)
class ReadForm:
    """A form that can be imported, and what CareLab leaves out of it (each a `Problem` to show the team)."""

    definition: SurveyDefinition
    warnings: tuple[Problem, ...] = ()


def read_xlsform(
    source: Source, filename: str | None = None, files: Mapping[str, bytes] | None = None
) -> SurveyDefinition:
    """Read an XLSForm from a path, its bytes, or a binary file object (an upload, say).

    ``filename`` (or the path) says which format it is by its suffix: .xlsx, .csv
    or .md. ``files`` are the files uploaded beside it, by name (the CSV files of
    ``select_one_from_file``). Raises `XLSFormError` listing every problem found.
    """
    return read_xlsform_with_warnings(source, filename, files).definition


def read_xlsform_with_warnings(
    source: Source, filename: str | None = None, files: Mapping[str, bytes] | None = None
) -> ReadForm:
    """`read_xlsform`, with the warnings: what the form asks that CareLab leaves out, doing no harm."""
    if isinstance(source, str | PathLike):
        path = Path(source)
        filename = filename or path.name
        _refuse(limits.file_size_problem(path.stat().st_size))
        data = path.read_bytes()
    elif isinstance(source, bytes):
        data = source
    else:
        data = source.read(limits.MAX_FILE_BYTES + 1)
    _refuse(limits.file_size_problem(len(data)))
    suffix = PurePath(filename).suffix.lower() if filename else ""
    if suffix not in SUPPORTED_SUFFIXES:
        shown = f"'{filename}'" if filename else "This file"
        raise XLSFormError(
            [Problem("", None, None, f"{shown} is not an XLSForm CareLab can read: use .xlsx, .csv or .md.")]
        )
    # Bounded before any parser sees the file: a small upload must not take a worker's memory.
    for problem in limits.xlsx_problems(data) if suffix == ".xlsx" else limits.text_problems(data, suffix):
        _refuse(problem)
    try:
        workbook = get_xlsform(BytesIO(data), file_type=suffix)
    except PyXFormError as error:
        raise XLSFormError([Problem("", None, None, f"The file could not be read as an XLSForm: {error}")]) from error
    except (ValueError, SyntaxError, KeyError, IndexError, TypeError, EOFError, OSError, csv.Error) as error:
        # openpyxl's and the XML parsers' ways of saying a file is damaged or unsafe (defusedxml's
        # refusals are ValueErrors); the details mean nothing to the person uploading.
        raise XLSFormError(
            [
                Problem(
                    "",
                    None,
                    None,
                    "The file could not be read as an XLSForm: it may be damaged, or not the kind of file its "
                    "name says. Save it again from your spreadsheet program and try again.",
                )
            ]
        ) from error
    _refuse(_nul_problem(workbook))

    reader = _Reader(workbook, fallback_name=PurePath(filename).stem if filename else "", files=files)
    definition = reader.read()
    # pyxform stops at its first error, so it runs last, as a backstop for what CareLab's own
    # checks do not cover; running it earlier would mostly repeat their findings in other words.
    problems = reader.problems or _pyxform_problems(workbook, reader.instrument_rows.keys() - reader.names.keys())
    if problems:
        raise XLSFormError(problems)
    return ReadForm(definition, tuple(XLSFormError(reader.warnings).problems))


def _refuse(message: str | None) -> None:
    if message:
        raise XLSFormError([Problem("", None, None, message)])


def _nul_problem(workbook: DefinitionData) -> str | None:
    """PostgreSQL cannot store a NUL character; an .xlsx can still carry one (written as _x0000_)."""
    for sheet in (SURVEY, CHOICES, SETTINGS):
        for number, row in enumerate(getattr(workbook, sheet, None) or [], start=2):
            if any("\x00" in str(key) for key in row):
                return (
                    f"{sheet.capitalize()} sheet, row 1: a column's name holds a NUL character (an invisible control "
                    "character), which CareLab cannot store. Remove it and try again."
                )
            if any("\x00" in str(value) for value in row.values()):
                return (
                    f"{sheet.capitalize()} sheet, row {number}: a cell holds a NUL character (an invisible control "
                    "character), which CareLab cannot store. Remove it and try again."
                )
    return None


def _pyxform_problems(workbook: DefinitionData, instrument_items: Iterable[str] = ()) -> list[Problem]:
    """Run pyxform's whole conversion to an XForm; it reports at most one problem.

    ``instrument_items`` are the names of the items CareLab's instruments add, which expressions may
    use; pyxform is given a row for each, after the form's own rows so its row numbers stay right.
    """
    workbook = copy.deepcopy(workbook)
    items = [{"type": "text", "name": name, "label": name} for name in sorted(instrument_items)]
    workbook.survey = [*(workbook.survey or []), *items]
    try:
        form = workbook_to_json(workbook, warnings=[])
        create_survey_element_from_dict(form).to_xml(validate=False, warnings=[])
    except PyXFormError as error:
        message = str(error)
        row = error.context.get("row")
        if not isinstance(row, int):
            row_match = _PYXFORM_ROW.search(message)
            row = int(row_match.group(1)) if row_match and row_match.group(1).isdigit() else None
        where = _PYXFORM_SHEET_COLUMN.search(message)
        sheet = error.context.get("sheet") or (where.group(1) if where else SURVEY)
        column = error.context.get("column") or (where.group(2) if where else None)
        text = _PYXFORM_ROW.sub("", message).strip()
        return [Problem(sheet, row, column, f"pyxform reports: {text}")]
    except (KeyError, TypeError, ValueError, AttributeError) as error:  # pyxform's own bugs on odd input
        return [Problem(SURVEY, None, None, f"pyxform could not convert this form ({type(error).__name__}: {error}).")]
    return []


@dataclass
class _Row:
    sheet: str
    number: int
    cells: dict[str, str]

    @property
    def type(self) -> str:
        return " ".join(self.cells.get("type", "").split())

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class _Group:
    row: _Row
    children: list[_Row | _Group] = field(default_factory=list)
    repeat: bool = False

    @property
    def appearance(self) -> set[str]:
        return set(self.row.get("appearance").split())


@dataclass
class _Expression:
    row: _Row
    column: str
    text: str


def _cells(raw: dict[str, Any], aliases: dict[str, str], double_colon: bool = True) -> dict[str, str]:
    cells = {}
    for key, value in raw.items():
        text = "" if value is None else str(value).strip()
        if text:
            cells[_column(str(key), aliases, double_colon)] = text
    return cells


def _column(key: str, aliases: dict[str, str], double_colon: bool = True) -> str:
    """The column a header means: aliases resolved, and a language column as ``<column>::<language>``.

    As in pyxform, a sheet with no ``::`` header may name languages after one colon (``label:English``).
    """
    plain = aliases.get(key.strip().lower(), key.strip())
    if "::" in key:
        base, language = key.split("::", 1)
    elif not double_colon and ":" in key and key.strip().lower() not in aliases:
        base, language = key.split(":", 1)
        if "_".join(base.split()).lower() not in TRANSLATABLE_COLUMNS:
            return plain
    else:
        return plain
    base = "_".join(base.split()).lower()
    return f"{aliases.get(base, base)}::{language.strip()}"


def _language_problem(language: str) -> str | None:
    """What is wrong with a language's name, said after "The language …", or None."""
    if not language:
        return "is missing: write it after the '::', for example 'label::Cymraeg (cy)'."
    if "::" in language:
        return f"'{language}' holds '::' again: write one language after one '::', for example 'label::Cymraeg (cy)'."
    if _ODD_IN_LANGUAGE.search(language):
        return "holds an invisible control character. Type the language's name again, for example 'Cymraeg (cy)'."
    if len(language) > limits.MAX_LANGUAGE_LENGTH:
        return (
            f"is {len(language)} characters long; a language's name may have at most {limits.MAX_LANGUAGE_LENGTH}, "
            "for example 'Cymraeg (cy)'."
        )
    return None


def _split_language(column: str) -> tuple[str, str] | None:
    """(column, language) for a language column of words CareLab shows, such as ``label::Cymraeg (cy)``."""
    if "::" not in column:
        return None
    base, language = column.split("::", 1)
    return (base, language) if base in TRANSLATABLE_COLUMNS else None


class _Reader:
    def __init__(self, workbook: DefinitionData, fallback_name: str, files: Mapping[str, bytes] | None = None):
        self.workbook = workbook
        self.fallback_name = fallback_name
        self.files = {PurePath(name).name: data for name, data in (files or {}).items()}
        self.file_lists: dict[tuple[str, str, str], str] = {}  # (file, value column, label column) -> list name
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.choice_columns: dict[str, set[str]] = {}  # list name -> its columns, for choice filters
        self.expressions: list[_Expression] = []
        self.names: dict[str, _Row] = {}
        self.answers: set[str] = set()
        self.instrument_rows: dict[str, _Row] = {}  # each instrument item's name -> its section's row
        self.reported_columns: set[tuple[str, str]] = set()
        self.choice_lists: dict[str, ChoiceList] = {}
        self.languages: tuple[str, ...] = ()
        self.default_language = ""
        # Words in each language other than the default: (name, column) and (list, choice) -> words.
        self.texts: dict[str, dict[tuple[str, str], str]] = {}
        self.choice_texts: dict[str, dict[tuple[str, str], str]] = {}

    def problem(self, row: _Row | None, column: str | None, message: str, sheet: str = SURVEY) -> None:
        if row is None:
            self.problems.append(Problem(sheet, None, column, message))
        else:
            self.problems.append(Problem(row.sheet, row.number, column, message))

    def warning(self, row: _Row, column: str | None, message: str) -> None:
        """Something CareLab leaves out that does no harm: the form is imported and the team is told."""
        self.warnings.append(Problem(row.sheet, row.number, column, message))

    # -- whole form

    def read(self) -> SurveyDefinition:
        settings = self.read_settings()
        if not self.read_languages(settings):
            # Without knowing which words are in the default language, every row would be reported too.
            return SurveyDefinition(title="", id_string="")
        self.choice_lists = self.read_choices()
        sections = [section for section in self.read_sections(self.build_tree()) if section.name or section.questions]
        if not any(section.questions or section.instrument for section in sections) and not self.problems:
            self.problem(None, None, "There are no questions: the survey sheet is missing or empty.")
        self.check_expressions()
        self.check_entities()
        title = settings.get("form_title") or settings.get("form_id") or self.fallback_name
        definition = SurveyDefinition(
            title=title,
            id_string=settings.get("form_id") or self.fallback_name,
            version=settings.get("version", ""),
            sections=tuple(sections),
            choice_lists=tuple(self.choice_lists.values()),
            languages=self.languages,
            default_language=self.default_language,
            translations=tuple(
                Translation(
                    language,
                    texts=tuple(sorted((*key, words) for key, words in self.texts[language].items())),
                    choices=tuple(sorted((*key, words) for key, words in self.choice_texts[language].items())),
                )
                for language in self.languages
                if language != self.default_language
            ),
        )
        self.check_later_answers(definition)
        self.check_choice_filter_order(definition)
        return definition

    def headers(self, sheet: str) -> list[str]:
        """The sheet's column headers as written, in order."""
        found: dict[str, None] = {}
        for header in getattr(self.workbook, f"{sheet}_header", None) or []:
            found |= dict.fromkeys(str(key) for key in header)
        for raw in getattr(self.workbook, sheet, None) or []:
            found |= dict.fromkeys(str(key) for key in raw)
        return list(found)

    def rows(self, sheet: str, aliases: dict[str, str]) -> list[_Row]:
        raw_rows = getattr(self.workbook, sheet) or []
        double_colon = any("::" in header for header in self.headers(sheet))
        rows = [_Row(sheet, index + 2, _cells(raw, aliases, double_colon)) for index, raw in enumerate(raw_rows)]
        if self.languages and sheet in {SURVEY, CHOICES}:
            for row in rows:
                self.in_default_language(row)
        return rows

    # -- languages

    def read_languages(self, settings: dict[str, str]) -> bool:
        """The form's languages and its default, by pyxform's rules (see `carelab.lib.survey_languages`).

        Columns without a language are in the ``default_language`` setting's language, or pyxform's
        ``default`` one; without that setting the default is ``default`` when such columns sit beside
        language columns, and otherwise the first language (the one ODK Collect opens a form in).
        Returns False when the languages cannot be settled (a problem says why).
        """
        named: dict[str, None] = {}
        plain = False
        for sheet, aliases in ((SURVEY, _SURVEY_ALIASES), (CHOICES, _CHOICES_ALIASES)):
            headers = self.headers(sheet)
            double_colon = any("::" in header for header in headers)
            used = {column for row in self.rows(sheet, aliases) for column in row.cells}
            for header in headers:
                column = _column(header, aliases, double_colon)
                if column not in used:
                    continue
                plain = plain or column in TRANSLATABLE_COLUMNS
                split = _split_language(column)
                if split and self.language_problem(sheet, column, split[1]) is None:
                    named[split[1]] = None
        setting = settings.get(DEFAULT_LANGUAGE, "")
        if setting and (problem := _language_problem(setting)):
            self.problem(None, DEFAULT_LANGUAGE, f"The default language {problem}", sheet=SETTINGS)
            return False
        languages = list(named)
        if plain and (setting or languages):
            plain_language = setting or PYXFORM_DEFAULT
            if plain_language not in languages:
                languages.insert(0, plain_language)
        elif setting and setting not in languages and languages:
            shown = ", ".join(f"'{language}'" for language in languages)
            self.problem(
                None,
                DEFAULT_LANGUAGE,
                f"The default language is '{setting}', but no column is in it. The form's languages are {shown}: "
                "write one of them exactly as it is written after '::' in the column headers.",
                sheet=SETTINGS,
            )
            return False
        elif setting and not languages:
            languages = [setting]
        if len(languages) > limits.MAX_LANGUAGES:
            self.problem(
                None,
                None,
                f"The form has {len(languages)} languages; CareLab can show a survey in at most "
                f"{limits.MAX_LANGUAGES}. Remove the columns of the languages you do not need.",
            )
            return False
        self.languages = tuple(languages)
        self.default_language = setting or (
            PYXFORM_DEFAULT if plain and languages else languages[0] if languages else ""
        )
        for language in self.languages:
            self.texts[language] = {}
            self.choice_texts[language] = {}
        return True

    def language_problem(self, sheet: str, column: str, language: str) -> str | None:
        problem = _language_problem(language)
        if problem and (sheet, column) not in self.reported_columns:
            self.reported_columns.add((sheet, column))
            self.problems.append(Problem(sheet, 1, column, f"The language after '::' {problem}"))
        return problem

    def in_default_language(self, row: _Row) -> None:
        """Put the default language's words in the plain columns (``label``) that the rest of the reader uses."""
        for column in TRANSLATABLE_COLUMNS:
            words = row.cells.pop(f"{column}::{self.default_language}", "") or row.cells.get(column, "")
            if words:
                row.cells[column] = words

    def note_translations(self, name: str, row: _Row, columns: Iterable[str]) -> None:
        """Keep the words of ``row`` in each other language, under ``name``; their ``${name}``s are checked."""
        for language in self.languages:
            if language == self.default_language:
                continue
            for column in columns:
                words = row.get(f"{column}::{language}")
                if words and name:
                    self.texts[language][(name, column)] = words
                    self.expressions.append(_Expression(row, f"{column}::{language}", words))

    def in_default(self) -> str:
        """How messages about missing words name the default language, in a form with several."""
        if len(self.languages) < 2:
            return ""
        return f" in '{self.default_language}', the form's default language (other languages fall back to it)"

    def read_settings(self) -> dict[str, str]:
        rows = [row for row in self.rows(SETTINGS, _SETTINGS_ALIASES) if row.cells]
        if not rows:
            return {}
        for column, message in _UNSUPPORTED_SETTINGS.items():
            if rows[0].get(column):
                self.problem(rows[0], column, message)
        return rows[0].cells

    def check_entities(self) -> None:
        """ODK entities (an entities sheet) save answers to shared lists; CareLab has no such lists."""
        rows = [row for row in self.rows(ENTITIES, {}) if row.cells]
        if rows:
            self.problem(rows[0], None, "CareLab does not support entities. Remove the entities sheet.", sheet=ENTITIES)

    def read_choices(self) -> dict[str, ChoiceList]:
        lists: dict[str, list[Choice]] = {}
        seen: dict[tuple[str, str], _Row] = {}
        for row in self.rows(CHOICES, _CHOICES_ALIASES):
            if not row.cells:
                continue
            self.check_unsupported_columns(row)
            list_name, name, label = row.get("list_name"), row.get("name"), row.get("label")
            for column, value in (("list_name", list_name), ("name", name), ("label", label)):
                if not value:
                    words = self.in_default() if column == "label" else ""
                    self.problem(row, column, f"Every choice needs a {column.replace('_', ' ')}{words}.")
            if not (list_name and name):
                continue
            if (list_name, name) in seen:
                earlier = seen[(list_name, name)].number
                self.problem(
                    row, "name", f"The list '{list_name}' already has a choice named '{name}' (row {earlier})."
                )
                continue
            seen[(list_name, name)] = row
            filters = tuple((column, value) for column, value in row.cells.items() if _is_filter_column(column))
            self.choice_columns.setdefault(list_name, {"name", "label"}).update(column for column, _ in filters)
            lists.setdefault(list_name, []).append(Choice(name, label, filters))
            for language in self.languages:
                if language != self.default_language and (words := row.get(f"label::{language}")):
                    self.choice_texts[language][(list_name, name)] = words
        # Every choice of a list carries every filter column, blank where its cell is.
        for list_name, choices in lists.items():
            columns = sorted(self.choice_columns[list_name] - {"name", "label"})
            lists[list_name] = [
                Choice(
                    choice.name,
                    choice.label,
                    tuple((column, dict(choice.filters).get(column, "")) for column in columns),
                )
                if columns
                else choice
                for choice in choices
            ]
        return {name: ChoiceList(name, tuple(choices)) for name, choices in lists.items()}

    def check_unsupported_columns(self, row: _Row) -> None:
        for column in row.cells:
            if (row.sheet, column) in self.reported_columns:
                continue
            base = column.split("::", 1)[0].lower()
            if base in _MEDIA_COLUMNS or base in _IGNORED_COLUMNS:
                self.check_media_or_ignored_column(row, column, base)
                continue
            if _split_language(column):
                continue  # a language column: read by read_languages
            if "::" in column or column.lower() in _UNSUPPORTED_COLUMNS:
                message = "CareLab does not support this column; remove it or leave it empty."
            else:
                continue
            self.reported_columns.add((row.sheet, column))
            self.problem(row, column, message)

    def check_media_or_ignored_column(self, row: _Row, column: str, base: str) -> None:
        """Pictures, sounds and videos: refused on a question, left out with a warning on a choice."""
        self.reported_columns.add((row.sheet, column))
        if base in _IGNORED_COLUMNS:
            self.warning(row, column, "CareLab leaves this column out: it only changes how ODK Collect shows a form.")
        elif row.sheet == CHOICES:
            self.warning(
                row,
                column,
                "CareLab shows choices as words only: the pictures, sounds or videos in this column are left out.",
            )
        else:
            self.problem(
                row,
                column,
                "CareLab does not show pictures, sounds or videos with questions. Put what people need to "
                "know into the label or hint, and remove this column.",
            )

    # -- structure

    def build_tree(self) -> list[_Row | _Group]:
        root: list[_Row | _Group] = []
        stack: list[_Group] = []
        for row in self.rows(SURVEY, _SURVEY_ALIASES):
            if not row.cells:
                continue
            self.check_unsupported_columns(row)
            kind = row.type.lower()
            children = stack[-1].children if stack else root
            if kind in _BEGIN_GROUP or kind in _BEGIN_REPEAT:
                group = _Group(row, repeat=kind in _BEGIN_REPEAT)
                if group.repeat:
                    self.problem(row, "type", "CareLab does not support repeats (begin_repeat).")
                children.append(group)
                stack.append(group)
            elif kind in _END_GROUP or kind in _END_REPEAT:
                closes_repeat = kind in _END_REPEAT
                if not stack:
                    self.problem(row, "type", f"There is no group open for this {row.type} to close.")
                elif stack[-1].repeat != closes_repeat:
                    opened = stack[-1].row
                    self.problem(
                        row, "type", f"This {row.type} does not match the {opened.type} on row {opened.number}."
                    )
                    stack.pop()
                else:
                    stack.pop()
            elif not row.type:
                self.problem(row, "type", "This row has no type.")
            else:
                children.append(row)
        for group in stack:
            self.problem(group.row, "type", f"This {group.row.type} has no matching end.")
        return root

    def read_sections(self, tree: list[_Row | _Group]) -> list[Section]:
        sections: list[Section] = []
        loose: list[_Row | _Group] = []

        def close_loose_run() -> None:
            if loose:
                sections.append(Section(name="", questions=tuple(self.read_questions(loose))))
                loose.clear()

        for node in tree:
            # At the top level only a table-list group is a grid; any other group is a page.
            if isinstance(node, _Group) and not node.repeat and "table-list" not in node.appearance:
                close_loose_run()
                section = self.read_section(node)
                if section:
                    sections.append(section)
            else:
                loose.append(node)
        close_loose_run()
        return sections

    def read_section(self, group: _Group) -> Section | None:
        row = group.row
        self.check_columns(row, _SECTION_COLUMNS, "a section (a group)")
        self.claim_name(row, answer=False)
        self.note_expressions(row, ("relevant", "label", "hint"))
        self.note_translations(row.get("name"), row, ("label", "hint"))
        instrument = None
        if row.get(INSTRUMENT_COLUMN):
            match = _INSTRUMENT.match(row.get(INSTRUMENT_COLUMN))
            if not match:
                self.problem(
                    row,
                    INSTRUMENT_COLUMN,
                    "Give the instrument as its id and version joined by '@', for example 'phq8@1.0'.",
                )
            else:
                instrument = InstrumentRef(match["id"], match["version"])
                with suppress(UnknownInstrumentError):  # reported when the survey is stored
                    for item in get_instrument(*instrument).items:
                        self.instrument_rows.setdefault(item.id, row)
                        self.answers.add(item.id)
            if group.children:
                first = group.children[0]
                first_row = first.row if isinstance(first, _Group) else first
                self.problem(
                    first_row,
                    "type",
                    "An instrument section takes its questions from CareLab's instrument registry; "
                    "leave its group empty.",
                )
                return None
        return Section(
            name=row.get("name"),
            title=row.get("label"),
            intro=row.get("hint"),
            relevant=row.get("relevant"),
            questions=tuple(self.read_questions(group.children)),
            instrument=instrument,
        )

    def read_questions(self, nodes: list[_Row | _Group]) -> list[Question]:
        questions: list[Question] = []
        index = 0
        while index < len(nodes):
            node = nodes[index]
            index += 1
            if isinstance(node, _Group):
                if node.repeat:
                    continue  # already reported; its contents are not CareLab's to read
                if self.is_grid_group(node):
                    for inner in node.children:
                        if isinstance(inner, _Group):
                            self.problem(inner.row, "type", "A grid cannot contain a group.")
                    questions.append(self.read_grid(node, [n for n in node.children if isinstance(n, _Row)]))
                else:
                    self.problem(
                        node.row,
                        "type",
                        "CareLab does not support groups inside a section, except a grid (appearance 'table-list').",
                    )
                continue
            if _appearance(node) == {"label"} and _select(node):
                run = [node]
                while (
                    index < len(nodes)
                    and isinstance(nodes[index], _Row)
                    and _appearance(nodes[index]) == {"list-nolabel"}
                ):
                    run.append(nodes[index])
                    index += 1
                questions.append(self.read_grid(None, run))
                continue
            question = self.read_question(node)
            if question is None:
                continue
            following = nodes[index] if index < len(nodes) else None
            select = _select(node)
            spelled_out = question.other_option and select is not None and not select[2]
            if spelled_out and isinstance(following, _Row) and _is_other_text(following, question):
                index += 1  # the XLSForm spelling of "please say"; CareLab keeps it as <name>_other
            questions.append(question)
        return questions

    def is_grid_group(self, group: _Group) -> bool:
        if "table-list" in group.appearance:
            return True
        rows = [node for node in group.children if isinstance(node, _Row)]
        return (
            len(rows) == len(group.children) >= 2
            and _appearance(rows[0]) == {"label"}
            and all(_appearance(row) == {"list-nolabel"} for row in rows[1:])
        )

    # -- questions

    def read_question(self, row: _Row) -> Question | None:
        kind_text = row.type
        if kind_text.lower() in _IGNORED_TYPES:
            return None
        if kind_text.lower() in _METADATA_TYPES:
            self.warning(row, "type", f"CareLab does not record '{kind_text}', so this row is left out.")
            return None
        if kind_text.lower() in _REFUSED_TYPES:
            self.problem(
                row,
                "type",
                f"CareLab cannot ask for {_REFUSED_TYPES[kind_text.lower()]}: it collects only words, numbers, "
                "dates, times and choices. Remove this question.",
            )
            return None
        from_file = _FROM_FILE.match(kind_text)
        rank = _RANK.match(kind_text)
        select = self.file_select(row, from_file) if from_file else _select(row)
        if rank:
            kind = QuestionKind.RANK
            select = ("rank", rank["list"], False)
        elif select:
            kind = QuestionKind.SINGLE_CHOICE if select[0] == "one" else QuestionKind.MULTIPLE_CHOICE
        elif from_file:
            return None  # the file's problem is reported
        elif kind_text.lower() in _SIMPLE_TYPES:
            kind = _SIMPLE_TYPES[kind_text.lower()]
        else:
            self.problem(row, "type", f"CareLab does not support '{kind_text}' questions.")
            return None

        self.check_columns(row, _COLUMNS_BY_KIND[kind], f"a '{kind_text.split()[0]}' question")
        if kind.is_answered and not row.get("label"):
            self.problem(row, "label", f"This question needs a label{self.in_default()}: the words a person answers.")
        elif kind is QuestionKind.INFORMATION and not (row.get("label") or row.get("hint")):
            self.problem(row, "label", "This information row has no text.")
        name = self.claim_name(row)
        self.note_expressions(row, ("relevant", "constraint", "calculation", "label", "hint"))
        self.note_translations(name, row, TRANSLATABLE_COLUMNS)
        appearance = row.get("appearance").split()
        other_option = False
        choices_list = ""
        if select:
            choices_list = select[1]
            choice_list = self.choice_lists.get(choices_list)
            if choice_list is None:
                self.problem(row, "type", f"There is no choice list named '{choices_list}' on the choices sheet.")
            other_option = kind is not QuestionKind.RANK and (
                select[2] or bool(choice_list and choice_list.choice(OTHER_CHOICE_NAME))
            )
            if other_option:
                # Reserved, but not for expressions: pyxform does not let them refer to it.
                self.claim_name(row, f"{name}{OTHER_ANSWER_SUFFIX}", answer=False)
        if kind is QuestionKind.SHORT_TEXT and "multiline" in appearance:
            kind = QuestionKind.LONG_TEXT
            appearance = [word for word in appearance if word != "multiline"]
        if kind is QuestionKind.CALCULATE and not row.get("calculation"):
            self.problem(row, "calculation", "A calculate row needs a calculation.")
        if kind.uses_choices and row.get("choice_filter"):
            self.check_choice_filter(row, choices_list)
        self.check_appearance(row, kind, appearance)
        read_only = self.required(row, "read_only") if kind.is_answered else False
        if kind.is_answered and row.get("default"):
            self.check_default(row, kind, choices_list)
        return Question(
            kind=kind,
            name=name,
            label=row.get("label"),
            hint=row.get("hint"),
            # Left out (with a warning) where nobody answers: a note, a calculation.
            required=self.required(row) if kind.is_answered else False,
            required_message=row.get("required_message") if kind.is_answered else "",
            relevant=row.get("relevant"),
            constraint=row.get("constraint"),
            constraint_message=row.get("constraint_message") if kind.is_answered else "",
            calculation=row.get("calculation"),
            choices_list=choices_list,
            other_option=other_option,
            appearance=" ".join(appearance),
            scale=self.scale(row) if kind is QuestionKind.SCALE else None,
            default=row.get("default") if kind.is_answered else "",
            choice_filter=row.get("choice_filter") if kind.uses_choices else "",
            read_only=read_only,
        )

    def file_select(self, row: _Row, match: re.Match[str]) -> tuple[str, str, bool] | None:
        """``select_one_from_file towns.csv``: the file's choices become a list of the form's own."""
        filename = match["file"]
        word = "one" if match["word"] == "select_one_from_file" else "multiple"
        if not filename.lower().endswith(CHOICE_FILE_SUFFIX):
            self.problem(row, "type", f"CareLab reads choices from .csv files only, not '{filename}'.")
            return None
        parameters = dict(_PARAMETER.findall(row.get("parameters")))
        value_column, label_column = parameters.pop("value", "name"), parameters.pop("label", "label")
        key = (filename, value_column, label_column)
        if key in self.file_lists:
            return word, self.file_lists[key], False
        data = self.files.get(filename)
        if data is None:
            self.problem(
                row,
                "type",
                f"This question takes its choices from '{filename}'. Upload that file with the form, in "
                "'Files the form uses'.",
            )
            return None
        try:
            choices = read_choice_file(data, filename, value_column, label_column)
        except ChoiceFileError as error:
            self.problem(row, "type", str(error))
            return None
        # A list of the form's own, named after the file, so an exported form needs no extra file.
        stem = re.sub(r"\W", "_", PurePath(filename).stem) or "file"
        list_name = stem if _NAME.match(stem) else f"file_{stem}"
        while list_name in self.choice_lists:
            list_name = f"{list_name}_csv"
        self.choice_lists[list_name] = ChoiceList(list_name, tuple(choices))
        self.choice_columns[list_name] = {"name", "label", *(column for column, _ in choices[0].filters)}
        self.file_lists[key] = list_name
        return word, list_name, False

    def check_choice_filter(self, row: _Row, choices_list: str) -> None:
        columns = self.choice_columns.get(choices_list, {"name", "label"})
        try:
            choice_filter = parse_choice_filter(row.get("choice_filter"), columns)
        except ExpressionError as error:
            self.problem(row, "choice_filter", f"This choice filter cannot be read: {error}.")
            return
        for reference in sorted(choice_filter.references):
            self.expressions.append(_Expression(row, "choice_filter", f"${{{reference}}}"))

    def check_appearance(self, row: _Row, kind: QuestionKind, appearance: list[str]) -> None:
        """Warn of each appearance CareLab does not honour; all are kept, so an exported form gives them back."""
        honoured = _HONOURED_APPEARANCES.get(kind, frozenset())
        for word in appearance:
            if not (word in honoured or (kind.uses_choices and _COLUMNS_APPEARANCE.match(word))):
                self.warning(
                    row,
                    "appearance",
                    f"CareLab does not use the appearance '{word}' here, so the question is shown in CareLab's "
                    "usual way.",
                )

    def check_default(self, row: _Row, kind: QuestionKind, choices_list: str) -> None:
        """A default is the answer shown to start with: it must be one the question could be given."""
        default = row.get("default")
        if "${" in default or "(" in default:
            self.problem(
                row,
                "default",
                "CareLab takes a default that is a value, not a calculation; use the 'calculation' column to work "
                "out an answer from others.",
            )
            return
        if not default_is_valid(kind, default, self.choice_lists.get(choices_list)):
            self.problem(
                row, "default", f"'{default}' cannot be an answer to this {kind.value.replace('_', ' ')} question."
            )

    def read_grid(self, group: _Group | None, rows: list[_Row]) -> Question:
        """A grid from a table-list group, or from a heading row (appearance 'label') and its statements."""
        heading = rows[0] if rows and _appearance(rows[0]) == {"label"} else None
        statement_rows = rows[1:] if heading else rows
        if group is not None:
            self.check_columns(group.row, _BASE_COLUMNS, "a grid (a table-list group)")
            self.note_expressions(group.row, ("relevant", "label", "hint"))
            self.claim_name(group.row, answer=False)
        if heading is not None:
            self.check_columns(heading, _GRID_HEADING_COLUMNS, "a grid's heading row")
            self.claim_name(heading, answer=False)
        where = group.row if group is not None else rows[0]

        choices_list = ""
        for row in rows:
            select = _select(row)
            if not select or select[0] != "one" or select[2]:
                self.problem(row, "type", "Every row of a grid must be 'select_one <list>' (no 'or_other').")
            elif not choices_list:
                choices_list = select[1]
            elif select[1] != choices_list:
                self.problem(row, "type", f"Every row of a grid must use the same choice list ('{choices_list}').")
        if choices_list and choices_list not in self.choice_lists:
            self.problem(where, "type", f"There is no choice list named '{choices_list}' on the choices sheet.")
        if not statement_rows:
            self.problem(where, "type", "This grid has no statements.")

        statements = []
        for row in statement_rows:
            self.check_columns(row, _STATEMENT_COLUMNS, "a grid statement")
            if _appearance(row) - {"list-nolabel"}:
                self.problem(row, "appearance", "A grid statement takes no appearance other than 'list-nolabel'.")
            self.note_expressions(row, ("label",))
            self.note_translations(row.get("name"), row, ("label",))
            if not row.get("label"):
                self.problem(row, "label", f"Each statement in a grid needs a label{self.in_default()}.")
            statements.append(Statement(self.claim_name(row), row.get("label")))
        required = {self.required(row) for row in statement_rows}
        messages = {row.get("required_message") for row in statement_rows}
        if len(required) > 1 or len(messages) > 1:
            self.problem(where, "required", "Statements in a grid must all be required, or none, with one message.")

        name_row = group.row if group is not None else rows[0]
        for words_row in (heading, group.row if group is not None else None):  # the group's words come first
            if words_row is not None:
                self.note_translations(name_row.get("name"), words_row, ("label", "hint"))
        if statement_rows:
            self.note_translations(name_row.get("name"), statement_rows[0], ("required_message",))
        label = (group.row.get("label") if group is not None else "") or (heading.get("label") if heading else "")
        hint = (group.row.get("hint") if group is not None else "") or (heading.get("hint") if heading else "")
        return Question(
            kind=QuestionKind.GRID,
            name=name_row.get("name"),
            label=label,
            hint=hint,
            required=required == {True},
            required_message=messages.pop() if len(messages) == 1 else "",
            relevant=group.row.get("relevant") if group is not None else "",
            choices_list=choices_list,
            statements=tuple(statements),
        )

    def required(self, row: _Row, column: str = "required") -> bool:
        value = row.get(column)
        if not value:
            return False
        if value.lower() in _YES_NO:
            return _YES_NO[value.lower()]
        self.problem(row, column, f"Use 'yes' or 'no'; CareLab does not support conditions on '{column}'.")
        return False

    def scale(self, row: _Row) -> Scale:
        parameters = dict(_PARAMETER.findall(row.get("parameters")))
        values = {}
        for key, default in (("start", "1"), ("end", "10"), ("step", "1")):  # pyxform's defaults
            text = parameters.pop(key, default)
            try:
                values[key] = int(text)
            except ValueError:
                self.problem(row, "parameters", f"CareLab scales use whole numbers; '{key}={text}' is not one.")
                values[key] = int(default)
        if parameters:
            unknown = ", ".join(sorted(parameters))
            self.problem(row, "parameters", f"CareLab scales take only start, end and step, not {unknown}.")
        if values["step"] != 1 or not 1 <= values["end"] - values["start"] <= 10:
            self.problem(
                row,
                "parameters",
                "CareLab scales count up in ones over at most 11 points, for example 'start=0 end=10 step=1'.",
            )
        return Scale(values["start"], values["end"], row.get(MIN_LABEL_COLUMN), row.get(MAX_LABEL_COLUMN))

    # -- names and expressions

    def claim_name(self, row: _Row, name: str | None = None, *, answer: bool = True) -> str:
        """Check that ``name`` (the row's by default) is given and unused; answers may be referred to."""
        name = name if name is not None else row.get("name")
        if not name:
            self.problem(row, "name", "This row needs a name.")
            return ""
        if not _NAME.match(name):
            self.problem(
                row,
                "name",
                f"'{name}' cannot be a name: start with a letter or underscore, "
                "then use only letters, digits, underscores, hyphens or full stops.",
            )
        earlier = self.names.get(name)
        if earlier is not None:
            self.problem(row, "name", f"The name '{name}' is already used on row {earlier.number}.")
        else:
            self.names[name] = row
        if answer:
            self.answers.add(name)
        return name

    def check_columns(self, row: _Row, allowed: Iterable[str], what: str) -> None:
        allowed = set(allowed)
        for column in row.cells:
            if column in _SURVEY_COLUMNS and column not in allowed:
                if column in _HARMLESS_COLUMNS:
                    self.warning(row, column, f"CareLab does not use '{column}' on {what}, so it is left out.")
                else:
                    self.problem(row, column, f"CareLab does not use '{column}' on {what}.")

    def note_expressions(self, row: _Row, columns: Iterable[str]) -> None:
        for column in columns:
            if row.get(column):
                self.expressions.append(_Expression(row, column, row.get(column)))

    def check_expressions(self) -> None:
        """Parse each condition, constraint and calculation; check every ``${name}`` is an answer.

        Labels and hints may pipe answers in with ``${name}`` but are not expressions,
        so only their references are checked.
        """
        for expression in self.expressions:
            if expression.column in _EXPRESSION_COLUMNS:
                try:
                    references = parse(expression.text).references
                except ExpressionError as error:
                    self.problem(expression.row, expression.column, f"This expression cannot be read: {error}.")
                    continue
            else:
                references = frozenset(_REFERENCE.findall(expression.text))
            for reference in sorted(references - self.answers):
                self.problem(expression.row, expression.column, f"There is no question named '{reference}'.")

    def check_later_answers(self, definition: SurveyDefinition) -> None:
        """Refuse expressions that use answers not known when CareLab works them out (`later_answers`)."""
        calculations = {question.name for question in definition.questions() if question.kind is QuestionKind.CALCULATE}
        for later, reason in sorted(later_answer_reasons(definition).items()):
            row = self.names.get(later.owner)
            if row is not None:
                self.problem(row, later.column, self.later_answer_message(later, reason, calculations))

    def check_choice_filter_order(self, definition: SurveyDefinition) -> None:
        """A choice filter is worked out as its page is drawn or saved, so a later page's answer is not known."""
        places = answer_places(definition)
        for page, section in enumerate(definition.sections):
            for question in section.questions:
                if not question.choice_filter:
                    continue
                row = self.names.get(question.name)
                columns = self.choice_columns.get(question.choices_list, {"name", "label"})
                try:
                    references = parse_choice_filter(question.choice_filter, columns).references
                except ExpressionError:
                    continue  # reported where it is read
                for name in sorted(references):
                    place = places.get(name)
                    later = place is not None and (place.page > page or (place.calculated and place.page == page))
                    if row is not None and later:
                        when = "on a later page" if place.page > page else "only once this page is saved"
                        self.problem(
                            row,
                            "choice_filter",
                            f"This choice filter uses ${{{name}}}, which is known {when} (row {self.row_of(name)}). "
                            "A choice filter can only use answers given on its own page or earlier ones.",
                        )

    def row_of(self, name: str) -> int | str:
        row = self.names.get(name) or self.instrument_rows.get(name)
        return row.number if row is not None else "?"

    def later_answer_message(self, later: LaterAnswer, reason: Reason, calculations: set[str]) -> str:
        where, owner, name = later
        word = _EXPRESSION_WORDS[later.column]
        this = "This section's condition" if where == "section" else f"This {word}"
        uses = f"{this} uses ${{{name}}}"
        if reason.calculation_too_late and owner in calculations:
            return (
                f"{uses}, a calculation that is not worked out before it (row {self.row_of(name)}). Calculations are "
                "worked out in the order of their rows, so a calculation can only use calculations on rows above it."
            )
        if reason.calculation_too_late:
            return (
                f"{uses}, a calculation on the same page (row {self.row_of(name)}) that is worked out only once the "
                f"page is saved. A question's {word} can only use calculations from earlier pages."
            )
        if reason.answer != name:
            if where == "section":
                place, rule = "in this section or a later one", "A section's condition"
            else:
                place = "on the same page" if reason.same_page else "on a later page"
                rule = f"A question's {word}"
            return (
                f"{uses} (row {self.row_of(name)}), which is worked out from ${{{reason.answer}}}, asked {place} "
                f"(row {self.row_of(reason.answer)}). {rule} can only use calculations worked out from earlier pages."
            )
        verb = "worked out" if name in calculations else "asked"
        if where == "section":
            place = "in this section" if reason.same_page else "in a later section"
            return (
                f"{uses}, which is {verb} {place} (row {self.row_of(name)}). "
                "A section's condition can only use answers from earlier sections."
            )
        return (
            f"{uses}, which is {verb} on a later page (row {self.row_of(name)}). Each top-level group is one page, "
            f"and a question's {word} can only use answers from its own page or earlier ones."
        )


def _is_filter_column(column: str) -> bool:
    """A choices sheet's own column, which a choice filter may use (not a translation or a picture)."""
    base = column.split("::", 1)[0].lower()
    return "::" not in column and column not in {"list_name", "name", "label"} and base not in _MEDIA_COLUMNS


_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?([+-]\d\d:\d\d|Z)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def default_is_valid(kind: QuestionKind, default: str, choice_list: ChoiceList | None) -> bool:
    """Whether ``default`` is an answer a question of ``kind`` could be given (XForm's spelling)."""
    if kind in {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE, QuestionKind.RANK}:
        names = default.split() if kind is not QuestionKind.SINGLE_CHOICE else [default]
        return choice_list is not None and all(choice_list.choice(name) for name in names)
    if kind in {QuestionKind.WHOLE_NUMBER, QuestionKind.SCALE}:
        return re.fullmatch(r"[+-]?\d{1,12}", default) is not None
    if kind is QuestionKind.DECIMAL:
        return re.fullmatch(r"[+-]?(\d{1,12}(\.\d{0,6})?|\.\d{1,6})", default) is not None
    if kind is QuestionKind.TIME:
        return _TIME.match(default) is not None
    if kind in {QuestionKind.DATE, QuestionKind.DATETIME}:
        day, _, time = default.partition("T")
        try:
            date.fromisoformat(day)
        except ValueError:
            return False
        return (
            _DATE.match(day) is not None
            and (kind is QuestionKind.DATETIME or not time)
            and (not time or _TIME.match(time) is not None)
        )
    return True


def _appearance(row: _Row) -> set[str]:
    return set(row.get("appearance").split())


def _select(row: _Row) -> tuple[str, str, bool] | None:
    """("one" or "multiple", list name, or_other) for a select row, else None."""
    match = _SELECT.match(row.type)
    if not match:
        return None
    word = "one" if match["word"] in {"select_one", "select one", "select1"} else "multiple"
    return word, match["list"], bool(match["other"])


def _is_other_text(row: _Row, question: Question) -> bool:
    """Whether ``row`` is the hand-written "please say" text question for ``question``."""
    relevant = re.sub(r"\s+", "", row.get("relevant")).replace('"', "'")
    return (
        row.type.lower() in {"text", "string"}
        and row.get("name") == f"{question.name}{OTHER_ANSWER_SUFFIX}"
        and relevant in {f"selected(${{{question.name}}},'other')", f"${{{question.name}}}='other'"}
    )


# ---------------------------------------------------------------------------
# Writing

_SURVEY_HEADER = (
    "type",
    "name",
    "label",
    "hint",
    "required",
    "required_message",
    "relevant",
    "constraint",
    "constraint_message",
    "calculation",
    "read_only",
    "default",
    "choice_filter",
    "appearance",
    "parameters",
    MIN_LABEL_COLUMN,
    MAX_LABEL_COLUMN,
    INSTRUMENT_COLUMN,
)
_WRITTEN_TYPES = {
    QuestionKind.SHORT_TEXT: "text",
    QuestionKind.LONG_TEXT: "text",
    QuestionKind.WHOLE_NUMBER: "integer",
    QuestionKind.DECIMAL: "decimal",
    QuestionKind.DATE: "date",
    QuestionKind.SCALE: "range",
    QuestionKind.INFORMATION: "note",
    QuestionKind.CALCULATE: "calculate",
    QuestionKind.TIME: "time",
    QuestionKind.DATETIME: "dateTime",
}


def write_xlsform(definition: SurveyDefinition) -> bytes:
    """Write ``definition`` as an .xlsx XLSForm that `read_xlsform` reads back to an equal definition.

    Every cell is written as text, so a label such as ``=HYPERLINK(...)`` stays
    words and never becomes a spreadsheet formula. Raises ``ValueError`` for a
    definition XLSForm cannot express (see `_check_writable`).
    """
    _check_writable(definition)
    survey_rows: list[dict[str, str]] = []
    for section in definition.sections:
        if section.name:
            survey_rows.append(
                {
                    "type": "begin_group",
                    "name": section.name,
                    "label": section.title,
                    "hint": section.intro,
                    "relevant": section.relevant,
                    "appearance": "field-list",
                    INSTRUMENT_COLUMN: str(section.instrument) if section.instrument else "",
                }
            )
        for question in section.questions:
            survey_rows.extend(_question_rows(definition, question))
        if section.name:
            survey_rows.append({"type": "end_group", "name": section.name})

    choice_rows = [
        {"list_name": choice_list.name, "name": choice.name, "label": choice.label, **dict(choice.filters)}
        for choice_list in definition.choice_lists
        for choice in choice_list.choices
    ]
    filter_columns = sorted({column for row in choice_rows for column in row} - {"list_name", "name", "label"})
    settings_rows = [{"form_title": definition.title, "form_id": definition.id_string, "version": definition.version}]
    survey_header, choices_header = _SURVEY_HEADER, ("list_name", "name", "label", *filter_columns)
    settings_header: tuple[str, ...] = ("form_title", "form_id", "version")
    if definition.languages:
        survey_rows, choice_rows = _in_languages(definition, survey_rows, choice_rows)
        survey_header, choices_header = (
            _language_header(definition, survey_header),
            _language_header(definition, choices_header),
        )
        settings_rows[0][DEFAULT_LANGUAGE] = definition.default_language
        settings_header = (*settings_header, DEFAULT_LANGUAGE)

    workbook = Workbook()
    workbook.remove(workbook.active)
    _add_sheet(workbook, SURVEY, survey_header, survey_rows)
    _add_sheet(workbook, CHOICES, choices_header, choice_rows, keep=filter_columns)
    _add_sheet(workbook, SETTINGS, settings_header, settings_rows)
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def _question_rows(definition: SurveyDefinition, question: Question) -> list[dict[str, str]]:
    common = {
        "name": question.name,
        "label": question.label,
        "hint": question.hint,
        "relevant": question.relevant,
    }
    answer = {
        "required": "yes" if question.required else "",
        "required_message": question.required_message,
        "constraint": question.constraint,
        "constraint_message": question.constraint_message,
        "default": question.default,
        "calculation": question.calculation,
        "read_only": "yes" if question.read_only else "",
    }
    kind = question.kind
    if kind is QuestionKind.GRID:
        statement_rows = [
            {
                "type": f"select_one {question.choices_list}",
                "name": statement.name,
                "label": statement.label,
                "required": answer["required"],
                "required_message": question.required_message,
            }
            for statement in question.statements
        ]
        return [
            {"type": "begin_group", **common, "appearance": "table-list"},
            *statement_rows,
            {"type": "end_group", "name": question.name},
        ]
    if kind is QuestionKind.RANK:
        row = {"type": f"rank {question.choices_list}", **common, **answer, "choice_filter": question.choice_filter}
        return [row | {"appearance": question.appearance}]
    if kind in {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE}:
        word = "select_one" if kind is QuestionKind.SINGLE_CHOICE else "select_multiple"
        list_has_other = _list_has_other(definition, question.choices_list)
        or_other = " or_other" if question.other_option and not list_has_other else ""
        rows = [
            {
                "type": f"{word} {question.choices_list}{or_other}",
                **common,
                **answer,
                "choice_filter": question.choice_filter,
            }
        ]
        rows[0]["appearance"] = question.appearance
        if question.other_option and list_has_other:
            rows.append(
                {
                    "type": "text",
                    "name": f"{question.name}{OTHER_ANSWER_SUFFIX}",
                    "label": OTHER_CHOICE_LABEL,
                    "relevant": f"selected(${{{question.name}}}, '{OTHER_CHOICE_NAME}')",
                }
            )
        return rows
    row = {"type": _WRITTEN_TYPES[kind], **common}
    if kind.is_answered:
        row |= answer
    appearance = question.appearance
    if kind is QuestionKind.LONG_TEXT:
        appearance = f"multiline {appearance}".strip()
    row["appearance"] = appearance
    row["calculation"] = question.calculation
    if kind is QuestionKind.SCALE:
        scale = question.scale or Scale()
        row |= {
            "parameters": f"start={scale.min} end={scale.max} step=1",
            MIN_LABEL_COLUMN: scale.min_label,
            MAX_LABEL_COLUMN: scale.max_label,
        }
    return [row]


def _language_header(definition: SurveyDefinition, header: Iterable[str]) -> tuple[str, ...]:
    """Each column of words once per language (``label::English (en)``, ``label::Cymraeg (cy)``), in place."""
    return tuple(
        language_column
        for column in header
        for language_column in (
            [f"{column}::{language}" for language in definition.languages]
            if column in TRANSLATABLE_COLUMNS
            else [column]
        )
    )


def _in_languages(
    definition: SurveyDefinition, survey_rows: list[dict[str, str]], choice_rows: list[dict[str, str]]
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The rows with the default language's words under its own columns, and each other language's beside them.

    Every language is written after '::', the pyxform ``default`` language too (as ``label::default``),
    so the form reads back with the same languages whichever is the default.
    """
    grid_of = {
        statement.name: question.name for question in definition.questions() for statement in question.statements
    }
    survey_out = []
    for row in survey_rows:
        out = {column: words for column, words in row.items() if column not in TRANSLATABLE_COLUMNS}
        for column in TRANSLATABLE_COLUMNS:
            if row.get(column):
                out[f"{column}::{definition.default_language}"] = row[column]
        name = row.get("name", "")
        for translation in definition.translations:
            for column in TRANSLATABLE_COLUMNS:
                owner = grid_of.get(name, name) if column == "required_message" else name
                # Only where the row has the column: an end_group row shares its group's name.
                if column in row and (words := translation.text_for.get((owner, column))):
                    out[f"{column}::{translation.language}"] = words
        survey_out.append(out)
    choices_out = []
    for row in choice_rows:
        out = {
            "list_name": row["list_name"],
            "name": row["name"],
            f"label::{definition.default_language}": row["label"],
        }
        for translation in definition.translations:
            if words := translation.choice_label_for.get((row["list_name"], row["name"])):
                out[f"label::{translation.language}"] = words
        choices_out.append(out)
    return survey_out, choices_out


def _list_has_other(definition: SurveyDefinition, list_name: str) -> bool:
    choice_list = definition.choice_list(list_name)
    return bool(choice_list and choice_list.choice(OTHER_CHOICE_NAME))


def _check_writable(definition: SurveyDefinition) -> None:
    """Refuse definitions whose XLSForm would read back as something else."""
    previous_unnamed = False
    for section in definition.sections:
        unnamed = not section.name
        if unnamed and (section.title or section.intro or section.relevant or section.instrument):
            raise ValueError("A section without a name cannot have a title, intro, condition or instrument.")
        if unnamed and previous_unnamed:
            raise ValueError("Two sections without a name in a row would be read back as one.")
        if section.instrument and section.questions:
            raise ValueError(f"Instrument section '{section.name}' takes its questions from the registry.")
        previous_unnamed = unnamed
        for question in section.questions:
            if (
                question.kind in {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE}
                and _list_has_other(definition, question.choices_list)
                and not question.other_option
            ):
                raise ValueError(
                    f"Question '{question.name}' uses a list with a choice named 'other', "
                    "which XLSForm reads as 'Other, please say': set other_option."
                )


def _add_sheet(
    workbook: Workbook, title: str, header: Iterable[str], rows: list[dict[str, str]], keep: Iterable[str] = ()
) -> None:
    # Label columns are kept even when empty, so a form keeps every one of its languages.
    always = {"type", "name", "label", "list_name", *keep}
    used = [column for column in header if column in always or column.startswith("label::") or _used(column, rows)]
    sheet = workbook.create_sheet(title)
    for column_number, column in enumerate(used, start=1):
        _text_cell(sheet, 1, column_number, column)
    for row_number, row in enumerate(rows, start=2):
        for column_number, column in enumerate(used, start=1):
            if row.get(column):
                _text_cell(sheet, row_number, column_number, row[column])


def _used(column: str, rows: list[dict[str, str]]) -> bool:
    return any(row.get(column) for row in rows)


def _text_cell(sheet: Any, row: int, column: int, value: str) -> None:
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    # openpyxl turns any str starting with "=" into a formula; text must stay text.
    cell.data_type = "s"
