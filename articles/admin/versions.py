"""Admin paths that change what readers see without a model's save() or
delete(): bulk deletes (a queryset delete), the deletion of reference data
whose models bump nothing on delete, and taggit's tags (its model is not ours).
Each bumps the content version cached pages are keyed by (docs/caching.md)."""

from django.contrib import admin

from articles.versions import SITE, ContentVersion


class ContentVersionAdminMixin(admin.ModelAdmin):
    """Bumps `content_version` after the admin saves or deletes anything."""

    content_version: ContentVersion = SITE

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.content_version.bump()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self.content_version.bump()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        self.content_version.bump()  # a queryset delete() skips Model.delete()
