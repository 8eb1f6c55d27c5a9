"""The cast: the same people for every permission test.

`cast` gives one of each: an anonymous visitor, a signed-in member, a lab
participant, a lab-team member, a site admin, and the lab team of another lab.
Every view is walked with the whole cast.
"""

import io
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import transaction
from django.test import TransactionTestCase, override_settings
from django.test.testcases import LiveServerThread
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from carelab.accounts.models import User
from carelab.accounts.tests.factories import UserFactory
from carelab.browser_fixtures import *  # noqa: F403 (page, page_without_js, new_page, sign_in_browser)
from carelab.core.tests.queries import PageQueries
from carelab.db_fixtures import fixture_teardown_with_quick_flush, kept_world
from carelab.labs.models import Lab, Role
from carelab.labs.tests.factories import LabFactory, MembershipFactory, PhaseFactory
from carelab.live_server import PooledWSGIServer

# Hypothesis (decision 0036). No deadline: a busy 2-core CI machine makes any per-example time limit
# flaky, and tests that set their own `@settings(...)` keep what they set and inherit the rest from here.
# HYPOTHESIS_PROFILE=quick runs fewer examples where a test does not set its own number (a quick local
# check, never CI).
hypothesis_settings.register_profile("carelab", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.register_profile("quick", parent=hypothesis_settings.get_profile("carelab"), max_examples=20)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "carelab"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Browser tests first in each worker's share of the run (decision 0036, fifth round).

    pytest-xdist's work-stealing scheduler hands each worker an equal run of the collected tests, in
    order, and a worker that runs out takes the last half of another's queue. In the collected order the
    browser tests (10 to 35 s each) gathered at the end of the second share (surveys, updates), and the
    first worker, out of work, sat idle while the second finished them. Here each share starts with its part
    of the browser tests and ends with quick ones, so what is left to share at the end is quick. Within
    each group the tests keep the order they were collected in."""
    workers = getattr(config, "workerinput", {}).get("workercount", 1)
    slow = [item for item in items if item.get_closest_marker("browser")]
    quick = [item for item in items if not item.get_closest_marker("browser")]
    ordered, remaining = [], len(items)
    for worker in range(workers):
        share = remaining // (workers - worker)  # as the scheduler divides the tests it has not sent
        own_slow = slow[worker::workers]
        own_quick = max(0, share - len(own_slow))
        ordered += own_slow + quick[:own_quick]
        quick = quick[own_quick:]
        remaining -= share
    ordered += quick
    assert len(ordered) == len(items)
    items[:] = ordered


@pytest.fixture(scope="session", autouse=True)
def files_written_by_tests_are_removed():
    """Uploads made by tests go once this worker's run is over (the folders are the worker's own)."""
    yield
    for folder in (settings.MEDIA_ROOT, settings.STORAGES["private"]["OPTIONS"]["location"]):
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def quick_flush_after_transactional_tests():
    """After a transactional or browser test, empty only the tables that have rows (decision 0036);
    the live server answers on threads that keep their database connections (decision 0045)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TransactionTestCase, "_fixture_teardown", fixture_teardown_with_quick_flush)
        patch.setattr(LiveServerThread, "server_class", PooledWSGIServer)
        yield


CAST_ROLES = ("anonymous", "member", "participant", "team", "other_team", "admin")


@dataclass
class Cast:
    lab: object
    other_lab: object
    member: object
    participant: object
    team: object
    other_team: object
    admin: object

    def person(self, role: str):
        return AnonymousUser() if role == "anonymous" else getattr(self, role)


@pytest.fixture
def cast(db):
    """The cast, made for each test. Thousands of tests use it, so its rows are made with factories once
    per test process and each later test gets the same rows back from memory (`kept_world`, decision
    0036); the day is part of the name, so the factories' dates relative to today stay true."""
    kept_world(f"cast {date.today()}", make_cast)
    return cast_in_database()


