"""count_each: several counts in one query, each the same as the queryset's own count()."""

import pytest
from django.db.models import Q

from carelab.accounts.models import User
from carelab.accounts.tests.factories import UserFactory
from carelab.core.counting import count_each
from carelab.labs.models import Lab, Membership, Role
from carelab.labs.tests.factories import LabFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_each_count_matches_the_querysets_own_count_with_joins_distinct_and_nothing(django_assert_num_queries):
    first, second = LabFactory(), LabFactory()
    people = UserFactory.create_batch(3)
    for person in people:
        MembershipFactory(lab=first, user=person, role=Role.PARTICIPANT)
    MembershipFactory(lab=second, user=people[0], role=Role.TEAM)
    querysets = {
        "labs": Lab.objects.all(),
        "team_memberships": Membership.objects.filter(role=Role.TEAM),
        # A join that repeats rows, and the same made distinct: each counts what its count() counts.
        "joined": User.objects.filter(Q(memberships__lab=first) | Q(memberships__lab=second)),
        "joined_distinct": User.objects.filter(Q(memberships__lab=first) | Q(memberships__lab=second)).distinct(),
        "sliced_ordering_ignored": Membership.objects.order_by("-pk"),
        "none": Membership.objects.filter(lab__slug="no-such-lab"),
    }
    expected = {name: queryset.count() for name, queryset in querysets.items()}
    assert expected["joined"] == 4 and expected["joined_distinct"] == 3  # the fixture shows the difference

    with django_assert_num_queries(1):
        counted = count_each(**querysets)

    assert counted == expected


def test_nothing_to_count_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert count_each() == {}


def test_querysets_on_two_databases_are_refused():
    with pytest.raises(ValueError, match="one database"):
        count_each(here=Lab.objects.all(), there=Lab.objects.using("other"))
