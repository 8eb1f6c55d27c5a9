"""carelab/lib/spc.py against the rules' published definitions and the references' documented examples.

Vectors come from: Anhøj and Olesen's table of runs limits (qicharts2's `runs.analysis`), the
worked examples in Montgomery's *Introduction to Statistical Quality Control* that qicharts2's own
tests use (orange juice cans, p chart, Example 7.1; circuit boards, c chart, Example 7.3; personal
computers, u chart, Example 7.4), and NHSRplotthedots' rules worked by hand. Choices where the
references differ are pinned here and recorded in docs/decisions/0037-spc-charts.md.
"""

import math
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carelab.lib.spc import (
    SPCError,
    attribute_chart,
    crossings_minimum,
    describe_runs,
    describe_xmr,
    longest_run_maximum,
    run_chart,
    xmr,
)

ORANGE_JUICE = [
    12,
    15,
    8,
    10,
    4,
    7,
    16,
    9,
    14,
    10,
    5,
    6,
    17,
    12,
    22,
    8,
    10,
    5,
    13,
    11,
    20,
    18,
    24,
    15,
    9,
    12,
    7,
    13,
    9,
    6,
]
CIRCUIT_BOARDS = [21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16, 19, 10, 17, 13, 22, 18, 39, 30, 24, 16, 19, 17, 15]
COMPUTERS = [10, 12, 8, 14, 10, 16, 11, 7, 10, 15, 9, 5, 7, 11, 12, 6, 8, 10, 7, 5]


def sig4(x):
    return float(f"{x:.4g}")


# -- Anhøj's runs rules ------------------------------------------------------------------------------

# Anhøj J, Olesen AV (2014), table 1: the longest run and fewest crossings expected by chance.
ANHOEJ_TABLE = {
    10: (6, 2), 11: (6, 2), 12: (7, 3), 13: (7, 3), 14: (7, 4), 15: (7, 4), 16: (7, 4), 17: (7, 5),
    18: (7, 5), 19: (7, 6), 20: (7, 6), 21: (7, 6), 22: (7, 7), 23: (8, 7), 24: (8, 8), 25: (8, 8),
    26: (8, 8), 27: (8, 9), 28: (8, 9), 29: (8, 10), 30: (8, 10), 40: (8, 14), 50: (9, 19),
}  # fmt: skip


@pytest.mark.parametrize(("useful", "expected"), ANHOEJ_TABLE.items())
def test_runs_limits_match_the_published_table(useful, expected):
    assert (longest_run_maximum(useful), crossings_minimum(useful)) == expected


def test_crossings_minimum_is_the_5th_percentile_of_the_binomial():
    for n in (2, 3, 9, 31, 101, 257):
        trials = n - 1
        cdf = [sum(math.comb(trials, k) for k in range(x + 1)) / 2**trials for x in range(trials + 1)]
        assert crossings_minimum(n) == next(x for x, p in enumerate(cdf) if p >= 0.05)


def test_a_run_chart_of_random_looking_data_has_no_signal():
    chart = run_chart([5, 7, 4, 8, 6, 3, 7, 5, 8, 4, 6, 9, 5, 7, 3, 6])
    assert chart.centre == 6
    assert chart.useful_points == 13  # three points lie on the median
    assert chart.crossings == 12 and chart.crossings_min == 3
    assert chart.longest_run == 1 and chart.longest_run_max == 7
    assert not chart.signal


def test_points_on_the_median_neither_break_nor_extend_a_run():
    # Below, below, on, below, below …: one run of 4 useful points, not two runs of 2.
    chart = run_chart([1, 2, 5, 1, 2, 8, 9, 5, 8, 9])
    assert chart.centre == 5
    assert chart.useful_points == 8
    assert chart.longest_run == 4
    assert chart.crossings == 1


def test_a_shift_gives_a_long_run_and_few_crossings():
    chart = run_chart([3, 4, 3, 5, 4, 3, 4, 5, 3, 4, 9, 8, 9, 10, 8, 9, 10, 9, 8, 9])
    assert chart.longest_run == 10 and chart.longest_run_max == 7
    assert chart.crossings == 1 and chart.crossings_min == 6
    assert chart.signal
    assert "shift" in describe_runs(chart)


def test_a_fixed_baseline_takes_the_median_of_its_points_only():
    chart = run_chart([1, 2, 3, 4, 100, 100, 100], baseline_points=4)
    assert chart.centre == 2.5
    assert chart.longest_run == 5  # 3, 4 and the three hundreds, all above 2.5


