"""The demo put back from memory (`kept_world`, used by `demo_lab`) is the demo `loaddemo` makes."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection, transaction

from carelab import db_fixtures
from carelab.accounts.models import User
from carelab.accounts.tests.factories import UserFactory
from carelab.conftest import load_demo_for_tests
from carelab.db_fixtures import KeptWorld, keep_rows_of, kept_world, model_tables, tables_with_rows
from carelab.evidence.models import EvidenceItem
from carelab.evidence.search import search
from carelab.labs.models import Lab
from carelab.labs.tests.factories import LabFactory

pytestmark = pytest.mark.django_db


def every_row_through_the_orm() -> dict[str, list[tuple]]:
    """Each table that has rows, read through the models (so with Django's conversions), by id."""
    tables = {}
    for model in model_tables():
        fields = [field.attname for field in model._meta.local_concrete_fields]
        rows = list(model._base_manager.order_by("pk").values_list(*fields))
        if rows:
            tables[model._meta.db_table] = rows
    return tables


@pytest.fixture(scope="module")
def demo_kept(django_db_setup, django_db_blocker) -> tuple[dict[str, list[tuple]], KeptWorld]:
    """The demo's rows as `loaddemo` leaves them (read through the ORM) and as kept, then rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        kept = keep_rows_of(connection, load_demo_for_tests)
        loaded = every_row_through_the_orm()
        transaction.set_rollback(True)
    assert kept is not None
    return loaded, kept


def test_the_demo_put_back_has_every_row_and_value_that_loaddemo_made(demo_kept):
    loaded, kept = demo_kept
    assert not Lab.objects.exists()
    assert kept.fits(connection)

    kept.put_back(connection)

    put_back = every_row_through_the_orm()
    assert sorted(put_back) == sorted(loaded)
    for table, rows in loaded.items():
        assert len(put_back[table]) == len(rows), table
        assert put_back[table] == rows, table
    # The demo fills dozens of tables, the big ones with thousands of rows.
    assert len(loaded) > 50
    assert len(loaded["surveys_answer"]) > 5_000


def test_the_evidence_search_index_is_made_again_by_the_database(demo_kept):
    demo_kept[1].put_back(connection)

    found = search(EvidenceItem.objects.all(), "pain")
    assert found.count() > 0
    assert found.count() == EvidenceItem.objects.filter(search_text__icontains="pain").count()


def test_rows_made_after_the_copy_get_new_ids(demo_kept):
    demo_kept[1].put_back(connection)
    largest = Lab.objects.order_by("-pk").values_list("pk", flat=True).first()

    assert LabFactory().pk > largest


def test_the_copy_does_not_go_back_over_rows_already_there(demo_kept):
    LabFactory(slug="already-here")

    assert tables_with_rows(connection, ["labs_lab", "posts_post"]) == {"labs_lab"}
    assert not demo_kept[1].fits(connection)


def a_person_with_a_permission():
    UserFactory(email="kept@example.org").user_permissions.add(Permission.objects.order_by("pk").first())


def test_the_copy_does_not_go_back_when_rows_it_points_to_have_changed():
    kept = keep_rows_of(connection, a_person_with_a_permission)
    User.objects.all().delete()
    assert "auth_permission" in kept.depends_on
    assert kept.fits(connection)

    Permission.objects.filter(pk=Permission.objects.order_by("pk").first().pk).update(name="Renamed")

    assert not kept.fits(connection)


def test_a_world_is_built_once_then_put_back(monkeypatch):
    monkeypatch.setattr(db_fixtures, "_kept", {})
    built = []

    def build():
        built.append(1)
        a_person_with_a_permission()

    with transaction.atomic():
        kept_world("person", build)
        assert User.objects.get().email == "kept@example.org"
        transaction.set_rollback(True)
    with transaction.atomic():
        kept_world("person", build)
        assert User.objects.get().email == "kept@example.org"
        assert User.objects.get().user_permissions.count() == 1
        transaction.set_rollback(True)

    assert built == [1]


def test_a_visitor_sees_the_demo_put_back_on_the_home_page(demo_kept, client):
    assert "back and neck pain" not in client.get("/").content.decode()  # kept for visitors

    demo_kept[1].put_back(connection)

    assert "back and neck pain" in client.get("/").content.decode()
