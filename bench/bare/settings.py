"""A bare Django 5.2 project: the yardstick CareLab's pages are measured against (bench/side_by_side.py).

As little as Django needs to answer "hello" and to insert one row, with production-like settings:
DEBUG off, the same database engine as CareLab's run, no middleware beyond what a plain view needs.
"""

import os

import dj_database_url

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "bench-only-not-secret")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.bare.urls"
INSTALLED_APPS = ["bench.bare"]
MIDDLEWARE: list[str] = []
DATABASES = {"default": dj_database_url.parse(os.environ["BARE_DATABASE_URL"])}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
WSGI_APPLICATION = "bench.bare.wsgi.application"
