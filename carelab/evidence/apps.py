from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "carelab.evidence"
    label = "evidence"
    verbose_name = "Evidence library"
