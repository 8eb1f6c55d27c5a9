"""Reversed addresses kept per process: a page links to dozens, and reversing one costs more than
looking it up (decision 0043)."""

from django.urls import get_script_prefix, reverse

# The URL configuration does not change while a process runs.
_REVERSED: dict = {}
_REVERSED_MAX = 4096


def address(name: str, *args, **kwargs) -> str:
    """`reverse(name, args=args, kwargs=kwargs)`, worked out once per process and script prefix."""
    try:
        # The type is part of the key: 1, 1.0 and True are equal as keys but reverse differently.
        named = tuple(sorted((key, type(value), value) for key, value in kwargs.items()))
        key = (get_script_prefix(), name, tuple((type(arg), arg) for arg in args), named)
        hash(key)
    except TypeError:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    found = _REVERSED.get(key)
    if found is None:
        if len(_REVERSED) >= _REVERSED_MAX:
            _REVERSED.clear()
        found = _REVERSED[key] = reverse(name, args=args or None, kwargs=kwargs or None)
    return found