def test_a_run_chart_with_fewer_than_two_useful_points_says_so():
    for values in ([], [4], [4, 4, 4], [None, None]):
        chart = run_chart(values)
        assert not chart.signal and chart.longest_run_max is None
        assert chart.useful_points <= 1 or describe_runs(chart)
    assert "no points off the median" in describe_runs(run_chart([4, 4, 4]))


def test_missing_values_keep_their_place_and_take_no_part():
    with_gaps = run_chart([1, None, 2, float("nan"), 9, 8])
    without = run_chart([1, 2, 9, 8])
    assert with_gaps.values[1] is None and with_gaps.values[3] is None
    assert (with_gaps.centre, with_gaps.longest_run, with_gaps.crossings) == (
        without.centre,
        without.longest_run,
        without.crossings,
    )


# -- XmR: limits ------------------------------------------------------------------------------------


def test_xmr_limits_are_the_mean_plus_or_minus_2_66_mean_moving_ranges():
    values = [10, 12, 11, 13, 12, 11, 10, 12]
    chart = xmr(values)
    mean = statistics.fmean(values)
    amr = statistics.fmean(abs(b - a) for a, b in zip(values, values[1:], strict=False))  # 8/7
    point = chart.points[0]
    assert point.centre == pytest.approx(mean)
    assert point.upper == pytest.approx(mean + 2.66 * amr)
    assert point.lower == pytest.approx(mean - 2.66 * amr)
    assert point.upper == pytest.approx(15.175) and point.lower == pytest.approx(7.575)
    assert chart.points[0].moving_range is None and chart.points[1].moving_range == 2


def test_a_moving_range_at_or_above_3_267_times_the_mean_is_screened_out_when_asked():
    values = [10, 10, 11, 10, 11, 10, 30, 10, 11, 10]
    ranges = [0, 1, 1, 1, 1, 20, 20, 1, 1]
    amr = sum(ranges) / len(ranges)  # 46/9 = 5.11; 3.267 × 5.11 = 16.7: the two 20s go
    screened = sum(r for r in ranges if r < 3.267 * amr) / 7
    mean = statistics.fmean(values)
    assert xmr(values).points[0].upper == pytest.approx(mean + 2.66 * screened)
    assert xmr(values, screen_moving_ranges=False).points[0].upper == pytest.approx(mean + 2.66 * amr)


def test_all_equal_values_give_limits_on_the_mean_and_no_signal():
    chart = xmr([5] * 12)
    assert {(p.centre, p.lower, p.upper) for p in chart.points} == {(5, 5, 5)}
    assert all(p.signal is None for p in chart.points)
    assert chart.variation == "common"


def test_a_fixed_baseline_sets_the_limits_from_the_first_points():
    values = [10, 11, 10, 11, 10, 11, 20, 21, 20, 21]
    chart = xmr(values, baseline_points=6)
    assert chart.points[9].centre == 10.5
    assert chart.points[9].upper == pytest.approx(10.5 + 2.66)
    assert chart.points[6].rules[0] == "beyond_limits"


def test_recalculating_starts_new_limits_at_each_position():
    values = [10, 11, 10, 11, 10, 20, 21, 20, 21, 20]
    chart = xmr(values, recalculate_at=[5])
    assert [p.period for p in chart.points] == [0] * 5 + [1] * 5
    assert chart.points[0].centre == 10.4 and chart.points[5].centre == 20.4
    assert chart.points[5].moving_range is None  # a new period's first point has no moving range
    assert all(p.signal is None for p in chart.points)
    assert xmr(values).points[0].centre == 15.4


def test_recalculating_with_a_baseline_fixes_each_periods_first_points():
    values = [1, 2, 1, 2, 9, 9, 5, 6, 5, 6, 0, 0]
    chart = xmr(values, baseline_points=4, recalculate_at=[6])
    assert chart.points[0].centre == 1.5 and chart.points[6].centre == 5.5


def test_fewer_than_two_points_give_no_limits():
    chart = xmr([7])
    assert chart.points[0].upper is None and chart.points[0].signal is None
    assert chart.variation == "common"
    assert describe_xmr(chart) == ["There are not enough points yet to work out the process limits."]
    assert xmr([]).points == () and xmr([]).variation is None


