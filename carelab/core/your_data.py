"""What CareLab holds about one person, gathered from every app for the "Your data" pages.

Each app that keeps something about a person has a `personal_data.py` module with a function
`sections(user) -> list[Section]`. `collect(user)` finds those modules in the order of
INSTALLED_APPS (as the admin finds `admin.py` modules), so a new app only has to add its own
module. A section says, in plain words, what happens to its records when the person deletes
their account; `carelab.accounts.actions.delete_account` does what those words say, and the
tests of each app's module check that they agree.
"""

from collections.abc import Iterable
from datetime import datetime
from importlib import import_module

from django.apps import apps

from carelab.core.data_sections import Consent, Privacy, Section, Value  # noqa: F401 (what apps import)

Record = list[tuple[str, Value]]

# What deleting an account does to what other people wrote (decision 0015); shown on the deletion page.
NAMES_REMOVED_FROM_WHAT_STAYS = (
    "In everything that stays, and in notes, reasons and messages other people wrote (such as the lab team's "
    "notes about an event, a report or a safeguarding flag), we replace your name, email addresses and phone "
    "numbers with “[removed]”."
)

# What deleting an account does to the records of what someone did for a lab team.
LAB_TEAM_WORK_KEPT = "Kept for the lab's records without your name, so the lab can still see what was done and when."


def team_work_privacy(covers: tuple[str, ...], title: str, held: str) -> Privacy:
    """The privacy notice's entry for what someone did for a lab team: the same reasons in every app."""
    return Privacy(
        covers=covers,
        title=title,
        held=held,
        why="So the lab can show what was done, by whom and when. This is in the lab's legitimate interests.",
        who_sees="The lab team of that lab, and the site administrators.",
        kept_for="As long as the records it is part of. If you delete your account, it stays without your name.",
        your_choices="Deleting your account removes your name from it. You can see how much you did on Your data.",
    )


def counted_records(rows: Iterable[tuple[str, int, datetime | None]]) -> list[Record]:
    """Records for things counted rather than listed, such as what someone did for a lab team:
    what it was, how many times, and when last. Rows with a count of 0 are left out."""
    return [
        [("What", what), ("How many times", count), ("Most recent", latest)] for what, count, latest in rows if count
    ]


def personal_data_modules() -> list:
    """Every installed app's personal_data module, in INSTALLED_APPS order."""
    modules = []
    for app_config in apps.get_app_configs():
        try:
            modules.append(import_module(f"{app_config.name}.personal_data"))
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.personal_data":
                raise
    return modules


def collect(user) -> list[Section]:
    """Every section, from every installed app's personal_data module, in INSTALLED_APPS order."""
    return [section for module in personal_data_modules() for section in module.sections(user)]


def collect_privacy() -> list[Privacy]:
    """What the privacy notice says, from every personal_data module's `privacy()`, in INSTALLED_APPS order."""
    return [entry for module in personal_data_modules() for entry in module.privacy()]


def all_consents(sections: Iterable[Section]) -> list[Consent]:
    """Every consent in the sections: those that still stand first, then those withdrawn, each by when given."""
    consents = [consent for section in sections for consent in section.consents]
    return sorted(consents, key=lambda consent: (not consent.stands, consent.lab, consent.given_at is None))
