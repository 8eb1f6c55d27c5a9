"""What the submission pages read: a person's own submissions, and the lab team's review queue.

Every function takes the lab the gatekeeper put on the request, so nothing here reaches another
lab's data; a person's own pages also take the person, so nobody reaches another person's words
through them (another's submission is a 404). Lists cost the same few queries however long they are.
"""

from django.shortcuts import get_object_or_404

from carelab.evidence.models import EvidenceItem
from carelab.organisations.models import Organisation
from carelab.safeguarding.models import SafeguardingFlag, flag_for_source


def submissions_of(lab, person):
    """What the person sent to this lab, newest first, with the organisation named."""
    return lab.evidence_items.submitted_by_person(person).select_related("organisation").order_by("-created_at", "-pk")


def get_own_submission(lab, person, pk) -> EvidenceItem:
    """One of the person's own submissions to this lab; anyone else's is not found."""
    return get_object_or_404(submissions_of(lab, person), pk=pk)


def waiting_queue(lab):
    """The submissions waiting for the lab team, oldest first (they have waited longest), each with
    its sender, organisation and the id of any safeguarding flag its words raised."""
    return (
        lab.evidence_items.submissions()
        .waiting_for_review()
        .select_related("submitted_by", "organisation")
        .annotate(safeguarding_flag_id=flag_for_source(SafeguardingFlag.Source.EVIDENCE_SUBMISSION))
        .order_by("created_at", "pk")
    )


def reviewed_recently(lab, limit: int = 10):
    """The latest decisions, so the team sees what happened to what they reviewed."""
    return (
        lab.evidence_items.submissions()
        .exclude(review=EvidenceItem.Review.WAITING)
        .select_related("reviewed_by")
        .order_by("-reviewed_at", "-pk")[:limit]
    )


def get_submission_for_review(lab, pk) -> EvidenceItem:
    """Any submission to this lab, whatever its review, for the lab team."""
    return get_object_or_404(
        lab.evidence_items.submissions()
        .select_related("submitted_by", "organisation", "reviewed_by")
        .annotate(safeguarding_flag_id=flag_for_source(SafeguardingFlag.Source.EVIDENCE_SUBMISSION)),
        pk=pk,
    )


def organisations_to_choose(lab):
    """The organisations a practice example may name: the lab's public ones, alphabetically."""
    return Organisation.objects.for_lab(lab).public().alphabetical()
