from django.contrib import admin


def _superusers_only(request) -> bool:
    """The Django admin is for site administrators; lab teams work in CareLab's own pages."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only
admin.site.site_header = "CareLab administration"
admin.site.site_title = "CareLab administration"
