"""REFI-QDA exchange (issue 10, section 6): export, import back, pages and commands; broken files save nothing."""

import io
import uuid
import zipfile
from functools import cache
from pathlib import Path

import pytest
import xmlschema
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from carelab.accounts.tests.factories import UserFactory
from carelab.core.tests.html import parse, text_of
from carelab.insights import actions_coding as actions
from carelab.insights import exchange
from carelab.insights.models import Code, Coding, Excerpt, Memo, Source
from carelab.insights.tests.factories_coding import CodeFactory, CoderFactory, SourceFactory
from carelab.labs.models import Role
from carelab.labs.tests.factories import LabFactory, MembershipFactory
from carelab.lib import refiqda

P = "/labs/the-lab/insights/coding"
SCHEMAS = Path(refiqda.__file__).parent / "refiqda_schemas"


@cache
def schema(name):
    return xmlschema.XMLSchema(str(SCHEMAS / f"{name}-mrt2019.xsd"))


@pytest.fixture
def coded(cast):
    lab = cast.lab
    cleo = UserFactory(display_name="Cleo Coder")
    CoderFactory(lab=lab, user=cleo)
    pain = actions.create_code(lab, name="Pain", description="Any mention of pain.")
    sleep = actions.create_code(lab, name="Sleep", description="Pain at night.", parent=pain)
    helped = actions.create_code(lab, name="What helped")
    Code.objects.filter(pk=helped.pk).update(color="#00AA00")
    answer = SourceFactory(lab=lab, kind=Source.Kind.SURVEY_ANSWER, text="I can't sleep. Swimming helped.", group="Yes")
    notes = SourceFactory(lab=lab, name="Workshop", text="Café chat – “quotes” & <tags>.\nSecond line.")
    excerpt = actions.code_span(answer, 0, 14, [sleep, pain], cast.team)
    actions.code_span(answer, 0, 14, [sleep], cleo)
    actions.code_span(answer, 15, 31, [helped], cleo)
    actions.code_span(notes, 0, 9, [helped], cast.team)
    actions.add_memo(lab, author=cast.team, text="Split physical and emotional?", code=pain)
    actions.add_memo(lab, author=cleo, text="A strong answer.", source=answer)
    actions.add_memo(lab, author=cast.team, text="Sleep again.", excerpt=excerpt)
    return {"cleo": cleo}


def snapshot(lab):
    """The lab's codebook, sources, codings (with coder) and memos, without ids."""
    codes = {code.pk: code for code in lab.codes.all()}

    def path(code):
        return f"{path(codes[code.parent_id])} › {code.name}" if code.parent_id else code.name

    return {
        "codes": sorted((path(code), code.description, code.color) for code in codes.values()),
        "sources": sorted((source.name, source.text) for source in lab.coding_sources.all()),
        "codings": sorted(
            (coding.excerpt.source.name, coding.excerpt.start, coding.excerpt.end, path(coding.code), coding.coder_id)
            for coding in Coding.objects.filter(excerpt__source__lab=lab).select_related("excerpt__source", "code")
        ),
        "memos": sorted(
            (memo.text, memo.author_id, memo.code.name if memo.code else "", memo.source.name if memo.source else "",
             memo.excerpt.text if memo.excerpt else "")
            for memo in lab.memos.select_related("code", "source", "excerpt")
        ),
    }  # fmt: skip


