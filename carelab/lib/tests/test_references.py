"""Reading reference files as each exporter writes them, finding duplicates, and writing RIS and CSV."""

import codecs
import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carelab.lib.references import (
    KIND_LABELS,
    MAX_LINE_CHARACTERS,
    MAX_REFERENCES,
    Reference,
    ReferenceFileError,
    detect_format,
    find_duplicates,
    normalise_doi,
    plan_import,
    read_references,
    title_key,
    write_csv,
    write_ris,
)

FIXTURES = Path(__file__).parent / "references"
SHARED_DOI = "10.1186/s12891-019-2789-1"  # the same paper, exported from PubMed, Scopus, Zotero, Embase, WoS


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def read(name: str):
    return read_references(fixture(name), name)


# file, what it is read as, how many references, how many skipped
EXPORTS = [
    ("zotero.ris", "RIS", 3, 0),
    ("endnote.ris", "RIS", 1, 2),
    ("mendeley.ris", "RIS", 2, 0),
    ("ovid_medline.ris", "RIS", 2, 0),
    ("embase.ris", "RIS", 2, 0),
    ("proquest.ris", "RIS", 1, 0),
    ("rayyan_export.ris", "RIS", 1, 0),
    ("pubmed.nbib", "PubMed (MEDLINE)", 3, 0),
    ("web_of_science.txt", "Web of Science", 2, 0),
    ("zotero.bib", "BibTeX", 3, 1),
    ("scopus.csv", "CSV", 3, 0),
    ("rayyan.csv", "CSV", 2, 0),
    ("pubmed.csv", "CSV", 2, 0),
    ("excel_semicolon.csv", "CSV", 2, 0),
    ("utf16_tabs.txt", "CSV", 1, 0),
    ("web_of_science_tab.txt", "CSV", 2, 0),
    ("zotero.csv", "CSV", 2, 0),
]


@pytest.mark.parametrize(("name", "file_format", "count", "skipped"), EXPORTS)
def test_each_exporters_file_reads_with_its_references_and_skipped_records(name, file_format, count, skipped):
    read_file = read(name)
    assert (read_file.format, len(read_file.references), len(read_file.skipped)) == (file_format, count, skipped)
    assert all(reference.title for reference in read_file.references)


def test_the_shared_paper_reads_the_same_from_every_exporter():
    found = {}
    for name in ("zotero.ris", "embase.ris", "pubmed.nbib", "web_of_science.txt", "zotero.bib", "scopus.csv"):
        found[name] = next(reference for reference in read(name).references if reference.doi == SHARED_DOI)
    assert {reference.year for reference in found.values()} == {2019}
    assert {name for name, reference in found.items() if reference.pmid == "31409330"} == {
        "zotero.ris",  # from "N1  - PMID: 31409330"
        "embase.ris",  # from C5
        "pubmed.nbib",
        "web_of_science.txt",  # from PM
        "scopus.csv",  # from the PubMed ID column
    }
    assert found["pubmed.nbib"].authors == ["Okafor, Adaeze N", "Lindqvist, Erik", "Patel, Priya"]  # FAU before AU
    assert found["scopus.csv"].authors == ["Okafor, Adaeze N.", "Lindqvist, Erik", "Patel, Priya"]  # ids removed
    assert found["web_of_science.txt"].authors == ["Okafor, Adaeze N.", "Lindqvist, Erik", "Patel, Priya"]  # AF


def test_ris_tags_of_each_exporter_map_to_the_same_fields():
    zotero = read("zotero.ris").references[0]
    assert zotero.source == "BMC Musculoskeletal Disorders"  # T2 (J2 is the abbreviation)
    assert zotero.keywords == ["Low back pain", "Depression", "Sleep"]
    assert zotero.abstract.startswith("Background: People with persistent low back pain often report low mood. We")
    assert zotero.url == "https://doi.org/10.1186/s12891-019-2789-1"  # UR, not the L1 attachment
    endnote = read("endnote.ris").references[0]
    assert endnote.title.startswith("Pain catastrophising")  # T1
    assert endnote.authors == ["Müller, Jürgen", "O'Brien, Siobhán"]  # read from Windows-1252
    assert endnote.doi == "10.2147/jpr.s161234"  # DOI in M3
    assert endnote.keywords == ["neck pain", "catastrophising", "depression"]  # one KW line with semicolons
    assert endnote.abstract.endswith("depressive symptoms at three points.")  # N2 across two lines
    ovid = read("ovid_medline.ris").references
    assert (ovid[0].line, ovid[0].pmid, ovid[0].doi) == (6, "30312345", "10.1177/0269215518780123")  # after the heading
    assert ovid[1].kind == "review"  # M3 "Journal Article. Review."
    embase = read("embase.ris").references
    assert (embase[0].doi, embase[0].pmid, embase[0].keywords[0]) == (SHARED_DOI, "31409330", "low back pain")
    assert embase[1].kind == "review"
    proquest = read("proquest.ris").references[0]
    assert proquest.pmid == ""  # ProQuest's own ten-digit AN is not a PubMed id
    assert proquest.source == "Qualitative Health Research"
    assert read("mendeley.ris").references[0].pmid == "27421234"  # "N1  - PMID: …"
    zotero_kinds = [reference.kind for reference in read("zotero.ris").references]
    assert zotero_kinds == ["study", "other", "data_set"]  # JOUR, RPRT, DATA


