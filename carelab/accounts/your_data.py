"""What CareLab holds about one person, gathered from every app for the "Your data" pages.

Each app that keeps something about a person has a `personal_data.py` module with a function
`sections(user) -> list[Section]`. `collect(user)` finds those modules in the order of
INSTALLED_APPS (as the admin finds `admin.py` modules), so a new app only has to add its own
module. A section says, in plain words, what happens to its records when the person deletes
their account; `carelab.accounts.actions.delete_account` does what those words say, and the
tests of each app's module check that they agree.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import import_module

from django.apps import apps

Value = str | int | float | bool | None | list[str] | date | datetime


@dataclass(frozen=True)
class Section:
    key: str  # the section's name in the JSON download, for example "event_registrations"
    title: str  # the heading on the readable page, for example "Event registrations"
    on_deletion: str  # one plain sentence: what deleting the account does to these records
    # Each record is a list of (label, value) pairs, in the order a person would read them.
    records: list[list[tuple[str, Value]]] = field(default_factory=list)
    kept_after_deletion: bool = False  # True when something stays, without the person's name


Record = list[tuple[str, Value]]

# What deleting an account does to what other people wrote (decision 0015); shown on the deletion page.
NAMES_REMOVED_FROM_WHAT_STAYS = (
    "In everything that stays, and in notes, reasons and messages other people wrote (such as the lab team's "
    "notes about an event, a report or a safeguarding flag), we replace your name, email addresses and phone "
    "numbers with “[removed]”."
)

# What deleting an account does to the records of what someone did for a lab team.
LAB_TEAM_WORK_KEPT = "Kept for the lab's records without your name, so the lab can still see what was done and when."


def counted_records(rows: Iterable[tuple[str, int, datetime | None]]) -> list[Record]:
    """Records for things counted rather than listed, such as what someone did for a lab team:
    what it was, how many times, and when last. Rows with a count of 0 are left out."""
    return [
        [("What", what), ("How many times", count), ("Most recent", latest)] for what, count, latest in rows if count
    ]


def collect(user) -> list[Section]:
    """Every section, from every installed app's personal_data module, in INSTALLED_APPS order."""
    found = []
    for app_config in apps.get_app_configs():
        try:
            module = import_module(f"{app_config.name}.personal_data")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.personal_data":
                raise
            continue
        found.extend(module.sections(user))
    return found
