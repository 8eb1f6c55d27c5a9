"""Attachments' kinds judged by content, and their text read within limits (carelab/lib/text_extract.py)."""

import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carelab.evidence.tests.files import docx_entity_bomb, docx_with_paragraphs, docx_zip_bomb, pdf_with_text
from carelab.lib.text_extract import (
    DOCX,
    MAX_FILE_BYTES,
    MAX_TEXT_CHARACTERS,
    PDF,
    TEXT,
    UnreadableFile,
    clean_text,
    extract_text,
    file_kind,
)


def test_a_pdf_is_known_by_its_content_and_its_text_is_read():
    data = pdf_with_text("Walking groups helped people with back pain")
    assert file_kind(data, "Report.PDF") == PDF
    assert "Walking groups helped" in extract_text(data, PDF)


def test_a_word_document_gives_its_paragraphs_on_their_own_lines():
    data = docx_with_paragraphs("First finding.", "Second   finding.")
    assert file_kind(data, "notes.docx") == DOCX
    assert extract_text(data, DOCX) == "First finding.\nSecond finding."


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Café and crème".encode(), "Café and crème"),
        ("Café".encode("utf-8-sig"), "Café"),
        ("Café".encode("utf-16"), "Café"),
        ("Caf\xe9 “quoted”".encode("cp1252"), "Café “quoted”"),
    ],
)
def test_text_files_are_read_in_the_encodings_people_save_them_in(data, text):
    assert file_kind(data, "story.txt") == TEXT
    assert extract_text(data, TEXT) == text


def test_a_file_whose_name_disagrees_with_its_content_is_refused_with_what_to_do():
    with pytest.raises(UnreadableFile, match="is a PDF but its name ends in “.txt”. Rename it to end in .pdf"):
        file_kind(pdf_with_text("x"), "report.txt")
    with pytest.raises(UnreadableFile, match="is a text file but its name ends in “.pdf”"):
        file_kind(b"plain words", "report.pdf")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The selected file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "must be a PDF, a Word document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "cannot read Word 97-2003"),
        (b"PK\x03\x04garbage", "is damaged"),
        (b"x" * (MAX_FILE_BYTES + 1), "must be smaller than 10 MB"),
    ],
)
def test_files_that_are_not_taken_get_a_clear_message(data, message):
    with pytest.raises(UnreadableFile, match=message):
        file_kind(data, "file.docx")


def test_a_zip_that_is_not_a_word_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("photo.jpg", b"...")
    with pytest.raises(UnreadableFile, match="a ZIP file, not a Word document"):
        file_kind(out.getvalue(), "photo.docx")


def test_a_zip_bomb_dressed_as_a_word_document_is_refused_before_unpacking():
    data = docx_zip_bomb()
    assert len(data) < 100_000
    with pytest.raises(UnreadableFile, match="unpacks to far more than its size"):
        file_kind(data, "bomb.docx")


def test_xml_entities_in_a_word_document_are_never_expanded():
    data = docx_entity_bomb()
    assert file_kind(data, "lol.docx") == DOCX
    with pytest.raises(UnreadableFile, match="damaged"):
        extract_text(data, DOCX)


def test_a_damaged_pdf_is_refused_with_a_message():
    with pytest.raises(UnreadableFile, match="PDF is damaged"):
        extract_text(b"%PDF-1.4\n1 0 obj << /Type /Catalog", PDF)


def test_clean_text_drops_control_characters_and_keeps_to_the_limit():
    assert clean_text("a\x00b\x1b  c\n\n\nd") == "a b c\nd"
    assert len(clean_text("word " * MAX_TEXT_CHARACTERS)) == MAX_TEXT_CHARACTERS


@given(st.binary(max_size=2000), st.sampled_from(["a.pdf", "a.docx", "a.txt", "a"]))
def test_any_bytes_are_either_taken_or_refused_with_a_message(data, name):
    try:
        kind = file_kind(data, name)
        extract_text(data, kind)
    except UnreadableFile as error:
        assert str(error)
