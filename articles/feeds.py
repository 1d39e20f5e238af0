"""RSS and Atom feeds of the latest published articles."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles.models import Article
from articles.seo import SITE_NAME


class LatestArticlesFeed(Feed):
    title = SITE_NAME
    link = "/"
    description = "The latest news, opinion and interviews from Espreso. Global."
    language = "en"
    limit = 30
    # item_title is Django's default, escape(str(item)): RSS readers treat
    # titles as HTML.

    def items(self):
        # Bylines (`card_bylines`) come from for_listing(); tags are prefetched
        # here so the feed makes the same number of queries however many tags
        # each piece has.
        return (
            Article.objects.published()
            .for_listing()
            .prefetch_related("tags")
            .order_by("-published_at", "-id")[: self.limit]
        )

    def item_description(self, item):
        # RSS descriptions and Atom summaries are HTML; the lead is plain text.
        return escape(item.lead)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(byline.author.name for byline in item.card_bylines) or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_guid_is_permalink(self, item):
        return True


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description

    def item_title(self, item):
        # Atom titles are declared plain text: no HTML escaping on top of XML's.
        return item.title
