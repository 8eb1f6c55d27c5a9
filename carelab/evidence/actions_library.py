"""Writing to the library: items, tags and attachments, each change in one transaction.

Whoever changes what an item says, or its attachments, sets `search_text` again
(`refresh_search_text`): the database builds the search index from it (carelab/evidence/search.py).
Attachments are kept in STORAGES["private"] and their text is read in the background
(`tasks.extract_attachment_text`, which carries only the attachment's id).
"""

import logging

from django.db import transaction

from carelab.core.private_files import delete_private_files_after_commit, safe_original_name, save_private_file
from carelab.evidence.models import Attachment, EvidenceItem, EvidenceTag
from carelab.insights.actions_quotes import ITEM_DELETED, withdraw_quotes
from carelab.labs.models import Lab
from carelab.lib.text_extract import CONTENT_TYPES, KIND_OF_CONTENT_TYPE, UnreadableFile, extract_text

logger = logging.getLogger(__name__)


def refresh_search_text(item: EvidenceItem) -> None:
    """Set the item's search text from its fields and its attachments' text, and save it."""
    texts = item.attachments.order_by("uploaded_at", "pk").values_list("extracted_text", flat=True)
    item.search_text = item.text_for_search(list(texts))
    item.save(update_fields=["search_text", "updated_at"])


def _set_tags(lab: Lab, item: EvidenceItem, tag_ids: list, new_names: list[str]) -> None:
    tags = list(lab.evidence_tags.filter(pk__in=[int(pk) for pk in tag_ids]))
    existing = {tag.name.casefold(): tag for tag in lab.evidence_tags.all()}
    for name in new_names:
        tag = existing.get(name.casefold())
        if tag is None:
            tag = existing[name.casefold()] = EvidenceTag.objects.create(lab=lab, name=name)
        tags.append(tag)
    item.tags.set(tags)


def _organisation_id(lab: Lab, organisation_id: int | None) -> int | None:
    # Only the lab's own organisations: a forged id of another lab's is dropped.
    if organisation_id and lab.organisations.filter(pk=organisation_id).exists():
        return organisation_id
    return None


@transaction.atomic
def create_item(lab: Lab, fields: dict, *, tag_ids=(), new_tags=(), by) -> EvidenceItem:
    fields = {**fields, "organisation_id": _organisation_id(lab, fields.get("organisation_id"))}
    item = EvidenceItem(lab=lab, origin=EvidenceItem.Origin.TEAM, review=EvidenceItem.Review.ACCEPTED, **fields)
    item.created_by = by
    item.search_text = item.text_for_search()
    item.save()
    _set_tags(lab, item, list(tag_ids), list(new_tags))
    return item


@transaction.atomic
def update_item(item: EvidenceItem, fields: dict, *, tag_ids=(), new_tags=()) -> EvidenceItem:
    fields = {**fields, "organisation_id": _organisation_id(item.lab, fields.get("organisation_id"))}
    for name, value in fields.items():
        setattr(item, name, value)
    item.save(update_fields=[*fields, "updated_at"])
    _set_tags(item.lab, item, list(tag_ids), list(new_tags))
    refresh_search_text(item)
    return item


@transaction.atomic
def delete_item(item: EvidenceItem) -> None:
    """Delete the item, its attachments and their files (once the deletion is committed)."""
    withdraw_quotes(evidence_item=item, reason=ITEM_DELETED)
    names = [name for name in item.attachments.values_list("file", flat=True) if name]
    item.delete()
    delete_private_files_after_commit(names)


def create_tag(lab: Lab, name: str) -> EvidenceTag:
    return EvidenceTag.objects.create(lab=lab, name=name)


def delete_tag(tag: EvidenceTag) -> None:
    tag.delete()  # the items stay; they lose the tag


@transaction.atomic
def add_attachment(item: EvidenceItem, data: bytes, original_name: str, kind: str, *, by) -> Attachment:
    """Keep the file privately and read its text in the background. `kind` is from `file_kind`."""
    from carelab.evidence import tasks

    attachment = Attachment(
        item=item,
        original_name=safe_original_name(original_name),
        content_type=CONTENT_TYPES[kind],
        size=len(data),
        uploaded_by=by,
        text_status=Attachment.Text.WAITING,
    )
    save_private_file(attachment, "file", data, kind)
    transaction.on_commit(lambda: tasks.extract_attachment_text.enqueue(attachment.pk))
    return attachment


@transaction.atomic
def delete_attachment(attachment: Attachment) -> None:
    item = attachment.item
    name = attachment.file.name
    attachment.delete()
    refresh_search_text(item)
    if name:
        delete_private_files_after_commit([name])


def read_attachment_text(attachment_id: int) -> None:
    """Read an attachment's text into it and its item's search text (the background task's work)."""
    attachment = Attachment.objects.select_related("item").filter(pk=attachment_id).first()
    if attachment is None:
        return  # deleted before its turn came
    kind = KIND_OF_CONTENT_TYPE.get(attachment.content_type)
    try:
        with attachment.file.open("rb") as stream:
            data = stream.read()
        if kind is None:
            raise UnreadableFile("CareLab does not read text from this kind of file")
        text = extract_text(data, kind)
    except UnreadableFile as error:
        text, status, problem = "", Attachment.Text.FAILED, str(error)
    except OSError:
        logger.warning("An attachment's file could not be opened", exc_info=True)
        text, status, problem = "", Attachment.Text.FAILED, "The file could not be opened. Upload it again"
    else:
        status, problem = (Attachment.Text.READ, "") if text else (Attachment.Text.NO_TEXT, "")
    with transaction.atomic():
        locked = EvidenceItem.objects.select_for_update().filter(pk=attachment.item_id).first()
        if locked is None or not Attachment.objects.filter(pk=attachment.pk).exists():
            return
        attachment.extracted_text, attachment.text_status, attachment.text_problem = text, status, problem[:300]
        attachment.save(update_fields=["extracted_text", "text_status", "text_problem"])
        refresh_search_text(locked)
