"""Importing reference files into a lab's library: the command, the page, and all or nothing."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from carelab.core.tests.html import parse, text_of
from carelab.core.tests.queries import PageQueries
from carelab.evidence import actions_imports
from carelab.evidence.actions_imports import import_references
from carelab.evidence.models import EvidenceItem
from carelab.lib.references import MAX_FILE_BYTES, ReferenceFileError, write_csv, write_ris

FIXTURES = Path(__file__).resolve().parents[2] / "lib" / "tests" / "references"
IMPORT = "/labs/the-lab/evidence/import/"
SHARED_DOI = "10.1186/s12891-019-2789-1"


def run(*args) -> list[str]:
    out = StringIO()
    call_command("import_references", *args, stdout=out)
    return out.getvalue().splitlines()


def items(lab):
    return EvidenceItem.objects.for_lab(lab)


# --- The command


def test_the_command_imports_a_file_and_its_last_line_is_the_counts(cast):
    lines = run("the-lab", str(FIXTURES / "zotero.ris"))
    assert lines[-1] == "3 imported, 0 duplicates, 0 skipped"
    assert lines[0] == "Read as RIS."
    paper = items(cast.lab).get(doi=SHARED_DOI)
    assert (paper.origin, paper.review, paper.kind, paper.year, paper.pmid) == (
        "import",
        "accepted",
        "study",
        2019,
        "31409330",
    )
    assert paper.authors == ["Okafor, Adaeze N.", "Lindqvist, Erik", "Patel, Priya"]
    assert paper.keywords == ["Low back pain", "Depression", "Sleep"]
    assert "cross-sectional survey" in paper.search_text and "Sleep" in paper.search_text
    assert paper.search_text == paper.text_for_search()
    assert not items(cast.other_lab).exists()


def test_the_same_paper_from_pubmed_then_scopus_then_zotero_is_imported_once(cast):
    assert run("the-lab", str(FIXTURES / "pubmed.nbib"))[-1] == "3 imported, 0 duplicates, 0 skipped"
    scopus = run("the-lab", str(FIXTURES / "scopus.csv"))
    assert scopus[-1] == "2 imported, 1 duplicates, 0 skipped"
    matched = "Duplicate: line 2 matches 'Depression, anxiety and sleep problems…' already in the library (same DOI)"
    assert matched in scopus
    zotero = run("the-lab", str(FIXTURES / "zotero.ris"))
    assert zotero[-1] == "2 imported, 1 duplicates, 0 skipped"
    embase = run("the-lab", str(FIXTURES / "embase.ris"))
    assert embase[-1] == "1 imported, 1 duplicates, 0 skipped"
    assert items(cast.lab).filter(doi=SHARED_DOI).count() == 1


def test_the_command_lists_skipped_records_with_their_lines(cast):
    lines = run("the-lab", str(FIXTURES / "endnote.ris"))
    assert lines[-3:] == [
        "Skipped: Line 14: it has no title",
        "Skipped: Line 21: CareLab cannot read the year '20I8'",
        "1 imported, 0 duplicates, 2 skipped",
    ]


def test_another_labs_library_does_not_make_duplicates(cast):
    EvidenceItem.objects.create(lab=cast.other_lab, title="Anything", doi=SHARED_DOI)
    assert run("the-lab", str(FIXTURES / "pubmed.nbib"))[-1] == "3 imported, 0 duplicates, 0 skipped"


def test_a_declined_submission_is_not_in_the_library_so_is_not_a_duplicate(cast):
    EvidenceItem.objects.create(lab=cast.lab, title="Anything", doi=SHARED_DOI, review=EvidenceItem.Review.DECLINED)
    assert run("the-lab", str(FIXTURES / "pubmed.nbib"))[-1] == "3 imported, 0 duplicates, 0 skipped"


@pytest.mark.parametrize(
    ("name", "line"), [("broken.bib", 6), ("broken.nbib", 4), ("binary.ris", 3), ("not_references.txt", 1)]
)
def test_an_unreadable_file_names_the_line_and_saves_nothing(cast, name, line):
    with pytest.raises(CommandError, match=f"{name}: Line {line}: .*Nothing was imported"):
        run("the-lab", str(FIXTURES / name))
    assert not items(cast.lab).exists()  # broken.bib has a good entry before the broken one


def test_an_unreadable_file_exits_with_a_non_zero_status(cast, capsys):
    utility = ManagementUtility(["manage.py", "import_references", "the-lab", str(FIXTURES / "broken.bib")])
    with pytest.raises(SystemExit) as exit_:
        utility.execute()
    assert exit_.value.code == 1
    assert "Line 6: This BibTeX entry is broken" in capsys.readouterr().err
    # (manage.py closes the database connection as it exits, so the test checks no rows here.)


def test_the_command_refuses_an_unknown_lab_or_file(cast, tmp_path):
    with pytest.raises(CommandError, match="no lab with the slug 'nowhere'"):
        run("nowhere", str(FIXTURES / "zotero.ris"))
    with pytest.raises(CommandError, match="There is no file"):
        run("the-lab", str(tmp_path / "missing.ris"))


def test_a_file_that_is_too_big_is_refused_before_it_is_read(cast, tmp_path):
    big = tmp_path / "big.ris"
    big.write_bytes(b"TY  - JOUR\n" + b"TI  - x\n" * (MAX_FILE_BYTES // 8 + 1))
    with pytest.raises(CommandError, match="bigger than 10 MB"):
        run("the-lab", str(big))


# --- The action


def test_a_failure_while_saving_leaves_nothing_behind(cast, monkeypatch):
    made = []

    def item_then_fail(lab, reference, by):
        if made:
            raise ReferenceFileError("stopped on purpose", reference.line)
        made.append(EvidenceItem.objects.create(lab=lab, title=reference.title))
        return made[-1]

    monkeypatch.setattr(actions_imports, "_item", item_then_fail)
    with pytest.raises(ReferenceFileError):
        import_references(cast.lab, (FIXTURES / "pubmed.nbib").read_bytes(), "pubmed.nbib", by=None)
    assert not items(cast.lab).exists()  # the first item written was rolled back with the rest


@pytest.mark.parametrize("write", [write_ris, write_csv])
def test_a_library_written_out_and_imported_again_is_all_duplicates(cast, write):
    import_references(cast.lab, (FIXTURES / "pubmed.nbib").read_bytes(), "pubmed.nbib", by=None)
    import_references(cast.lab, (FIXTURES / "zotero.bib").read_bytes(), "zotero.bib", by=None)
    library = actions_imports.library_references(cast.lab)
    report = import_references(cast.lab, write(library).encode(), "library", by=None)
    assert report.summary == f"0 imported, {len(library)} duplicates, 0 skipped"


def test_the_action_records_who_imported(cast):
    import_references(cast.lab, (FIXTURES / "rayyan.csv").read_bytes(), "rayyan.csv", by=cast.team)
    assert set(items(cast.lab).values_list("created_by", flat=True)) == {cast.team.pk}


# --- The page


@pytest.fixture
def team(cast, client_for):
    return client_for(cast.team)


def upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else (FIXTURES / name).read_bytes())


def test_the_team_sees_the_upload_form(team):
    page = parse(team.get(IMPORT))
    assert text_of(page.select_one("h1")) == "Import references into the evidence library"
    form = page.select_one("form[enctype='multipart/form-data']")
    assert form.select_one("input[type=file][name=file]") is not None


def test_uploading_a_file_shows_the_same_report_as_the_command(cast, team):
    team.post(IMPORT, {"file": upload("pubmed.nbib")})
    response = team.post(IMPORT, {"file": upload("scopus.csv")})
    assert response.status_code == 200
    page = parse(response)
    assert text_of(page.select_one("#import-summary")) == "2 imported, 1 duplicates, 0 skipped"
    assert [text_of(item) for item in page.select("#import-duplicates li")] == [
        "Line 2 matches 'Depression, anxiety and sleep problems…' already in the library (same DOI)"
    ]
    assert items(cast.lab).count() == 5


def test_skipped_records_are_listed_with_their_lines(team):
    page = parse(team.post(IMPORT, {"file": upload("zotero.bib")}))
    assert [text_of(item) for item in page.select("#import-skipped li")] == ["Line 29: it has no title"]


def test_an_unreadable_upload_names_the_line_and_saves_nothing(cast, team):
    response = team.post(IMPORT, {"file": upload("broken.bib")})
    assert response.status_code == 200
    page = parse(response)
    assert text_of(page.select_one("title")).startswith("Error: ")
    summary = text_of(page.select_one(".nhsuk-error-summary"))
    assert "Line 6: This BibTeX entry is broken" in summary and "Nothing was imported" in summary
    assert page.select_one("#import-report") is None
    assert not items(cast.lab).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, "Select a reference file"),
        (b"", "The selected file is empty"),
        (b"\x00\x01\x02binary", "cannot read this file as text"),
    ],
)
def test_a_missing_empty_or_binary_upload_gets_a_clear_message(cast, team, data, message):
    post = {} if data is None else {"file": upload("file.ris", data)}
    page = parse(team.post(IMPORT, post))
    assert message in text_of(page.select_one(".nhsuk-error-summary"))
    assert not items(cast.lab).exists()


def test_a_file_over_the_size_limit_is_refused(cast, team):
    page = parse(team.post(IMPORT, {"file": upload("big.ris", b"x" * (MAX_FILE_BYTES + 1))}))
    assert "must be smaller than 10 MB" in text_of(page.select_one(".nhsuk-error-summary"))


def test_importing_a_bigger_file_takes_no_query_per_reference(cast, team, django_assert_max_num_queries):
    small = "".join(f"TY  - JOUR\nTI  - Small {n}\nER  - \n" for n in range(2)).encode()
    big = "".join(f"TY  - JOUR\nTI  - Big {n}\nER  - \n" for n in range(400)).encode()
    with PageQueries() as small_import:
        team.post(IMPORT, {"file": upload("small.ris", small)})
    # Rows are inserted in batches (SQLite takes about fifty at a time), never one query each.
    with django_assert_max_num_queries(len(small_import) + 10):
        team.post(IMPORT, {"file": upload("big.ris", big)})
    assert items(cast.lab).count() == 402


def test_only_the_lab_team_may_import(cast, client_for):
    for person in (cast.participant, cast.member, cast.other_team):
        response = client_for(person).post(IMPORT, {"file": upload("zotero.ris")})
        assert response.status_code == 403
    assert not items(cast.lab).exists()
