from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EvidenceConfig(AppConfig):
    name = "carelab.evidence"
    label = "evidence"
    verbose_name = "Evidence library"

    def ready(self):
        post_migrate.connect(_keep_search_index, sender=self)


def _keep_search_index(using, **kwargs):
    # A later migration that rebuilds the items' table on SQLite drops its triggers with it.
    from django.db import connections

    from carelab.evidence.search import ensure_search_index

    ensure_search_index(connections[using])
