"""Browser tests: one Chromium for the whole run, a fresh context per test, axe on every page.

carelab/conftest.py imports the fixtures from here, so every app's tests can use them:

    @pytest.mark.browser
    def test_participant_reads_the_lab_home_page(page, sign_in_browser, cast):
        sign_in_browser(page, cast.participant)
        page.goto(cast.lab.get_absolute_url())   # relative to the live server
        axe_check(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("The lab")

Fixtures:
- `page`: a page with JavaScript on, in its own browser context, pointed at pytest-django's
  `live_server` (so `page.goto("/help-now/")` works and the test gets a transactional database).
- `page_without_js`: the same with JavaScript off. Every journey must work without it, so a journey
  runs this way (decision 0044).
- `page_with_and_without_js`: runs the test twice, with JavaScript on and off. For a journey whose
  pages behave differently with JavaScript: a page that loads a module of ours (`conditions.mjs`,
  `rule_builder.mjs`, `copy-link.mjs`, `coding.mjs`, or any new one, HTMX included), or a journey
  that uses what an NHS.UK component's script does (the header's "More", the error summary's focus,
  the character count). Anything a page has that the Content-Security-Policy would refuse is found
  without a browser, by the permission walk (`core/tests/csp.py`).
- `new_page(javascript=True)`: more pages, each in its own context, for journeys with two people.
- `sign_in_browser(page_or_context, user)`: signs in by session cookie, never through the form.
- `browser`: the shared Chromium, for anything the above do not cover.

axe-core's answer is kept for each page checked in the test process, by everything axe reads of it (its
DOM, what has been typed or chosen, focus, viewport and scroll, JavaScript on or off): a page exactly
like one already checked gets that answer, problems included, without running axe again (decision 0044).

Every page these fixtures open is watched. At the end of the test, the test fails if
- a page loaded that `axe_check(page)` did not check while it was showing (or that
  `skip_axe_check(page, reason)` did not excuse), or
- the browser reported a console error (a script error, a failed load, a Content-Security-Policy
  violation) that the test did not take with `take_console_errors(page)`.

Chromium is Debian's: its headless shell (`chromium-headless-shell`, the same Blink without the full
browser around it, which Playwright itself uses for headless runs) where installed, as CI installs it,
otherwise `chromium`; CARELAB_CHROMIUM names another (decision 0045). Without one, browser tests are
skipped, unless CARELAB_REQUIRE_BROWSER=1 (CI), when they fail.
"""

import asyncio
import hashlib
import os
import re
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

__all__ = [
    "browser",
    "chromium_session",
    "live_server",
    "new_page",
    "page",
    "page_with_and_without_js",
    "page_without_js",
    "pytest_terminal_summary",
    "sign_in_browser",
]

# The headless shell loads and draws a page for about two thirds of the CPU the full browser takes
# (decision 0045); both are Debian's Chromium.
CHROMIUM_CHOICES = (Path("/usr/bin/chromium-headless-shell"), Path("/usr/bin/chromium"))


def chromium_path() -> Path:
    """The Chromium browser tests drive: CARELAB_CHROMIUM, else the first of CHROMIUM_CHOICES installed."""
    if named := os.environ.get("CARELAB_CHROMIUM"):
        return Path(named)
    return next((path for path in CHROMIUM_CHOICES if path.exists()), CHROMIUM_CHOICES[-1])


CHROMIUM = chromium_path()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SOURCE_PATH = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 AA, which is CareLab's target, plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
VIEWPORT = {"width": 1280, "height": 900}

# Console errors that are known and harmless. Keep this short and say why for each.
# Console errors no test should fail on. Empty: `make assets` strips the NHS brand-font rules that
# our Content-Security-Policy would refuse. Add a pattern here only with a comment saying why.
IGNORED_CONSOLE_ERRORS: list[re.Pattern] = []

_skip_reason = ""


def browser_required() -> bool:
    return os.environ.get("CARELAB_REQUIRE_BROWSER", "") == "1"


# -- What the browser did: pages loaded, checks run, console errors -------------------------------


@dataclass
class Visit:
    """One page a browser tab showed: a document load, or a script moving to another address."""

    url: str
    loaded: bool = False
    checked: bool = False
    skip_reason: str = ""


