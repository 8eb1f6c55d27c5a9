"""Site admins can look; changes go through CareLab's own pages so every one is audited."""

from django.contrib import admin

from carelab.comments.models import Comment, CommentPolicy, ModerationEvent, PolicyAcceptance, Report


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CommentPolicy)
class CommentPolicyAdmin(ReadOnlyAdmin):
    """Published versions never change: the lab team publishes a new one instead."""

    list_display = ["lab", "version", "published_at", "created_by"]
    list_filter = ["lab"]


@admin.register(PolicyAcceptance)
class PolicyAcceptanceAdmin(ReadOnlyAdmin):
    list_display = ["user", "policy", "accepted_at"]
    list_select_related = ["user", "policy__lab"]


class ModerationEventInline(admin.TabularInline):
    model = ModerationEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "actor", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["pk", "post", "author", "status", "created_at"]
    list_filter = ["status", "post__lab"]
    list_select_related = ["post", "author"]
    inlines = [ModerationEventInline]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["pk", "comment", "reporter", "created_at", "resolved_at", "outcome"]
    list_select_related = ["comment__post", "reporter"]


@admin.register(ModerationEvent)
class ModerationEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "comment", "action", "actor"]
    list_filter = ["action"]
    list_select_related = ["comment__post", "actor"]