def test_missing_values_are_skipped_by_the_rules_and_break_moving_ranges():
    values = [5, 5.5, None, 6, 7, 8, 9, 10, 11, 12]
    chart = xmr(values)
    assert chart.points[2].signal is None and chart.points[2].moving_range is None
    assert chart.points[3].moving_range is None  # its neighbour before is missing
    # The rising points either side of the gap still make one trend: the gap is left out.
    assert all("trend" in chart.points[i].rules for i in (0, 1, 3, 4, 5, 6))


# -- XmR: the four rules ----------------------------------------------------------------------------


def test_a_point_beyond_a_limit_signals():
    chart = xmr([10, 11, 10, 11, 10, 11, 10, 25, 10, 11], baseline_points=7)
    assert chart.points[7].rules == ("beyond_limits",)
    assert chart.points[7].signal == "improvement"
    assert [i for i, p in enumerate(chart.points) if p.signal] == [7]


def test_a_run_of_seven_on_one_side_signals_and_six_does_not():
    # The baseline (9, 11, …) puts the mean at 10 and the limits far from 12.
    six = [9, 11, 9, 11, 9, 11, 9, *[12] * 6, 9]
    seven = [9, 11, 9, 11, 9, 11, 9, *[12] * 7, 9]
    assert not any(p.rules for p in xmr(six, baseline_points=6).points)
    flagged = [i for i, p in enumerate(xmr(seven, baseline_points=6).points) if p.rules]
    assert flagged == list(range(7, 14))
    assert all(xmr(seven, baseline_points=6).points[i].rules == ("run",) for i in flagged)
    # The rule's length is a setting: with 6, the six-point run signals.
    shorter = xmr(six, baseline_points=6, rule_run_length=6)
    assert [i for i, p in enumerate(shorter.points) if p.rules] == list(range(7, 13))


def test_a_point_exactly_on_the_mean_breaks_a_run_of_seven():
    values = [0, 20, 0, 20, 11, 11, 11, 10, 11, 11, 11, 11, 0, 20]
    chart = xmr(values, baseline_points=4)
    assert chart.points[7].centre == 10 and chart.points[7].value == 10
    assert not any(p.rules for p in chart.points)  # 4 above, one on the mean, 4 above
    values[7] = 11  # now 9 in a row above the mean (the 20 before them too)
    assert [i for i, p in enumerate(xmr(values, baseline_points=4).points) if p.rules] == list(range(3, 12))


def test_a_trend_of_seven_rising_or_falling_signals_and_a_tie_breaks_it():
    rising = [5, 1, 9, 2, 3, 4, 5, 6, 7, 8, 1, 9, 2]
    flagged = [i for i, p in enumerate(xmr(rising).points) if "trend" in p.rules]
    assert flagged == [3, 4, 5, 6, 7, 8, 9]
    falling = [5 - v for v in rising]
    assert [i for i, p in enumerate(xmr(falling).points) if "trend" in p.rules] == flagged
    tied = [5, 1, 9, 2, 3, 4, 4, 6, 7, 8, 1, 9, 2]
    assert not any("trend" in p.rules for p in xmr(tied).points)


def test_two_of_three_close_to_a_limit_on_one_side_signals():
    base = [10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12]
    chart = xmr(base)
    mean, upper = chart.points[0].centre, chart.points[0].upper
    near = mean + (upper - mean) * 0.8  # above two sigma (2/3 of the way), below the limit
    values = base[:8] + [near, mean + 0.1, near] + base[11:]
    fired = xmr(values, baseline_points=8)
    assert [i for i, p in enumerate(fired.points) if "two_of_three" in p.rules] == [8, 10]
    assert fired.points[9].rules == ()


def test_two_of_three_needs_all_three_on_the_same_side_of_the_mean():
    base = [10, 12] * 8
    chart = xmr(base)
    mean, upper = chart.points[0].centre, chart.points[0].upper
    near = mean + (upper - mean) * 0.8
    values = base[:8] + [near, mean - 0.1, near] + base[11:]
    assert not any("two_of_three" in p.rules for p in xmr(values, baseline_points=8).points)


