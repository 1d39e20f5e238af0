"""List filters for the article admin."""

from django.contrib import admin

from articles.models import Article

Status = Article.Status


class StateFilter(admin.SimpleListFilter):
    """The status as people see it: a published piece whose time is still to
    come is "Scheduled", not "Published" (derived from status and time)."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            (Status.DRAFT, Status.DRAFT.label),
            (Status.REVIEW, Status.REVIEW.label),
            ("scheduled", "Scheduled"),
            (Status.PUBLISHED, Status.PUBLISHED.label),
            ("pending", "Pending changes"),
            (Status.UNPUBLISHED, Status.UNPUBLISHED.label),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "scheduled":
            return queryset.scheduled()
        if value == Status.PUBLISHED:
            return queryset.published()
        if value == "pending":  # articles/pending.py
            return queryset.filter(pending_change__isnull=False)
        if value in (Status.DRAFT, Status.REVIEW, Status.UNPUBLISHED):
            return queryset.filter(status=value)
        return queryset
