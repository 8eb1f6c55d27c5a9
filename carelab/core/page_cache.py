"""Public pages kept whole for visitors who are not signed in, and never shown out of date (decision 0043).

A page a visitor without a session sees is the same for every such visitor, so `public_page` keeps it
in the worker's memory, keyed on the web address and on the site's *content version*. The version is
one token in the shared cache. Every statement that writes to the database (an INSERT, UPDATE or
DELETE through any connection of any CareLab process: an action, the admin, a management command, a
task, `QuerySet.update()`) replaces the token when its transaction commits, so the next request after
a write makes the page again. What changes with time alone (a post due to be published, a survey that
opens or closes, an event that starts or ends, a phase that begins at midnight) is covered by the
moment it happens: each version is trusted only until the soonest future date-time held in any
CareLab table, and never past midnight.

What is never kept: anything for a visitor with a session or messages cookie (so never a signed-in
page, nor a message meant for one person); a response that changed the session, queued a message or
set a cookie; anything but a 200. A page with a form keeps a hole where its CSRF token goes, and each
visitor gets their own token in it.
"""

import atexit
import contextlib
import logging
import re
import secrets
import threading
from collections import OrderedDict
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache, wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connections, models, transaction
from django.http import HttpResponse
from django.middleware.csrf import (
    CSRF_SECRET_LENGTH,
    CSRF_TOKEN_LENGTH,
    CsrfViewMiddleware,
    _unmask_cipher_token,
    get_token,
)
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html

logger = logging.getLogger(__name__)

VERSION_KEY = "carelab:public-pages:version"
# Pages each worker keeps; the least recently used goes first.
KEPT_PAGES = 300
MESSAGES_COOKIE = "messages"
CSRF_HOLE = "\x00carelab-csrf-input\x00"
_CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}">')
_TOKEN_LIKE = re.compile(rf"(?<![A-Za-z0-9])[A-Za-z0-9]{{{CSRF_TOKEN_LENGTH}}}(?![A-Za-z0-9])")
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)
_NOT_WRITES = frozenset({"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "PRAGMA", "EXPLAIN", "SHOW"})


class _Kept:
    __slots__ = ("content", "finished_headers", "headers")

    def __init__(self, content: str, headers: list[tuple[str, str]]):
        self.content, self.headers = content, headers
        # Every header the middleware inside `serve_kept_pages` added, once a response has been through
        # them; from then on the page is served before them (a page with a form through the CSRF middleware alone).
        self.finished_headers: list[tuple[str, str]] | None = None

    def finished_response(self, request) -> HttpResponse:
        content = self.content
        if CSRF_HOLE in content:
            content = content.replace(CSRF_HOLE, csrf_input(request))
        response = HttpResponse(content)
        for name, value in self.finished_headers:
            response.headers[name] = value
        if "Content-Length" in response.headers:
            response.headers["Content-Length"] = str(len(response.content))
        return response

    def response(self, request) -> HttpResponse:
        content = self.content
        if CSRF_HOLE in content:
            content = content.replace(CSRF_HOLE, csrf_input(request))
        response = HttpResponse(content)
        for name, value in self.headers:
            response.headers[name] = value
        return response


def csrf_input(request) -> str:
    """The hidden CSRF field Django's Jinja2 backend writes, with this visitor's own token."""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))


class _Pages:
    """The worker's kept pages: (content version, address) → page, least recently used out first."""

    def __init__(self, size: int):
        self.size, self.pages, self.lock = size, OrderedDict(), threading.Lock()
        self.trusted_until: dict[str, datetime] = {}

    def get(self, key):
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key, page: _Kept) -> None:
        with self.lock:
            self.pages[key] = page
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.trusted_until.clear()


_pages = _Pages(KEPT_PAGES)


