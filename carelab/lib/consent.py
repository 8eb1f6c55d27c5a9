"""Reading the times recorded with a consent.

CareLab keeps each consent as a small mapping, `{"wording": …, "version": …}`, with the wording the
person was shown and its version (surveys, applications, profile cards). Consents given or given again
since decision 0018 also carry `"given_at"` (ISO 8601, with its offset); older ones do not, and take
the time the whole form was recorded instead.
"""

from collections.abc import Mapping
from datetime import datetime


def recorded_at(consent: Mapping, key: str = "given_at", fallback: datetime | None = None) -> datetime | None:
    """The time stored under `key` in the consent, or `fallback` when it is missing or unreadable."""
    value = consent.get(key)
    if not isinstance(value, str):
        return fallback
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return fallback
