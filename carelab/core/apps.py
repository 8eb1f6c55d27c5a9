from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Caches whose contents live in one process: with several gunicorn workers each would keep its
# own rate-limit counts and its own list of used two-factor codes.
PER_PROCESS_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)


def refuse_per_process_cache() -> None:
    """Stop start-up when DEBUG is off and a cache is not shared between processes.

    Runs in `ready()`, so gunicorn (which runs no system checks) refuses too, not only manage.py.
    """
    if settings.DEBUG:
        return
    for alias, config in settings.CACHES.items():
        if config.get("BACKEND") in PER_PROCESS_CACHES:
            raise ImproperlyConfigured(
                f"the '{alias}' cache ({config['BACKEND']}) is not shared between worker processes, so "
                "sign-in limits and used two-factor codes would not hold. Set REDIS_URL, or leave it unset "
                "for the database cache (docs/operations.md)."
            )


class CoreConfig(AppConfig):
    name = "carelab.core"
    label = "core"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from carelab.core.page_cache import migrating_ends, migrating_starts, watch_writes

        refuse_per_process_cache()
        # Every write starts a new version of the public pages kept for visitors (decision 0043).
        connection_created.connect(watch_writes, dispatch_uid="carelab-public-pages")
        # Before the cache table exists (a new database), the version waits for the end of `migrate`.
        pre_migrate.connect(migrating_starts, dispatch_uid="carelab-public-pages-migrating")
        post_migrate.connect(migrating_ends, dispatch_uid="carelab-public-pages-migrated")
