"""Validated instruments: exact wording, credit, licence, scoring and bands.

Scores are stored with the response for the lab team's aggregate analysis.
They are never shown to the respondent as a result, and a band label is never
described as a diagnosis. ``Score.flags`` carries the safety signals a survey
acts on (crisis resources, safeguarding review): ``phq9_item9_positive`` and
``most_severe_band``.

Usage::

    registry = default_registry()
    registry.register(load_instrument_file("/etc/carelab/wemwbs.json"))  # under your own licence
    score = registry.get_instrument("phq8", "1.0").score({"phq_1": "2", ...})
    response.scores = score.as_dict()
"""

from .definitions import FORMAT, load_instrument_definition, load_instrument_file
from .model import (
    MOST_SEVERE_BAND,
    PHQ9_ITEM9_POSITIVE,
    Band,
    Instrument,
    InstrumentDefinitionError,
    Item,
    ItemFlag,
    NoScoring,
    Option,
    Score,
    SumScoring,
)
from .registry import (
    InstrumentRegistry,
    UnknownInstrumentError,
    available_instruments,
    default_registry,
    get_instrument,
)
from .standard import STANDARD_INSTRUMENTS, StartBackScoring

__all__ = [
    "FORMAT",
    "MOST_SEVERE_BAND",
    "PHQ9_ITEM9_POSITIVE",
    "STANDARD_INSTRUMENTS",
    "Band",
    "Instrument",
    "InstrumentDefinitionError",
    "InstrumentRegistry",
    "Item",
    "ItemFlag",
    "NoScoring",
    "Option",
    "Score",
    "StartBackScoring",
    "SumScoring",
    "UnknownInstrumentError",
    "available_instruments",
    "default_registry",
    "get_instrument",
    "load_instrument_definition",
    "load_instrument_file",
]
