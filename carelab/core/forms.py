"""What every CareLab form says and does the same way."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime

from carelab.lib.clock import UK_TIME_ZONE, ClockChangeError, aware_wall_time


def too_long(what: str, limit: int) -> str:
    """A 'too long' error message that says how long the text is, so people know how much to cut
    (Django fills in %(show_value)s)."""
    return f"{what} must be {limit:,} characters or fewer. You have written %(show_value)s."


FIRST_YEAR, LAST_YEAR = 1900, 2999


def reasonable_year(value) -> None:
    """A validator for dates and times people type: a year CareLab can work with.

    Years near the ends of what Python's dates hold (1 or 9999) overflow when moved between time
    zones or when a day is added, so they are refused with a message rather than a crash.
    """
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(f"Enter a year from {FIRST_YEAR} to {LAST_YEAR}", code="year_out_of_range")


class UKDateTimeField(forms.DateTimeField):
    """A date and time typed as UK clocks show it (a datetime-local box), cleaned to the moment it stands for.

    The one rule for the clock changes (decision 0025): a time in the hour the clocks skip in spring
    (it never happens) or in the hour they repeat in autumn (it happens twice) is refused with a
    message that says so and which times to choose, never guessed. Seconds are dropped. Shown again,
    a stored moment is written as UK clocks showed it.
    """

    widget = forms.DateTimeInput
    default_validators = [reasonable_year]

    def prepare_value(self, value):
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                value = value.astimezone(UK_TIME_ZONE)
            return value.strftime("%Y-%m-%dT%H:%M")
        return value

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            naive = value
        else:
            try:
                naive = parse_datetime(str(value))
            except ValueError:
                naive = None
            if naive is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        if naive.tzinfo is not None:
            return naive
        try:
            return aware_wall_time(naive.replace(second=0, microsecond=0), UK_TIME_ZONE)
        except ClockChangeError as problem:
            raise ValidationError(str(problem), code="clock_change") from problem
