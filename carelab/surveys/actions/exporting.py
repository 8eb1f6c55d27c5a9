"""Recording who downloaded a survey's answers (and its codebook): every export is audited."""

import logging

from carelab.surveys.models import ExportAudit, Survey

logger = logging.getLogger(__name__)


def record_export(
    survey: Survey,
    user,
    export_format: str,
    *,
    with_contact_details: bool = False,
    redacted_personal_data: bool = False,
    filters: dict | None = None,
) -> ExportAudit:
    """Record one download before it is sent; one with contact details is also logged as a warning,
    so it shows where the operators watch the logs. The audit never holds answers."""
    audit = ExportAudit.objects.create(
        survey=survey,
        user=user,
        format=export_format,
        with_contact_details=with_contact_details,
        redacted_personal_data=redacted_personal_data,
        filters=filters or {},
    )
    if with_contact_details:
        logger.warning(
            "Survey export with contact details: survey %s by user %s (%s)", survey.pk, user.pk, export_format
        )
    return audit
