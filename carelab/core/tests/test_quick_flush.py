"""After a transactional test the database is emptied as Django's `flush` would, only faster (decision 0036)."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from carelab import db_fixtures
from carelab.accounts.models import User
from carelab.db_fixtures import model_tables, quick_flush, tables_with_rows
from carelab.labs.models import Lab
from carelab.labs.tests.factories import LabFactory

pytestmark = pytest.mark.django_db(transaction=True)


def tables_that_have_rows() -> set[str]:
    return tables_with_rows(connection, [model._meta.db_table for model in model_tables()])


def test_every_table_is_emptied_but_content_types_and_permissions(cast):
    cast.member.user_permissions.add(Permission.objects.order_by("pk").first())

    quick_flush(connection)

    assert tables_that_have_rows() == {"django_content_type", "auth_permission"}
    assert not User.objects.exists()
    assert ContentType.objects.get_for_model(Lab).model == "lab"


def test_content_types_and_permissions_are_kept_while_they_are_unchanged():
    quick_flush(connection)
    content_types = list(ContentType.objects.order_by("pk").values_list("pk", "app_label", "model"))
    permissions = list(Permission.objects.order_by("pk").values_list("pk", "codename", "content_type"))

    quick_flush(connection)

    assert list(ContentType.objects.order_by("pk").values_list("pk", "app_label", "model")) == content_types
    assert list(Permission.objects.order_by("pk").values_list("pk", "codename", "content_type")) == permissions


def test_a_changed_permission_is_made_again_as_migrating_makes_it():
    quick_flush(connection)
    Permission.objects.filter(codename="add_lab").update(name="Changed by a test")
    Permission.objects.filter(codename="change_lab").delete()

    quick_flush(connection)

    assert Permission.objects.get(codename="add_lab").name == "Can add lab"
    assert Permission.objects.filter(codename="change_lab").exists()


def test_without_what_post_migrate_made_it_is_made_again(monkeypatch):
    monkeypatch.setattr(db_fixtures, "_after_migrate", {})
    ContentType.objects.all().delete()  # permissions go with them

    quick_flush(connection)

    assert Permission.objects.filter(codename="add_lab").exists()
    assert tables_that_have_rows() == {"django_content_type", "auth_permission"}


def test_sequences_go_on_where_they_were(cast):
    last_lab = cast.other_lab.pk

    quick_flush(connection)

    assert LabFactory(slug="after-the-flush").pk > last_lab


def test_a_transactional_test_starts_empty_after_one_that_left_rows_a(cast):
    assert Lab.objects.count() == 2


def test_a_transactional_test_starts_empty_after_one_that_left_rows_b():
    assert not Lab.objects.exists()
    assert not User.objects.exists()