def test_medline_records_join_continuation_lines_and_read_doi_from_aid_or_lid():
    first, review, protocol = read("pubmed.nbib").references
    assert first.title == (
        "Depression, anxiety and sleep problems in adults with persistent low back pain: "
        "a cross-sectional survey in primary care."
    )
    assert first.source == "BMC musculoskeletal disorders"  # JT before TA
    assert first.keywords == ["chronic pain", "depression"]  # the author's OT before MeSH
    assert (first.line, review.line, protocol.line) == (1, 42, 61)
    assert review.kind == "review"  # PT Systematic Review
    assert protocol.doi == "10.1136/bmjopen-2021-055555"  # the LID that says [doi], not the [pii] one


def test_bibtex_accents_and_braces_become_plain_text():
    okafor, muller, book = read("zotero.bib").references
    assert okafor.source == "BMC Musculoskeletal Disorders"
    assert okafor.keywords == ["Depression", "Low back pain"]
    assert muller.title == "Über Schmerz und Stimmung: Rückenschmerzen bei Depression in der Hausarztpraxis"
    assert muller.authors == ["Müller, Jürgen", "García, María", "Østergaard, Søren"]
    assert muller.doi == "10.1007/s00482-020-00456-7"  # https://doi.org/ removed
    assert "&" in muller.abstract and "\\" not in muller.abstract
    assert (book.kind, book.authors, book.source) == ("other", ["Evans, Carys"], "Example Press")  # editors
    assert read("zotero.bib").skipped[0].line == 29


def test_csv_columns_of_each_exporter_in_any_order_case_and_delimiter():
    scopus = read("scopus.csv").references
    assert scopus[0].doi == SHARED_DOI  # lower-cased
    assert scopus[2].year is None
    rayyan = read("rayyan.csv").references
    assert rayyan[0].authors == ["Campbell I", "Doherty S"]  # "A and B"
    assert rayyan[1].pmid == "34001234"
    pubmed = read("pubmed.csv").references
    assert pubmed[0].authors == ["Okafor AN", "Lindqvist E", "Patel P"]  # "Smith J, Jones K."
    assert pubmed[0].source == "BMC Musculoskelet Disord"
    excel = read("excel_semicolon.csv").references
    assert excel[0].title == "Douleur lombaire et dépression chez l’adulte"  # Windows-1252
    assert excel[1].title == '=HYPERLINK("https://example.org")'  # kept as text, never worked out
    assert read("utf16_tabs.txt").references[0].doi == "10.5555/abc.123"  # "doi:" removed
    wos_review, wos_article = read("web_of_science_tab.txt").references  # Web of Science's tags as columns
    assert (wos_review.kind, wos_review.authors, wos_review.keywords) == (
        "review",
        ["Tanaka, Hiroshi"],
        ["neck pain", "distress"],
    )
    assert (wos_article.authors, wos_article.pmid, wos_article.source) == (
        ["Bell, Rosa", "Ng, Sam"],
        "32101234",
        "PAIN",
    )
    zotero_paper, zotero_report = read("zotero.csv").references
    assert (zotero_paper.pmid, zotero_paper.source, zotero_paper.keywords) == (
        "31409330",  # from Extra
        "BMC Musculoskeletal Disorders",
        ["Low back pain", "Depression"],  # Manual Tags
    )
    assert (zotero_report.kind, zotero_report.url) == ("other", "https://tyneside.example.org/walking-groups")


def test_records_without_a_title_or_with_an_unreadable_year_are_skipped_with_their_line():
    skipped = read("endnote.ris").skipped
    assert [str(item) for item in skipped] == [
        "Line 14: it has no title",
        "Line 21: CareLab cannot read the year '20I8'",
    ]


