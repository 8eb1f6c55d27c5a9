"""Which instruments a CareLab deployment offers, looked up by id and version."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .model import Instrument
from .standard import STANDARD_INSTRUMENTS


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


class UnknownInstrumentError(LookupError):
    pass


class InstrumentRegistry:
    """Instruments by id and version. Build one with ``default_registry()`` and add loaded definitions.

    An id belongs to one source: a definition file cannot add a version to an
    instrument already registered (so nobody can shadow PHQ-9 with altered
    wording) unless ``allow_new_version=True`` is passed deliberately.
    """

    def __init__(self, instruments: Iterable[Instrument] = ()) -> None:
        self._instruments: dict[tuple[str, str], Instrument] = {}
        for instrument in instruments:
            self.register(instrument, allow_new_version=True)

    def register(self, instrument: Instrument, *, allow_new_version: bool = False) -> None:
        if instrument.key in self._instruments:
            raise ValueError(f"{instrument.id} version {instrument.version} is already registered")
        if not allow_new_version and instrument.id in self.ids():
            raise ValueError(f"an instrument with the id {instrument.id!r} is already registered")
        self._instruments[instrument.key] = instrument

    def ids(self) -> list[str]:
        return list(dict.fromkeys(instrument.id for instrument in self._instruments.values()))

    def get_instrument(self, instrument_id: str, version: str | None = None) -> Instrument:
        """The instrument with this id and version; the latest version when ``version`` is None.

        Opt-in instruments are returned here too, so answers already stored can always be scored.
        """
        if version is not None:
            try:
                return self._instruments[(instrument_id, version)]
            except KeyError:
                raise UnknownInstrumentError(f"no instrument {instrument_id!r} version {version!r}") from None
        versions = [instrument for instrument in self._instruments.values() if instrument.id == instrument_id]
        if not versions:
            raise UnknownInstrumentError(f"no instrument {instrument_id!r}")
        return max(versions, key=lambda instrument: _version_key(instrument.version))

    def available_instruments(
        self, enable_start_back: bool = False, *, opted_in: Iterable[str] = ()
    ) -> list[Instrument]:
        """The latest version of each instrument a lab may add to a survey, in registration order.

        Instruments that require opting in (STarT Back) are left out unless their
        id is in ``opted_in``; ``enable_start_back=True`` is a shorthand for STarT Back.
        """
        enabled = set(opted_in) | ({"startback"} if enable_start_back else set())
        latest = [self.get_instrument(instrument_id) for instrument_id in self.ids()]
        return [instrument for instrument in latest if not instrument.requires_opt_in or instrument.id in enabled]

    def __iter__(self) -> Iterator[Instrument]:
        return iter(self._instruments.values())

    def __len__(self) -> int:
        return len(self._instruments)

    def __contains__(self, instrument_id: object) -> bool:
        return instrument_id in self.ids()


def default_registry() -> InstrumentRegistry:
    """A new registry holding the instruments CareLab ships (PHQ, GAD, pain, STarT Back)."""
    return InstrumentRegistry(STANDARD_INSTRUMENTS)


_STANDARD = default_registry()


def get_instrument(instrument_id: str, version: str | None = None) -> Instrument:
    """A shipped instrument by id (and version). Loaded definitions live in your own registry."""
    return _STANDARD.get_instrument(instrument_id, version)


def available_instruments(enable_start_back: bool = False) -> list[Instrument]:
    """The shipped instruments a lab may add; STarT Back only when enabled."""
    return _STANDARD.available_instruments(enable_start_back)
