# ruff: noqa: S603, S310 - runs our own servers and wrk on addresses it makes itself
"""CareLab's pages beside a bare Django view, under the same gunicorn, in one run (issue 12).

`make bench` runs this last; `make bench ONLY=side-by-side` runs only this. It serves CareLab with
its production settings over plain http (DEBUG off, collected static files, no TLS redirect) and the
bare project in bench/bare (a "hello" view and a one-row insert), each under gunicorn with the same
worker count, on the same database engine (SQLite files, or PostgreSQL when DATABASE_URL names a
server). `wrk` drives them in interleaved rounds, and each page's requests per second is printed as
a share of the bare view's in the same round (the bare insert's, for the survey page's POST): the
median over the rounds and its spread. Ratios, not absolute figures, are what to compare between
machines.

Why wrk: a C load generator with its own event loop (Debian's `wrk`), so on 2 cores it costs a
fraction of what it measures, unlike a Python client, which would be the bottleneck for a bare view
doing thousands of requests a second. It keeps 16 connections open over 2 threads, as a small site
behind a proxy sees. The script installs nothing: without wrk on PATH it says how to get it.

Settings made for the measurement, each said in the output: the lab team's two-factor rule is off
(the bench signs people in by session cookie), and the TLS settings are off (plain http on
127.0.0.1). Everything else is CareLab's production configuration, including its environment
variables as given (so DB_CONN_MAX_AGE and REDIS_URL apply when set: `REDIS_URL=redis://127.0.0.1:6379/0` with a
PostgreSQL `DATABASE_URL` is the production set-up, Redis holding the cache and reading sessions).
"""

import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
THREADS, CONNECTIONS = 2, 16

# Targets of issue 12: each page's median share of the bare view in the same round.
TARGETS = {
    "help now": 0.50,
    "lab home": 0.30,
    "post page": 0.30,
    "events list": 0.30,
    "survey start": 0.30,
    "participant directory": 0.10,
    "team dashboard": 0.10,
    "survey section GET": 0.10,
    "survey section POST": 0.40,
}


@dataclass
class Target:
    name: str
    url: str
    cookie: str = ""
    post_body: str = ""  # a POST with this form body, else a GET
    baseline: str = "hello"  # which bare view it is compared with


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args: list[str], env: dict, **kwargs) -> str:
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, **kwargs)
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def databases(tmp: Path) -> tuple[str, str, callable]:
    """(CareLab's database URL, the bare project's, a function that drops them)."""
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith("postgres"):
        return f"sqlite:///{tmp}/carelab.sqlite3", f"sqlite:///{tmp}/bare.sqlite3", lambda: None
    import psycopg

    base = urllib.parse.urlsplit(given)
    names = ("carelab_side_by_side", "bare_side_by_side")
    admin = psycopg.connect(given, autocommit=True)
    for name in names:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")

    def drop():
        for name in names:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()

    urls = [urllib.parse.urlunsplit(base._replace(path=f"/{name}")) for name in names]
    return urls[0], urls[1], drop


SETUP = r"""
import json
from django.test import Client
from carelab.labs.models import Lab
from carelab.accounts.models import User

lab = Lab.objects.get(slug="pain-and-mental-health")
post = lab.posts.published().order_by("-published_at").first()
survey = lab.surveys.filter(status="open").order_by("pk").first()
cookies = {}
for email in ["participant@example.org", "team@example.org"]:
    client = Client()
    client.force_login(User.objects.get(email=email))
    cookies[email] = client.cookies["sessionid"].value
respondent = Client(enforce_csrf_checks=False)
start = f"/labs/{lab.slug}/surveys/{survey.slug}/"
respondent.get(start)
answered = respondent.post(start, {"take_part": "on", "health_data": "on"})
section = answered["Location"]
respondent.get(section)
csrf = respondent.cookies["csrftoken"].value
print(json.dumps({
    "lab": lab.slug, "post": post.get_absolute_url(), "survey": start, "section": section,
    "participant": cookies["participant@example.org"], "team": cookies["team@example.org"],
    "respondent": respondent.cookies["sessionid"].value, "csrf": csrf,
}))
"""


def carelab_env(database_url: str, port: int, tmp: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "carelab.config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "side-by-side-bench-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATABASE_URL": database_url,
        "SITE_URL": f"http://127.0.0.1:{port}",
        "BEHIND_TLS_PROXY": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "CARELAB_REQUIRE_TEAM_MFA": "0",
        "MEDIA_ROOT": str(tmp / "media"),
    }


def serve(module: str, port: int, env: dict) -> subprocess.Popen:
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", module, "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)  # noqa: S310 - our own server
            return process
        except urllib.error.HTTPError:
            return process  # it answers, if only with a 404
        except OSError:
            time.sleep(0.1)
    process.kill()
    sys.exit(f"{module} did not start on port {port}: {process.stderr.read().decode()[-2000:]}")