@dataclass
class PageLog:
    javascript: bool = True
    visits: list[Visit] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def current_visit(self) -> Visit | None:
        return self.visits[-1] if self.visits else None


_logs: "weakref.WeakKeyDictionary[Page, PageLog]" = weakref.WeakKeyDictionary()


def _watch(page: Page, *, javascript: bool) -> PageLog:
    log = PageLog(javascript=javascript)
    _logs[page] = log

    def navigated(frame):
        if frame != page.main_frame:
            return
        last = log.current_visit()
        # Moving to #fragment on the same page is not a new page; anything else is.
        if last is None or urldefrag(last.url).url != urldefrag(frame.url).url:
            log.visits.append(Visit(frame.url))

    def document_loaded(_page):
        last = log.current_visit()
        if last is not None and not last.loaded and not last.checked:
            last.loaded = True  # the load that the navigation above announced
        else:
            # The same address again: a reload, or a form posted back to its own page.
            log.visits.append(Visit(page.url, loaded=True))

    def console(message):
        if message.type == "error" and not any(pattern.search(message.text) for pattern in IGNORED_CONSOLE_ERRORS):
            location = message.location.get("url", "")
            log.console_errors.append(f"{message.text} ({location or page.url})")

    page.on("framenavigated", navigated)
    page.on("domcontentloaded", document_loaded)
    page.on("console", console)
    page.on("pageerror", lambda error: log.console_errors.append(f"Uncaught {error.name}: {error.message}"))
    return log


def page_log(page: Page) -> PageLog:
    return _logs[page]


def pages_missing_axe_check(visits: list[Visit]) -> list[str]:
    """The addresses a tab showed that nobody checked for accessibility (or excused)."""
    return [
        visit.url
        for visit in visits
        if not (visit.checked or visit.skip_reason or visit.url.startswith(("about:", "data:", "chrome-error:")))
    ]


def take_console_errors(page: Page) -> list[str]:
    """The console errors so far, for a test that expects some. Taken errors no longer fail the test."""
    log = page_log(page)
    errors, log.console_errors = log.console_errors, []
    return errors


def skip_axe_check(page: Page, reason: str) -> None:
    """Excuse the page now showing from the accessibility check (a JSON answer, a file). Say why."""
    if not reason:
        raise ValueError("Say why this page is not checked for accessibility.")
    visit = page_log(page).current_visit()
    if visit is not None:
        visit.skip_reason = reason


def problems_after_test(pages: list[Page]) -> list[str]:
    """What the end-of-test check reports: pages nobody checked, console errors nobody took."""
    problems = []
    for each in pages:
        log = _logs.get(each)
        if log is None:
            continue
        for url in pages_missing_axe_check(log.visits):
            problems.append(f"{url} was shown but not checked: call axe_check(page) while it is showing.")
        for error in log.console_errors:
            problems.append(f"console error: {error}")
    return problems


# -- Accessibility: axe-core ----------------------------------------------------------------------


_axe_source: str | None = None


def _axe() -> str:
    global _axe_source
    if _axe_source is None:
        if not AXE_SOURCE_PATH.exists():
            raise FileNotFoundError(f"{AXE_SOURCE_PATH} is missing: run `npm ci` (make test does).")
        _axe_source = AXE_SOURCE_PATH.read_text()
    return _axe_source


