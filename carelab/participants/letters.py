"""The messages the lab team sends about an application: default wording, placeholders and filling them in.

Plain text, no Markdown. A template may use only the placeholders below; they are swapped in
with plain string replacement (never `str.format`, which would let a template reach into objects).
"""

import re

from carelab.lib.lab_names import lab_name

PLACEHOLDERS = {
    "{name}": "the applicant's display name",
    "{lab}": "the lab's title",
}
# Left in the default "ask for more information" message for the reviewer to replace.
QUESTION_PROMPT = "[Write your question here]"

DEFAULT_BODIES = {
    "accepted": (
        "Dear {name},\n\n"
        "Thank you for applying to take part in {lab}. We are delighted to welcome you as a lab participant.\n\n"
        "You now have a profile card in the lab's directory, made from what you told us. You can change it, "
        "and who can see it, at any time.\n\n"
        "Best wishes,\nThe {lab} lab team"
    ),
    "declined": (
        "Dear {name},\n\n"
        "Thank you for applying to take part in {lab}. We are sorry that we cannot offer you a place as a lab "
        "participant at the moment.\n\n"
        "You can still read the lab's news and answer its surveys. Thank you again for your interest.\n\n"
        "Best wishes,\nThe {lab} lab team"
    ),
    "more_info": (
        "Dear {name},\n\n"
        "Thank you for applying to take part in {lab}. Before we decide, we would like to know a little more.\n\n"
        f"{QUESTION_PROMPT}\n\n"
        "You can add to your application with the link below. Take your time: there is no deadline.\n\n"
        "Best wishes,\nThe {lab} lab team"
    ),
}

SUBJECTS = {
    "accepted": "Welcome to {lab}",
    "declined": "Your application to {lab}",
    "more_info": "A question about your application to {lab}",
}

_PLACEHOLDER = re.compile(r"\{[^{}\s]*\}")
# "The {lab} lab team" (the default wording, and older templates) with a title that already ends in
# "lab" would read "… lab lab team": "{lab} lab" is filled in as the lab's name as a whole.
_FILLED = re.compile(r"\{lab\} lab\b|" + _PLACEHOLDER.pattern)


def unknown_placeholders(text: str) -> list[str]:
    """Placeholders in the text that CareLab does not fill in, in the order they first appear."""
    found = []
    for match in _PLACEHOLDER.findall(text):
        if match not in PLACEHOLDERS and match not in found:
            found.append(match)
    return found


def fill_in(text: str, *, name: str, lab: str) -> str:
    """The text with each known placeholder replaced. Anything else is left exactly as written."""
    values = {"{name}": name, "{lab}": lab}

    def value(match: re.Match) -> str:
        found = match.group(0)
        return lab_name(lab) if found == "{lab} lab" else values.get(found, found)

    # One pass, so a name that itself contains "{lab}" is not filled in again.
    return _FILLED.sub(value, text)
