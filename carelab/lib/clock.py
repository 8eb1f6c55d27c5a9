"""Wall-clock times in a time zone with clock changes, such as Europe/London.

Pure Python (no Django), so it is tested on its own. Dates and times in CareLab's forms (an event's
times, when a post is published, when a survey opens) are typed as the clocks in the UK show them
(`carelab.core.forms.UKDateTimeField`); twice a year one hour either does not exist (the clocks go
forward) or happens twice (the clocks go back). A time in that hour cannot be stored
without guessing, so it is refused with a message that says what happened and what to do.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

UK_TIME_ZONE = ZoneInfo("Europe/London")

_MINUTE = timedelta(minutes=1)
# No zone has moved its clocks by more than this in one go.
_LONGEST_CHANGE = timedelta(hours=3)


class ClockChangeError(ValueError):
    """The time cannot be pinned down because the clocks change around it. The message says why."""


def spoken_time(value: time | datetime) -> str:
    """A time as people say it: '1am', '1:30pm', 'midday', 'midnight'."""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def spoken_date(value: date) -> str:
    """'29 March 2026'."""
    return f"{value.day} {value:%B %Y}"


def does_not_exist(naive: datetime, zone: ZoneInfo) -> bool:
    """True for a time the clocks skip (it does not survive a round trip through UTC)."""
    there_and_back = naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
    return there_and_back.replace(tzinfo=None) != naive


def happens_twice(naive: datetime, zone: ZoneInfo) -> bool:
    """True for a time the clocks show twice (its two readings have different offsets)."""
    return (
        not does_not_exist(naive, zone)
        and naive.replace(tzinfo=zone, fold=0).utcoffset() != naive.replace(tzinfo=zone, fold=1).utcoffset()
    )


@dataclass(frozen=True)
class ClockChange:
    """The hour (or so) around a clock change: [starts, ends) on the wall clock."""

    starts: datetime
    ends: datetime
    forward: bool

    def explain(self, typed: datetime) -> str:
        day = spoken_date(typed.date())
        outside = f"Choose a time before {spoken_time(self.starts)} or from {spoken_time(self.ends)}"
        if self.forward:
            return (
                f"The clocks go forward at {spoken_time(self.starts)} on {day}, so {spoken_time(typed)} "
                f"does not exist that day. {outside}"
            )
        return (
            f"The clocks go back at {spoken_time(self.ends)} on {day}, so {spoken_time(typed)} happens twice "
            f"that day. {outside}"
        )


def clock_change_around(naive: datetime, zone: ZoneInfo) -> ClockChange | None:
    """The skipped or repeated stretch of wall-clock time that `naive` falls in, if any."""
    if does_not_exist(naive, zone):
        check, forward = does_not_exist, True
    elif happens_twice(naive, zone):
        check, forward = happens_twice, False
    else:
        return None
    starts = naive.replace(second=0, microsecond=0)
    while check(starts - _MINUTE, zone) and naive - starts < _LONGEST_CHANGE:
        starts -= _MINUTE
    ends = naive.replace(second=0, microsecond=0) + _MINUTE
    while check(ends, zone) and ends - naive < _LONGEST_CHANGE:
        ends += _MINUTE
    return ClockChange(starts, ends, forward)


def aware_wall_time(naive: datetime, zone: ZoneInfo) -> datetime:
    """The moment a wall-clock time in `zone` stands for, or ClockChangeError if there is not exactly one."""
    change = clock_change_around(naive, zone)
    if change is not None:
        raise ClockChangeError(change.explain(naive))
    return naive.replace(tzinfo=zone)
