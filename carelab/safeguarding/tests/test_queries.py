"""The queue and a flag's page make the same number of queries however many flags, events and surveys there are."""

import pytest

from carelab.core.tests.queries import PageQueries
from carelab.safeguarding import actions
from carelab.safeguarding.tests.factories import SafeguardingFlagFactory
from carelab.surveys.tests.factories import SurveyFactory


def queries_for(client, url, data=None) -> int:
    with PageQueries() as context:
        response = client.get(url, data)
    assert response.status_code == 200
    return len(context)


def add_flags(cast, count):
    """Flags on different surveys, in every status, each with a few events."""
    for index in range(count):
        flag = SafeguardingFlagFactory(lab=cast.lab, survey=SurveyFactory(lab=cast.lab), contact=index % 2 == 0)
        actions.add_note(flag=flag, by=cast.team, note="Looked at it.")
        if index % 3 == 1:
            actions.start_review(flag=flag, by=cast.team)
        elif index % 3 == 2:
            actions.close_flag(flag=flag, by=cast.admin, outcome="No action.")


@pytest.mark.parametrize("choice", ["open", "all", "closed"])
def test_the_queue_makes_the_same_queries_for_3_and_30_flags(cast, client_for, django_assert_num_queries, choice):
    client = client_for(cast.team)
    add_flags(cast, 3)
    expected = queries_for(client, "/labs/the-lab/safeguarding/", {"status": choice})
    add_flags(cast, 27)
    with django_assert_num_queries(expected):
        response = client.get("/labs/the-lab/safeguarding/", {"status": choice})
    assert len(response.content.decode().split('class="nhsuk-table__row carelab-flags__row"')) > 5


def test_a_flags_page_makes_the_same_queries_for_2_and_40_events(cast, client_for, django_assert_num_queries):
    client = client_for(cast.team)
    flag = SafeguardingFlagFactory(lab=cast.lab, contact=True)
    actions.save_guidance(lab=cast.lab, by=cast.team, body="Our plan.")
    actions.add_note(flag=flag, by=cast.team, note="One")
    expected = queries_for(client, f"/labs/the-lab/safeguarding/{flag.pk}/")
    for number in range(38):
        actions.add_note(flag=flag, by=cast.admin if number % 2 else cast.team, note=f"Note {number}")
    with django_assert_num_queries(expected):
        client.get(f"/labs/the-lab/safeguarding/{flag.pk}/")


def test_the_dashboard_counts_open_flags_in_one_query(cast, client_for, django_assert_num_queries):
    client = client_for(cast.team)
    add_flags(cast, 2)
    expected = queries_for(client, "/labs/the-lab/team/")
    add_flags(cast, 6)
    with django_assert_num_queries(expected):
        client.get("/labs/the-lab/team/")
