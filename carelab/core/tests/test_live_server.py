"""The live server browser tests use (decision 0045): a few long-lived threads that keep their database
connections, answer requests side by side, and let go of every connection when the server stops.
And the Chromium the browser tests drive."""

import threading
import urllib.request
from pathlib import Path

import pytest
from django.db import connections
from django.test.testcases import QuietWSGIRequestHandler

from carelab import browser_fixtures
from carelab.live_server import THREADS, PooledWSGIServer


class Recorder:
    """A WSGI application that notes which database connection answered, and can be held open."""

    def __init__(self):
        self.lock = threading.Lock()
        self.wrappers = []  # the Django connection objects used, each once
        self.driver_connections = []  # the database driver's connections behind them, each once (kept
        # here, so a closed one's id is not given to a new one)
        self.release = threading.Event()
        self.release.set()
        self.waiting = threading.Semaphore(0)

    def __call__(self, environ, start_response):
        if environ["PATH_INFO"] == "/hold/":
            self.waiting.release()
            self.release.wait(10)
        connection = connections["default"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        with self.lock:
            if all(connection is not seen for seen in self.wrappers):
                self.wrappers.append(connection)
            if all(connection.connection is not seen for seen in self.driver_connections):
                self.driver_connections.append(connection.connection)
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"ok"]


@pytest.fixture
def served():
    server = PooledWSGIServer(("127.0.0.1", 0), QuietWSGIRequestHandler, allow_reuse_address=False)
    app = Recorder()
    server.set_app(app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, app, f"http://127.0.0.1:{server.server_address[1]}"
    app.release.set()
    server.shutdown()
    server.server_close()
    thread.join(5)


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own test server
        assert response.headers["Connection"] == "close"  # no thread is held by an idle keep-alive
        return response.read()


@pytest.mark.django_db(transaction=True)
def test_requests_one_after_another_reuse_the_threads_database_connections(served):
    server, app, url = served
    for _ in range(24):
        assert fetch(url + "/") == b"ok"
    server.wait_for_requests(5)
    # One request at a time needs one thread (two or three if a request comes in just before the last
    # thread is free again); a thread started for each request would open twenty-four connections.
    assert 1 <= len(app.driver_connections) <= 3


@pytest.mark.django_db(transaction=True)
def test_a_request_held_open_does_not_stop_the_others(served):
    server, app, url = served
    app.release.clear()
    held = threading.Thread(target=fetch, args=(url + "/hold/",))
    held.start()
    assert app.waiting.acquire(timeout=10)
    assert fetch(url + "/") == b"ok"  # answered while the first is still held
    app.release.set()
    held.join(10)
    assert not held.is_alive()


@pytest.mark.django_db(transaction=True)
def test_stopping_the_server_closes_every_connection_its_threads_opened(served):
    server, app, url = served
    app.release.clear()
    holders = [threading.Thread(target=fetch, args=(url + "/hold/",)) for _ in range(3)]
    for holder in holders:
        holder.start()
    for _ in holders:
        assert app.waiting.acquire(timeout=10)
    app.release.set()
    for holder in holders:
        holder.join(10)
    server.wait_for_requests(5)
    assert len(app.wrappers) == 3 <= THREADS
    assert all(wrapper.connection is not None for wrapper in app.wrappers)
    server.shutdown()
    server.server_close()
    # Django never closes an in-memory SQLite database (closing would destroy it); every other is closed.
    kept = [w for w in app.wrappers if w.vendor == "sqlite" and w.is_in_memory_db()]
    still_open = [w for w in app.wrappers if w.connection is not None and w not in kept]
    assert still_open == []


def test_browser_tests_drive_the_headless_shell_where_installed(tmp_path, monkeypatch):
    shell, full = tmp_path / "chromium-headless-shell", tmp_path / "chromium"
    monkeypatch.setattr(browser_fixtures, "CHROMIUM_CHOICES", (shell, full))
    monkeypatch.delenv("CARELAB_CHROMIUM", raising=False)
    assert browser_fixtures.chromium_path() == full  # neither installed: the one the skip message names
    full.touch()
    assert browser_fixtures.chromium_path() == full
    shell.touch()
    assert browser_fixtures.chromium_path() == shell
    monkeypatch.setenv("CARELAB_CHROMIUM", "/opt/other/chrome")
    assert browser_fixtures.chromium_path() == Path("/opt/other/chrome")
