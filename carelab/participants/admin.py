"""Site admins can look; changes go through CareLab's own pages so every decision is audited."""

from django.contrib import admin

from carelab.participants.models import Application, ApplicationEvent, LabTopic, ProfileCard


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LabTopic)
class LabTopicAdmin(ReadOnlyAdmin):
    list_display = ["name", "lab"]
    list_filter = ["lab"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "lab", "applicant", "status", "submitted_at", "decided_at"]
    list_filter = ["lab", "status"]
    list_select_related = ["lab", "applicant"]
    exclude = ["draft_token_hash"]


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(ReadOnlyAdmin):
    list_display = ["application", "action", "actor", "created_at"]
    list_filter = ["action"]
    list_select_related = ["application__lab", "actor"]


@admin.register(ProfileCard)
class ProfileCardAdmin(ReadOnlyAdmin):
    list_display = ["display_name", "lab", "role", "region", "visibility"]
    list_filter = ["lab", "visibility", "role"]
    list_select_related = ["lab"]
