"""Analysis pages (issue 10, section 2): agreement between two coders per code, and codes by group."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carelab.accounts.tests.factories import UserFactory
from carelab.core.tests.html import parse, text_of
from carelab.insights import actions_coding as actions
from carelab.insights import queries_analysis as queries
from carelab.insights.tests.factories_coding import CodeFactory, CoderFactory, SourceFactory

P = "/labs/the-lab/insights/coding"
TEXT = "My GP listened. The physio gave me exercises. Nothing else helped."
#       0              15 16                          45 46               66


@pytest.fixture
def coded(cast):
    """Two coders, Tam (the team) and Cleo (an invited coder), on two sources; one source only Tam coded."""
    lab = cast.lab
    cleo = UserFactory(display_name="Cleo Coder")
    CoderFactory(lab=lab, user=cleo)
    listened = CodeFactory(lab=lab, name="Being listened to", position=0)
    exercise = CodeFactory(lab=lab, name="Exercise", position=1)
    unused = CodeFactory(lab=lab, name="Unused", position=2)
    one = SourceFactory(lab=lab, text=TEXT, group="Lived experience")
    two = SourceFactory(lab=lab, text="Walking. Swimming.", group="Professional")
    alone = SourceFactory(lab=lab, text="Only Tam coded this. Really.", group="Professional")
    actions.code_span(one, 0, 15, [listened], cast.team)
    actions.code_span(one, 16, 45, [exercise], cast.team)
    actions.code_span(one, 3, 14, [listened], cleo)  # a part of the same sentence
    actions.code_span(one, 46, 66, [exercise], cleo)  # a different sentence
    actions.code_span(two, 0, 8, [exercise], cast.team)
    actions.code_span(two, 0, 18, [exercise], cleo)  # both sentences
    actions.code_span(alone, 0, 5, [listened], cast.team)
    return {"cleo": cleo, "listened": listened, "exercise": exercise, "unused": unused}


def test_agreement_is_counted_per_code_over_the_sentences_of_sources_both_coded(cast, coded):
    table = queries.agreement(cast.lab, cast.team, coded["cleo"])
    assert (table.sources, table.sentences) == (2, 5)
    by_name = {item.row.code.name: item.result for item in table.rows}
    # Being listened to: both on sentence 1; neither on the other four.
    listened = by_name["Being listened to"]
    assert (listened.both, listened.only_first, listened.only_second, listened.neither) == (1, 0, 0, 4)
    assert listened.kappa == pytest.approx(1.0)
    # Exercise: Tam on sentences 2 and 4, Cleo on 3, 4 and 5: pₒ = 1/5, κ = (0.2 − 0.44) / 0.56.
    exercise = by_name["Exercise"]
    assert (exercise.both, exercise.only_first, exercise.only_second, exercise.neither) == (1, 1, 2, 1)
    assert exercise.percentage == pytest.approx(40.0)
    assert exercise.kappa == pytest.approx((0.4 - 0.48) / 0.52)
    assert by_name["Unused"].kappa is None and by_name["Unused"].percentage == 100.0


def test_the_team_chooses_two_coders_and_sees_agreement_per_code(
    cast, coded, client_for, django_assert_max_num_queries
):
    client = client_for(cast.team)
    page = parse(client.get(f"{P}/agreement/"))
    assert page.select_one("#agreement") is None
    options = [text_of(option) for option in page.select("select[name=first] option")]
    assert options == ["Choose a coder", "Cleo Coder", "Tam Team"]
    with django_assert_max_num_queries(12):
        response = client.get(f"{P}/agreement/", {"first": cast.team.pk, "second": coded["cleo"].pk})
    page = parse(response)
    assert "5 sentences in 2 sources" in text_of(page.select_one("#compared"))
    rows = [[text_of(cell) for cell in row.select("td")] for row in page.select("#agreement tbody tr")]
    assert rows[0][0].endswith("Being listened to") and rows[0][5].endswith("100%") and rows[0][6].endswith("1.00")
    assert rows[1][5].endswith("40%") and rows[1][6].endswith("-0.15")
    assert "undefined: both coders gave every sentence the same answer" in rows[2][6].lower()


def test_the_agreement_page_stays_flat_in_queries_as_sources_grow(
    cast, coded, client_for, django_assert_max_num_queries
):
    for _ in range(30):
        source = SourceFactory(lab=cast.lab, text=TEXT)
        actions.code_span(source, 0, 15, [coded["listened"]], cast.team)
        actions.code_span(source, 0, 15, [coded["listened"]], coded["cleo"])
    client = client_for(cast.team)
    with django_assert_max_num_queries(12):
        page = parse(client.get(f"{P}/agreement/", {"first": cast.team.pk, "second": coded["cleo"].pk}))
    assert "in 32 sources" in text_of(page.select_one("#compared"))


def test_the_same_coder_twice_or_a_stranger_is_refused_with_a_message(cast, coded, client_for):
    client = client_for(cast.team)
    page = parse(client.get(f"{P}/agreement/", {"first": cast.team.pk, "second": cast.team.pk}))
    assert "Choose two different coders" in text_of(page.select_one(".nhsuk-error-summary"))
    outsider = UserFactory()
    page = parse(client.get(f"{P}/agreement/", {"first": cast.team.pk, "second": outsider.pk}))
    assert "Choose a coder from the list" in text_of(page.select_one(".nhsuk-error-summary"))
    assert page.select_one("#agreement") is None


def test_coders_with_no_source_in_common_are_told_so(cast, client_for):
    cleo = UserFactory(display_name="Cleo")
    code = CodeFactory(lab=cast.lab)
    actions.code_span(SourceFactory(lab=cast.lab), 0, 5, [code], cast.team)
    actions.code_span(SourceFactory(lab=cast.lab), 0, 5, [code], cleo)
    page = parse(client_for(cast.team).get(f"{P}/agreement/", {"first": cast.team.pk, "second": cleo.pk}))
    assert page.select_one("#nothing-shared") is not None


def test_with_fewer_than_two_coders_the_page_says_agreement_needs_two(cast, client_for):
    page = parse(client_for(cast.team).get(f"{P}/agreement/"))
    assert "No one has coded yet" in text_of(page.select_one("#too-few-coders"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.text(max_size=30), second=st.text(max_size=30))
def test_any_query_string_gets_a_page_never_an_error(cast, coded, client_for, first, second):
    response = client_for(cast.team).get(f"{P}/agreement/", {"first": first, "second": second})
    # A NUL anywhere in the address gets the site's plain 400 page (carelab/core/middleware.py).
    assert response.status_code == (400 if "\x00" in first + second else 200)


def test_an_invited_coder_cannot_see_agreement_or_groups(cast, coded, client_for):
    client = client_for(coded["cleo"])
    assert client.get(f"{P}/agreement/").status_code == 403
    assert client.get(f"{P}/groups/").status_code == 403


# Codes by respondent group


def test_codes_are_counted_by_respondent_group(cast, coded, client_for, django_assert_max_num_queries):
    table = queries.counts_by_group(cast.lab)
    assert table.groups == [("Lived experience", 1), ("Professional", 2)]
    cells = {item.row.code.name: [(cell.sources, cell.of) for cell in item.cells] for item in table.rows}
    assert cells == {
        "Being listened to": [(1, 1), (1, 2)],  # two coders on one source count once
        "Exercise": [(1, 1), (1, 2)],
        "Unused": [(0, 1), (0, 2)],
    }
    client = client_for(cast.team)
    client.get(f"{P}/groups/")
    with django_assert_max_num_queries(10):
        page = parse(client.get(f"{P}/groups/"))
    headers = [text_of(th) for th in page.select("#groups thead th")]
    assert headers == ["Code", "Lived experience (1 source)", "Professional (2 sources)"]
    first = [text_of(cell) for cell in page.select("#groups tbody tr")[0].select("td")]
    assert first == ["1 (100%)", "1 (50%)"]


def test_sources_without_a_group_are_counted_as_no_group(cast, client_for):
    code = CodeFactory(lab=cast.lab, name="A")
    actions.code_span(SourceFactory(lab=cast.lab, group=""), 0, 5, [code], cast.team)
    table = queries.counts_by_group(cast.lab)
    assert table.groups == [("No group", 1)]
    assert [(cell.sources, cell.of) for cell in table.rows[0].cells] == [(1, 1)]


def test_with_nothing_coded_the_groups_page_says_so(cast, client_for):
    page = parse(client_for(cast.team).get(f"{P}/groups/"))
    assert page.select_one("#nothing-to-count") is not None
