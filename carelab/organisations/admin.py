from django.contrib import admin

from carelab.organisations.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """For site administrators. Lab teams keep their directory in the lab's own pages."""

    list_display = ["name", "lab", "kind", "region", "is_public"]
    list_filter = ["lab", "kind", "region", "is_public"]
    search_fields = ["name", "description"]
