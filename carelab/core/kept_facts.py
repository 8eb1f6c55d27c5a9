"""Facts and fragments of signed-in pages kept while the site's content is unchanged (decision 0043).

A signed-in page asks the same questions at every request: the person's role in the lab, what the lab
menu shows them, what is waiting for the lab team, the directory's cards. `kept(key, make)` keeps the
answer in the worker's memory under the site's content version (`page_cache.content_version`), which
every committed write replaces, so the first request after any write works it out again. It is the
page's *parts* that are kept, never a page: the session, the CSRF token and the messages are made
for each request, and each person's page is put together afresh around the parts.

Only while answering a GET or HEAD request, and never once it has written something not yet committed
(the version does not cover it yet): otherwise `make()` runs every time. The key names everything the answer
depends on besides the content (the lab, the person, what they are allowed to see); an answer is
shared only between requests whose keys are equal, and is never changed by whoever gets it.
"""

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.signals import request_finished, request_started, setting_changed
from django.db import DEFAULT_DB_ALIAS, connections, models

from carelab.core.page_cache import content_version

T = TypeVar("T")

# Answers each worker keeps for the current version; the least recently used goes first.
KEPT_FACTS = 4000

_MISSING = object()


class _Facts:
    """The worker's kept answers, for one content version at a time."""

    def __init__(self, size: int):
        self.size, self.version, self.items, self.lock = size, None, OrderedDict(), threading.Lock()

    def get(self, version: str, key: Hashable):
        with self.lock:
            if version != self.version:
                # The content changed: what was kept is let go at once (after an account is deleted,
                # none of its answers stay in memory).
                self.version, self.items = version, OrderedDict()
                return _MISSING
            found = self.items.get(key, _MISSING)
            if found is not _MISSING:
                self.items.move_to_end(key)
            return found

    def put(self, version: str, key: Hashable, value) -> None:
        with self.lock:
            if version != self.version:
                self.version, self.items = version, OrderedDict()
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.version, self.items = None, OrderedDict()


_facts = _Facts(KEPT_FACTS)
# This thread's request: whether one is being answered, and the version it read (with the number of
# writes its connection had made then, so a write makes it read the version again).
_request = threading.local()


def kept(key: Hashable, make: Callable[[], T]) -> T:
    """`make()`, or what it gave for `key` earlier while the site's content has not changed since."""
    version = _version()
    if version is None:
        return make()
    found = _facts.get(version, key)
    if found is _MISSING:
        found = make()
        _facts.put(version, key, found)
    return found


def keeping() -> bool:
    """Whether `kept` keeps answers in this request (a GET or HEAD, nothing uncommitted written)."""
    return _version() is not None


M = TypeVar("M", bound=models.Model)


def kept_object(key: Hashable, model: type[M], query: Callable[[], models.QuerySet]) -> M | None:
    """The first object `query()` finds (or None), its row kept like `kept`'s answers.

    Each caller gets an object of its own, with copies of any list or dict in it (a JSON field), so
    one request can change what it got without another ever seeing it."""
    if not keeping():
        return query().first()
    row = kept(key, lambda: row_to_keep(query().values_list(*columns_of(model)).first()))
    return None if row is None else object_from_row(model, row)


def columns_of(model: type[models.Model]) -> tuple[str, ...]:
    """The columns a kept row holds, in order: every concrete field's attribute name."""
    return tuple(field.attname for field in model._meta.concrete_fields)


class JsonText(str):
    """A JSON field's value in a kept row, kept as its text: each object made from the row reads a
    copy of its own from it, several times faster than copying the list or dict itself."""


def row_to_keep(row: tuple | None) -> tuple | None:
    """The row to keep, with each list or dict in it (a JSON field) as its JSON text."""
    if row is None:
        return None
    return tuple(JsonText(json.dumps(value)) if isinstance(value, dict | list) else value for value in row)


def kept_row_of(instance: models.Model) -> tuple:
    """The row to keep for an object already read: its columns in `columns_of` order."""
    return row_to_keep(tuple(getattr(instance, column) for column in columns_of(type(instance))))


def object_from_row(model: type[M], row) -> M:
    """An object of its own made from a row `row_to_keep` made, with its own copy of each JSON field."""
    values = [json.loads(value) if isinstance(value, JsonText) else value for value in row]
    return model.from_db(DEFAULT_DB_ALIAS, columns_of(model), values)


def _version() -> str | None:
    if not getattr(_request, "active", False):
        return None
    connection = connections["default"]
    writes = getattr(connection, "_carelab_writes", 0)
    held = _request.held
    if held is None or held[0] != writes:
        version = content_version()
        if getattr(connection, "_carelab_pages_pending", False):
            version = None  # written in a transaction that has not committed: nothing names it yet
        held = _request.held = (writes, version)
    return held[1]


def _request_starts(environ=None, scope=None, **kwargs) -> None:
    # Only requests that read: one that writes makes whatever it kept out of date at once, and would pay
    # for reading the version (and working out how long it is good for) to no purpose.
    method = (environ or {}).get("REQUEST_METHOD") or (scope or {}).get("method") or "GET"
    _request.active, _request.held = method in ("GET", "HEAD"), None


def _request_ends(**kwargs) -> None:
    _request.active, _request.held = False, None


def _forget(**kwargs) -> None:
    _facts.clear()


request_started.connect(_request_starts, dispatch_uid="carelab-kept-facts-start")
request_finished.connect(_request_ends, dispatch_uid="carelab-kept-facts-end")
setting_changed.connect(_forget, dispatch_uid="carelab-kept-facts-settings")
