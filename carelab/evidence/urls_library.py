"""The library: search, items, attachments, tags, export."""

from django.urls import path

from carelab.evidence.views import library

urlpatterns = [
    path("", library.library, name="library"),
    path("export.<str:file_format>", library.export, name="export"),
    path("add/", library.item_add, name="item_add"),
    path("tags/", library.tags, name="tags"),
    path("tags/<int:pk>/delete/", library.tag_delete, name="tag_delete"),
    path("<int:pk>/", library.item, name="item"),
    path("<int:pk>/edit/", library.item_edit, name="item_edit"),
    path("<int:pk>/delete/", library.item_delete, name="item_delete"),
    path("<int:pk>/attachments/add/", library.attachment_add, name="attachment_add"),
    path("<int:pk>/attachments/<int:attachment_pk>/", library.attachment, name="attachment"),
    path("<int:pk>/attachments/<int:attachment_pk>/delete/", library.attachment_delete, name="attachment_delete"),
]
