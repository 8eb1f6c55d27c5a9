"""Writes to the safeguarding review queue. Software flags and records; people decide."""

from django.db import transaction

from carelab.safeguarding.models import FlagEvent, SafeguardingFlag


@transaction.atomic
def raise_flag(*, lab, survey_response=None, reasons, details=None, actor=None) -> SafeguardingFlag:
    """Put a survey response in the lab team's review queue, once.

    A response has at most one flag: raising it again adds any new reasons and details to the
    same flag (with an "updated" event) instead of making another. `details` name an
    instrument or a configured phrase, never what the person wrote.
    """
    details = details or {}
    flag = None
    if survey_response is not None:
        flag = SafeguardingFlag.objects.select_for_update().filter(survey_response=survey_response).first()
    if flag is None:
        flag = SafeguardingFlag.objects.create(
            lab=lab, survey_response=survey_response, reasons=list(dict.fromkeys(reasons)), details=details
        )
        FlagEvent.objects.create(flag=flag, actor=actor, action="raised", note=", ".join(flag.reasons))
        return flag
    new_reasons = [reason for reason in reasons if reason not in flag.reasons]
    merged_details = _merge(flag.details, details)
    if not new_reasons and merged_details == flag.details:
        return flag
    flag.reasons = [*flag.reasons, *new_reasons]
    flag.details = merged_details
    flag.save(update_fields=["reasons", "details", "updated_at"])
    FlagEvent.objects.create(flag=flag, actor=actor, action="updated", note=", ".join(new_reasons))
    return flag


def _merge(old, new):
    """Details combined: lists gain the new items, dicts merge key by key."""
    if isinstance(old, dict) and isinstance(new, dict):
        merged = dict(old)
        for key, value in new.items():
            merged[key] = _merge(old[key], value) if key in old else value
        return merged
    if isinstance(old, list) and isinstance(new, list):
        return [*old, *(item for item in new if item not in old)]
    return new
