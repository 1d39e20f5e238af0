"""Previews of pieces that are not public yet, in the real article layout.

Staff with the right to see a piece preview it at /preview/<pk>; outside
reviewers use a share link (articles/sharing.py). Neither is ever cached or
indexed.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from articles import workflow
from articles.models import Article
from articles.sharing import active_link
from articles.views import ArticleDetailView


class PreviewMixin:
    @method_decorator(never_cache)
    def get(self, request, *args, **kwargs):
        # Skip ArticleDetailView's redirect of reserved slugs: there is no slug.
        self.object = self.get_object()
        context = self.get_context_data(object=self.object)
        response = self.render_to_response(context)
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get_queryset(self):
        return Article.objects.for_detail()

    def get_context_data(self, **kwargs):
        kwargs["preview"] = True
        return super().get_context_data(**kwargs)


class StaffPreviewView(PreviewMixin, ArticleDetailView):
    """Staff who may see the piece in the admin may preview it."""

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        user = self.request.user
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        if not user.has_perm("articles.view_article"):
            raise PermissionDenied
        if not (
            user.has_perm("articles.edit_any_article") or workflow.is_own(user, article)
        ):
            raise PermissionDenied
        return article


class SharedPreviewView(PreviewMixin, ArticleDetailView):
    """Anyone holding an active share link."""

    def get_object(self, queryset=None):
        link = active_link(self.kwargs["token"])
        if link is None:
            raise Http404("This share link has expired or was revoked.")
        return self.get_queryset().get(pk=link.article_id)
