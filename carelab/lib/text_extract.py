"""What an uploaded attachment really is (PDF, Word .docx or plain text), and the text in it.

`file_kind` judges a file by its bytes, not its name, and refuses anything else with a message a person
can act on; the name must agree with the content. `extract_text` reads the words, within limits that
keep a hostile file (a zip bomb, an XML entity bomb, a PDF of a million pages) from costing more than
a normal one. Both raise `UnreadableFile`, whose text is shown to the person as it is.
"""

import codecs
import io
import logging
import re
import zipfile
import zlib
from pathlib import PurePosixPath

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TEXT_CHARACTERS = 1_000_000  # a 400-page book; the rest of a longer file is not searched
MAX_PDF_PAGES = 2_000
# A Word document's text and formatting unpacked. Real documents are a few MB; a zip bomb is gigabytes.
MAX_DOCX_XML_BYTES = 50 * 1024 * 1024
MAX_DOCX_RATIO = 200  # unpacked size over packed size: text compresses 5 to 20 times, a bomb thousands
MAX_ZIP_ENTRIES = 2_000

PDF, DOCX, TEXT = "pdf", "docx", "text"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    TEXT: "text/plain; charset=utf-8",
}
KIND_OF_CONTENT_TYPE = {content_type: kind for kind, content_type in CONTENT_TYPES.items()}
EXTENSIONS = {PDF: (".pdf",), DOCX: (".docx",), TEXT: (".txt", ".text", ".md")}
LABELS = {PDF: "a PDF", DOCX: "a Word document (.docx)", TEXT: "a text file"}
ACCEPTED = "a PDF, a Word document (.docx) or a text file (.txt)"

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 (.doc), Excel .xls and other old Office files
_ZIP = b"PK\x03\x04"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Characters that are not text: C0 and C1 controls but tab, newline and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

logger = logging.getLogger(__name__)


class UnreadableFile(ValueError):
    """The file is not one CareLab takes, or its text cannot be read. The message says why, for a person."""


def file_kind(data: bytes, filename: str) -> str:
    """PDF, DOCX or TEXT, judged by the bytes, where the file name's extension agrees."""
    if not data:
        raise UnreadableFile("The selected file is empty")
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(f"The selected file must be smaller than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if b"%PDF-" in data[:1024]:
        kind = PDF
    elif data.startswith(_ZIP):
        _docx_xml_entry(data)  # raises for a ZIP that is not a Word document, or a zip bomb
        kind = DOCX
    elif data.startswith(_OLE):
        raise UnreadableFile(
            "CareLab cannot read Word 97-2003 (.doc) files. Open it in Word, save it as a Word document "
            "(.docx), then upload that"
        )
    elif _decode(data) is not None:
        kind = TEXT
    else:
        raise UnreadableFile(f"The selected file must be {ACCEPTED}")
    extension = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if extension not in EXTENSIONS[kind]:
        named = f"its name ends in “{extension}”" if extension else "its name has no extension"
        raise UnreadableFile(
            f"The selected file is {LABELS[kind]} but {named}. Rename it to end in {EXTENSIONS[kind][0]}, "
            "then upload it again"
        )
    return kind


def extract_text(data: bytes, kind: str) -> str:
    """The text of a file `file_kind` accepted: paragraphs on their own lines, at most MAX_TEXT_CHARACTERS."""
    if kind == PDF:
        text = _pdf_text(data)
    elif kind == DOCX:
        text = _docx_text(data)
    elif kind == TEXT:
        text = _decode(data)
        if text is None:
            raise UnreadableFile("The file is not text in an encoding CareLab can read")
    else:
        raise ValueError(f"Unknown kind of file: {kind!r}")
    return clean_text(text)


def clean_text(text: str) -> str:
    """Text without control characters (a database refuses NUL), blank lines and runs of spaces, cut to size."""
    text = _CONTROL.sub(" ", text[: MAX_TEXT_CHARACTERS * 2])
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)[:MAX_TEXT_CHARACTERS]


# Plain text


def _decode(data: bytes) -> str | None:
    """The text in `data`, or None if it is not text: UTF-8 (with or without BOM), UTF-16 with a BOM,
    or Windows-1252 (what older Windows programs save), in that order."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    elif b"\x00" in data[:65536]:
        return None  # binary: no text encoding CareLab reads has NUL bytes
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                return None
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > len(sample) / 100:
        return None  # more than 1 in 100 characters are controls: not text a person wrote
    return text


# PDF


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile("The PDF is protected by a password. Upload a copy without a password")
        parts: list[str] = []
        length = 0
        for number, page in enumerate(reader.pages):
            if number >= MAX_PDF_PAGES or length >= MAX_TEXT_CHARACTERS:
                break
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text)
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
        logger.info("PDF text not read: %s", type(error).__name__)
        raise UnreadableFile("The PDF is damaged or in a form CareLab cannot read") from error
    except NotImplementedError as error:  # an encryption or compression pypdf does not support
        raise UnreadableFile("The PDF is protected or compressed in a way CareLab cannot read") from error
    return "\n".join(parts)


# Word (.docx)


def _docx_xml_entry(data: bytes) -> zipfile.ZipInfo:
    """The main document's entry in a .docx, after checking the ZIP is a Word document and no bomb."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UnreadableFile("The selected file is damaged: it looks like a Word document but cannot be opened") from (
            error
        )
    if len(entries) > MAX_ZIP_ENTRIES:
        raise UnreadableFile("The selected file has too many parts to be a Word document")
    main = next((entry for entry in entries if entry.filename == "word/document.xml"), None)
    if main is None:
        raise UnreadableFile(f"The selected file is a ZIP file, not a Word document. Upload {ACCEPTED}")
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries)
    if unpacked > MAX_DOCX_XML_BYTES or unpacked > max(packed, 1) * MAX_DOCX_RATIO:
        raise UnreadableFile(
            "The Word document unpacks to far more than its size, as files made to harm computers do. "
            "Open it in Word, save it again as a new file, then upload that"
        )
    return main


def _docx_text(data: bytes) -> str:
    entry = _docx_xml_entry(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(entry) as stream:
            # Declared sizes can lie: never unpack more than the limit, whatever the header says.
            xml = stream.read(MAX_DOCX_XML_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as error:
        raise UnreadableFile("The Word document is damaged: CareLab cannot unpack it") from error
    if len(xml) > MAX_DOCX_XML_BYTES:
        raise UnreadableFile("The Word document is too large to read once unpacked")
    try:
        root = ElementTree.fromstring(xml, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as error:
        raise UnreadableFile("The Word document is damaged: CareLab cannot read its text") from error
    paragraphs: list[str] = []
    for paragraph in root.iter(f"{_W}p"):
        pieces = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t" and node.text:
                pieces.append(node.text)
            elif node.tag == f"{_W}tab":
                pieces.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                pieces.append("\n")
        paragraphs.append("".join(pieces))
    return "\n".join(paragraphs)
