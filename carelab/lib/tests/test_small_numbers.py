import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carelab.lib.small_numbers import (
    Count,
    shown_percent,
    suppress_counts,
    suppress_line,
    suppress_table,
)


def hidden(counts: list[Count]) -> list[bool]:
    return [count.hidden for count in counts]


def test_every_count_under_the_threshold_is_hidden_zero_included():
    assert hidden(suppress_counts([0, 1, 4, 5, 12], 5)) == [True, True, True, False, False]


def test_a_hidden_count_reads_fewer_than_the_threshold():
    small, large = suppress_counts([3, 12], 5)
    assert (small.text, small.csv) == ("fewer than 5", "<5")
    assert (large.text, large.csv) == ("12", "12")


def test_the_threshold_is_the_labs():
    assert hidden(suppress_counts([3, 9, 10], 10)) == [True, True, False]
    assert hidden(suppress_counts([0, 1], 1)) == [True, False]
    with pytest.raises(ValueError):
        suppress_counts([1], 0)


def test_a_single_hidden_count_in_a_line_takes_the_next_smallest_with_it():
    # 3 alone hidden could be worked out as 33 - 10 - 20; hiding 10 as well stops that.
    counts, total = suppress_line([3, 10, 20], 33, 5)
    assert hidden(counts) == [True, True, False]
    assert not total.hidden and total.text == "33"
    # Only the small one says it is small; the other is hidden to protect it.
    assert [count.text for count in counts] == ["fewer than 5", "not shown", "20"]
    assert [count.csv for count in counts] == ["<5", "not shown", "20"]


def test_two_hidden_counts_in_a_line_need_nothing_more():
    counts, total = suppress_line([2, 3, 20], 25, 5)
    assert hidden(counts) == [True, True, False] and not total.hidden


def test_a_line_with_no_small_counts_is_shown_whole():
    counts, total = suppress_line([6, 10, 20], 36, 5)
    assert hidden(counts) == [False, False, False] and not total.hidden


def test_a_total_under_the_threshold_hides_everything_in_its_line():
    counts, total = suppress_line([1, 2], 3, 5)
    assert hidden(counts) == [True, True] and total.hidden


def test_a_line_must_add_up():
    with pytest.raises(ValueError):
        suppress_line([1, 2], 4, 5)


def test_in_a_table_hiding_for_a_row_spreads_to_the_columns_until_nothing_can_be_worked_out():
    table = suppress_table([[2, 10], [10, 10]], 5)
    assert [hidden(row) for row in table.cells] == [[True, True], [True, True]]
    assert [count.value for count in table.row_totals] == [12, 20]
    assert not any(count.hidden for count in [*table.row_totals, *table.column_totals, table.total])


def test_a_small_row_total_is_hidden_and_protected_in_the_totals_column():
    table = suppress_table([[1, 2], [10, 10], [20, 30]], 5)
    assert table.row_totals[0].hidden
    # The hidden row total (3) could be worked out from the grand total: another total hides too.
    assert sum(count.hidden for count in table.row_totals) >= 2


def test_percentages_are_shown_only_when_the_count_and_its_base_are():
    shown, small = suppress_counts([10, 3], 5)
    base, tiny_base = suppress_counts([40, 4], 5)
    assert shown_percent(shown, base) == 25.0
    assert shown_percent(small, base) is None
    assert shown_percent(shown, tiny_base) is None
    assert shown_percent(Count(0, False, 1), Count(0, False, 1)) is None


TABLES = st.integers(1, 6).flatmap(
    lambda width: st.lists(st.lists(st.integers(0, 30), min_size=width, max_size=width), min_size=1, max_size=6)
)


@settings(max_examples=300, deadline=None)
@given(TABLES, st.integers(1, 10))
def test_no_line_of_a_table_ever_has_exactly_one_hidden_entry(cells, threshold):
    table = suppress_table(cells, threshold)
    grid = [[*row, total] for row, total in zip(table.cells, table.row_totals, strict=True)]
    grid.append([*table.column_totals, table.total])
    lines = [list(row) for row in grid] + [list(column) for column in zip(*grid, strict=True)]
    for line in lines:
        assert sum(count.hidden for count in line) != 1
        assert line[-1].value == sum(count.value for count in line[:-1])
    for row in grid:
        for count in row:
            assert count.hidden or count.value >= threshold
            assert count.threshold == threshold
