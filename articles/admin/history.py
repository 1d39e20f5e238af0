"""Who may read an article's history and revert it (simple-history's views)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from articles.models import Article


class ArticleHistoryMixin:
    """simple-history's views ask `has_view_permission(request, obj)` of the
    version they show; these also ask it of the piece as it is now, so that an
    old version with other bylines gives nothing away."""

    def history_view(self, request, object_id, extra_context=None):
        article = Article.objects.filter(pk=object_id).first()
        if article is not None and not self.has_view_permission(request, article):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history saves a revert after checking only the right to view
        # history: reverting is editing the piece as it is now, so it needs the
        # right to edit that (an Author may not revert a published piece).
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        if request.method == "POST" and not self.has_change_permission(
            request, article
        ):
            raise PermissionDenied
        request.article_before_revert = article  # for save_model
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        current = getattr(request, "article_before_revert", obj)
        return super().revert_disabled(request, obj) or (
            current is not None and not self.has_change_permission(request, current)
        )