def test_no_date_is_read_as_no_year_and_a_year_that_is_not_one_is_skipped():
    ris = "TY  - JOUR\nTI  - Undated\nPY  - n.d.\nER  - \nTY  - JOUR\nTI  - Odd\nPY  - sometime\nER  - \n"
    read_file = read_references(ris.encode())
    assert [(reference.title, reference.year) for reference in read_file.references] == [("Undated", None)]
    assert [str(item) for item in read_file.skipped] == ["Line 5: CareLab cannot read the year 'sometime'"]


def test_the_format_comes_from_the_content_not_the_file_name():
    assert read_references(fixture("pubmed.nbib"), "export.txt").format == "PubMed (MEDLINE)"
    assert read_references(fixture("zotero.ris"), "references.csv").format == "RIS"
    assert detect_format(fixture("scopus.csv").decode("utf-8-sig"), "scopus.ris") == "csv"


# --- Unreadable files: a clear error naming the line, and nothing else


@pytest.mark.parametrize(
    ("data", "words", "line"),
    [
        (fixture("broken.bib"), "BibTeX entry is broken", 6),
        (fixture("broken.nbib"), "expected a tag", 4),
        (fixture("binary.ris"), "cannot read this file as text", 3),
        (fixture("not_references.txt"), "cannot tell what kind of file", 1),
        (b"", "empty", None),
        (b"%PDF-1.7\n...", "This is a PDF", None),
        (b"PK\x03\x04rest", "zipped file or a workbook", None),
        (b"\x81\x8d\x8f\x90\x9d", "cannot read this file as text", None),
        (b"title,year\n" + b"x" * (MAX_LINE_CHARACTERS + 1), "characters long", 2),
        (b"TY  - JOUR\nTI  - T\nER  - \n", None, None),
    ],
)
def test_an_unreadable_file_raises_one_clear_error_naming_the_line(data, words, line):
    if words is None:
        assert read_references(data).references
        return
    with pytest.raises(ReferenceFileError) as error:
        read_references(data, "upload")
    assert words in error.value.message
    assert error.value.line == line
    if line:
        assert str(error.value).startswith(f"Line {line}: ")


def test_a_ris_extension_without_ris_in_it_is_refused():
    with pytest.raises(ReferenceFileError, match="no RIS references"):
        read_references(b"just, some, words\n", "export.ris")


def test_too_many_references_are_refused():
    many = "".join(f"TY  - JOUR\nTI  - Title {n}\nER  - \n" for n in range(MAX_REFERENCES + 1))
    with pytest.raises(ReferenceFileError, match="Import up to"):
        read_references(many.encode())


def test_utf8_with_a_byte_order_mark_and_utf16_read_the_same():
    text = 'title,authors,year\nCafé culture and pain,"Smith, Jo",2020\n'
    for data in (text.encode(), codecs.BOM_UTF8 + text.encode(), text.encode("utf-16")):
        expected = Reference(title="Café culture and pain", authors=["Smith, Jo"], year=2020)
        assert read_references(data).references == [expected]


# --- Duplicates


def test_normalised_dois_and_titles_compare_equal():
    assert normalise_doi("https://doi.org/10.1186/S12891-019-2789-1") == SHARED_DOI
    assert normalise_doi("doi: 10.1186/s12891-019-2789-1.") == SHARED_DOI
    assert normalise_doi("http://dx.doi.org/10.1186/s12891-019-2789-1") == SHARED_DOI
    assert normalise_doi("not a doi") == ""
    assert title_key("Über  Schmerz: und—Stimmung!") == title_key("uber schmerz und stimmung")


def test_a_duplicate_within_the_file_names_the_line_it_matches():
    report = plan_import(fixture("mendeley.ris"), "mendeley.ris")
    assert [str(duplicate) for duplicate in report.duplicates] == [
        "line 18 matches line 1 in this file (same title and year)"
    ]
    assert report.summary == "1 imported, 1 duplicates, 0 skipped"


def test_the_same_paper_from_pubmed_scopus_and_zotero_is_caught_across_exporters():
    library = read("pubmed.nbib").references
    scopus = plan_import(fixture("scopus.csv"), "scopus.csv", library)
    assert [str(duplicate) for duplicate in scopus.duplicates] == [
        "line 2 matches 'Depression, anxiety and sleep problems…' already in the library (same DOI)"
    ]
    library += scopus.imported
    zotero = plan_import(fixture("zotero.ris"), "zotero.ris", library)
    assert [duplicate.reference.line for duplicate in zotero.duplicates] == [1]
    embase = plan_import(fixture("embase.ris"), "embase.ris", library)
    assert len(embase.duplicates) == 1  # a shorter title, but the same DOI and PubMed id
    rayyan = plan_import(fixture("rayyan.csv"), "rayyan.csv", read("rayyan_export.ris").references)
    assert [str(duplicate) for duplicate in rayyan.duplicates][0].endswith("(same DOI)")


