"""Instruments a deploying organisation loads from a definition file under its own licence.

Licensed instruments (WEMWBS, SWEMWBS, EQ-5D, Keele STarT MSK, Oswestry, Neck
Disability Index, …) are not in this repository. An organisation holding a
licence writes the instrument as a JSON definition and loads it with
``load_instrument_file``. Every field is checked; an error names the field,
e.g. ``items[3].options[1].score: must be a whole number``.

The definition (JSON)::

    {
      "format": "carelab-instrument/1",
      "id": "wellbeing_example",            // letters, digits, underscores; not starting with a digit
      "version": "1.0",                     // digits and dots
      "title": "…", "instructions": "…", "recall_period": "…",
      "credit": "…",                        // shown with the instrument, as the owner requires
      "licence": "…",                       // the terms it is used under
      "requires_opt_in": false,             // optional: only offered to labs that switch it on
      "options": [                          // optional: options shared by items that list none
        {"value": "1", "label": "None of the time", "score": 1}, …
      ],
      "items": [
        {"id": "q1", "text": "…",
         "options": […],                    // optional if "options" is given above
         "reverse_scored": false,           // optional: score counts as (min + max − score)
         "anchors": ["low end", "high end"],// optional: words at the ends of a numeric scale
         "asks_about_self_harm": false}     // optional
      ],
      "scoring": {
        "method": "sum",                    // "sum", or "none" to store answers without a total
        "multiplier": 1,                    // optional, > 0
        "conversion": {"7": 7.0, …},        // optional instead of a multiplier: raw sum -> reported score
        "prorate_max_missing": 0,           // optional: how many missing answers may be prorated
        "bands": [{"id": "low", "label": "…", "min": 7, "max": 40}, …],  // inclusive, no gaps or overlaps
        "safety_band": "low"                // optional: totals in this band raise "most_severe_band"
      },
      "item_flags": [{"item": "q3", "min_score": 1, "flag": "q3_positive"}]  // optional
    }

Option scores are whole numbers. Bands must together hold every total the
items can produce, each in exactly one band. Unknown keys are errors, so a
misspelt field is caught rather than ignored.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any

from .model import (
    Band,
    Instrument,
    InstrumentDefinitionError,
    Item,
    ItemFlag,
    NoScoring,
    Option,
    Scoring,
    SumScoring,
)

FORMAT = "carelab-instrument/1"

_TOP_LEVEL = {
    "format",
    "id",
    "version",
    "title",
    "instructions",
    "recall_period",
    "credit",
    "licence",
    "requires_opt_in",
    "options",
    "items",
    "scoring",
    "item_flags",
}
_ITEM_KEYS = {"id", "text", "options", "reverse_scored", "anchors", "asks_about_self_harm"}
_OPTION_KEYS = {"value", "label", "score"}
_SUM_KEYS = {"method", "multiplier", "conversion", "prorate_max_missing", "bands", "safety_band"}
_BAND_KEYS = {"id", "label", "min", "max"}
_FLAG_KEYS = {"item", "min_score", "flag"}


def load_instrument_file(path: str | PathLike[str]) -> Instrument:
    """Read a JSON definition file and build the instrument it describes."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_refuse_duplicate_keys)
    except json.JSONDecodeError as error:
        raise InstrumentDefinitionError(str(path), f"not valid JSON (line {error.lineno}: {error.msg})") from error
    except UnicodeDecodeError as error:
        raise InstrumentDefinitionError(str(path), "not UTF-8 text") from error
    return load_instrument_definition(data)


def load_instrument_definition(data: Any) -> Instrument:
    """Build an instrument from a definition already read into Python (see the module docstring)."""
    definition = _mapping(data, "definition", _TOP_LEVEL)
    if definition.get("format") != FORMAT:
        raise InstrumentDefinitionError("format", f"must be {FORMAT!r}")
    shared_options = _options(definition["options"], "options") if definition.get("options") is not None else None
    items = tuple(_item(raw, f"items[{index}]", shared_options) for index, raw in enumerate(_list(definition, "items")))
    scoring_data = _mapping(definition.get("scoring"), "scoring", _SUM_KEYS)
    return Instrument(
        id=_required(definition, "id", str, "id"),
        version=_required(definition, "version", str, "version"),
        title=_required(definition, "title", str, "title"),
        instructions=_required(definition, "instructions", str, "instructions"),
        recall_period=_required(definition, "recall_period", str, "recall_period"),
        credit=_required(definition, "credit", str, "credit"),
        licence=_required(definition, "licence", str, "licence"),
        requires_opt_in=_optional(definition, "requires_opt_in", bool, "requires_opt_in", False),
        items=items,
        scoring=_scoring(scoring_data),
        safety_band=_optional(scoring_data, "safety_band", str, "scoring.safety_band", None),
        item_flags=tuple(_item_flag(raw, f"item_flags[{index}]") for index, raw in enumerate(_item_flags(definition))),
    )


def _item_flags(definition: Mapping[str, Any]) -> list[Any]:
    value = definition.get("item_flags")
    if value is None:
        return []
    if not isinstance(value, list):
        raise InstrumentDefinitionError("item_flags", "must be a list")
    return value


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InstrumentDefinitionError(key, "appears more than once in the same object")
        result[key] = value
    return result


