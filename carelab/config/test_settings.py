"""The thin test override: fast, deterministic, no network."""

import os

os.environ.setdefault("SECRET_KEY", "carelab-tests-only-not-a-secret-0123456789-abcdefghijklmnop")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from carelab.config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Each pytest-xdist worker keeps its files in a folder of its own, so a test that empties the folder
# when it is done cannot take away the files of a test running in the other worker.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
MEDIA_ROOT = BASE_DIR / "var" / "test-media" / _WORKER  # noqa: F405
STORAGES["private"]["OPTIONS"]["location"] = BASE_DIR / "var" / "test-private" / _WORKER  # noqa: F405
CARELAB_REQUIRE_TEAM_MFA = False
SECURE_HSTS_SECONDS = 0
# allauth's sign-in rate limits live in the cache and would carry between tests.
ACCOUNT_RATE_LIMITS = False
# Serve static files straight from the source folders, as in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # A test database is thrown away at the end of the run: its commits need not wait for the disk.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