def cast_in_database() -> Cast:
    """The cast's people and labs as they are in the database (two queries)."""
    labs = Lab.objects.in_bulk(["the-lab", "other-lab"], field_name="slug")
    people = User.objects.in_bulk([email for email, _ in CAST_PEOPLE.values()], field_name="email")
    return Cast(
        labs["the-lab"],
        labs["other-lab"],
        **{role: people[email] for role, (email, _) in CAST_PEOPLE.items()},
    )


# Each signed-in person in the cast: e-mail address and display name.
CAST_PEOPLE = {
    "member": ("member@example.org", "Mo Member"),
    "participant": ("participant@example.org", "Pat Participant"),
    "team": ("team@example.org", "Tam Team"),
    "other_team": ("other-team@example.org", "Olu Other"),
    "admin": ("admin@example.org", "Ada Admin"),
}


def make_cast() -> Cast:
    lab = LabFactory(slug="the-lab", title="The lab")
    PhaseFactory(lab=lab, name="Making sense")
    other_lab = LabFactory(slug="other-lab", title="Another lab")
    people = {}
    for role, (email, name) in CAST_PEOPLE.items():
        admin = role == "admin"
        people[role] = UserFactory(email=email, display_name=name, is_staff=admin, is_superuser=admin)
    for role, membership_role in [("member", Role.MEMBER), ("participant", Role.PARTICIPANT), ("team", Role.TEAM)]:
        MembershipFactory(lab=lab, user=people[role], role=membership_role)
    MembershipFactory(lab=other_lab, user=people["other_team"], role=Role.TEAM)
    return Cast(lab, other_lab, **people)


@pytest.fixture
def client_for(client):
    """client_for(user) signs the test client in as that person (or leaves it signed out)."""

    def sign_in(user):
        if user is not None and user.is_authenticated:
            client.force_login(user)
        return client

    return sign_in


DEMO_PASSWORD = "demo-password-for-tests-1"


def load_demo_for_tests() -> None:
    with override_settings(DEBUG=True, CARELAB_DEMO_PASSWORD=DEMO_PASSWORD):
        call_command("loaddemo", stdout=io.StringIO())


@pytest.fixture(scope="module")
def demo_lab(django_db_setup, django_db_blocker):
    """The demo lab as `manage.py loaddemo` leaves it, put in for a test module and rolled back after
    it. Tests that use it also name `db`: each then runs in a savepoint inside the load, and so do the
    module's later tests, which see the demo too. The demo accounts' password is DEMO_PASSWORD.

    Loading takes seconds, so it runs once per test process; later modules get the same rows back
    from memory (`kept_world`, decision 0036)."""
    with django_db_blocker.unblock(), transaction.atomic():
        kept_world("demo", load_demo_for_tests)
        yield Lab.objects.get(slug="pain-and-mental-health")
        transaction.set_rollback(True)


# Query counts: the page's own


@contextmanager
def _assert_page_queries(config, num: int, exact: bool = True, info: str | None = None):
    """pytest-django's query count, without the statements that read or start the content version
    (`core.page_cache.version_statements`): a page's queries are what it asks, and in production the
    version is one Redis read. The statements are still listed with -v."""
    with PageQueries() as context:
        yield context
    performed = len(context)
    if (performed != num) if exact else (performed > num):
        message = f"Expected to perform {num} queries {'' if exact else 'or less '}but {performed} were done"
        message += " (not counting the content version's)"
        if info:
            message += f"\n{info}"
        if config.getoption("verbose") > 0:
            message += "\n\nQueries:\n========\n\n" + "\n\n".join(query["sql"] for query in context.captured_queries)
        pytest.fail(message)


@pytest.fixture
def django_assert_num_queries(pytestconfig):
    return partial(_assert_page_queries, pytestconfig)


@pytest.fixture
def django_assert_max_num_queries(pytestconfig):
    return partial(_assert_page_queries, pytestconfig, exact=False)
