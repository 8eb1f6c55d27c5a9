"""Production start-up: Django's deployment checks pass, and bad settings stop start-up loudly.

Each test starts `manage.py` in a fresh process with only the environment a production server
would have, so nothing from the test settings leaks in.
"""

import json
import os
import secrets
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings

MANAGE_PY = str(settings.BASE_DIR / "manage.py")


@pytest.fixture
def production_env(tmp_path):
    return production_environment(tmp_path)


def production_environment(folder) -> dict:
    """Only what a production server's environment would hold, with its database and files in `folder`."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "carelab.config.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(45),  # 60 characters
        "ALLOWED_HOSTS": "carelab.example.org",
        "DATABASE_URL": f"sqlite:///{folder / 'carelab.sqlite3'}",
        "CARELAB_VAR_DIR": str(folder / "var"),
    }


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A database `migrate` made in a production process, once for the module (it takes seconds), and
    what that process printed. Tests that need one get their own copy (`migrated_env`)."""
    folder = tmp_path_factory.mktemp("migrated")
    env = production_environment(folder)
    return env, manage(env, "migrate", "--no-input")


@pytest.fixture
def migrated_env(migrated, production_env, tmp_path):
    """A production environment whose database is a copy of the module's migrated one."""
    env, result = migrated
    assert result.returncode == 0, result.stderr
    source = sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///"))
    copy = sqlite3.connect(tmp_path / "carelab.sqlite3")
    with source, copy:
        source.backup(copy)
    source.close()
    copy.close()
    return production_env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, MANAGE_PY, *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=180,  # migrate alone has taken over 60 s on a busy 2-core machine
    )


def last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else ""


