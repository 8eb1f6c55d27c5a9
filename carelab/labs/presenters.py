"""Display values for a lab's pages, kept out of templates so they can be tested."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from carelab.labs.models import Lab, Phase


@dataclass
class PhaseView:
    phase: Phase
    status: str  # "finished", "current" or "upcoming"

    @property
    def tag_text(self) -> str:
        return {"finished": "Finished", "current": "Happening now", "upcoming": "Coming up"}[self.status]

    @property
    def tag_colour(self) -> str:
        return {"finished": "grey", "current": "blue", "upcoming": "white"}[self.status]


class LabPresenter:
    def __init__(self, lab: Lab, today: date | None = None):
        self.lab = lab
        self.today = today or timezone.localdate()

    def __getattr__(self, name):
        return getattr(self.lab, name)

    @property
    def timeline(self) -> list[PhaseView]:
        return [PhaseView(phase, phase.status(self.today)) for phase in self.lab.phases.all()]

    @property
    def current_phase(self) -> Phase | None:
        return self.lab.current_phase(self.today)

    @property
    def status_text(self) -> str:
        if self.today < self.lab.starts_on:
            return f"Starts {_long_date(self.lab.starts_on)}"
        if self.today > self.lab.ends_on:
            return f"Finished {_long_date(self.lab.ends_on)}"
        phase = self.current_phase
        return f"Now: {phase.name}" if phase else "Running now"

    @property
    def dates_text(self) -> str:
        return f"{_long_date(self.lab.starts_on)} to {_long_date(self.lab.ends_on)}"


def _long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"
