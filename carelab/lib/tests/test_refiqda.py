"""REFI-QDA exchange (decision 0034): what CareLab writes is valid against the published schemas and
reads back the same; broken files are refused with a message that names the problem."""

import io
import zipfile
from functools import cache
from pathlib import Path

import pytest
import xmlschema
from hypothesis import given, settings
from hypothesis import strategies as st

from carelab.lib import refiqda
from carelab.lib.refiqda import (
    Code,
    Coding,
    Note,
    Project,
    RefiQdaError,
    Selection,
    Source,
    User,
    build_codebook,
    build_qdpx,
    parse_codebook,
    parse_qdpx,
)

SCHEMAS = Path(refiqda.__file__).parent / "refiqda_schemas"
ANNA = "0b0e5a8a-0000-4000-8000-000000000001"
BEN = "0b0e5a8a-0000-4000-8000-000000000002"
PAIN = "c0de0000-0000-4000-8000-000000000001"
SLEEP = "c0de0000-0000-4000-8000-000000000002"
HELP = "c0de0000-0000-4000-8000-000000000003"


@cache
def schema(name: str) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / f"{name}-mrt2019.xsd"))


def codebook() -> list[Code]:
    return [
        Code(
            PAIN,
            "Pain",
            "Any mention of pain.",
            "#AA0000",
            [Code(SLEEP, "Sleep", "Pain at night.")],
            note_guids=["00000000-0000-4000-8000-00000000000a"],
        ),
        Code(HELP, "What helped"),
    ]


def project() -> Project:
    text = "My GP listened. Sleep is hard – the pain wakes me. Swimming helped."
    return Project(
        name="The lab",
        users=[User(ANNA, "Anna"), User(BEN, "Ben")],
        codes=codebook(),
        sources=[
            Source(
                "50000000-0000-4000-8000-000000000001",
                "Response 1, question what_helped",
                text,
                selections=[
                    Selection(
                        "5e100000-0000-4000-8000-000000000001",
                        16,
                        50,
                        [
                            Coding("c0d10000-0000-4000-8000-000000000001", SLEEP, ANNA),
                            Coding("c0d10000-0000-4000-8000-000000000002", PAIN, BEN),
                        ],
                        note_guids=["00000000-0000-4000-8000-00000000000c"],
                    ),
                    Selection(
                        "5e100000-0000-4000-8000-000000000002",
                        51,
                        67,
                        [Coding("c0d10000-0000-4000-8000-000000000003", HELP, ANNA)],
                    ),
                ],
                note_guids=["00000000-0000-4000-8000-00000000000b"],
            ),
            Source("50000000-0000-4000-8000-000000000002", "Notes", "Ünïcode and\nlines.\n"),
        ],
        notes=[
            Note("00000000-0000-4000-8000-00000000000a", "Memo on Pain", "Split physical and emotional?", ANNA),
            Note("00000000-0000-4000-8000-00000000000b", "Memo on the answer", "A strong answer.", BEN),
            Note("00000000-0000-4000-8000-00000000000c", "Memo on the excerpt", "Sleep again.", ""),
        ],
    )


def qdpx_with(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def project_xml(body: str, namespace: str = refiqda.PROJECT_NS) -> bytes:
    return f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{namespace}" name="P">{body}</Project>'.encode()


# Writing: valid against the published schemas


def test_a_codebook_is_valid_against_the_codebook_schema():
    schema("Codebook").validate(io.BytesIO(build_codebook(codebook())))


def test_a_project_is_valid_against_the_project_schema_and_its_sources_are_text_files():
    data = build_qdpx(project())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        schema("Project").validate(io.BytesIO(archive.read("project.qde")))
        assert archive.read("sources/50000000-0000-4000-8000-000000000002.txt").decode() == "Ünïcode and\nlines.\n"
    assert names == {
        "project.qde",
        "sources/50000000-0000-4000-8000-000000000001.txt",
        "sources/50000000-0000-4000-8000-000000000002.txt",
    }


def test_a_project_with_nothing_in_it_is_still_valid():
    schema("Project").validate(io.BytesIO(refiqda.build_project_xml(Project(name="Empty"))))


def test_an_empty_codebook_cannot_be_exported_as_the_standard_needs_a_code():
    with pytest.raises(RefiQdaError, match="no codes"):
        build_codebook([])


def test_the_schemas_themselves_refuse_what_the_standard_forbids():
    # The validation above can fail: a code without isCodable, or a colour that is not #RGB, is invalid.
    bad = (
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="'
        + PAIN.encode()
        + b'" name="x"/></Codes></CodeBook>'
    )
    assert not schema("Codebook").is_valid(io.BytesIO(bad))


# Reading back


def test_a_codebook_reads_back_the_same():
    assert parse_codebook(build_codebook(codebook())) == [
        Code(PAIN, "Pain", "Any mention of pain.", "#AA0000", [Code(SLEEP, "Sleep", "Pain at night.")]),
        Code(HELP, "What helped"),
    ]


def test_a_project_reads_back_the_same():
    assert parse_qdpx(build_qdpx(project())) == project()


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda name: name.strip()
)
texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), min_size=1, max_size=200)


