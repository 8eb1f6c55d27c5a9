"""What surveys keep only for a while, deleted by `manage.py purge_expired` (carelab/core/retention.py)."""

from datetime import timedelta

from carelab.surveys.models import ResumeLinkRequest

# A resume e-mail still waiting after a day will not be sent: its worker was down. The address goes.
RESUME_LINK_REQUEST_HOURS = 24


def purge(now) -> list[tuple[int, str]]:
    """Delete resume-link requests older than a day; how many, and what they are (singular)."""
    requests = ResumeLinkRequest.objects.filter(created_at__lt=now - timedelta(hours=RESUME_LINK_REQUEST_HOURS))
    return [(requests.delete()[1].get(ResumeLinkRequest._meta.label, 0), "unsent resume e-mail")]