_RUN_AXE = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
  .then(results => results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
  })))"""


# What axe-core reads of a page: its DOM as now, what the person has typed or chosen in it, where focus is,
# the viewport and scroll. Two pages alike in all of these get the same answer from axe, so a page that is
# exactly one already checked in this test process is not checked again (decision 0044). CSRF tokens differ
# from session to session and are left out: axe reads no hidden input's value.
_PAGE_AS_AXE_READS_IT = """() => JSON.stringify([
  document.compatMode,
  document.documentElement.outerHTML.replace(/(name="csrfmiddlewaretoken" value=")[^"]*"/g, '$1"'),
  [innerWidth, innerHeight, scrollX, scrollY, devicePixelRatio],
  (function path(element) {
    const steps = [];
    for (; element && element.parentElement; element = element.parentElement)
      steps.push(element.tagName + Array.prototype.indexOf.call(element.parentElement.children, element));
    return steps.join("/");
  })(document.activeElement),
  Array.from(document.querySelectorAll("input:not([name=csrfmiddlewaretoken]), textarea, select, option"))
    .map(control => [control.value, control.checked, control.selected, control.indeterminate]),
])"""


@dataclass
class AxeVerdicts:
    """axe-core's violations for each page checked in this process, by what axe reads of the page."""

    by_page: dict[str, list[dict]] = field(default_factory=dict)
    runs: int = 0
    reused: int = 0

    def key(self, page: Page, *, javascript: bool) -> str:
        state = page.evaluate(_PAGE_AS_AXE_READS_IT)
        return hashlib.sha256(f"{javascript}\n{state}".encode()).hexdigest()


axe_verdicts = AxeVerdicts()


def axe_violations(page: Page) -> list[dict]:
    """axe-core's violations on the page as it is now: run on it, or, when the page is exactly one
    already checked in this process, that page's answer (`AxeVerdicts`)."""
    log = _logs.get(page)
    key = axe_verdicts.key(page, javascript=log is None or log.javascript)
    if key in axe_verdicts.by_page:
        axe_verdicts.reused += 1
        return axe_verdicts.by_page[key]
    violations = run_axe(page)
    axe_verdicts.runs += 1
    axe_verdicts.by_page[key] = violations
    return violations


def run_axe(page: Page) -> list[dict]:
    """Run axe-core on the page as it is now and return its violations.

    Scripts are injected with `evaluate`, which the page's Content-Security-Policy does not
    govern, so we never need to weaken the policy under test. A page with JavaScript switched off
    is checked as it is, in its own tab: Chromium still runs what `evaluate` sends (the page's own
    scripts stay off), but it fires no timers there, and axe-core waits on `setTimeout` between its
    steps; so on such a page `setTimeout` is first given to axe as "run this next" (decision 0036).
    """
    log = _logs.get(page)
    if log is not None and not log.javascript:
        page.evaluate(_TIMERS_FOR_A_PAGE_WITHOUT_JAVASCRIPT)
    _load_axe(page)
    return page.evaluate(_RUN_AXE, AXE_TAGS)


# Chromium fires no timers on a page with JavaScript off, so axe-core's `setTimeout` would never call
# back. Here a timer's callback runs as soon as the work already under way is done (a microtask, which
# Chromium does run), in the order the timers were set; `clearTimeout` still cancels. The page's own
# scripts never ran, so nothing else on the page sees the change.
_TIMERS_FOR_A_PAGE_WITHOUT_JAVASCRIPT = """() => {
  if (window.__carelabTimers) return;
  const cancelled = new Set();
  let last = 0;
  window.setTimeout = (callback, _delay, ...args) => {
    const id = ++last;
    Promise.resolve().then(() => { if (!cancelled.delete(id)) callback(...args); });
    return id;
  };
  window.clearTimeout = id => { if (id) cancelled.add(id); };
  window.__carelabTimers = true;
}"""


def _load_axe(page: Page) -> None:
    """Put axe-core in the page, unless this document already has it (a second check of the same page
    after a script changed it), which would only compile its half a megabyte of script again."""
    if not page.evaluate("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        page.evaluate(_axe())


def describe_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core found {len(violations)} accessibility problem(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}  {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            summary = re.sub(r"\s+", " ", node["summary"] or "").strip()
            lines.append(f"    at {node['target']}: {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def axe_check(page: Page) -> None:
    """Fail the test if axe-core finds WCAG 2.2 AA problems on the page now showing."""
    page.wait_for_load_state("load")
    log = _logs.get(page)
    visit = log.current_visit() if log else None
    violations = axe_violations(page)
    if visit is not None and visit is log.current_visit():
        visit.checked = True
    if violations:
        pytest.fail(describe_violations(page.url, violations), pytrace=False)


# -- Fixtures -------------------------------------------------------------------------------------


class _Chromium:
    """Playwright's sync API keeps an asyncio loop marked as running in this thread for as long
    as it is started. Left so, it would break every later test that uses asyncio or asgiref's
    async_to_sync, and would switch Django's async-safety check on. So between browser tests the
    loop is set aside, and it is put back only while a browser test runs."""

    def __init__(self):
        self.playwright = sync_playwright().start()
        self.loop = asyncio.get_running_loop()
        self.browser = self.playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        self.set_aside()

    def resume(self):
        asyncio.events._set_running_loop(self.loop)

    def set_aside(self):
        asyncio.events._set_running_loop(None)

    def stop(self):
        self.resume()
        try:
            self.browser.close()
        finally:
            self.playwright.stop()


@pytest.fixture(scope="session")
def chromium_session():
    global _skip_reason
    if not CHROMIUM.exists():
        reason = (
            f"Chromium not found at {CHROMIUM}; install it (apt-get install chromium-headless-shell chromium) "
            "or set CARELAB_CHROMIUM."
        )
        if browser_required():
            pytest.fail(f"{reason} (CARELAB_REQUIRE_BROWSER=1)", pytrace=False)
        _skip_reason = reason
        pytest.skip(reason)
    chromium = _Chromium()
    yield chromium
    chromium.stop()


@pytest.fixture
def browser(chromium_session) -> Browser:
    """The shared Chromium, with Playwright's loop live for the length of this test."""
    chromium_session.resume()
    # The ORM refuses to run in a thread with a running event loop; here the loop is Playwright's
    # and the ORM calls are the test's own, made between browser steps.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield chromium_session.browser
    finally:
        # Connections the test opened while the loop was live are not reused afterwards; close them,
        # or PostgreSQL refuses to drop the test database at the end of the run.
        connections.close_all()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
        chromium_session.set_aside()


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started after the test database is made, so stopped before it is
    dropped: its threads keep database connections, which PostgreSQL will not drop a database under."""
    return live_server


def wait_for_live_server_requests(live_server, timeout: float = 10.0) -> None:
    """Let the live server finish the requests the closed browser left with it, before the test's
    database is flushed (a request still running then would fail, or write into the next test)."""
    live_server.thread.httpd.wait_for_requests(timeout)


@pytest.fixture
def new_page(request, browser, live_server):
    """new_page(javascript=True) opens a page in a fresh browser context on the live server."""
    contexts: list[BrowserContext] = []
    pages: list[Page] = []
    failures_before = request.session.testsfailed

    def open_page(*, javascript: bool = True) -> Page:
        context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript, viewport=VIEWPORT)
        context.set_default_timeout(5_000)
        # A page's first load in a run also compiles its Jinja templates (seconds on a busy machine).
        context.set_default_navigation_timeout(20_000)
        context.on("page", lambda opened: watch(opened, javascript=javascript))
        contexts.append(context)
        return watch(context.new_page(), javascript=javascript)

    def watch(opened: Page, *, javascript: bool) -> Page:
        if opened not in _logs:  # popups and new tabs are watched too
            _watch(opened, javascript=javascript)
            pages.append(opened)
        return opened

    yield open_page

    # Read what happened before closing: closing a page does not change its log.
    problems = problems_after_test(pages)
    for context in contexts:
        context.close()
    wait_for_live_server_requests(live_server)
    if problems and request.session.testsfailed == failures_before:
        pytest.fail("After the test:\n" + "\n".join(f"- {problem}" for problem in problems), pytrace=False)


@pytest.fixture
def page(new_page) -> Page:
    return new_page(javascript=True)


@pytest.fixture
def page_without_js(new_page) -> Page:
    return new_page(javascript=False)


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def page_with_and_without_js(request, new_page) -> Page:
    """Runs the test twice: once with JavaScript on, once with it off."""
    return new_page(javascript=request.param)


@pytest.fixture
def sign_in_browser(live_server):
    """sign_in_browser(page_or_context, user) gives the browser that person's session cookie."""

    def sign_in(page_or_context: Page | BrowserContext, user) -> None:
        context = page_or_context.context if isinstance(page_or_context, Page) else page_or_context
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": cookie.value,
                    "url": live_server.url,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )

    return sign_in


def pytest_terminal_summary(terminalreporter):
    if _skip_reason:
        terminalreporter.write_line(f"Browser tests were skipped: {_skip_reason}", yellow=True)