@settings(max_examples=40, deadline=None)
@given(names, st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=80), texts, st.data())
def test_any_names_descriptions_and_texts_survive_the_round_trip_and_stay_valid(name, description, text, data):
    name = " ".join(name.split())
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    original = Project(
        name=name,
        users=[User(ANNA, name)],
        codes=[Code(PAIN, name, description.strip())],
        sources=[Source(BEN, name, text, [Selection(HELP, start, end, [Coding(SLEEP, PAIN, ANNA)])])],
    )
    data_bytes = build_qdpx(original)
    with zipfile.ZipFile(io.BytesIO(data_bytes)) as archive:
        assert schema("Project").is_valid(io.BytesIO(archive.read("project.qde")))
    assert parse_qdpx(data_bytes) == original


def test_text_inline_in_plain_text_content_and_braced_upper_case_guids_are_read():
    xml = project_xml(
        '<CodeBook><Codes><Code guid="{C0DE0000-0000-4000-8000-000000000001}" name="Pain" isCodable="true"/>'
        '</Codes></CodeBook><Sources><TextSource guid="50000000-0000-4000-8000-000000000001" name="A">'
        "<PlainTextContent>It hurts.</PlainTextContent>"
        '<PlainTextSelection guid="5e100000-0000-4000-8000-000000000001" startPosition="3" endPosition="8">'
        '<Coding guid="c0d10000-0000-4000-8000-000000000001">'
        '<CodeRef targetGUID="{C0DE0000-0000-4000-8000-000000000001}"/>'
        "</Coding></PlainTextSelection></TextSource></Sources>"
    )
    read = parse_qdpx(qdpx_with({"project.qde": xml}))
    assert read.codes[0].guid == PAIN
    assert read.sources[0].text == "It hurts."
    assert read.sources[0].selections[0].codings[0].code_guid == PAIN


def test_pictures_pdfs_and_media_are_listed_as_skipped_not_refused():
    xml = project_xml(
        '<Sources><PictureSource guid="50000000-0000-4000-8000-000000000001" name="Photo"/>'
        '<AudioSource guid="50000000-0000-4000-8000-000000000002" name="Interview"/></Sources>'
    )
    read = parse_qdpx(qdpx_with({"project.qde": xml}))
    assert read.sources == []
    assert read.skipped == [
        "Picture source “Photo”: only text sources are read.",
        "Audio source “Interview”: only text sources are read.",
    ]


def test_sources_are_found_whatever_the_case_of_the_folder_and_windows_line_ends_are_normalised():
    xml = project_xml(
        '<Sources><TextSource guid="50000000-0000-4000-8000-000000000001" name="A" plainTextPath="internal://a.txt"/>'
        "</Sources>"
    )
    read = parse_qdpx(qdpx_with({"project.qde": xml, "Sources/a.txt": "\ufeffOne.\r\nTwo.".encode()}))
    assert read.sources[0].text == "One.\nTwo."


# Broken files: a clear message naming the problem


def broken(data: bytes, *, codebook: bool = False) -> str:
    with pytest.raises(RefiQdaError) as error:
        (parse_codebook if codebook else parse_qdpx)(data)
    return str(error.value)


def test_a_file_that_is_not_a_zip_is_named_as_such():
    assert "not a zip archive" in broken(b"PK\x03\x04 but not really")
    assert "not a zip archive" in broken(b"")


def test_a_zip_without_a_project_is_refused():
    assert "no project.qde" in broken(qdpx_with({"readme.txt": b"hello"}))


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/passwd", "sources/../../x", "C:/windows/x", "a\\..\\b"])
def test_a_member_with_an_unsafe_path_is_refused(name):
    assert "unsafe path" in broken(qdpx_with({"project.qde": project_xml(""), name: b"x"}))


def test_a_source_pointing_outside_the_archive_is_refused():
    for path, message in [
        ("internal://../../etc/passwd", "unsafe path"),
        ("file:///etc/passwd", "outside the archive"),
        ("internal://missing.txt", "not in the archive"),
    ]:
        xml = project_xml(f'<Sources><TextSource guid="{BEN}" name="A" plainTextPath="{path}"/></Sources>')
        assert message in broken(qdpx_with({"project.qde": xml}))


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    bomb = b"\0" * (30 * 1024 * 1024)
    xml = project_xml(f'<Sources><TextSource guid="{BEN}" name="A" plainTextPath="internal://a.txt"/></Sources>')
    message = broken(qdpx_with({"project.qde": xml, "sources/a.txt": bomb}))
    assert "larger than 5 MB" in message or "zip bomb" in message