def _mapping(value: Any, path: str, allowed: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InstrumentDefinitionError(path, "must be an object")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise InstrumentDefinitionError(f"{path}.{unknown[0]}" if path != "definition" else unknown[0], "unknown field")
    return value


def _list(data: Mapping[str, Any], key: str, path: str | None = None) -> list[Any]:
    path = path or key
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise InstrumentDefinitionError(path, "must be a non-empty list")
    return value


def _required(data: Mapping[str, Any], key: str, kind: type, path: str) -> Any:
    if key not in data:
        raise InstrumentDefinitionError(path, "is required")
    return _typed(data[key], kind, path)


def _optional(data: Mapping[str, Any], key: str, kind: type, path: str, default: Any) -> Any:
    return _typed(data[key], kind, path) if data.get(key) is not None else default


def _typed(value: Any, kind: type, path: str) -> Any:
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise InstrumentDefinitionError(path, "must be a whole number")
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise InstrumentDefinitionError(path, "must be a number")
        return value
    if not isinstance(value, kind):
        raise InstrumentDefinitionError(
            path, {str: "must be text", bool: "must be true or false"}.get(kind, "wrong type")
        )
    return value


def _options(value: Any, path: str) -> tuple[Option, ...]:
    if not isinstance(value, list) or not value:
        raise InstrumentDefinitionError(path, "must be a non-empty list")
    options: list[Option] = []
    for index, raw in enumerate(value):
        option_path = f"{path}[{index}]"
        option = _mapping(raw, option_path, _OPTION_KEYS)
        stored = _required(option, "value", object, f"{option_path}.value")
        if isinstance(stored, bool) or not isinstance(stored, str | int):
            raise InstrumentDefinitionError(f"{option_path}.value", "must be text or a whole number")
        label = _required(option, "label", str, f"{option_path}.label")
        if not label.strip():
            raise InstrumentDefinitionError(f"{option_path}.label", "must be non-empty text")
        if str(stored) in {earlier.value for earlier in options}:
            raise InstrumentDefinitionError(path, f"the value {str(stored)!r} appears more than once")
        options.append(Option(str(stored), label, _required(option, "score", int, f"{option_path}.score")))
    return tuple(options)


def _item(value: Any, path: str, shared_options: tuple[Option, ...] | None) -> Item:
    item = _mapping(value, path, _ITEM_KEYS)
    if item.get("options") is not None:
        options = _options(item["options"], f"{path}.options")
    elif shared_options is not None:
        options = shared_options
    else:
        raise InstrumentDefinitionError(f"{path}.options", "is required when the definition has no shared options")
    anchors = item.get("anchors")
    if anchors is not None and (not isinstance(anchors, list) or len(anchors) != 2):
        raise InstrumentDefinitionError(f"{path}.anchors", "must be two pieces of text: the low end and the high end")
    return Item(
        id=_required(item, "id", str, f"{path}.id"),
        text=_required(item, "text", str, f"{path}.text"),
        options=options,
        anchors=tuple(anchors) if anchors is not None else None,
        reverse_scored=_optional(item, "reverse_scored", bool, f"{path}.reverse_scored", False),
        asks_about_self_harm=_optional(item, "asks_about_self_harm", bool, f"{path}.asks_about_self_harm", False),
    )


def _scoring(data: Mapping[str, Any]) -> Scoring:
    method = data.get("method")
    if method == "none":
        extra = sorted(set(data) - {"method"})
        if extra:
            raise InstrumentDefinitionError(f"scoring.{extra[0]}", "has no meaning when the method is 'none'")
        return NoScoring()
    if method != "sum":
        raise InstrumentDefinitionError("scoring.method", "must be 'sum' or 'none'")
    return SumScoring(
        bands=tuple(
            _band(raw, f"scoring.bands[{index}]") for index, raw in enumerate(_list(data, "bands", "scoring.bands"))
        ),
        multiplier=_optional(data, "multiplier", float, "scoring.multiplier", 1),
        conversion=_conversion(data.get("conversion")),
        prorate_max_missing=_optional(data, "prorate_max_missing", int, "scoring.prorate_max_missing", 0),
    )


def _conversion(value: Any) -> dict[int, int | float] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or not value:
        raise InstrumentDefinitionError("scoring.conversion", "must be an object mapping raw totals to scores")
    table: dict[int, int | float] = {}
    for raw, reported in value.items():
        try:
            raw_total = int(raw)
        except ValueError:
            raise InstrumentDefinitionError(
                f"scoring.conversion[{raw!r}]", "the raw total must be a whole number"
            ) from None
        table[raw_total] = _typed(reported, float, f"scoring.conversion[{raw!r}]")
    return table


def _band(value: Any, path: str) -> Band:
    band = _mapping(value, path, _BAND_KEYS)
    return Band(
        id=_required(band, "id", str, f"{path}.id"),
        label=_required(band, "label", str, f"{path}.label"),
        min=_required(band, "min", float, f"{path}.min"),
        max=_required(band, "max", float, f"{path}.max"),
    )


def _item_flag(value: Any, path: str) -> ItemFlag:
    rule = _mapping(value, path, _FLAG_KEYS)
    return ItemFlag(
        item_id=_required(rule, "item", str, f"{path}.item"),
        min_score=_required(rule, "min_score", int, f"{path}.min_score"),
        flag=_required(rule, "flag", str, f"{path}.flag"),
    )
