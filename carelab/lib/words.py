"""Small helpers for the words on pages: counts with the right form of their noun."""


def pluralise(count: int, singular: str, plural: str | None = None) -> str:
    """'1 person', '2 people', '0 questions', '1,250 responses': the count, then the noun that agrees
    with it. Without `plural`, an "s" is added (give it for "person"/"people" and the like)."""
    noun = singular if count == 1 else (plural if plural is not None else singular + "s")
    return f"{count:,} {noun}"
