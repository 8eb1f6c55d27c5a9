"""Production start-up: Django's deployment checks pass, and bad settings stop start-up loudly.

Each test starts `manage.py` in a fresh process with only the environment a production server
would have, so nothing from the test settings leaks in.
"""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

MANAGE_PY = str(settings.BASE_DIR / "manage.py")


@pytest.fixture
def production_env(tmp_path):
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "carelab.config.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(45),  # 60 characters
        "ALLOWED_HOSTS": "carelab.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'carelab.sqlite3'}",
        "CARELAB_VAR_DIR": str(tmp_path / "var"),
    }


def manage(env, *args):
    return subprocess.run(
        [sys.executable, MANAGE_PY, *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
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
