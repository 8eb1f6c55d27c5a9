"""How a lab's title is used in a sentence. Labs' titles usually end in "lab" already
("Pain and mental health lab"), so "the {title} lab team" would read "… lab lab team"."""

import re

_ENDS_IN_LAB = re.compile(r"\blab\s*$", re.IGNORECASE)


def ends_in_lab(title: str) -> bool:
    return bool(_ENDS_IN_LAB.search(title))


def lab_name(title: str) -> str:
    """The title as a lab's name: 'Pain and mental health lab' stays; 'Back pain' becomes 'Back pain lab'."""
    title = title.strip()
    return title if ends_in_lab(title) else f"{title} lab"


def team_name(title: str) -> str:
    """Who signs the lab's e-mails: 'Pain and mental health lab team', never '… lab lab team'."""
    return f"{lab_name(title)} team"
