"""XML sitemaps: an index of one sitemap per kind of page, and a Google News
sitemap. Every piece comes through Article.objects.published()."""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Author, Section

# The public "changed" time of a piece: its correction/update time, else when
# it went out.
CHANGED = Coalesce("updated_at", "published_at")


class ArticleSitemap(Sitemap):
    def items(self):
        return (
            Article.objects.published()
            .only("slug", "published_at", "updated_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, item):
        return item.updated_at or item.published_at

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max(CHANGED))["latest"]


def latest_published_change(**lookups) -> Subquery:
    """The newest change among the published pieces matching lookups."""
    return Subquery(
        Article.objects.published()
        .filter(**lookups)
        .annotate(changed=CHANGED)
        .order_by("-changed")
        .values("changed")[:1]
    )


class ListingSitemap(Sitemap):
    """Pages that list pieces (authors, tags, sections): only those with at
    least one published piece, last modified when their newest piece was."""

    model = None
    lookup = ""

    def items(self):
        return (
            self.model.objects.annotate(
                lastmod=latest_published_change(**{self.lookup: OuterRef("pk")})
            )
            .filter(lastmod__isnull=False)
            .only("slug")
            .order_by("slug")
        )

    def lastmod(self, item):
        return item.lastmod

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("lastmod"))["latest"]


class AuthorSitemap(ListingSitemap):
    model = Author
    lookup = "authors"


class SectionSitemap(ListingSitemap):
    model = Section
    lookup = "section"


class TagSitemap(ListingSitemap):
    model = Tag
    lookup = "tags"

    def location(self, item):
        return reverse("articles:tag", kwargs={"slug": item.slug})


class StaticSitemap(Sitemap):
    """The site's own pages, by URL name."""

    url_names = (
        "home",
        "newsfeed:news",
        "articles:news",
        "articles:opinion",
        "articles:interview",
        "articles:review",
        "articles:exclusive",
    )

    def items(self):
        return list(self.url_names)

    def location(self, item):
        return reverse(item)


class NewsSitemap(Sitemap):
    """Google News sitemap: pieces published in the last two days, at most
    1,000 (Google's limits)."""

    limit = 1000

    def items(self):
        since = timezone.now() - timedelta(days=2)
        return (
            Article.objects.published()
            .filter(published_at__gte=since)
            .only("slug", "title", "published_at", "updated_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, item):
        return item.updated_at or item.published_at


SITEMAPS = {
    "pages": StaticSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
}

NEWS_SITEMAPS = {"news": NewsSitemap}
