from django.contrib import admin

from carelab.posts.models import Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    """For site administrators. Lab teams write posts in the lab's own pages."""

    list_display = ["title", "lab", "status", "published_at", "author"]
    list_filter = ["status", "lab"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["author"]
    date_hierarchy = "published_at"