def public_page(view=None, *, uses_content: bool = True):
    """Keep the page this view makes for visitors without a session, until the site's content changes.

    `uses_content=False` is for a page made from code alone (no database): it is kept for the life of
    the worker. The view must show the same page to every visitor without a session at one address.
    """
    if view is None:
        return lambda view: public_page(view, uses_content=uses_content)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _may_share(request):
            return view(request, *args, **kwargs)
        key = _key(request, uses_content)
        if key is None:
            return view(request, *args, **kwargs)
        kept = _pages.get(key)
        if kept is not None:
            response = kept.response(request)
        else:
            response = view(request, *args, **kwargs)
            kept = _keepable(request, response)
            if kept is not None:
                _pages.put(key, kept)
        request._carelab_kept = kept
        patch_vary_headers(response, ["Cookie"])
        return response

    wrapper._carelab_public_page = {"uses_content": uses_content}
    return wrapper


def _key(request, uses_content: bool):
    """(content version, scheme, host, address); None when the version cannot be read. Once a request."""
    if not hasattr(request, "_carelab_page_version"):
        request._carelab_page_version = content_version() if uses_content else "code"
    version = request._carelab_page_version
    return None if version is None else (version, request.scheme, request.get_host(), request.get_full_path())


def serve_kept_pages(get_response):
    """Middleware, before the session, CSRF, authentication and message middleware: a kept page that
    has been through them once is served without them, since for a visitor with no session or messages
    cookie they add nothing but the headers kept with it. A page with a form goes through Django's own
    CSRF middleware still, here: the visitor's token cookie is read (or a new one started), their token
    fills the form's hole, and the cookie is set on the way out, exactly as the whole chain does it."""
    csrf = CsrfViewMiddleware(get_response)

    def middleware(request):
        if _may_share(request):
            public = _public_view(request)
            if public is not None:
                key = _key(request, public["uses_content"])
                kept = _pages.get(key) if key is not None else None
                if kept is not None and kept.finished_headers is not None:
                    if CSRF_HOLE not in kept.content:
                        return kept.finished_response(request)
                    csrf.process_request(request)
                    return csrf.process_response(request, kept.finished_response(request))
        response = get_response(request)
        kept = getattr(request, "_carelab_kept", None)
        if (
            kept is not None
            and kept.finished_headers is None
            and response.status_code == 200
            and set(response.cookies) <= ({settings.CSRF_COOKIE_NAME} if CSRF_HOLE in kept.content else set())
        ):
            kept.finished_headers = list(response.headers.items())
        return response

    return middleware


def _public_view(request) -> dict | None:
    return _public_view_at(request.path_info)


@lru_cache(maxsize=2048)
def _public_view_at(path: str) -> dict | None:
    """What `@public_page` says of the view at this path, or None. Worked out once per path and process:
    Django tries the site's URL patterns one by one, which costs more than serving a kept page."""
    try:
        view = resolve(path).func
    except Resolver404:
        return None
    if getattr(view, "login_required", True):
        return None  # a kept page is only ever one anyone may see
    return getattr(view, "_carelab_public_page", None)


def _may_share(request) -> bool:
    """A visitor who is not signed in, with nothing of their own waiting: no session, no messages."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
        and "HX-Request" not in request.headers
    )


def _keepable(request, response) -> _Kept | None:
    """The page to keep, with a hole for the CSRF token; None when the response is anyone's own."""
    session = getattr(request, "session", None)
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", None)
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or (session is not None and session.modified)
        or queued
        or getattr(request, "user", None) is not None
        and request.user.is_authenticated
    ):
        return None
    content = response.content.decode(response.charset)
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        content = _CSRF_INPUT.sub(CSRF_HOLE, content)
        if _holds_token_for(content, request.META.get("CSRF_COOKIE", "")):
            return None  # a token outside a hidden field: not safe to hand to anyone else
    return _Kept(content, [(name, value) for name, value in response.headers.items() if name != "Set-Cookie"])


def _holds_token_for(content: str, secret: str) -> bool:
    if len(secret) != CSRF_SECRET_LENGTH:
        return True
    return any(secret in (candidate, _unmask_cipher_token(candidate)) for candidate in _TOKEN_LIKE.findall(content))


# The content version


