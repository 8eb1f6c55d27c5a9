"""Writes to the learning log: an entry and what it links to, each change whole or not at all."""

from django.db import transaction

from carelab.improvement.models import LearningEntry, TestTeam

TEXT_FIELDS = ("title", "tried", "happened", "learned")
LINKS = ("cycles", "ideas", "insights")


def _set_links(entry: LearningEntry, links: dict) -> None:
    for name in LINKS:
        if name in links:  # a form without, say, cycles to choose leaves the entry's as they are
            getattr(entry, name).set(links[name])


@transaction.atomic
def create_entry(team: TestTeam, fields: dict, links: dict, *, by) -> LearningEntry:
    entry = LearningEntry.objects.create(team=team, author=by, **{name: fields[name] for name in TEXT_FIELDS})
    _set_links(entry, links)
    return entry


@transaction.atomic
def update_entry(entry: LearningEntry, fields: dict, links: dict) -> LearningEntry:
    for name in TEXT_FIELDS:
        setattr(entry, name, fields[name])
    entry.save(update_fields=[*TEXT_FIELDS, "updated_at"])
    _set_links(entry, links)
    return entry


def delete_entry(entry: LearningEntry) -> None:
    entry.delete()
