"""CareLab settings: one module, read from the environment.

Defaults give a working site on SQLite with no set-up. Production sets DEBUG=0,
SECRET_KEY (or SECRET_KEY_FILE), ALLOWED_HOSTS and DATABASE_URL; see
docs/operations.md for every variable.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from carelab.config.env import env_bool, env_header_name, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "carelab"
VAR_DIR = Path(env_str("CARELAB_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# Production runs behind a proxy that terminates TLS (docs/operations.md).
BEHIND_TLS_PROXY = not DEBUG and env_bool("BEHIND_TLS_PROXY", True)

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-carelab-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "carelab.core",
    "carelab.accounts",
    "carelab.labs",
    "carelab.posts",
    "carelab.comments",
    "carelab.surveys",
    "carelab.safeguarding",
    "carelab.participants",
    "carelab.connect",
    "carelab.organisations",
    "carelab.events",
    "carelab.updates",
    "carelab.evidence",
    "carelab.insights",
    "carelab.ideas",
    "carelab.improvement",
    "carelab.home",
    "carelab.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Outermost, so everything a request wrote is in before it starts a new version of the kept
    # public pages (carelab/core/page_cache.py, decision 0043).
    "carelab.core.page_cache.flush_public_pages",
    "django.middleware.security.SecurityMiddleware",
    "carelab.core.middleware.content_security_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "carelab.core.middleware.refuse_unusable_addresses",
    # Kept public pages for visitors without a session, before the middleware they do not need.
    "carelab.core.page_cache.serve_kept_pages",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "carelab.accounts.middleware.require_team_mfa",
]

ROOT_URLCONF = "carelab.config.urls"
WSGI_APPLICATION = "carelab.config.wsgi.application"

TEMPLATES = [
    {
        # Our pages, and our versions of the allauth pages, are Jinja2.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "carelab.config.jinja2.environment",
            "context_processors": [
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "carelab.labs.context_processors.site",
                "carelab.home.context_processors.lab_menu",
            ],
        },
    },
    {
        # The Django admin, and allauth's e-mail and message texts, stay on Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'carelab.sqlite3'}")
# Each worker keeps its database connection between requests (a minute by default outside
# development), checked before reuse so a connection the server dropped is replaced, not an error.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0 if DEBUG else 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Wait for a lock rather than fail at once, and keep reads and writes apart. Write-ahead logging
    # lets readers carry on while one process writes; with it, synchronous=NORMAL syncs the disk at
    # checkpoints rather than at every commit: a power cut can lose the last commits, never corrupt
    # the file (decision 0043).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }

# The cache holds sign-in rate limits and the two-factor codes already used, so every worker
# process must share it: Redis when there is one, otherwise a table in the database (created by
# a migration, `core.0001_cache_table`). Start-up refuses a per-process cache when DEBUG is off
# (carelab/core/apps.py). See docs/decisions/0014-production-hardening.md.
CACHE_TABLE = "carelab_cache"
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Sessions are read from Redis and written to both it and the database, so a request reads its
    # session without a query and a Redis restart signs no one out (decision 0043).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            # Culling (at 300 entries by default) would let a flood of sign-in attempts push
            # other people's rate-limit counts out of the cache.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail and password only, every address verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Confirming the address in the browser that signed up signs the person in and takes them on to
# the page they were going to (for example, the application they were sending). allauth does this
# only for the session that signed up, within ACCOUNT_LOGIN_TIMEOUT; anywhere else they sign in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "carelab.accounts.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "carelab.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "CareLab: "
# The client's address, for allauth's per-address rate limits. Behind the TLS proxy that
# docs/operations.md describes, REMOTE_ADDR is the proxy's own address for everyone, so one
# stranger's failed sign-ins would lock everybody out. Either trust the last N entries of
# X-Forwarded-For (the proxy appends the address it saw), or a header the proxy sets itself.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("CARELAB_TRUSTED_PROXY_COUNT", 1 if BEHIND_TLS_PROXY else 0, minimum=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_header_name("CARELAB_CLIENT_IP_HEADER")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CareLab"

# Lab-team accounts must use two-factor sign-in (on by default outside development).
CARELAB_REQUIRE_TEAM_MFA = env_bool("CARELAB_REQUIRE_TEAM_MFA", not DEBUG)
CARELAB_DEMO_PASSWORD = env_str("CARELAB_DEMO_PASSWORD", "carelab-demo")
# Comments a person may post in an hour, across the whole site.
CARELAB_COMMENT_RATE_LIMIT = env_int("CARELAB_COMMENT_RATE_LIMIT", 10, minimum=1)
# Days an unsent application to become a lab participant is kept after it was last saved
# (deleted by `manage.py delete_expired_application_drafts`).
CARELAB_APPLICATION_DRAFT_DAYS = env_int("CARELAB_APPLICATION_DRAFT_DAYS", 30, minimum=1)
# Connect (issue 4): new introductions a person may send in 24 hours, across the whole site.
CARELAB_CONNECT_DAILY_LIMIT = env_int("CARELAB_CONNECT_DAILY_LIMIT", 5, minimum=1)
# Days a finished background task's row (its arguments and result) is kept, for looking into a
# failure; deleted by `manage.py purge_expired` (decision 0015).
CARELAB_TASK_RESULT_DAYS = env_int("CARELAB_TASK_RESULT_DAYS", 7, minimum=1)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Files only gatekeeper views may serve (evidence attachments): outside MEDIA_ROOT, with no URL of their own.
PRIVATE_FILES_ROOT = Path(env_str("PRIVATE_FILES_ROOT", str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_FILES_ROOT},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work: a database-backed queue worked by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": env_str("CARELAB_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CareLab <no-reply@carelab.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    # Without a mail server, e-mails are written to the console (development).
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Only essential cookies: the session and CSRF protection.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"expected_refusals": {"()": "carelab.core.logging.ExpectedRefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # A 403 or 404 is logged as one line; a 500 keeps its traceback.
    "loggers": {"django.request": {"filters": ["expected_refusals"]}},
}