def content_version() -> str | None:
    """The token naming the site's content as it is now; None when the shared cache cannot say."""
    flush_pending()
    try:
        with version_statements():
            version = cache.get(VERSION_KEY)
            if version is None:
                cache.add(VERSION_KEY, secrets.token_hex(8), None)
                version = cache.get(VERSION_KEY)
    except Exception:  # noqa: BLE001 - without the cache, pages are made afresh, never served stale
        return None
    if version is None:
        return None
    now = timezone.now()
    until = _pages.trusted_until.get(version)
    if until is None:
        with version_statements():
            until = next_scheduled_change(now)
        _pages.trusted_until = {version: until}  # only the current version's matters
    if now >= until:
        content_changed()
        return None
    return version


@contextlib.contextmanager
def version_statements():
    """Statements that read or start the content version, counted apart on the connection
    (`_carelab_version_statements`): a test of a page's queries counts the page's own, since with
    Redis (production) the version costs no database query at all."""
    connection = connections["default"]
    depth = getattr(connection, "_carelab_version_io", 0)
    connection._carelab_version_io = depth + 1
    try:
        yield
    finally:
        connection._carelab_version_io = depth


_migrating = False  # between `migrate`'s pre_migrate and post_migrate signals


def migrating_starts(**kwargs) -> None:
    """pre_migrate: the cache table may not exist yet, so the version is started once, afterwards."""
    global _migrating
    _migrating = True


def migrating_ends(**kwargs) -> None:
    """post_migrate (sent once per app): start the one new version for everything migrating wrote."""
    global _migrating
    if _migrating:
        _migrating = False
        content_changed()


def content_changed() -> None:
    """Start a new content version: every kept page is made again on its next request.

    A write must not fail because the cache cannot be told (Redis restarting): then this worker
    forgets its pages, and the failure is logged. While migrating, the version waits for the end."""
    if _migrating:
        _pages.clear()
        return
    try:
        with version_statements():
            cache.set(VERSION_KEY, secrets.token_hex(8), None)
    except Exception:  # noqa: BLE001 - see the docstring
        _pages.clear()
        logger.warning("Could not start a new version of the public pages", exc_info=True)


def next_scheduled_change(now: datetime) -> datetime:
    """The next moment pages may change by time alone: the soonest future date-time in any CareLab
    table (one query), or the next midnight in the site's time zone, whichever comes first."""
    local_now = timezone.localtime(now)
    midnight = timezone.make_aware(datetime.combine(local_now.date() + timedelta(days=1), time.min))
    connection = connections["default"]
    quote = connection.ops.quote_name
    parts, params = [], []
    for model in apps.get_models():
        if not model.__module__.startswith("carelab.") or not model._meta.managed or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateTimeField) and not (field.auto_now or field.auto_now_add):
                column = f"{quote(model._meta.db_table)}.{quote(field.column)}"
                # Names from the models' own metadata, quoted; the moment goes in as a parameter.
                table = quote(model._meta.db_table)
                parts.append(f"SELECT MIN({column}) AS soonest FROM {table} WHERE {column} > %s")  # noqa: S608
                params.append(connection.ops.adapt_datetimefield_value(now))
    if not parts:
        return midnight
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(soonest) FROM ({' UNION ALL '.join(parts)}) AS future", params)  # noqa: S608
        soonest = cursor.fetchone()[0]
    if soonest is None:
        return midnight
    if isinstance(soonest, str):
        soonest = parse_datetime(soonest)
    if timezone.is_naive(soonest):
        soonest = timezone.make_aware(soonest, UTC)
    return min(soonest, midnight)


# Watching every connection for writes


def _ignored_tables() -> frozenset[str]:
    """Tables whose writes change no page: the cache itself, sessions, and the task queue."""
    tables = {settings.CACHE_TABLE}
    for label, name in [("sessions", "Session"), ("django_tasks_database", "DBTaskResult")]:
        with contextlib.suppress(LookupError):  # an app that is not installed
            tables.add(apps.get_model(label, name)._meta.db_table)
    return frozenset(tables)