def test_a_member_that_lies_about_its_size_is_still_cut_off(monkeypatch):
    monkeypatch.setattr(refiqda, "MAX_TEXT_BYTES", 10)
    xml = project_xml(f'<Sources><TextSource guid="{BEN}" name="A" plainTextPath="internal://a.txt"/></Sources>')
    data = qdpx_with({"project.qde": xml, "sources/a.txt": b"x" * 11})
    assert "larger than" in broken(data)


def test_text_that_is_not_utf8_is_named():
    xml = project_xml(f'<Sources><TextSource guid="{BEN}" name="A" plainTextPath="internal://a.txt"/></Sources>')
    assert "sources/a.txt is not UTF-8" in broken(
        qdpx_with({"project.qde": xml, "sources/a.txt": "café".encode("cp1252")})
    )


def test_xml_that_is_not_utf8_and_says_nothing_else_is_named():
    assert "The codebook is not UTF-8" in broken(b"<CodeBook>caf\xe9</CodeBook>", codebook=True)


def test_xml_in_another_declared_encoding_is_read():
    xml = (
        '<?xml version="1.0" encoding="iso-8859-1"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        f'<Code guid="{PAIN}" name="Café" isCodable="true"/></Codes></CodeBook>'
    ).encode("latin-1")
    assert parse_codebook(xml)[0].name == "Café"


def test_entities_and_dtds_are_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><CodeBook>&b;</CodeBook>'
    assert "DTD or entities" in broken(bomb, codebook=True)


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (b"<CodeBook", "not well-formed XML"),
        (b'<CodeBook xmlns="urn:other"/>', "namespace 'urn:other'"),
        (b'<Project xmlns="urn:QDA-XML:codebook:1.0"/>', "not CodeBook"),
        (b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>', "has no codes"),
        (
            b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code name="A" isCodable="true"/></Codes></CodeBook>',
            "A code has no guid",
        ),
        (
            b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="nope" name="A"/></Codes></CodeBook>',
            "'nope', which is not a GUID",
        ),
        (
            f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="{PAIN}" name=" "/></Codes>'
            "</CodeBook>".encode(),
            "has no name",
        ),
        (
            f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="{PAIN}" name="A" color="red"/></Codes>'
            "</CodeBook>".encode(),
            "not #RRGGBB",
        ),
        (
            f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="{PAIN}" name="A"/><Code guid="{SLEEP}" '
            'name="A"/></Codes></CodeBook>'.encode(),
            "both called “A”",
        ),
        (
            f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="{PAIN}" name="A"><Code guid="{PAIN}" '
            'name="B"/></Code></Codes></CodeBook>'.encode(),
            "which another code has too",
        ),
        (
            f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="{PAIN}" name="{"x" * 201}"/></Codes>'
            "</CodeBook>".encode(),
            "longer than 200",
        ),
    ],
)
def test_broken_codebooks_are_named(xml, message):
    assert message in broken(xml, codebook=True)


def test_codes_nested_too_deep_are_refused():
    import uuid

    inner = ""
    for _ in range(refiqda.MAX_CODE_DEPTH + 2):
        inner = f'<Code guid="{uuid.uuid4()}" name="x" isCodable="true">{inner}</Code>'
    xml = f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{inner}</Codes></CodeBook>'.encode()
    assert "nested more than" in broken(xml, codebook=True)


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        ('startPosition="5" endPosition="50"', "from 5 to 50, outside its 9 characters"),
        ('startPosition="5" endPosition="5"', "from 5 to 5"),
        ('startPosition="-1" endPosition="3"', "'-1', which is not a whole number"),
        ('startPosition="99999999999999999999" endPosition="3"', "not a whole number"),
    ],
)
def test_selections_outside_the_text_are_named(selection, message):
    xml = project_xml(
        f'<Sources><TextSource guid="{BEN}" name="A"><PlainTextContent>It hurts.</PlainTextContent>'
        f'<PlainTextSelection guid="{HELP}" {selection}/></TextSource></Sources>'
    )
    assert message in broken(qdpx_with({"project.qde": xml}))


def test_a_coding_of_a_code_not_in_the_codebook_is_named():
    xml = project_xml(
        f'<Sources><TextSource guid="{BEN}" name="A"><PlainTextContent>It hurts.</PlainTextContent>'
        f'<PlainTextSelection guid="{HELP}" startPosition="0" endPosition="2"><Coding guid="{ANNA}">'
        f'<CodeRef targetGUID="{PAIN}"/></Coding></PlainTextSelection></TextSource></Sources>'
    )
    assert f"refers to the code {PAIN}, which is not in the codebook" in broken(qdpx_with({"project.qde": xml}))


def test_too_many_members_are_refused(monkeypatch):
    monkeypatch.setattr(refiqda, "MAX_MEMBERS", 3)
    members = {"project.qde": project_xml("")} | {f"sources/{n}.txt": b"x" for n in range(3)}
    assert "more than 3 files" in broken(qdpx_with(members))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_are_either_read_or_refused_with_a_message(data):
    for parse in (parse_qdpx, parse_codebook):
        try:
            parse(data)
        except RefiQdaError as error:
            assert str(error)
