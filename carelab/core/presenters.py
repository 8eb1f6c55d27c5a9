"""Display values every app shows the same way: dates in British words, and typed text as paragraphs.

The Jinja2 environment registers `format_date` as the `date` filter; presenters import both from here.
"""

from datetime import date, datetime

from django.utils import timezone


def format_date(value: date | datetime | None, style: str = "date") -> str:
    """British dates for people: '3 September 2026', or with a time '3 September 2026 at 2:05pm'.

    An aware date-time is shown in the site's time zone (UK time)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        day = f"{local.day} {local:%B %Y}"
        if style == "datetime":
            hour = local.hour % 12 or 12
            return f"{day} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"
        return day
    return f"{value.day} {value:%B %Y}"


def paragraphs(text: str) -> list[list[str]]:
    """Plain text as paragraphs of lines: blank lines split paragraphs, single breaks stay breaks.

    Templates print each line escaped, so typed HTML shows as text and never runs.
    """
    blocks = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.rstrip() for line in block.strip("\n").split("\n")]
        if any(lines):
            blocks.append(lines)
    return blocks
