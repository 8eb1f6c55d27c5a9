from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from carelab.accounts.models import User
from carelab.labs.models import Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["lab", "role"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts are known by e-mail address; there are no usernames or real names."""

    ordering = ["email"]
    list_display = ["email", "display_name", "is_active", "is_superuser", "date_joined"]
    list_filter = ["is_active", "is_superuser", "memberships__lab"]
    search_fields = ["email", "display_name", "organisation"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["display_name", "organisation", "role_title"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal = []
