"""Gatekeepers for safeguarding: the only way views reach a flag."""

from django.shortcuts import get_object_or_404

from carelab.safeguarding.models import SafeguardingFlag, SafeguardingGuidance


def get_flag_for_team(request, pk: int) -> SafeguardingFlag:
    """A flag in the lab that `lab_team_required` put on the request; another lab's flag is a 404.

    Comes with what its page shows: the survey, and the response with its version and whether
    contact details were given (never the details themselves); who wrote the words, and whether
    the record they were written in is still there.
    """
    flags = (
        SafeguardingFlag.objects.for_lab(request.lab)
        .select_related("lab", "survey", "survey_response__version", "survey_response__contact", "person")
        .with_source_exists()
    )
    return get_object_or_404(flags, pk=pk)


def flag_for_source_or_none(lab, kind: str, source_id: int) -> SafeguardingFlag | None:
    """The flag raised by a record's words, for the lab team's page of that record to link to."""
    return SafeguardingFlag.objects.for_lab(lab).for_source(kind, source_id).first()


def lab_guidance(lab) -> SafeguardingGuidance | None:
    """The lab's safeguarding guidance as last saved, with who saved it, or None if never written."""
    return SafeguardingGuidance.objects.filter(lab=lab).select_related("updated_by").first()
