"""Site-level pages that compose both apps: home, search, and the article pages
with the News sidebar (which articles, not importing newsfeed, cannot add)."""

import itertools

from django.db.models import prefetch_related_objects
from django.urls import URLPattern
from django.views.generic import ListView, TemplateView

from articles.models import Article, Kind, bylines_prefetch
from articles.views import SiteNavMixin
from newsfeed.feed import latest_groups
from newsfeed.views import SIDEBAR_SIZE


class NewsSidebarMixin:
    """Adds the latest news, by day, as `sidebar` (one query)."""

    def get_context_data(self, **kwargs):
        kwargs["sidebar"] = latest_groups(limit=SIDEBAR_SIZE)
        return super().get_context_data(**kwargs)


def with_news_sidebar(patterns):
    """The given routes with each view given the News sidebar.

    cms/urls.py mounts articles' routes through this: same paths, names and
    arguments, each served by a subclass of the articles view that mixes in
    NewsSidebarMixin. (Function views are mounted as they are.)
    """
    routes = []
    for route in patterns:
        view = route.callback
        if not hasattr(view, "view_class"):  # a function view: left as it is
            routes.append(route)
            continue
        with_sidebar = type(
            view.view_class.__name__, (NewsSidebarMixin, view.view_class), {}
        )
        routes.append(
            URLPattern(
                route.pattern,
                with_sidebar.as_view(**view.view_initkwargs),
                route.default_args,
                route.name,
            )
        )
    return routes


class HomeView(NewsSidebarMixin, SiteNavMixin, TemplateView):
    template_name = "cms/home.html"
    top_count = 7  # the lead story and six more
    strip_count = 4

    def get_context_data(self, **kwargs):
        published = Article.objects.published().select_related("section")
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


class SearchView(NewsSidebarMixin, SiteNavMixin, ListView):
    """Titles, leads and bodies; ranked full-text search on PostgreSQL."""

    template_name = "cms/search.html"
    paginate_by = 20

    def get_queryset(self):
        # No reader means a NUL, and PostgreSQL refuses one in a query.
        self.query = self.request.GET.get("q", "").replace("\x00", "").strip()[:200]
        return Article.objects.published().for_listing().search(self.query)

    def get_context_data(self, **kwargs):
        kwargs["query"] = self.query
        return super().get_context_data(**kwargs)
