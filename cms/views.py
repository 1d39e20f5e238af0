"""Site-level pages that compose both apps: home and search. (The News
sidebar every page shows is newsfeed's {% news_sidebar %} tag, in base.html.)"""

from django.template.loader import render_to_string
from django.views.generic import ListView, TemplateView

from articles.cards import cards, fetch_listed
from articles.fragments import cached_for_site
from articles.models import Article
from articles.paging import BoundedPaginator
from articles.search import ranked_ids
from articles.views import SiteNavMixin
from cms import front_page
from newsfeed.search import search_news


class HomeView(SiteNavMixin, TemplateView):
    """The lead, the top stories and the strips: editors' pins first, then
    the newest, no piece twice (cms/front_page.py)."""

    template_name = "cms/home.html"

    def get_context_data(self, **kwargs):
        # Built and rendered once per change of the site's version, which
        # publishing, pins and their expiry all move (articles/fragments.py);
        # nothing in it depends on the request. Editors get it fresh.
        page, html = cached_for_site(self.request, "front-page", self.render_front)
        kwargs.update(
            lead=page.lead,
            top_stories=page.top_stories,
            strips=page.strips,
            front_page_html=html,
        )
        return super().get_context_data(**kwargs)

    @staticmethod
    def render_front() -> tuple[front_page.FrontPage, str]:
        page = front_page.build()
        context = {
            "lead": page.lead,
            "top_stories": page.top_stories,
            "strips": page.strips,
        }
        return page, render_to_string("cms/_front_page.html", context)


class SearchView(SiteNavMixin, ListView):
    """Articles (title, lead, body) and ticker items matching every word of the
    query, ranked; full-text on SQLite and PostgreSQL alike (articles/search.py)."""

    template_name = "cms/search.html"
    paginate_by = 20
    paginator_class = BoundedPaginator

    def get_queryset(self):
        # No reader means a NUL, and PostgreSQL refuses one in a query.
        self.query = self.request.GET.get("q", "").replace("\x00", "").strip()[:200]
        # Ranked ids (one query, bounded: articles/search.py); a page's cards
        # come from the card cache, and only the pieces it lacks are fetched.
        return ranked_ids(Article.objects.published(), self.query)

    def get_context_data(self, **kwargs):
        kwargs["query"] = self.query
        kwargs["news_results"] = search_news(self.query) if self.query else []
        context = super().get_context_data(**kwargs)
        context["cards"] = cards(
            self.request, context["page_obj"].object_list, fetch_listed
        )
        return context
