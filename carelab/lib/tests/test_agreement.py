"""Agreement between two coders (decision 0034): hand-worked vectors and properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carelab.lib.agreement import (
    KAPPA_UNDEFINED_EMPTY,
    KAPPA_UNDEFINED_SAME,
    Agreement,
    agreement,
    agreement_by_code,
    codes_by_sentence,
)


def counts(both, only_first, only_second, neither):
    first = [True] * both + [True] * only_first + [False] * only_second + [False] * neither
    second = [True] * both + [False] * only_first + [True] * only_second + [False] * neither
    return agreement(first, second)


# Worked by hand


def test_the_textbook_example_gives_seventy_per_cent_and_kappa_0_4():
    # 50 units: pₒ = 35/50 = 0.7; first says yes to 25, second to 30:
    # pₑ = 0.5 × 0.6 + 0.5 × 0.4 = 0.5; κ = (0.7 − 0.5) / (1 − 0.5) = 0.4.
    result = counts(20, 5, 10, 15)
    assert (result.units, result.percentage) == (50, 70.0)
    assert result.kappa == pytest.approx(0.4)
    assert result.kappa_note == ""


def test_four_sentences_with_one_disagreement():
    # pₒ = 3/4; pₑ = 1/4 × 2/4 + 3/4 × 2/4 = 1/2; κ = (3/4 − 1/2) / (1/2) = 1/2.
    result = counts(1, 0, 1, 2)
    assert result.percentage == 75.0
    assert result.kappa == pytest.approx(0.5)


def test_coders_who_always_disagree_evenly_have_kappa_minus_one():
    # pₒ = 0; pₑ = 1/2 × 1/2 + 1/2 × 1/2 = 1/2; κ = −1.
    result = counts(0, 2, 2, 0)
    assert result.percentage == 0.0
    assert result.kappa == pytest.approx(-1.0)


def test_agreement_only_as_often_as_chance_has_kappa_zero():
    # Each says yes to half: pₑ = 1/2, and they agree on 2 of 4: κ = 0.
    assert counts(1, 1, 1, 1).kappa == pytest.approx(0.0)


def test_when_neither_coder_uses_a_code_agreement_is_total_and_kappa_is_undefined():
    result = counts(0, 0, 0, 7)
    assert result.percentage == 100.0
    assert result.kappa is None
    assert result.kappa_note == KAPPA_UNDEFINED_SAME


def test_when_both_coders_use_a_code_on_every_sentence_kappa_is_undefined_too():
    result = counts(3, 0, 0, 0)
    assert (result.percentage, result.kappa, result.kappa_note) == (100.0, None, KAPPA_UNDEFINED_SAME)


def test_with_nothing_to_compare_both_figures_are_missing():
    result = counts(0, 0, 0, 0)
    assert (result.units, result.percentage, result.kappa, result.kappa_note) == (0, None, None, KAPPA_UNDEFINED_EMPTY)


def test_one_coder_using_a_code_everywhere_and_the_other_nowhere_has_kappa_zero():
    # pₑ = 1 × 0 + 0 × 1 = 0, pₒ = 0: κ = 0 (defined).
    result = counts(0, 4, 0, 0)
    assert (result.percentage, result.kappa) == (0.0, 0.0)


def test_judgements_of_different_lengths_are_refused():
    with pytest.raises(ValueError):
        agreement([True], [True, False])


# Sentences as the unit


def test_a_code_applies_to_each_sentence_its_excerpt_overlaps():
    text = "My GP listened. The physio helped. Nothing else did."
    #       0              15 16                34 35
    coded = [(3, 20, "care"), (40, 44, "none")]  # "GP listened. The p" spans two sentences
    assert codes_by_sentence(text, coded) == [{"care"}, {"care"}, {"none"}]


def test_an_excerpt_that_only_touches_a_sentence_boundary_does_not_apply_to_the_next():
    text = "One. Two."
    assert codes_by_sentence(text, [(0, 4, "a")]) == [{"a"}, set()]
    assert codes_by_sentence(text, [(4, 5, "a")]) == [set(), set()]  # the space between


def test_two_coders_agreement_per_code_over_sentences():
    text = "One. Two. Three. Four."
    first = codes_by_sentence(text, [(0, 4, "a"), (5, 9, "a"), (17, 22, "b")])
    second = codes_by_sentence(text, [(0, 4, "a"), (10, 16, "a")])
    by_code = agreement_by_code(first, second, ["a", "b", "c"])
    assert by_code["a"] == Agreement(both=1, only_first=1, only_second=1, neither=1)
    assert by_code["b"] == Agreement(both=0, only_first=1, only_second=0, neither=3)
    assert by_code["c"].kappa is None and by_code["c"].percentage == 100.0


# Properties

judgements = st.lists(st.tuples(st.booleans(), st.booleans()), max_size=60)


@given(judgements)
def test_percentage_is_between_0_and_100_and_kappa_at_most_1(pairs):
    result = agreement([a for a, _ in pairs], [b for _, b in pairs])
    assert result.units == len(pairs)
    if pairs:
        assert 0 <= result.percentage <= 100
    if result.kappa is not None:
        assert -1 <= result.kappa <= 1 + 1e-12


@given(judgements)
def test_swapping_the_coders_changes_nothing(pairs):
    forward = agreement([a for a, _ in pairs], [b for _, b in pairs])
    backward = agreement([b for _, b in pairs], [a for a, _ in pairs])
    assert (forward.percentage, forward.kappa) == (backward.percentage, backward.kappa)


@given(judgements)
def test_kappa_is_undefined_exactly_when_both_coders_say_the_same_thing_of_every_unit(pairs):
    result = agreement([a for a, _ in pairs], [b for _, b in pairs])
    constant_and_equal = len({a for a, _ in pairs} | {b for _, b in pairs}) <= 1
    assert (result.kappa is None) == constant_and_equal
    if pairs and constant_and_equal:
        assert result.percentage == 100.0


@given(st.lists(st.booleans(), min_size=1, max_size=60))
def test_a_coder_agrees_perfectly_with_themselves(answers):
    result = agreement(answers, answers)
    assert result.percentage == 100.0
    assert result.kappa in (1.0, None)


@given(st.text(max_size=200), st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200)), max_size=8))
def test_every_sentence_a_span_overlaps_gets_the_code_and_no_other(text, spans):
    from carelab.lib.sentences import sentence_spans

    coded = [(min(a, b), max(a, b), "c") for a, b in spans if a != b]
    found = codes_by_sentence(text, coded)
    for (start, end), codes in zip(sentence_spans(text), found, strict=True):
        overlaps = any(a < end and b > start for a, b, _ in coded)
        assert codes == ({"c"} if overlaps else set())
