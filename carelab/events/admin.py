from django.contrib import admin

from carelab.events.models import Event, Registration


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """For site administrators. Lab teams run events in the lab's own pages, which tell people of changes."""

    list_display = ["title", "lab", "status", "starts_at", "capacity"]
    list_filter = ["status", "lab"]
    search_fields = ["title"]
    raw_id_fields = ["created_by"]
    date_hierarchy = "starts_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "status", "attendance", "created_at"]
    list_filter = ["status", "attendance"]
    list_select_related = ["event", "user"]
    raw_id_fields = ["event", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
