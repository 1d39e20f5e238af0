"""The news page, its "More news" fragment, and standalone news items."""

from django.core.exceptions import BadRequest
from django.shortcuts import redirect
from django.views.generic import DetailView, TemplateView

from articles.views import SiteNavMixin
from newsfeed.feed import latest_groups, parse_cursor
from newsfeed.models import NewsItem

NEWS_PAGE_SIZE = 40


def requested_page(request):
    """The feed page `?before=` asks for (the newest without it).

    A malformed cursor is a 400, which cms.caching marks no-store: serving the
    first page instead would let a CDN keep it under any junk URL, and would
    quietly send a reader who followed a broken link back to the top.
    """
    before = request.GET.get("before")
    if before is None:
        return latest_groups(limit=NEWS_PAGE_SIZE)
    try:
        cursor = parse_cursor(before)
    except ValueError:
        raise BadRequest("Not a valid point in the feed.") from None
    return latest_groups(limit=NEWS_PAGE_SIZE, before=cursor)


class NewsPageView(SiteNavMixin, TemplateView):
    """The feed at full width; `?before=` pages back in time by keyset."""

    template_name = "newsfeed/news.html"

    def get_context_data(self, **kwargs):
        kwargs["feed"] = requested_page(self.request)
        kwargs["is_older_page"] = "before" in self.request.GET
        return super().get_context_data(**kwargs)


class MoreNewsView(TemplateView):
    """Only the days and the next "More news" link, which the news page's
    script appends in place: the `page` partial of the feed template."""

    template_name = "newsfeed/_feed.html#page"

    def get_context_data(self, **kwargs):
        return {"feed": requested_page(self.request), "full": True}


class NewsItemView(SiteNavMixin, DetailView):
    """A brief with no article of its own; items with one go to the article,
    and an item with neither has no page."""

    template_name = "newsfeed/newsitem_detail.html"
    context_object_name = "item"

    def get_queryset(self):
        return NewsItem.objects.published().with_page().for_feed()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.article_id:
            return redirect(self.object.article, permanent=False)
        context = self.get_context_data(object=self.object)
        return self.render_to_response(context)
