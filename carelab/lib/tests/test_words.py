import pytest
from hypothesis import given
from hypothesis import strategies as st

from carelab.lib.words import pluralise


@pytest.mark.parametrize(
    ("count", "singular", "plural", "expected"),
    [
        (1, "person", "people", "1 person"),
        (2, "person", "people", "2 people"),
        (0, "person", "people", "0 people"),
        (1, "question", None, "1 question"),
        (3, "question", None, "3 questions"),
        (1250, "response", None, "1,250 responses"),
        (-1, "day", None, "-1 days"),
    ],
)
def test_a_count_comes_with_the_noun_that_agrees_with_it(count, singular, plural, expected):
    assert pluralise(count, singular, plural) == expected


@given(st.integers())
def test_only_exactly_one_takes_the_singular(count):
    assert pluralise(count, "person", "people").endswith("person") == (count == 1)
