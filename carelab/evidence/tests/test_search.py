"""Searching the evidence library: stemming, ranking, filters, and any text typed (on SQLite and PostgreSQL)."""

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carelab.evidence.models import EvidenceItem
from carelab.evidence.search import ensure_search_index, rebuild_search_index, search
from carelab.evidence.tests.factories import EvidenceItemFactory
from carelab.labs.tests.factories import LabFactory
from carelab.lib.search_terms import MAX_TERMS, fts5_match, search_terms

pytestmark = pytest.mark.django_db


def titles(queryset) -> list[str]:
    return [item.title for item in queryset]


def found(query: str) -> list[str]:
    return titles(search(EvidenceItem.objects.all(), query))


# The words searched for (pure)


def test_only_words_are_searched_for_whatever_is_typed():
    assert search_terms('"back pain" AND (NEAR* mood):^ -x\x00y') == ["back", "pain", "near", "mood", "x", "y"]


def test_common_words_are_left_out_unless_there_is_nothing_else():
    assert search_terms("the effects of walking") == ["effects", "walking"]
    assert search_terms("The Who") == ["the", "who"]


def test_a_huge_query_is_cut_to_a_few_words():
    assert len(search_terms("word " * 100_000)) == 1
    assert len(search_terms(" ".join(f"w{n}" for n in range(1000)))) == MAX_TERMS


def test_each_term_is_a_quoted_string_for_fts5():
    assert fts5_match(["walk", "near"]) == '"walk" "near"'


# Searching


def test_walking_finds_an_item_about_a_walk():
    EvidenceItemFactory(title="A daily walk for people with back pain")
    EvidenceItemFactory(title="Sleep and low mood")
    assert found("walking") == ["A daily walk for people with back pain"]


def test_every_word_must_be_found():
    EvidenceItemFactory(title="Walking groups", abstract="Peer support outdoors.")
    EvidenceItemFactory(title="Walking alone", abstract="Solitude.")
    assert found("walking peer") == ["Walking groups"]


def test_items_where_the_words_count_for_more_come_first():
    EvidenceItemFactory(title="Yoga", abstract="A long report on many treatments, " * 20 + "and pain once.")
    EvidenceItemFactory(title="Pain", abstract="Pain clinics and pain: living with persistent pain.")
    assert found("pain")[0] == "Pain"


def test_text_read_from_attachments_is_searched():
    item = EvidenceItemFactory(title="A report")
    item.search_text = item.text_for_search(["Hydrotherapy helped most of the people we asked."])
    item.save(update_fields=["search_text"])
    assert found("hydrotherapy") == ["A report"]


def test_a_changed_or_deleted_item_is_found_by_its_new_words_only():
    item = EvidenceItemFactory(title="Acupuncture")
    item.title = "Mindfulness"
    item.search_text = item.text_for_search()
    item.save()
    assert found("acupuncture") == []
    assert found("mindfulness") == ["Mindfulness"]
    item.delete()
    assert found("mindfulness") == []


def test_search_keeps_the_filters_it_is_given():
    lab, other = LabFactory(), LabFactory()
    EvidenceItemFactory(lab=lab, title="Pain in our lab", kind=EvidenceItem.Kind.REVIEW)
    EvidenceItemFactory(lab=lab, title="Pain study in our lab")
    EvidenceItemFactory(lab=other, title="Pain in another lab", kind=EvidenceItem.Kind.REVIEW)
    items = EvidenceItem.objects.for_lab(lab).filter(kind=EvidenceItem.Kind.REVIEW)
    assert titles(search(items, "pain")) == ["Pain in our lab"]
    assert search(items, "pain").count() == 1


def test_a_query_without_words_leaves_the_items_as_they_were():
    EvidenceItemFactory(title="Anything")
    assert found("*** :: ()") == ["Anything"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=300) | st.sampled_from(['"', "NEAR(a b)", "a*", "^x", "col:x", "\x00", "'; DROP"]))
def test_any_text_typed_searches_without_an_error(query):
    EvidenceItemFactory.build()  # no database write per example; the query must simply run
    list(search(EvidenceItem.objects.all(), query))
    search(EvidenceItem.objects.all(), query).count()


def test_a_very_long_query_with_nul_bytes_runs():
    EvidenceItemFactory(title="Walking")
    assert found("walk\x00 " * 50_000 + '"') == ["Walking"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's triggers")
def test_the_index_is_repaired_when_a_migration_rebuilt_the_table():
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER evidence_search_insert")
    EvidenceItemFactory(title="Made while the trigger was missing")
    assert ensure_search_index(connection) is True
    assert ensure_search_index(connection) is False
    assert found("missing") == ["Made while the trigger was missing"]
    EvidenceItemFactory(title="Made after the repair")
    assert found("repair") == ["Made after the repair"]
    rebuild_search_index(connection)
    assert found("repair") == ["Made after the repair"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's storage of the search vector")
def test_the_search_vector_stays_in_the_row_while_the_long_text_may_leave_it():
    """Broad searches read every matching vector: in the row, not fetched from TOAST (decision 0028)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'evidence_evidenceitem'::regclass "
            "AND attname IN ('search_vector', 'search_text')"
        )
        storage = dict(cursor.fetchall())
    assert storage == {"search_vector": "m", "search_text": "x"}
    long_item = EvidenceItemFactory(title="Walking", abstract="pain and back " * 20_000)
    assert found("walking") == ["Walking"] and long_item.pk  # a vector too big for a row still works