def test_a_point_beyond_three_sigma_does_not_count_towards_two_of_three():
    base = [10, 12] * 8
    chart = xmr(base)
    mean, upper = chart.points[0].centre, chart.points[0].upper
    near = mean + (upper - mean) * 0.8
    values = base[:8] + [near, mean + 0.1, upper + 0.5] + base[11:]
    fired = xmr(values, screen_moving_ranges=False, baseline_points=8)
    assert fired.points[10].rules == ("beyond_limits",)
    assert "two_of_three" not in fired.points[8].rules


# -- XmR: signals, icons and assurance ---------------------------------------------------------------


def test_signals_follow_the_improvement_direction():
    values = [10, 11, 10, 11, 10, 11, 10, 25, 10, 11]
    assert xmr(values, improvement="increase").points[7].signal == "improvement"
    assert xmr(values, improvement="decrease").points[7].signal == "concern"
    assert xmr(values, improvement="neither").points[7].signal == "high"
    low = [10, 11, 10, 11, 10, 11, 10, -5, 10, 11]
    assert xmr(low, improvement="neither").points[7].signal == "low"


@pytest.mark.parametrize(
    ("last", "improvement", "variation"),
    [
        (25, "increase", "improvement-high"),
        (25, "decrease", "concern-high"),
        (-5, "increase", "concern-low"),
        (-5, "decrease", "improvement-low"),
        (25, "neither", "neither-high"),
        (-5, "neither", "neither-low"),
        (10.5, "increase", "common"),
    ],
)
def test_the_variation_icon_is_the_last_points(last, improvement, variation):
    values = [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, last]
    assert xmr(values, improvement=improvement).variation == variation


@pytest.mark.parametrize(
    ("target", "improvement", "assurance"),
    [
        (20, "increase", "fail"),
        (20, "decrease", "pass"),
        (0, "increase", "pass"),
        (0, "decrease", "fail"),
        (10.5, "increase", "hit-or-miss"),
        (10.5, "neither", None),
        (None, "increase", None),
    ],
)
def test_assurance_compares_the_target_with_the_last_limits(target, improvement, assurance):
    chart = xmr([10, 11] * 6, improvement=improvement, target=target)
    assert chart.assurance == assurance


def test_the_summary_says_what_the_rules_found_in_plain_words():
    shift = [10, 11, 10, 11, 10, 11, 10, 11, 13, 13.5, 13, 13.5, 13, 13.5, 13]
    words = " ".join(describe_xmr(xmr(shift, baseline_points=8)))
    assert "all above the average: this is unlikely to be chance" in words
    calm = " ".join(describe_xmr(xmr([10, 11] * 10)))
    assert "common-cause variation" in calm


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: xmr([1, "2"]), "must be a number"),
        (lambda: xmr([1, float("inf")]), "too large"),
        (lambda: xmr([1, 2], improvement="up"), "improvement direction"),
        (lambda: xmr([1, 2], rule_run_length=1), "run length"),
        (lambda: xmr([1, 2], baseline_points=0), "baseline"),
        (lambda: xmr([1, 2], recalculate_at=[5]), "from 0 to 1"),
        (lambda: attribute_chart("x", [1]), "kind"),
        (lambda: attribute_chart("p", [1]), "size of each sample"),
        (lambda: attribute_chart("p", [6], [5]), "larger than the sample"),
        (lambda: attribute_chart("u", [1, 2], [5]), "one sample size for each count"),
        (lambda: attribute_chart("c", [-1]), "below 0"),
        (lambda: attribute_chart("c", [1, 2], exclude=[2]), "from 0 to 1"),
    ],
)
def test_bad_input_gets_a_clear_message(call, message):
    with pytest.raises(SPCError, match=message):
        call()


# -- Attribute charts (qicharts2, Montgomery's examples) ---------------------------------------------


def test_p_chart_of_montgomerys_orange_juice_cans():
    chart = attribute_chart("p", ORANGE_JUICE, [50] * 30)
    point = chart.points[0]
    assert (sig4(point.centre), sig4(point.upper), sig4(point.lower)) == (0.2313, 0.4102, 0.05243)
    assert [i for i, p in enumerate(chart.points) if p.signal] == [14, 22]  # samples 15 and 23


def test_p_chart_with_the_assignable_causes_excluded_still_tests_them():
    chart = attribute_chart("p", ORANGE_JUICE, [50] * 30, exclude=[14, 22])
    point = chart.points[0]
    assert (sig4(point.centre), sig4(point.upper), sig4(point.lower)) == (0.215, 0.3893, 0.04070)
    # Samples 15 and 23 are still beyond the limits; sample 21 now is too (Montgomery notes it).
    assert [i for i, p in enumerate(chart.points) if p.signal] == [14, 20, 22]
    assert chart.points[14].excluded
    assert chart.runs[0].useful_points == 28  # excluded points are left out of the runs analysis


