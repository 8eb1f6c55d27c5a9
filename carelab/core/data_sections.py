"""The shapes every app's `personal_data.py` returns (a `Section`, a `Privacy`, a `Consent`).

They live in core so that apps low in the layers (labs) can describe what they hold without
importing accounts, which gathers the sections (`carelab/core/your_data.py`) and sits above them.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

Value = str | int | float | bool | None | list[str] | date | datetime


@dataclass(frozen=True)
class Consent:
    """One consent a person gave, as "Your data" lists it: what for, the words they agreed to and
    their version, when given and, once withdrawn, when. `withdraw_url` is the page where they can
    withdraw it themselves ("" when it is withdrawn already or cannot be withdrawn on CareLab yet);
    `give_again_url` the page where they can give it again after withdrawing it."""

    lab: str  # the lab's title
    use: str  # what it is for, in a few words, for example "Emails about the lab's activities"
    wording: str  # the statement the person agreed to, as they were shown it
    version: str  # the version of that wording
    given_at: datetime | None
    withdrawn_at: datetime | None = None
    withdraw_url: str = ""
    give_again_url: str = ""

    @property
    def stands(self) -> bool:
        return self.withdrawn_at is None


@dataclass(frozen=True)
class Privacy:
    """What the privacy notice says about one kind of personal data (decision 0018).

    Each app's personal_data module returns these from `privacy()`, beside `sections(user)`; the
    privacy notice is built from them, so it covers every section. `covers` names the section keys
    described; every key a module can produce must be covered by one of its entries (a test checks).
    Each text is plain English, in full sentences."""

    covers: tuple[str, ...]
    title: str  # a heading, for example "Your applications to become a lab participant"
    held: str  # what we hold
    why: str  # why we hold it, and the lawful basis in plain words
    who_sees: str  # who can see it
    kept_for: str  # how long it is kept
    your_choices: str  # how to withdraw, change or delete it


@dataclass(frozen=True)
class Section:
    key: str  # the section's name in the JSON download, for example "event_registrations"
    title: str  # the heading on the readable page, for example "Event registrations"
    on_deletion: str  # one plain sentence: what deleting the account does to these records
    # Each record is a list of (label, value) pairs, in the order a person would read them.
    records: list[list[tuple[str, Value]]] = field(default_factory=list)
    kept_after_deletion: bool = False  # True when something stays, without the person's name
    # The consents behind these records, given and withdrawn (decision 0018). "Your data" lists
    # every section's consents together, with a link to withdraw each one that still stands.
    consents: list[Consent] = field(default_factory=list)
