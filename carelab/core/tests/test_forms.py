"""UKDateTimeField: dates and times typed as UK clocks show them, one rule for the clock changes."""

from datetime import UTC, datetime

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from carelab.core.forms import UKDateTimeField


class WhenForm(forms.Form):
    when = UKDateTimeField(required=False)


def cleaned(typed: str):
    form = WhenForm({"when": typed})
    return form.cleaned_data["when"] if form.is_valid() else form.errors["when"]


def test_a_summer_time_and_a_winter_time_become_the_moments_they_stand_for():
    assert cleaned("2026-07-15T10:00") == datetime(2026, 7, 15, 9, 0, tzinfo=UTC)
    assert cleaned("2026-01-15T10:00") == datetime(2026, 1, 15, 10, 0, tzinfo=UTC)


def test_the_minutes_either_side_of_each_clock_change_are_accepted():
    assert cleaned("2026-03-29T00:59") == datetime(2026, 3, 29, 0, 59, tzinfo=UTC)
    assert cleaned("2026-03-29T02:00") == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert cleaned("2026-10-25T00:59") == datetime(2026, 10, 24, 23, 59, tzinfo=UTC)
    assert cleaned("2026-10-25T02:00") == datetime(2026, 10, 25, 2, 0, tzinfo=UTC)


def test_the_hour_the_clocks_skip_in_spring_is_refused_saying_what_to_choose():
    assert cleaned("2026-03-29T01:30") == [
        "The clocks go forward at 1am on 29 March 2026, so 1:30am does not exist that day. "
        "Choose a time before 1am or from 2am"
    ]


def test_the_hour_the_clocks_repeat_in_autumn_is_refused_rather_than_guessed():
    assert cleaned("2026-10-25T01:15") == [
        "The clocks go back at 2am on 25 October 2026, so 1:15am happens twice that day. "
        "Choose a time before 1am or from 2am"
    ]


def test_a_stored_moment_is_shown_again_as_uk_clocks_showed_it():
    field = UKDateTimeField()
    assert field.prepare_value(datetime(2026, 7, 15, 9, 0, tzinfo=UTC)) == "2026-07-15T10:00"
    assert field.prepare_value(datetime(2026, 10, 25, 1, 30, tzinfo=UTC)) == "2026-10-25T01:30"


@pytest.mark.parametrize("typed", ["", "   "])
def test_nothing_typed_is_no_date(typed):
    assert cleaned(typed) is None


@pytest.mark.parametrize("typed", ["tomorrow", "2026-02-30T10:00", "2026-13-01T10:00", "0001-01-01T00:00", "\x00"])
def test_nonsense_and_impossible_dates_are_form_errors(typed):
    assert isinstance(cleaned(typed), list)


@given(st.text(max_size=40))
def test_any_text_gives_an_aware_moment_none_or_a_form_error_never_a_crash(typed):
    result = cleaned(typed)
    assert result is None or isinstance(result, list) or result.tzinfo is not None


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2999, 12, 31)))
def test_every_wall_clock_time_is_either_its_one_moment_or_refused(naive):
    result = cleaned(naive.strftime("%Y-%m-%dT%H:%M"))
    if isinstance(result, list):
        assert "The clocks go" in result[0]
    else:
        assert UKDateTimeField().prepare_value(result) == naive.strftime("%Y-%m-%dT%H:%M")
