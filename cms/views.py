"""Site-level pages that compose both apps: home and search. (The News
sidebar every page shows is newsfeed's {% news_sidebar %} tag, in base.html.)"""

import itertools

from django.db.models import prefetch_related_objects
from django.views.generic import ListView, TemplateView

from articles.models import Article, Kind, bylines_prefetch
from articles.paging import BoundedPaginator
from articles.views import SiteNavMixin
from newsfeed.search import search_news


class HomeView(SiteNavMixin, TemplateView):
    template_name = "cms/home.html"
    top_count = 7  # the lead story and six more
    strip_count = 4

    def get_context_data(self, **kwargs):
        published = Article.objects.published().select_related("section", "hero")
        top = list(published[: self.top_count])
        strips = {
            "opinion": list(published.filter(kind=Kind.OPINION)[: self.strip_count]),
            "interview": list(
                published.filter(kind=Kind.INTERVIEW)[: self.strip_count]
            ),
            "exclusive": list(published.filter(is_exclusive=True)[: self.strip_count]),
            "review": list(published.filter(kind=Kind.REVIEW)[: self.strip_count]),
        }
        # One bylines query for every card on the page rather than one a block.
        prefetch_related_objects(
            [*top, *itertools.chain.from_iterable(strips.values())],
            bylines_prefetch(),
        )
        kwargs.update(lead=top[0] if top else None, top_stories=top[1:], strips=strips)
        return super().get_context_data(**kwargs)


class SearchView(SiteNavMixin, ListView):
    """Articles (title, lead, body) and ticker items matching every word of the
    query, ranked; full-text on SQLite and PostgreSQL alike (articles/search.py)."""

    template_name = "cms/search.html"
    paginate_by = 20
    paginator_class = BoundedPaginator

    def get_queryset(self):
        # No reader means a NUL, and PostgreSQL refuses one in a query.
        self.query = self.request.GET.get("q", "").replace("\x00", "").strip()[:200]
        return Article.objects.published().for_listing().search(self.query)

    def get_context_data(self, **kwargs):
        kwargs["query"] = self.query
        kwargs["news_results"] = search_news(self.query) if self.query else []
        return super().get_context_data(**kwargs)