def wrk(target: Target, seconds: int, tmp: Path) -> float:
    args = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    if target.cookie:
        args += ["-H", f"Cookie: {target.cookie}"]
    if target.post_body:
        script = tmp / f"post-{abs(hash(target.name))}.lua"
        script.write_text(
            'wrk.method = "POST"\n'
            f"wrk.body = {json.dumps(target.post_body)}\n"
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        )
        args += ["-s", str(script)]
    out = subprocess.run([*args, target.url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx or 3xx responses" in out:
        sys.exit(f"{target.name} ({target.url}) answered with errors under load:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def check(target: Target) -> None:
    """One request first: the page must answer as a person would see it, not a redirect to sign in."""
    request = urllib.request.Request(target.url, data=target.post_body.encode() or None)
    request.add_header("Cookie", target.cookie)
    if target.post_body:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        status = opener.open(request, timeout=30).status
    except urllib.error.HTTPError as error:
        status = error.code
    expected = {302, 201} if target.post_body else {200}
    if status not in expected:
        sys.exit(f"{target.name}: {target.url} answered {status}, not {sorted(expected)}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("The side-by-side bench needs wrk: sudo apt-get install wrk (Debian and Ubuntu).")
    tmp = Path(tempfile.mkdtemp(prefix="carelab-side-by-side-"))
    carelab_url, bare_url, drop = databases(tmp)
    carelab_port, bare_port = free_port(), free_port()
    env = carelab_env(carelab_url, carelab_port, tmp)
    bare_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.bare.settings", "BARE_DATABASE_URL": bare_url}
    servers = []
    try:
        run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
        run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env)
        run([PYTHON, "manage.py", "loaddemo", "--force"], env)
        run([PYTHON, "-m", "django", "migrate", "--no-input", "-v0"], bare_env)
        made = json.loads(run([PYTHON, "manage.py", "shell", "-c", SETUP], env).strip().splitlines()[-1])
        servers.append(serve("carelab.config.wsgi", carelab_port, env))
        servers.append(serve("bench.bare.wsgi", bare_port, bare_env))

        site, bare = f"http://127.0.0.1:{carelab_port}", f"http://127.0.0.1:{bare_port}"
        lab = f"/labs/{made['lab']}"
        respondent = f"sessionid={made['respondent']}; csrftoken={made['csrf']}"
        section_body = urllib.parse.urlencode({"csrfmiddlewaretoken": made["csrf"]})
        targets = [
            Target("hello", f"{bare}/hello/"),
            Target("insert", f"{bare}/insert/", post_body="text=hello"),
            Target("help now", f"{site}/help-now/"),
            Target("lab home", f"{site}{lab}/"),
            Target("post page", f"{site}{made['post']}"),
            Target("events list", f"{site}{lab}/events/"),
            Target("survey start", f"{site}{made['survey']}"),
            Target("participant directory", f"{site}{lab}/participants/", cookie=f"sessionid={made['participant']}"),
            Target("team dashboard", f"{site}{lab}/team/", cookie=f"sessionid={made['team']}"),
            Target("survey section GET", f"{site}{made['section']}", cookie=respondent),
            Target("survey section POST", f"{site}{made['section']}", respondent, section_body, "insert"),
        ]
        for target in targets:
            check(target)
            wrk(target, 1, tmp)  # warm each worker's templates and caches

        shares: dict[str, list[float]] = {target.name: [] for target in targets[2:]}
        for number in range(ROUNDS):
            # Interleaved: each round measures both bare views and every page, in a rotated order.
            order = targets[number % len(targets) :] + targets[: number % len(targets)]
            rates = {target.name: wrk(target, SECONDS, tmp) for target in order}
            for target in targets[2:]:
                shares[target.name].append(rates[target.name] / rates[target.baseline])
            print(f"round {number + 1}: hello {rates['hello']:.0f} req/s, insert {rates['insert']:.0f} req/s")

        cores = os.cpu_count()
        print(
            f"\nSide by side: CareLab against a bare Django view, gunicorn --workers {WORKERS}, "
            f"wrk -t{THREADS} -c{CONNECTIONS} {SECONDS}s, {ROUNDS} rounds, {cores} cores, "
            f"{'PostgreSQL' if carelab_url.startswith('postgres') else 'SQLite'}, "
            f"{'Redis cache and sessions' if os.environ.get('REDIS_URL') else 'database cache and sessions'}"
        )
        print("(measured with the team two-factor rule and TLS settings off; see bench/side_by_side.py)")
        print(f"{'page':<24}{'of bare':>9}{'median':>9}{'spread':>17}{'target':>9}  ")
        met = True
        for target in targets[2:]:
            values = shares[target.name]
            median = statistics.median(values)
            goal = TARGETS[target.name]
            met &= median >= goal
            spread = f"{min(values):.0%}–{max(values):.0%}"
            mark = "met" if median >= goal else "NOT MET"
            print(f"{target.name:<24}{target.baseline:>9}{median:>9.0%}{spread:>17}{goal:>8.0%}  {mark}")
        print("Every target met." if met else "Some targets are not met.")
    finally:
        for process in servers:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        drop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
