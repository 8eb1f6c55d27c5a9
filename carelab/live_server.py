"""The live server browser tests load pages from: Django's, with each request handled on one of a few
long-lived threads that keep their database connections between requests (decision 0045).

Django's own live server starts a thread for every request. On PostgreSQL that thread opens a new
connection, so every page a browser test loads paid for a new server process, whose first queries
also read the catalogue afresh; the thread then closes the connection. Here a pool of threads takes
the requests and each thread keeps its connection, as a gunicorn worker does in production (with the
same `CONN_MAX_AGE` and health checks). In-memory SQLite is shared with the test's own thread, as
Django does. `conftest.py` puts this server in place of Django's for the whole run.

Responses carry `Connection: close` (Django keeps connections alive only for its threaded server), so
a thread is never held by a browser's idle keep-alive connection. A connection the browser opens but
sends nothing on holds a thread until the browser closes it, so the pool has room for those.
"""

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for

from django.core.servers.basehttp import WSGIServer
from django.db import connections

THREADS = 16


class PooledWSGIServer(WSGIServer):
    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override or {}
        self._pool = ThreadPoolExecutor(THREADS, thread_name_prefix="live-server", initializer=self._share)
        self._lock = threading.Lock()
        self._in_flight: set[Future] = set()
        self._opened: dict[int, object] = {}  # the pool threads' own database connections, by id

    def _share(self) -> None:
        for alias, connection in self.connections_override.items():
            connections[alias] = connection

    def process_request(self, request, client_address) -> None:
        future = self._pool.submit(self._handle, request, client_address)
        with self._lock:
            self._in_flight.add(future)
        future.add_done_callback(self._finished)

    def _finished(self, future: Future) -> None:
        with self._lock:
            self._in_flight.discard(future)

    def _handle(self, request, client_address) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            shared = set(map(id, self.connections_override.values()))
            with self._lock:
                for connection in connections.all(initialized_only=True):
                    if id(connection) not in shared:
                        self._opened[id(connection)] = connection

    def wait_for_requests(self, timeout: float) -> None:
        """Wait until the requests already taken are answered (at most `timeout` seconds)."""
        with self._lock:
            pending = set(self._in_flight)
        wait_for(pending, timeout=timeout)

    def server_close(self) -> None:
        super().server_close()
        self._pool.shutdown(wait=True)
        # The threads are gone; their connections are closed from here (PostgreSQL will not drop the
        # test database while one is open).
        for connection in self._opened.values():
            connection.inc_thread_sharing()
            connection.close()
        self._opened.clear()
