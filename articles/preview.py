"""Previews of pieces that are not public yet, in the real article layout.

Staff with the right to see a piece preview it at /preview/<pk>; outside
reviewers use a share link (articles/sharing.py). Neither is ever cached or
indexed.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from articles import pending, workflow
from articles.models import Article
from articles.sharing import active_link
from articles.views import ArticleDetailView


class PreviewMixin:
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


@method_decorator(never_cache, name="dispatch")
class StaffPreviewView(PreviewMixin, ArticleDetailView):
    """Staff who may see the piece in the admin may preview it.

    Who is asking is settled before any piece is read, and every answer but
    the preview itself is the same whether or not the id exists, so the URL
    cannot be used to find out which ids do: the signed-out (and readers) are
    sent to sign in, staff without the right to view pieces get 403, and a
    piece the user may not preview is a 404 like a missing one.
    """

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not user.has_perm("articles.view_article"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        user = self.request.user
        if not (
            user.has_perm("articles.edit_any_article") or workflow.is_own(user, article)
        ):
            raise Http404("No piece you may preview has this id.")
        return article


class ChangesPreviewView(StaffPreviewView):
    """A live piece with its pending changes (articles/pending.py), as readers
    would see it once they are published: applied in a transaction that is
    rolled back once the page is rendered."""

    def get(self, request, *args, **kwargs):
        with pending.preview_applied(kwargs["pk"], validate=False) as article:
            if article is None:
                raise Http404("This piece has no pending changes.")
            response = super().get(request, *args, **kwargs)
            response.render()
        return response

    def get_context_data(self, **kwargs):
        kwargs["preview_changes"] = True
        return super().get_context_data(**kwargs)


@method_decorator(never_cache, name="dispatch")
class SharedPreviewView(PreviewMixin, ArticleDetailView):
    """Anyone holding an active share link."""

    def get_object(self, queryset=None):
        link = active_link(self.kwargs["token"])
        if link is None:
            raise Http404("This share link has expired or was revoked.")
        return self.get_queryset().get(pk=link.article_id)