def test_c_chart_of_montgomerys_circuit_boards():
    chart = attribute_chart("c", CIRCUIT_BOARDS)
    point = chart.points[0]
    assert (sig4(point.centre), sig4(point.upper), sig4(point.lower)) == (19.85, 33.21, 6.481)
    assert [i for i, p in enumerate(chart.points) if p.signal] == [5, 19]
    revised = attribute_chart("c", CIRCUIT_BOARDS, exclude=[5, 19]).points[0]
    assert (sig4(revised.centre), sig4(revised.upper), sig4(revised.lower)) == (19.67, 32.97, 6.363)


def test_u_chart_of_montgomerys_personal_computers():
    chart = attribute_chart("u", COMPUTERS, [5] * 20)
    point = chart.points[0]
    assert (sig4(point.centre), sig4(point.upper), sig4(point.lower)) == (1.93, 3.794, 0.06613)
    assert not any(p.signal for p in chart.points)


def test_u_chart_limits_vary_with_the_sample_size():
    chart = attribute_chart("u", [4, 8, 2], [2, 8, 1])
    centre = 14 / 11
    assert [sig4(p.upper) for p in chart.points] == [sig4(centre + 3 * math.sqrt(centre / n)) for n in (2, 8, 1)]
    assert [p.lower for p in chart.points] == [max(centre - 3 * math.sqrt(centre / n), 0) for n in (2, 8, 1)]
    assert chart.points[0].lower == 0  # clipped at 0


def test_p_chart_limits_are_clipped_to_0_and_1():
    chart = attribute_chart("p", [9, 1, 9, 8], [10, 2, 10, 10])
    assert all(0 <= p.lower <= p.upper <= 1 for p in chart.points)
    assert chart.points[1].upper == 1


def _laney(counts, sizes, proportion):
    """Laney's method written out step by step, as in Laney (2002), for the p′ and u′ tests."""
    centre = sum(counts) / sum(sizes)
    values = [c / n for c, n in zip(counts, sizes, strict=False)]
    sigmas = [math.sqrt((centre * (1 - centre) if proportion else centre) / n) for n in sizes]
    z = [(v - centre) / s for v, s in zip(values, sigmas, strict=False)]
    ranges = [abs(b - a) for a, b in zip(z, z[1:], strict=False)]
    mean_range = sum(ranges) / len(ranges)
    kept = [r for r in ranges if r < 3.267 * mean_range]
    sigma_z = (sum(kept) / len(kept)) / 1.128
    return centre, [(max(centre - 3 * s * sigma_z, 0), centre + 3 * s * sigma_z) for s in sigmas]


def test_p_prime_widens_the_limits_by_the_between_sample_variation():
    counts = [120, 160, 110, 190, 130, 170, 150, 100, 200, 140]
    sizes = [1000, 1100, 950, 1200, 1000, 1050, 1000, 980, 1150, 1010]
    centre, limits = _laney(counts, sizes, proportion=True)
    chart = attribute_chart("p-prime", counts, sizes)
    assert sig4(chart.points[0].centre) == sig4(centre)
    for point, (lower, upper) in zip(chart.points, limits, strict=False):
        assert (sig4(point.lower), sig4(point.upper)) == (sig4(lower), sig4(upper))
    plain = attribute_chart("p", counts, sizes)
    assert sum(p.signal for p in plain.points) > sum(p.signal for p in chart.points)


def test_u_prime_uses_the_same_correction_for_rates():
    counts = [30, 45, 28, 52, 35, 40, 33, 60, 25, 41]
    sizes = [100, 120, 90, 110, 100, 105, 95, 130, 85, 100]
    centre, limits = _laney(counts, sizes, proportion=False)
    chart = attribute_chart("u-prime", counts, sizes)
    for point, (lower, upper) in zip(chart.points, limits, strict=False):
        assert (sig4(point.lower), sig4(point.upper)) == (sig4(lower), sig4(upper))


