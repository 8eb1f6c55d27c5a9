"""The library pages in the permission walk (issue 10, section 1).

The lab team sees and edits everything; the lab's participants read the library and the items (and
files) the team shares with them; members, outsiders and another lab's team are refused.
"""

from django.core.files.base import ContentFile

from carelab.core.tests.permission_rules import POST_ONLY, TEAM_ONLY
from carelab.evidence.models import Attachment
from carelab.evidence.tests.factories import EvidenceItemFactory, EvidenceTagFactory

P = "/labs/the-lab/evidence"
# The library's readers: the lab's participants and team.
READERS = {"anonymous": 302, "member": 403, "participant": 200, "team": 200, "other_team": 403, "admin": 200}

WALK = {
    "evidence:library": (f"{P}/", READERS),
    "evidence:export": (f"{P}/export.ris", READERS),
    "evidence:item": (f"{P}/{{library_item.pk}}/", READERS),
    "evidence:item_add": (f"{P}/add/", TEAM_ONLY),
    "evidence:item_edit": (f"{P}/{{library_item.pk}}/edit/", TEAM_ONLY),
    "evidence:item_delete": (f"{P}/{{library_item.pk}}/delete/", TEAM_ONLY),
    "evidence:attachment_add": (f"{P}/{{library_item.pk}}/attachments/add/", TEAM_ONLY),
    "evidence:attachment": (f"{P}/{{library_item.pk}}/attachments/{{library_attachment.pk}}/", READERS),
    "evidence:attachment_delete": (f"{P}/{{library_item.pk}}/attachments/{{library_attachment.pk}}/delete/", TEAM_ONLY),
    "evidence:tags": (f"{P}/tags/", TEAM_ONLY),
    "evidence:tag_delete": (f"{P}/tags/{{library_tag.pk}}/delete/", POST_ONLY),
}


def objects(cast) -> dict:
    item = EvidenceItemFactory(lab=cast.lab, title="Walking groups and back pain", shared_with_participants=True)
    attachment = Attachment(item=item, original_name="report.txt", content_type="text/plain; charset=utf-8", size=5)
    attachment.file.save("walk-report.txt", ContentFile(b"words"), save=False)
    attachment.save()
    return {"library_item": item, "library_attachment": attachment, "library_tag": EvidenceTagFactory(lab=cast.lab)}