def qdpx_members(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# Export


def test_the_exported_project_is_valid_and_holds_codes_sources_codings_coders_and_memos(
    cast, coded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        data = exchange.export_project(cast.lab)
    members = qdpx_members(data)
    schema("Project").validate(io.BytesIO(members["project.qde"]))
    project = refiqda.parse_qdpx(data)
    assert [user.name for user in project.users] == ["Tam Team", "Cleo Coder"]
    assert [(code.name, [child.name for child in code.children]) for code in project.codes] == [
        ("Pain", ["Sleep"]),
        ("What helped", []),
    ]
    assert project.codes[1].color == "#00AA00"
    assert sorted(source.text for source in project.sources) == sorted(
        source.text for source in cast.lab.coding_sources.all()
    )
    assert len(project.notes) == 3
    assert sum(len(selection.codings) for source in project.sources for selection in source.selections) == 5


def test_exporting_stays_flat_in_queries_as_the_lab_grows(cast, coded, django_assert_max_num_queries):
    code = Code.objects.get(lab=cast.lab, name="Pain")
    for n in range(20):
        actions.code_span(SourceFactory(lab=cast.lab, text=f"Answer {n}. More."), 0, 5, [code], cast.team)
    with django_assert_max_num_queries(7):
        exchange.export_project(cast.lab)


def test_the_exported_codebook_is_valid(cast, coded):
    data = exchange.export_codebook(cast.lab)
    schema("Codebook").validate(io.BytesIO(data))
    assert [code.name for code in refiqda.all_codes(refiqda.parse_codebook(data))] == ["Pain", "Sleep", "What helped"]


# Round trip


def test_a_project_imported_into_a_fresh_lab_has_the_same_codebook_and_codings(cast, coded):
    fresh = LabFactory(slug="fresh")
    MembershipFactory(lab=fresh, user=cast.team, role=Role.TEAM)
    CoderFactory(lab=fresh, user=coded["cleo"])
    report = exchange.import_project_file(fresh, exchange.export_project(cast.lab), by=cast.team)
    assert report.summary == (
        "3 codes added, 0 matched; 2 sources added, 0 already here; 5 codings added, 0 already here; 3 memos added"
    )
    assert snapshot(fresh) == snapshot(cast.lab)
    assert set(fresh.coding_sources.values_list("kind", flat=True)) == {Source.Kind.IMPORTED}
    # GUIDs are unique across the site: the fresh lab's objects have their own.
    assert not set(fresh.codes.values_list("guid", flat=True)) & set(cast.lab.codes.values_list("guid", flat=True))


def test_importing_the_same_project_again_adds_nothing(cast, coded):
    data = exchange.export_project(cast.lab)
    before = snapshot(cast.lab)
    report = exchange.import_project_file(cast.lab, data)
    assert report.summary == (
        "0 codes added, 3 matched; 0 sources added, 2 already here; 0 codings added, 5 already here; 0 memos added"
    )
    assert snapshot(cast.lab) == before


def test_codings_by_people_who_do_not_code_in_the_lab_are_imported_without_a_coder(cast, coded):
    fresh = LabFactory(slug="fresh")
    MembershipFactory(lab=fresh, user=cast.team, role=Role.TEAM)
    report = exchange.import_project_file(fresh, exchange.export_project(cast.lab))
    assert report.codings_without_coder == 2
    assert "2 codings were made by people who do not code in this lab" in report.lines()[0]
    assert Coding.objects.filter(excerpt__source__lab=fresh, coder=None).count() == 2
    assert Coding.objects.filter(excerpt__source__lab=fresh, coder=cast.team).count() == 3


def test_a_codebook_imports_matching_codes_by_guid_or_by_name_under_the_same_parent(cast, coded):
    fresh = LabFactory(slug="fresh")
    CodeFactory(lab=fresh, name="What helped", description="Ours.")
    report = exchange.import_codebook_file(fresh, exchange.export_codebook(cast.lab))
    assert (report.codes_added, report.codes_matched) == (2, 1)
    assert sorted(fresh.codes.values_list("name", "description")) == [
        ("Pain", "Any mention of pain."),
        ("Sleep", "Pain at night."),
        ("What helped", "Ours."),  # a matched code keeps its own description
    ]
    assert fresh.codes.get(name="Sleep").parent.name == "Pain"
    report = exchange.import_codebook_file(fresh, exchange.export_codebook(fresh))
    assert (report.codes_added, report.codes_matched) == (0, 3)


def test_a_file_that_cannot_go_in_saves_nothing(cast, coded):
    project = exchange.project_for_lab(cast.lab)
    before = snapshot(cast.lab)
    counts = (Code.objects.count(), Source.objects.count(), Excerpt.objects.count(), Coding.objects.count())
    # A new code and source first, then a source already in the lab (same GUID) with different text.
    project.codes.append(refiqda.Code(str(uuid.uuid4()), "New code"))
    project.sources.insert(0, refiqda.Source(str(uuid.uuid4()), "New source", "New text."))
    project.sources[-1].text += " changed"
    with pytest.raises(exchange.ExchangeError, match="already in this lab with different text"):
        exchange.import_project(cast.lab, project)
    assert snapshot(cast.lab) == before
    assert counts == (Code.objects.count(), Source.objects.count(), Excerpt.objects.count(), Coding.objects.count())


def test_importing_into_a_lab_twice_matches_sources_by_name_and_text(cast, coded):
    fresh = LabFactory(slug="fresh")
    data = exchange.export_project(cast.lab)
    exchange.import_project_file(fresh, data)
    report = exchange.import_project_file(fresh, data)
    assert (report.sources_added, report.sources_matched, report.codings_added, report.memos_added) == (0, 2, 0, 0)
    assert report.memos_already == 3


def test_a_description_too_long_for_carelab_is_named_and_nothing_is_saved(cast):
    codes = [refiqda.Code(str(uuid.uuid4()), "A"), refiqda.Code(str(uuid.uuid4()), "B", "x" * 20_001)]
    with pytest.raises(exchange.ExchangeError, match="The code “B” has a description longer than 20,000"):
        exchange.import_codebook(cast.lab, codes)
    assert not cast.lab.codes.exists()


# Pages


def test_the_team_downloads_the_codebook_and_the_project(cast, coded, client_for):
    client = client_for(cast.team)
    response = client.get(f"{P}/exchange/codebook.qdc")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="the-lab-codebook.qdc"'
    schema("Codebook").validate(io.BytesIO(response.content))
    response = client.get(f"{P}/exchange/project.qdpx")
    assert response["Content-Type"] == "application/zip"
    assert "project.qde" in qdpx_members(response.content)
    assert "no-store" in response["Cache-Control"]


def test_with_no_codes_there_is_no_codebook_to_download(cast, client_for):
    client = client_for(cast.team)
    page = parse(client.get(f"{P}/exchange/"))
    assert "no codebook to download" in text_of(page.select_one("#exports"))
    assert client.get(f"{P}/exchange/codebook.qdc").status_code == 409


def test_the_codebook_page_links_to_export_and_import(cast, client_for):
    page = parse(client_for(cast.team).get(f"{P}/codebook/"))
    assert page.select_one(f'a[href="{P}/exchange/"]') is not None


def test_the_team_imports_a_project_and_sees_the_report(cast, coded, client_for):
    data = exchange.export_project(cast.lab)
    fresh = LabFactory(slug="fresh")
    MembershipFactory(lab=fresh, user=cast.team, role=Role.TEAM)
    client = client_for(cast.team)
    response = client.post("/labs/fresh/insights/coding/exchange/", {"file": SimpleUploadedFile("mine.qdpx", data)})
    page = parse(response)
    assert "a REFI-QDA project (.qdpx)" in text_of(page.select_one("#import-report"))
    assert text_of(page.select_one("#import-summary")).startswith("3 codes added")
    assert "2 codings were made by people who do not code in this lab" in text_of(page.select_one("#import-notes"))
    assert fresh.coding_sources.count() == 2


def test_a_broken_file_on_the_page_names_the_problem_and_saves_nothing(cast, client_for):
    client = client_for(cast.team)
    bad = b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="nope" name="A"/></Codes></CodeBook>'
    page = parse(client.post(f"{P}/exchange/", {"file": SimpleUploadedFile("bad.qdc", bad)}))
    message = text_of(page.select_one(".nhsuk-error-summary"))
    assert "'nope', which is not a GUID. Nothing was imported" in message
    assert not cast.lab.codes.exists()
    page = parse(client.post(f"{P}/exchange/", {}))
    assert "Select a .qdpx or .qdc file" in text_of(page.select_one(".nhsuk-error-summary"))


def test_an_invited_coder_cannot_export_or_import(cast, coded, client_for):
    client = client_for(coded["cleo"])
    for path in ("exchange/", "exchange/codebook.qdc", "exchange/project.qdpx"):
        assert client.get(f"{P}/{path}").status_code == 403


# Commands


def test_the_commands_export_and_import_back(cast, coded, tmp_path, capsys):
    fresh = LabFactory(slug="fresh")
    MembershipFactory(lab=fresh, user=cast.team, role=Role.TEAM)
    CoderFactory(lab=fresh, user=coded["cleo"])
    call_command("export_qdpx", "the-lab", str(tmp_path / "lab.qdpx"))
    call_command("export_qdc", "the-lab", str(tmp_path / "lab.qdc"))
    out = capsys.readouterr().out
    assert "Wrote the coding project of The lab" in out
    schema("Codebook").validate(str(tmp_path / "lab.qdc"))
    call_command("import_qdc", "fresh", str(tmp_path / "lab.qdc"))
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("3 codes added, 0 matched")
    call_command("import_qdpx", "fresh", str(tmp_path / "lab.qdpx"))
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last == (
        "0 codes added, 3 matched; 2 sources added, 0 already here; 5 codings added, 0 already here; 3 memos added"
    )
    assert snapshot(fresh) == snapshot(cast.lab)


def test_an_invalid_file_makes_the_command_fail_and_saves_nothing(cast, tmp_path):
    path = tmp_path / "broken.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", b"<Project")
    with pytest.raises(CommandError, match=r"broken.qdpx: project.qde is not well-formed XML .* Nothing was imported"):
        call_command("import_qdpx", "the-lab", str(path))
    with pytest.raises(CommandError, match="There is no lab with the slug 'nope'"):
        call_command("import_qdc", "nope", str(path))
    with pytest.raises(CommandError, match="There is no file"):
        call_command("import_qdc", "the-lab", str(tmp_path / "missing.qdc"))
    with pytest.raises(CommandError, match="no codes to export"):
        call_command("export_qdc", "the-lab", str(tmp_path / "out.qdc"))
    assert not Source.objects.exists() and not Memo.objects.exists()