def test_production_settings_pass_djangos_deployment_checks(production_env):
    assert len(production_env["SECRET_KEY"]) == 60

    result = manage(production_env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert result.stderr == ""


def test_secret_key_can_come_from_a_file(production_env, tmp_path):
    secret_file = tmp_path / "secret_key"
    secret_file.write_text(production_env.pop("SECRET_KEY") + "\n")
    production_env["SECRET_KEY_FILE"] = str(secret_file)

    result = manage(production_env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr


def test_start_up_refuses_without_a_secret_key_when_debug_is_off(production_env):
    del production_env["SECRET_KEY"]

    result = manage(production_env, "check")

    assert result.returncode != 0
    assert result.stderr.strip() == (
        "CareLab cannot start: SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off."
    )


@pytest.mark.parametrize(
    ("name", "value", "complaint"),
    [
        ("DEBUG", "maybe", "DEBUG must be one of 1/0, true/false, yes/no, on/off; got 'maybe'."),
        ("SECURE_HSTS_SECONDS", "a year", "SECURE_HSTS_SECONDS must be a whole number; got 'a year'."),
        ("DB_CONN_MAX_AGE", "-1", "DB_CONN_MAX_AGE must be at least 0; got -1."),
        ("SECRET_KEY_FILE", "/no/such/file", "SECRET_KEY_FILE points to '/no/such/file', which cannot be read"),
    ],
)
def test_a_bad_setting_stops_start_up_naming_the_variable(production_env, name, value, complaint):
    production_env[name] = value

    result = manage(production_env, "check")

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert last_line(result.stderr).startswith(f"CareLab cannot start: {complaint}")


def test_production_settings_without_redis_share_the_database_cache(production_env):
    result = manage(production_env, "shell", "-c", "from django.conf import settings; print(settings.CACHES)")

    assert result.returncode == 0, result.stderr
    assert "django.core.cache.backends.db.DatabaseCache" in result.stdout
    assert "'LOCATION': 'carelab_cache'" in result.stdout


def test_a_value_cached_by_one_process_is_seen_by_another(migrated, migrated_env):
    """Several gunicorn workers: what one counts (a failed sign-in, a used code), the others see."""
    _, migrating = migrated  # migrate makes the cache table
    # Migrating a new database writes before the cache table exists: the kept pages' version waits
    # for the end, so nothing is logged as failing, and the version is started once, at the end.
    assert "Traceback" not in migrating.stderr and "Could not start" not in migrating.stderr
    read_version = "from django.core.cache import cache; print(cache.get('carelab:public-pages:version'))"
    assert last_line(manage(migrated_env, "shell", "-c", read_version).stdout) not in ("", "None")

    write = manage(migrated_env, "shell", "-c", "from django.core.cache import cache; cache.set('seen', 'yes', 60)")
    read = manage(migrated_env, "shell", "-c", "from django.core.cache import cache; print(cache.get('seen'))")

    assert write.returncode == 0, write.stderr
    assert last_line(read.stdout) == "yes", read.stderr


@pytest.mark.parametrize("backend", ["locmem.LocMemCache", "dummy.DummyCache"])
def test_start_up_refuses_a_cache_that_each_process_keeps_to_itself(production_env, tmp_path, backend):
    (tmp_path / "local_settings.py").write_text(
        "from carelab.config.settings import *  # noqa\n"
        f"CACHES = {{'default': {{'BACKEND': 'django.core.cache.backends.{backend}'}}}}\n"
    )
    production_env["PYTHONPATH"] = str(tmp_path)
    production_env["DJANGO_SETTINGS_MODULE"] = "local_settings"

    result = manage(production_env, "check")

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert last_line(result.stderr).startswith(
        f"CareLab cannot start: the 'default' cache (django.core.cache.backends.{backend}) is not shared"
    )


def test_the_wsgi_application_refuses_a_per_process_cache_too(production_env, tmp_path):
    """gunicorn runs no system checks, so the refusal must come from loading the application."""
    (tmp_path / "local_settings.py").write_text(
        "from carelab.config.settings import *  # noqa\n"
        "CACHES = {'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}\n"
    )
    production_env["PYTHONPATH"] = str(tmp_path)
    production_env["DJANGO_SETTINGS_MODULE"] = "local_settings"

    result = subprocess.run(
        [sys.executable, "-c", "import carelab.config.wsgi"],
        env=production_env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "is not shared between worker processes" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "complaint"),
    [
        ("CARELAB_TRUSTED_PROXY_COUNT", "-1", "CARELAB_TRUSTED_PROXY_COUNT must be at least 0; got -1."),
        (
            "CARELAB_CLIENT_IP_HEADER",
            "X Real IP",
            "CARELAB_CLIENT_IP_HEADER must be an HTTP header name such as X-Real-IP; got 'X Real IP'.",
        ),
    ],
)
def test_a_bad_proxy_setting_stops_start_up(production_env, name, value, complaint):
    production_env[name] = value

    result = manage(production_env, "check")

    assert last_line(result.stderr) == f"CareLab cannot start: {complaint}"


def test_behind_the_tls_proxy_the_last_forwarded_address_is_trusted_by_default(production_env):
    show = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"

    assert last_line(manage(production_env, "shell", "-c", show).stdout) == "1"
    production_env["BEHIND_TLS_PROXY"] = "0"
    assert last_line(manage(production_env, "shell", "-c", show).stdout) == "0"


_REQUESTS_WITH_THE_DATABASE_DOWN = """
import json, django
django.setup()
from django.test import Client
results = {}
for name, path, cookie in [
    ("a page that reads the database", "/", None),
    ("a signed-in person's page, where the session middleware reads first", "/help-now/", "s" * 32),
    ("a lab-team page", "/labs/the-lab/team/", "s" * 32),
]:
    client = Client(raise_request_exception=False, HTTP_HOST="carelab.example.org")
    if cookie:
        client.cookies["sessionid"] = cookie
    response = client.get(path, secure=True)
    results[name] = [response.status_code, response.content.decode()]
print(json.dumps(results))
"""


def test_with_the_database_down_the_error_page_still_shows_where_to_get_help(production_env):
    from bs4 import BeautifulSoup

    production_env["DATABASE_URL"] = "postgres://carelab@127.0.0.1:1/carelab"  # nothing listens on port 1

    result = subprocess.run(
        [sys.executable, "-c", _REQUESTS_WITH_THE_DATABASE_DOWN],
        env=production_env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert "OperationalError" in result.stderr  # logged, as every 500 is
    for name, (status, html) in json.loads(last_line(result.stdout)).items():
        assert status == 500, name
        page = BeautifulSoup(html, "html.parser")
        assert page.h1.get_text() == "Sorry, there is a problem with the service", name
        links = {a["href"] for a in page.select("#help-now a")}
        assert links == {"tel:999", "tel:111", "tel:116123", "sms:85258?body=SHOUT"}, name
        assert "Samaritans free on 116 123" in page.get_text() and "Text SHOUT to 85258" in page.get_text()
        assert page.select_one("link[rel=stylesheet]")["href"].startswith("/static/vendor/nhsuk-frontend/")


def test_production_keeps_checked_database_connections_and_sqlite_writes_ahead(production_env):
    script = (
        "from django.db import connection; cursor = connection.cursor(); "
        "print(connection.settings_dict['CONN_MAX_AGE'], connection.settings_dict['CONN_HEALTH_CHECKS'], "
        "cursor.execute('PRAGMA journal_mode').fetchone()[0], cursor.execute('PRAGMA synchronous').fetchone()[0])"
    )
    result = manage(production_env, "shell", "-c", script)

    assert result.returncode == 0, result.stderr
    # synchronous 1 is NORMAL (FULL, the default, is 2).
    assert last_line(result.stdout) == "60 True wal 1"


def test_the_connection_lifetime_can_be_set_to_close_after_each_request(production_env):
    script = "from django.db import connection; print(connection.settings_dict['CONN_MAX_AGE'])"
    result = manage({**production_env, "DB_CONN_MAX_AGE": "0"}, "shell", "-c", script)

    assert last_line(result.stdout) == "0", result.stderr


def test_a_management_commands_last_write_starts_a_new_version_of_the_kept_pages(migrated_env):
    """`manage.py` closes its connections before it ends; the write must still reach the web workers."""
    read = "from django.core.cache import cache; print(cache.get('carelab:public-pages:version'))"
    write = "from carelab.labs.models import Lab; Lab.objects.filter(pk=0).update(title='x')"

    before = last_line(manage(migrated_env, "shell", "-c", read).stdout)
    assert manage(migrated_env, "shell", "-c", write).returncode == 0
    after = last_line(manage(migrated_env, "shell", "-c", read).stdout)

    assert before not in ("", "None")
    assert after != before
