"""Site admins set up labs and give people roles; lab teams do the rest in CareLab's own pages."""

from django.contrib import admin

from carelab.labs.models import Lab, Membership, Phase


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 1
    fields = ["name", "starts_on", "ends_on", "description"]


@admin.register(Lab)
class LabAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "starts_on", "ends_on", "premoderate_comments"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "question"]
    inlines = [PhaseInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "question", "why_it_matters", "get_involved", "contact_email"]}),
        ("Dates", {"fields": ["starts_on", "ends_on"]}),
        ("Comments", {"fields": ["premoderate_comments", "trusted_after_approved", "risk_phrases"]}),
    ]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "lab", "role", "joined_at"]
    list_filter = ["lab", "role"]
    list_select_related = ["user", "lab"]
    search_fields = ["user__email", "user__display_name"]
    autocomplete_fields = ["user"]
