"""What search engines and link previews read: meta description, canonical URL,
Open Graph, Twitter card and JSON-LD. Templates render it through
templates/includes/_meta.html (see articles/templatetags/seo.py)."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from articles.models import Article, Kind

SITE_NAME = "Espreso. Global"
SITE_DESCRIPTION = (
    "Espreso. Global: news, opinion and interviews about Ukraine and the war, "
    "in English, from the Ukrainian broadcaster Espreso."
)
DESCRIPTION_WORDS = 40
# The link-preview picture of pages and pieces with none of their own (1200×630).
SITE_CARD_IMAGE = "img/card.png"
SITE_CARD_ALT = "Espreso. Global: news from Ukraine"
# The list a piece without a section sits in, for its breadcrumbs.
TYPE_LISTS = {
    Kind.NEWS: ("News stories", "articles:news"),
    Kind.OPINION: ("Opinion", "articles:opinion"),
    Kind.INTERVIEW: ("Interview", "articles:interview"),
    Kind.REVIEW: ("Review", "articles:review"),
}

# What json_script escapes: "</script>" and "<!--" cannot end or confuse the
# script element, "&" cannot start an entity.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute_url(request, path: str) -> str:
    """An absolute URL on the host the reader asked for, else SITE_URL."""
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL + path


def json_for_script(data) -> SafeString:
    """JSON that is safe inside <script>, whatever text it carries."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))


def canonical_path(request) -> str:
    """The page's path; of the query string only the page number survives."""
    page = request.GET.get("page", "")
    if page.isdigit() and page != "1":
        return f"{request.path}?page={page}"
    return request.path


def page_meta(request, title: str = "", description: str = "") -> dict:
    """Meta for any page that is not an article."""
    path = canonical_path(request) if request is not None else "/"
    return {
        "site_name": SITE_NAME,
        "og_type": "website",
        "title": title or SITE_NAME,
        "description": Truncator(description or SITE_DESCRIPTION).words(
            DESCRIPTION_WORDS
        ),
        "canonical": absolute_url(request, path),
        "image": absolute_url(request, static(SITE_CARD_IMAGE)),
        "image_alt": SITE_CARD_ALT,
    }


def card_image(request, article: Article) -> tuple[str, str]:
    """The link-preview picture of a piece and its alt: the hero's 1200×630
    crop (or, until it is made, the upload), else the site's card."""
    hero = article.hero
    if hero is None:
        return absolute_url(request, static(SITE_CARD_IMAGE)), SITE_CARD_ALT
    url = hero.social_url or hero.file.url
    return absolute_url(request, url), article.hero_alt or article.hero_caption


def article_description(article: Article) -> str:
    return Truncator(article.lead or strip_tags(article.body)).words(DESCRIPTION_WORDS)


def article_meta(request, article: Article) -> dict:
    """Meta for an article page, JSON-LD included."""
    canonical = absolute_url(request, article.get_absolute_url())
    authors = [byline.author for byline in article.bylines.all()]
    tags = [tag.name for tag in article.tags.all()]
    image, image_alt = card_image(request, article)
    published = timezone.localtime(article.published_at)
    modified = timezone.localtime(article.updated_at or article.published_at)
    meta = {
        "site_name": SITE_NAME,
        "og_type": "article",
        "title": article.title,
        "description": article_description(article),
        "canonical": canonical,
        "image": image,
        "image_alt": image_alt,
        "published_time": published.isoformat(),
        "modified_time": modified.isoformat(),
        "authors": [absolute_url(request, a.get_absolute_url()) for a in authors],
        "section": article.section.name if article.section else "",
        "tags": tags,
    }
    meta["json_ld"] = json_for_script(article_json_ld(request, article, meta, authors))
    return meta


def breadcrumbs(article: Article) -> list[tuple[str, str]]:
    """Home › the piece's section (else its type) › the piece, as (name, path)."""
    if article.section:
        middle = (article.section.name, article.section.get_absolute_url())
    else:
        name, url_name = TYPE_LISTS[article.kind]
        middle = (name, reverse(url_name))
    return [("Home", "/"), middle, (article.title, article.get_absolute_url())]


def breadcrumb_list(request, article: Article) -> dict:
    """The breadcrumbs as a schema.org BreadcrumbList."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute_url(request, path),
            }
            for position, (name, path) in enumerate(breadcrumbs(article), start=1)
        ],
    }


def article_json_ld(request, article: Article, meta: dict, authors) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "OpinionNewsArticle"
        if article.kind == Kind.OPINION
        else "NewsArticle",
        "headline": article.title,
        "description": meta["description"],
        "datePublished": meta["published_time"],
        "dateModified": meta["modified_time"],
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": absolute_url(request, author.get_absolute_url()),
            }
            for author in authors
        ],
        # The page carries the breadcrumbs (schema.org WebPage.breadcrumb), so
        # the JSON-LD stays one object.
        "mainEntityOfPage": {
            "@type": "WebPage",
            "@id": meta["canonical"],
            "breadcrumb": breadcrumb_list(request, article),
        },
        "publisher": {
            "@type": "Organization",
            "name": SITE_NAME,
            "url": absolute_url(request, "/"),
        },
        "inLanguage": "en",
    }
    if meta["image"]:
        data["image"] = [meta["image"]]
    if meta["section"]:
        data["articleSection"] = meta["section"]
    if meta["tags"]:
        data["keywords"] = meta["tags"]
    return data
