"""What every CareLab form says the same way."""


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
    from django.core.exceptions import ValidationError

    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(f"Enter a year from {FIRST_YEAR} to {LAST_YEAR}", code="year_out_of_range")
