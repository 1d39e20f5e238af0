"""{{ article.body|reading_minutes }} and {% share_links article as share %}."""

from functools import lru_cache

from django import template

from articles import reader, seo

register = template.Library()


@register.filter
def reading_minutes(body_html):
    return _reading_minutes(body_html or "")


# A pure function of the body whose HTML parsing costs more than the rest of
# the dateline: worked out once per body and process.
_reading_minutes = lru_cache(maxsize=256)(reader.reading_minutes)


@register.simple_tag(takes_context=True)
def share_links(context, article):
    """The piece's absolute URL and its share links: {"url", "links"}."""
    url = seo.absolute_url(context.get("request"), article.get_absolute_url())
    return {"url": url, "links": reader.share_links(url, article.title)}
