"""The library pages: who sees what, adding and editing items, attachments, tags and exports."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from carelab.core.tests.html import parse, text_of
from carelab.evidence import actions_library as actions
from carelab.evidence.models import Attachment, EvidenceItem, EvidenceTag
from carelab.evidence.tests.factories import EvidenceItemFactory, EvidenceTagFactory
from carelab.evidence.tests.files import docx_with_paragraphs, docx_zip_bomb, pdf_with_text
from carelab.lib.references import read_references
from carelab.lib.text_extract import TEXT
from carelab.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_files():
    """Where attachments are kept in tests (STORAGES["private"] in test_settings, outside MEDIA_ROOT)."""
    return Path(Attachment._meta.get_field("file").storage.location)


def files_in(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()} if folder.exists() else set()


def library_url(lab, **query):
    from urllib.parse import urlencode

    return reverse("evidence:library", args=[lab.slug]) + (f"?{urlencode(query)}" if query else "")


def result_titles(response) -> list[str]:
    return [text_of(link) for link in parse(response).select("#results h3 a")]


def error_texts(response) -> list[str]:
    return [text_of(node) for node in parse(response).select(".nhsuk-error-message")]


# Who sees what


def test_participants_see_only_the_items_the_team_shares(cast, client_for):
    EvidenceItemFactory(lab=cast.lab, title="Shared walking study", shared_with_participants=True)
    EvidenceItemFactory(lab=cast.lab, title="Team-only walking study")
    EvidenceItemFactory(lab=cast.lab, title="Declined walking", review=EvidenceItem.Review.DECLINED)
    EvidenceItemFactory(lab=cast.other_lab, title="Another lab's walking", shared_with_participants=True)
    participant = client_for(cast.participant).get(library_url(cast.lab, q="walking"))
    assert result_titles(participant) == ["Shared walking study"]
    team = client_for(cast.team).get(library_url(cast.lab, q="walking"))
    assert sorted(result_titles(team)) == ["Shared walking study", "Team-only walking study"]


def test_a_participant_cannot_open_an_unshared_item_or_its_file(cast, client_for):
    item = EvidenceItemFactory(lab=cast.lab)
    attachment = actions.add_attachment(item, b"notes", "notes.txt", TEXT, by=cast.team)
    client = client_for(cast.participant)
    assert client.get(item.get_absolute_url()).status_code == 404
    assert client.get(reverse("evidence:attachment", args=[cast.lab.slug, item.pk, attachment.pk])).status_code == 404


def test_a_member_is_refused_the_library(cast, client_for):
    assert client_for(cast.member).get(library_url(cast.lab)).status_code == 403


def test_the_team_notes_are_never_shown_to_participants(cast, client_for):
    item = EvidenceItemFactory(lab=cast.lab, notes="Weak design, do not cite", shared_with_participants=True)
    assert "Weak design" not in client_for(cast.participant).get(item.get_absolute_url()).content.decode()
    assert "Weak design" in client_for(cast.team).get(item.get_absolute_url()).content.decode()


# Filters and search on the page


def test_the_list_is_filtered_by_kind_year_tag_and_organisation(cast, client_for):
    tag = EvidenceTagFactory(lab=cast.lab, name="rural")
    organisation = OrganisationFactory(lab=cast.lab)
    match = EvidenceItemFactory(lab=cast.lab, title="Match", kind="review", year=2020, organisation=organisation)
    match.tags.add(tag)
    EvidenceItemFactory(lab=cast.lab, title="Wrong kind", year=2020, organisation=organisation).tags.add(tag)
    EvidenceItemFactory(lab=cast.lab, title="Too old", kind="review", year=2010, organisation=organisation)
    EvidenceItemFactory(lab=cast.lab, title="No tag", kind="review", year=2020, organisation=organisation)
    EvidenceItemFactory(lab=cast.lab, title="No organisation", kind="review", year=2020).tags.add(tag)
    response = client_for(cast.team).get(
        library_url(cast.lab, kind="review", year_from=2019, year_to=2021, tag=tag.pk, organisation=organisation.pk)
    )
    assert result_titles(response) == ["Match"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year_from": "99999999999999999999"}, "Enter a year between"),
        ({"year_from": "2020", "year_to": "2010"}, "must be the same as or after"),
        ({"q": "x" * 600}, "Search for 500 characters or fewer"),
        ({"tag": "123456789"}, "Select a valid choice"),
    ],
)
def test_bad_filters_get_a_clear_message_and_the_whole_list(cast, client_for, query, message):
    EvidenceItemFactory(lab=cast.lab, title="Still listed")
    response = client_for(cast.team).get(library_url(cast.lab, **query))
    assert response.status_code == 200
    assert any(message in text for text in error_texts(response))
    assert result_titles(response) == ["Still listed"]


def test_a_nul_byte_in_the_search_gets_the_sites_bad_request_page(cast, client_for):
    assert client_for(cast.team).get(library_url(cast.lab, q="walk\x00ing")).status_code == 400


def test_a_list_page_costs_the_same_queries_however_many_items(cast, client_for, django_assert_max_num_queries):
    client = client_for(cast.team)
    tags = [EvidenceTagFactory(lab=cast.lab) for _ in range(3)]
    for number in range(25):
        item = EvidenceItemFactory(lab=cast.lab, organisation=OrganisationFactory(lab=cast.lab), title=f"Pain {number}")
        item.tags.set(tags)
    client.get(library_url(cast.lab))  # warm the session
    with django_assert_max_num_queries(12):
        response = client.get(library_url(cast.lab, q="pain", tag=tags[0].pk))
    assert len(result_titles(response)) == 20


# Adding, editing and deleting items


def item_data(**changes):
    return {"kind": "practice", "title": "Peer walking group in Leeds", "authors": "Smith, J.\nJones, K.",
            "year": "2022", "doi": "https://doi.org/10.1000/ABC", "abstract": "Walking together helped.",
            "keywords": "peer support\nwalking", "new_tags": "outdoors, peer support", "region": "",
            "organisation": "", "notes": "", **changes}  # fmt: skip


def test_the_team_adds_an_item_that_search_then_finds(cast, client_for):
    client = client_for(cast.team)
    response = client.post(reverse("evidence:item_add", args=[cast.lab.slug]), item_data())
    item = EvidenceItem.objects.get(lab=cast.lab)
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert item.authors == ["Smith, J.", "Jones, K."] and item.doi == "10.1000/abc"
    assert sorted(item.tags.values_list("name", flat=True)) == ["outdoors", "peer support"]
    assert item.origin == EvidenceItem.Origin.TEAM and item.created_by == cast.team
    assert result_titles(client.get(library_url(cast.lab, q="walked together"))) == ["Peer walking group in Leeds"]


def test_a_bad_item_keeps_everything_typed_and_says_what_to_fix(cast, client_for):
    response = client_for(cast.team).post(
        reverse("evidence:item_add", args=[cast.lab.slug]), item_data(title="", year="20x2", pmid="abc")
    )
    assert response.status_code == 200
    errors = error_texts(response)
    assert any("Enter a title" in error for error in errors)
    assert any("Enter a year between" in error for error in errors)
    assert any("PubMed ID in numbers only" in error for error in errors)
    assert "Walking together helped." in response.content.decode()
    assert not EvidenceItem.objects.exists()


def test_another_labs_organisation_cannot_be_set_on_an_item(cast):
    theirs = OrganisationFactory(lab=cast.other_lab)
    item = actions.create_item(cast.lab, {"title": "X", "organisation_id": theirs.pk}, by=cast.team)
    assert item.organisation_id is None


def test_editing_an_item_updates_what_search_finds(cast, client_for):
    item = EvidenceItemFactory(lab=cast.lab, title="Acupuncture")
    client = client_for(cast.team)
    response = client.post(reverse("evidence:item_edit", args=[cast.lab.slug, item.pk]), item_data(title="Tai chi"))
    assert response.status_code == 302
    assert result_titles(client.get(library_url(cast.lab, q="acupuncture"))) == []
    assert result_titles(client.get(library_url(cast.lab, q="tai chi"))) == ["Tai chi"]


def test_deleting_an_item_deletes_its_files(cast, client_for, private_files, django_capture_on_commit_callbacks):
    item = EvidenceItemFactory(lab=cast.lab)
    with django_capture_on_commit_callbacks(execute=True):
        attachment = actions.add_attachment(item, b"words", "a.txt", TEXT, by=cast.team)
    path = private_files / attachment.file.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.team).post(reverse("evidence:item_delete", args=[cast.lab.slug, item.pk]))
    assert response.status_code == 302
    assert not EvidenceItem.objects.filter(pk=item.pk).exists()
    assert not path.exists()


# Attachments


def upload(client, cast, item, name, data):
    return client.post(
        reverse("evidence:attachment_add", args=[cast.lab.slug, item.pk]),
        {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream")},
    )


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("report.pdf", pdf_with_text("Hydrotherapy helped our members"), "hydrotherapy"),
        ("notes.docx", docx_with_paragraphs("Befriending reduced loneliness."), "befriending"),
        ("story.txt", "Gardening calmed my pain.".encode("cp1252"), "gardening"),
    ],
)
def test_an_attachments_text_is_read_and_searched(
    cast, client_for, django_capture_on_commit_callbacks, private_files, name, data, words
):
    item = EvidenceItemFactory(lab=cast.lab, title="With a file")
    client = client_for(cast.team)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, cast, item, name, data)
    assert response.status_code == 302
    attachment = Attachment.objects.get(item=item)
    assert attachment.text_status == Attachment.Text.READ
    assert attachment.original_name == name and name not in attachment.file.name
    assert (private_files / attachment.file.name).exists()
    assert not str(private_files.resolve()).startswith(str(Path(settings.MEDIA_ROOT).resolve()))
    assert result_titles(client.get(library_url(cast.lab, q=words))) == ["With a file"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "must be a PDF, a Word document (.docx) or a text file"),
        ("report.txt", pdf_with_text("x"), "is a PDF but its name ends in “.txt”"),
        ("bomb.docx", docx_zip_bomb(), "unpacks to far more than its size"),
        ("big.txt", b"a" * (10 * 1024 * 1024 + 1), "must be smaller than 10 MB"),
    ],
)
def test_a_file_that_is_not_taken_gets_a_clear_message_and_nothing_is_kept(
    cast, client_for, private_files, name, data, message
):
    item = EvidenceItemFactory(lab=cast.lab)
    before = files_in(private_files)
    response = upload(client_for(cast.team), cast, item, name, data)
    assert response.status_code == 200
    assert any(message in error for error in error_texts(response))
    assert not Attachment.objects.exists()
    assert files_in(private_files) == before


def test_a_file_whose_text_cannot_be_read_says_so_on_the_item(cast, client_for, django_capture_on_commit_callbacks):
    item = EvidenceItemFactory(lab=cast.lab)
    with django_capture_on_commit_callbacks(execute=True):
        attachment = actions.add_attachment(item, b"%PDF-1.4 broken", "broken.pdf", "pdf", by=cast.team)
    attachment.refresh_from_db()
    assert attachment.text_status == Attachment.Text.FAILED
    page = client_for(cast.team).get(item.get_absolute_url()).content.decode()
    assert "The PDF is damaged" in page


def test_a_download_is_an_attachment_never_shown_inline(cast, client_for, django_capture_on_commit_callbacks):
    item = EvidenceItemFactory(lab=cast.lab, shared_with_participants=True)
    html_file = b"<script>alert(1)</script> plain words"
    with django_capture_on_commit_callbacks(execute=True):
        attachment = actions.add_attachment(item, html_file, "notes.txt", TEXT, by=cast.team)
    response = client_for(cast.participant).get(
        reverse("evidence:attachment", args=[cast.lab.slug, item.pk, attachment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"].startswith("text/plain")
    assert b"".join(response.streaming_content) == html_file


def test_deleting_an_attachment_takes_its_words_out_of_search(cast, client_for, django_capture_on_commit_callbacks):
    item = EvidenceItemFactory(lab=cast.lab, title="Item")
    with django_capture_on_commit_callbacks(execute=True):
        attachment = actions.add_attachment(item, b"Hydrotherapy", "a.txt", TEXT, by=cast.team)
    client = client_for(cast.team)
    assert result_titles(client.get(library_url(cast.lab, q="hydrotherapy"))) == ["Item"]
    url = reverse("evidence:attachment_delete", args=[cast.lab.slug, item.pk, attachment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert result_titles(client.get(library_url(cast.lab, q="hydrotherapy"))) == []


# Tags


def test_the_team_adds_and_deletes_tags_and_a_duplicate_is_refused(cast, client_for):
    client = client_for(cast.team)
    url = reverse("evidence:tags", args=[cast.lab.slug])
    assert client.post(url, {"name": "  Rural  areas "}).status_code == 302
    response = client.post(url, {"name": "rural AREAS"})
    assert any("There is a tag called" in error for error in error_texts(response))
    tag = EvidenceTag.objects.get(lab=cast.lab)
    assert tag.name == "Rural areas"
    assert client.post(reverse("evidence:tag_delete", args=[cast.lab.slug, tag.pk])).status_code == 302
    assert not EvidenceTag.objects.exists()


# Exports


def test_the_ris_export_reads_back_as_the_library(cast, client_for):
    EvidenceItemFactory(lab=cast.lab, title="First", kind="practice", year=2020, doi="10.1000/abc", keywords=["k"])
    EvidenceItemFactory(lab=cast.lab, title="Second", notes="private notes")
    response = client_for(cast.team).get(reverse("evidence:export", args=[cast.lab.slug, "ris"]))
    assert response["Content-Disposition"] == 'attachment; filename="the-lab-evidence.ris"'
    assert b"private notes" not in response.content
    references = read_references(response.content, "export.ris").references
    assert sorted((r.title, r.kind, r.year, r.doi) for r in references) == [
        ("First", "practice", 2020, "10.1000/abc"),
        ("Second", "study", 2021, ""),
    ]


def test_the_csv_export_keeps_the_search_and_makes_formulas_inert(cast, client_for):
    EvidenceItemFactory(lab=cast.lab, title="=HYPERLINK(1) walking", shared_with_participants=True)
    EvidenceItemFactory(lab=cast.lab, title="Sleep", shared_with_participants=True)
    response = client_for(cast.participant).get(reverse("evidence:export", args=[cast.lab.slug, "csv"]) + "?q=walking")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["'=HYPERLINK(1) walking"]


def test_an_unknown_export_format_is_not_found(cast, client_for):
    assert client_for(cast.team).get(reverse("evidence:export", args=[cast.lab.slug, "xlsx"])).status_code == 404
