"""What every CareLab form says the same way."""


def too_long(what: str, limit: int) -> str:
    """A 'too long' error message that says how long the text is, so people know how much to cut
    (Django fills in %(show_value)s)."""
    return f"{what} must be {limit:,} characters or fewer. You have written %(show_value)s."