def test_parts_get_their_own_centre_limits_and_runs():
    counts = [5, 6, 5, 7, 6, 5, 6, 15, 16, 14, 15, 16, 15, 14]
    chart = attribute_chart("c", counts, parts=[7])
    assert [p.part for p in chart.points] == [0] * 7 + [1] * 7
    assert chart.points[0].centre == pytest.approx(40 / 7) and chart.points[7].centre == pytest.approx(105 / 7)
    assert len(chart.runs) == 2 and chart.runs[1].centre == pytest.approx(15)


def test_a_fixed_baseline_sets_the_centre_from_the_first_points():
    chart = attribute_chart("c", [4, 5, 6, 20, 21, 22], baseline_points=3)
    assert chart.points[5].centre == 5
    assert [p.signal for p in chart.points] == [False, False, False, True, True, True]


def test_a_sample_of_size_zero_or_a_missing_count_has_no_value_or_limits():
    chart = attribute_chart("p", [1, None, 0, 2], [10, 10, 0, 10])
    assert chart.points[1].value is None and chart.points[2].value is None
    assert chart.points[2].upper is None and not chart.points[2].signal
    assert chart.points[0].centre == pytest.approx(3 / 20)


# -- Properties ---------------------------------------------------------------------------------------

values_strategy = st.lists(
    st.one_of(st.none(), st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)), min_size=0, max_size=60
)


@settings(deadline=None, max_examples=60)
@given(values_strategy)
def test_xmr_limits_are_symmetric_about_the_mean_and_never_crossed_without_a_signal(values):
    chart = xmr(values)
    assert len(chart.points) == len(values)
    for point in chart.points:
        if point.upper is not None:
            assert point.upper - point.centre == pytest.approx(point.centre - point.lower, abs=1e-6)
        if (
            point.value is not None
            and point.upper is not None
            and (point.value > point.upper or point.value < point.lower)
        ):
            assert "beyond_limits" in point.rules and point.signal in ("improvement", "concern")
        if point.value is None:
            assert point.signal is None and point.rules == ()


@settings(deadline=None, max_examples=60)
@given(
    st.lists(st.integers(min_value=-1000, max_value=1000), min_size=2, max_size=40),
    st.integers(min_value=-1000, max_value=1000),
)
def test_xmr_signals_do_not_change_when_every_value_moves_by_the_same_amount(values, shift):
    before = xmr(values)
    after = xmr([v + shift for v in values])
    assert [p.rules for p in before.points] == [p.rules for p in after.points]


@settings(deadline=None, max_examples=60)
@given(st.lists(st.integers(min_value=-1000, max_value=1000), min_size=2, max_size=40))
def test_reversing_the_improvement_direction_swaps_improvement_and_concern(values):
    up = xmr(values, improvement="increase")
    down = xmr(values, improvement="decrease")
    swap = {"improvement": "concern", "concern": "improvement", None: None}
    assert [swap[p.signal] for p in up.points] == [p.signal for p in down.points]


@settings(deadline=None, max_examples=60)
@given(st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=60))
def test_run_chart_counts_stay_within_their_bounds(values):
    chart = run_chart(values)
    assert 0 <= chart.crossings <= max(chart.useful_points - 1, 0)
    assert chart.longest_run <= chart.useful_points
    assert (chart.useful_points > 0) == (chart.longest_run > 0)
    assert chart.signal == (
        chart.useful_points > 0 and (chart.longest_run > chart.longest_run_max or chart.crossings < chart.crossings_min)
    )


@settings(deadline=None, max_examples=60)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=100), st.integers(min_value=1, max_value=200)),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from(["p", "p-prime"]),
)
def test_proportion_limits_stay_between_0_and_1(rows, kind):
    counts = [min(c, n) for c, n in rows]
    sizes = [n for _, n in rows]
    for point in attribute_chart(kind, counts, sizes).points:
        if point.upper is not None:
            assert 0 <= point.lower <= point.centre <= point.upper <= 1


@settings(deadline=None, max_examples=40)
@given(
    st.lists(st.integers(min_value=0, max_value=100), min_size=3, max_size=30), st.integers(min_value=0, max_value=1000)
)
def test_an_excluded_points_value_does_not_move_the_centre(counts, replacement):
    chart = attribute_chart("c", counts, exclude=[0])
    changed = attribute_chart("c", [replacement, *counts[1:]], exclude=[0])
    assert chart.points[-1].centre == changed.points[-1].centre
    assert changed.points[0].signal == (
        changed.points[0].value > changed.points[0].upper or changed.points[0].value < changed.points[0].lower
    )
