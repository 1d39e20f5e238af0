from django.contrib import admin

from newsfeed.models import NewsItem


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    list_display = ["headline", "published_at", "label", "status", "article"]
    list_filter = ["label", "status", "published_at"]
    search_fields = ["headline", "image_caption", "text"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["article"]
    list_select_related = ["article"]
    fields = [
        "published_at",
        "label",
        "headline",
        "article",
        "image_caption",
        "text",
        "status",
    ]
