"""carelab.lib.clock: UK wall-clock times, and the hours the clocks skip or repeat."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from carelab.lib.clock import ClockChangeError, aware_wall_time, clock_change_around, spoken_time

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("naive", "utc"),
    [
        (datetime(2026, 1, 15, 10, 0), datetime(2026, 1, 15, 10, 0, tzinfo=UTC)),
        (datetime(2026, 7, 15, 10, 0), datetime(2026, 7, 15, 9, 0, tzinfo=UTC)),
        (datetime(2026, 3, 29, 0, 59), datetime(2026, 3, 29, 0, 59, tzinfo=UTC)),
        (datetime(2026, 3, 29, 2, 0), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        (datetime(2026, 10, 25, 0, 59), datetime(2026, 10, 24, 23, 59, tzinfo=UTC)),
        (datetime(2026, 10, 25, 2, 0), datetime(2026, 10, 25, 2, 0, tzinfo=UTC)),
    ],
)
def test_ordinary_times_become_the_moment_they_stand_for(naive, utc):
    assert aware_wall_time(naive, LONDON) == utc


@pytest.mark.parametrize("minute", [0, 30, 59])
def test_a_time_the_clocks_skip_in_spring_is_refused_with_what_to_do(minute):
    with pytest.raises(ClockChangeError) as refusal:
        aware_wall_time(datetime(2026, 3, 29, 1, minute), LONDON)
    typed = spoken_time(time(1, minute))
    assert str(refusal.value) == (
        f"The clocks go forward at 1am on 29 March 2026, so {typed} does not exist that day. "
        "Choose a time before 1am or from 2am"
    )


@pytest.mark.parametrize("minute", [0, 30, 59])
def test_a_time_that_happens_twice_in_autumn_is_refused_with_what_to_do(minute):
    with pytest.raises(ClockChangeError) as refusal:
        aware_wall_time(datetime(2026, 10, 25, 1, minute), LONDON)
    assert str(refusal.value).startswith("The clocks go back at 2am on 25 October 2026, so ")
    assert str(refusal.value).endswith("happens twice that day. Choose a time before 1am or from 2am")


def test_the_skipped_stretch_is_found_in_other_zones_too():
    change = clock_change_around(datetime(2026, 3, 8, 2, 30), ZoneInfo("America/New_York"))
    assert (change.starts, change.ends, change.forward) == (
        datetime(2026, 3, 8, 2, 0),
        datetime(2026, 3, 8, 3, 0),
        True,
    )
    assert clock_change_around(datetime(2026, 6, 1, 2, 30), LONDON) is None


@pytest.mark.parametrize(
    ("value", "spoken"),
    [
        (time(0, 0), "midnight"),
        (time(9, 0), "9am"),
        (time(12, 0), "midday"),
        (time(12, 30), "12:30pm"),
        (time(13, 5), "1:05pm"),
        (time(23, 59), "11:59pm"),
    ],
)
def test_times_are_said_the_way_people_say_them(value, spoken):
    assert spoken_time(value) == spoken