def test_pmid_alone_or_title_and_year_alone_make_a_duplicate_but_title_in_another_year_does_not():
    existing = [Reference(title="Walking and mood", year=2019, pmid="123")]
    candidates = [
        Reference(title="Something else", pmid="123", line=1),
        Reference(title="WALKING, and mood.", year=2019, line=2),
        Reference(title="Walking and mood", year=2020, line=3),
    ]
    imported, duplicates = find_duplicates(candidates, existing)
    assert [reference.line for reference in imported] == [3]
    assert [duplicate.reason.split("(")[1] for duplicate in duplicates] == ["same PubMed id)", "same title and year)"]


def test_the_report_ends_with_the_counts_line():
    report = plan_import(fixture("endnote.ris"), "endnote.ris")
    assert report.lines()[-1] == "1 imported, 0 duplicates, 2 skipped"
    assert "Skipped: Line 14: it has no title" in report.lines()


# --- Writing RIS and CSV that read back the same

_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn")), min_size=1, max_size=40
).map(lambda value: " ".join(value.split()))
_words = _text.filter(lambda value: value and ";" not in value and not value.startswith("*"))
references = st.builds(
    Reference,
    title=_text.filter(bool),
    kind=st.sampled_from(list(KIND_LABELS)),
    authors=st.lists(_words, max_size=4, unique=True),
    year=st.none() | st.integers(1500, 2100),
    source=_text | st.just(""),
    doi=st.just("") | st.from_regex(r"10\.[0-9]{4,6}/[a-z0-9]{1,10}(\.[a-z0-9]{1,5})?", fullmatch=True),
    pmid=st.just("") | st.integers(1, 99_999_999).map(str),
    url=st.just("") | st.from_regex(r"https://[a-z]{1,10}\.example\.org/[a-z0-9/]{0,20}", fullmatch=True),
    abstract=_text | st.just(""),
    keywords=st.lists(_words, max_size=4, unique=True),
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(references, min_size=1, max_size=5))
def test_ris_written_by_carelab_reads_back_to_the_same_references(written):
    assert read_references(write_ris(written).encode(), "export.ris").references == written


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(references, min_size=1, max_size=5))
def test_csv_written_by_carelab_reads_back_to_the_same_references(written):
    assert read_references(write_csv(written).encode(), "export.csv").references == written


def test_csv_cells_that_look_like_formulas_are_made_inert_and_read_back():
    written = [Reference(title="=1+1", authors=["@someone"], abstract="-3 points"), Reference(title="'=quoted")]
    csv = write_csv(written)
    assert "'=1+1" in csv and "'@someone" in csv and "''=quoted" in csv
    assert read_references(csv.encode()).references == written


def test_every_fixture_round_trips_through_both_writers():
    for name, *_ in EXPORTS:
        original = read(name).references
        assert read_references(write_ris(original).encode()).references == original, name
        assert read_references(write_csv(original).encode()).references == original, name


# --- Hostile input: nothing but ReferenceFileError, ever


def _only_our_error(data: bytes, filename: str = "") -> None:
    with contextlib.suppress(ReferenceFileError):
        read_references(data, filename)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.sampled_from(["", "a.ris", "a.nbib", "a.bib", "a.csv", "a.txt"]))
def test_any_bytes_raise_nothing_but_a_reference_file_error(data, filename):
    _only_our_error(data, filename)


_LINES = st.sampled_from(
    [
        "TY  - JOUR", "ER  - ", "TI  - A title", "AU  - Smith, J", "PY  - 2019", "PY  - 99999", "DO  - 10.1/x",
        "      continued", "PMID- 123", "TI  - ", "FAU - Jones, K", "DP  - 2020 Jan", "AID - 10.2/y [doi]",
        "PT J", "AU Smith, J", "   Jones, K", "TI Title", "ER", "EF", "FN Clarivate", "@article{a,", "title = {T},",
        "author = {A and B},", "}", "@book{", "title,year,doi", "\"T\",2019,10.3/z", "\"unclosed", ";;;", "",
        "\t", "x" * 50, "\ufeff", "é", "{\\\"u}", "@comment{", "KW  - a; b", "AN  - 0", "C5  - 00000000",
    ]
)  # fmt: skip


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINES | _text, max_size=30), st.sampled_from(["\n", "\r\n", "\r"]))
def test_reference_like_lines_in_any_order_raise_nothing_but_a_reference_file_error(lines, newline):
    text = newline.join(lines)
    for encoding in ("utf-8", "utf-16"):
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            continue
        _only_our_error(data)