def _writes_content(sql) -> bool:
    if not isinstance(sql, str):
        return True  # a composed statement we cannot read: assume it writes
    words = sql.lstrip()[:12].split(None, 1)
    if not words or words[0].upper() in _NOT_WRITES:
        return False
    written = _WRITE.match(sql)
    return not (written and written.group(1) in _ignored_tables_cached())


_IGNORED: frozenset[str] | None = None


def _ignored_tables_cached() -> frozenset[str]:
    global _IGNORED  # noqa: PLW0603 - worked out once, after the apps are loaded
    if _IGNORED is None:
        _IGNORED = _ignored_tables()
    return _IGNORED


def _in_real_transaction(connection) -> bool:
    """In a transaction that will commit: not only the one a test wraps around everything it does."""
    return connection.in_atomic_block and not all(
        getattr(block, "_from_testcase", False) for block in connection.atomic_blocks
    )


def _note_write(connection) -> None:
    """A write went through `connection`: the content version must change once it is committed.

    Never straight away: the statement that wrote may still be open (INSERT … RETURNING), and SQLite
    refuses the cache's own transaction until it is done. So the change waits, as `pending`, for a
    safe moment (`flush_pending`); in a transaction, for its commit."""
    connection._carelab_pages_pending = True
    connection._carelab_writes = getattr(connection, "_carelab_writes", 0) + 1  # for `kept_facts`
    connection._carelab_pages_written_to = connection.settings_dict["NAME"]
    if _in_real_transaction(connection) and not any(
        callback is _flush_default for _, callback, _ in connection.run_on_commit
    ):
        transaction.on_commit(_flush_default, using=connection.alias, robust=True)


def flush_pending(connection=None) -> None:
    """Start the new content version for writes `connection` has committed, if it has any.

    Called before each statement, at the end of every request (`flush_public_pages`), before a kept
    page is looked up, on commit, and when the process ends. Inside a transaction it waits for the
    commit, so a version is never named before the content it covers is there to read."""
    connection = connection or connections["default"]
    if not getattr(connection, "_carelab_pages_pending", False):
        return  # nothing written: never opens a connection (a request that reads no database needs none)
    between_transactions = connection.get_autocommit() or connection.in_atomic_block  # not mid-BEGIN
    if between_transactions and not _in_real_transaction(connection):
        connection._carelab_pages_pending = False
        content_changed()


def _flush_default() -> None:
    flush_pending(connections["default"])


def watch_writes(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: every write through this connection starts a new content version."""
    if any(getattr(wrapper, "_carelab_pages", False) for wrapper in connection.execute_wrappers):
        return

    def wrapper(execute, sql, params, many, context):
        # In a test's transaction, the flush before a page is read is enough (one per read, not per write).
        if getattr(connection, "_carelab_pages_pending", False) and connection.get_autocommit():
            flush_pending(connection)
        if getattr(connection, "_carelab_version_io", 0):
            connection._carelab_version_statements = getattr(connection, "_carelab_version_statements", 0) + 1
        result = execute(sql, params, many, context)
        if _writes_content(sql):
            _note_write(connection)
        return result

    wrapper._carelab_pages = True
    connection.execute_wrappers.append(wrapper)


def flush_public_pages(get_response):
    """Middleware: a request that wrote starts the new content version before its response leaves."""

    def middleware(request):
        try:
            return get_response(request)
        finally:
            # (Inside a test's transaction the flush waits for the next kept page to be looked up.)
            connection = connections["default"]
            if getattr(connection, "_carelab_pages_pending", False) and connection.get_autocommit():
                flush_pending(connection)

    return middleware


def _flush_at_exit() -> None:
    """A management command's last write (`manage.py` closes its connections before the process ends).
    Only for the database written to: after a test run, the settings name the development database
    again, which the test's writes never touched."""
    connection = connections["default"]
    if getattr(connection, "_carelab_pages_written_to", None) == connection.settings_dict["NAME"]:
        flush_pending(connection)


atexit.register(_flush_at_exit)


def _forget_on_setting_change(**kwargs) -> None:
    _pages.clear()
    _public_view_at.cache_clear()


setting_changed.connect(_forget_on_setting_change)
