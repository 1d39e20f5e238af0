"""Feeds, sitemaps, robots.txt and the meta/JSON-LD that search engines read."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone
from PIL import Image as PILImage

from articles.images import refresh_renditions
from articles.models import Article
from articles.seo import article_meta, page_meta
from articles.versions import SITE, resolve
from newsfeed.versions import FEED
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_lazy_loads")]

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def make_every_state():
    """One piece in each state the public must not see, and two it must."""
    older = ArticleFactory(
        title="Older public piece", published_at=timezone.now() - timedelta(hours=3)
    )
    newer = ArticleFactory(title="Newer public piece")
    ArticleFactory(title="Draft piece", draft=True)
    ArticleFactory(title="Piece in review", in_review=True)
    ArticleFactory(title="Scheduled piece", scheduled=True)
    ArticleFactory(title="Unpublished piece", unpublished=True)
    return newer, older


def get_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)


def sitemap_locs(root):
    return [loc.text for loc in root.iter(f"{SM}loc")]


def warm_content_type_cache():
    # taggit filters by the Article content type, which Django caches per
    # process; warm it so the pins count only what every request costs.
    ContentType.objects.get_for_model(Article)
    # And the page cache's version tokens, as on a running site where each
    # save renews them once it commits (articles/versions.py).
    resolve([SITE, FEED])


# RSS and Atom


def test_rss_lists_only_published_pieces_newest_first(client):
    newer, older = make_every_state()
    channel = get_xml(client, "/rss").find("channel")
    assert channel.findtext("title") == "Espreso. Global"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [newer.title, older.title]
    assert items[0].findtext("link") == f"http://testserver/{newer.slug}"
    assert items[0].findtext("guid") == f"http://testserver/{newer.slug}"
    assert items[0].findtext("description") == newer.lead


def test_rss_items_carry_authors_tags_and_dates(client):
    authors = [AuthorFactory(name="Viktor Andrusiv"), AuthorFactory(name="Olha Ko")]
    ArticleFactory(
        lead="Kyiv & <Kharkiv>",
        authors=authors,
        tags=["NATO", "security guarantees"],
        published_at=timezone.now() - timedelta(days=1),
        updated_at=timezone.now(),
    )
    item = get_xml(client, "/rss").find("channel/item")
    assert item.findtext(f"{DC}creator") == "Viktor Andrusiv, Olha Ko"
    assert sorted(c.text for c in item.findall("category")) == [
        "NATO",
        "security guarantees",
    ]
    assert item.findtext("pubDate")
    # The description is HTML: the plain-text lead arrives escaped.
    assert item.findtext("description") == "Kyiv &amp; &lt;Kharkiv&gt;"


def test_atom_feed_has_published_and_updated_times_authors_and_tags(client):
    published_at = timezone.now() - timedelta(days=1)
    article = ArticleFactory(
        title="Q&A: <what> next",
        authors=[AuthorFactory(name="Viktor Andrusiv")],
        tags=["NATO"],
        published_at=published_at,
        updated_at=published_at + timedelta(hours=2),
    )
    make_every_state()
    feed = get_xml(client, "/atom")
    assert feed.findtext(f"{ATOM}title") == "Espreso. Global"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    entry = entries[-1]
    # Atom titles are plain text, so the reader sees the title as written.
    assert entry.findtext(f"{ATOM}title") == article.title
    assert entry.findtext(f"{ATOM}id") == f"http://testserver/{article.slug}"
    assert entry.findtext(f"{ATOM}published").startswith(
        published_at.astimezone(timezone.UTC).strftime("%Y-%m-%dT%H:%M")
    )
    assert entry.findtext(f"{ATOM}updated") > entry.findtext(f"{ATOM}published")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Viktor Andrusiv"
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["NATO"]


def test_feeds_stop_at_the_latest_30_pieces(client):
    ArticleFactory.create_batch(31)
    assert len(get_xml(client, "/rss").findall("channel/item")) == 30
    assert len(get_xml(client, "/atom").findall(f"{ATOM}entry")) == 30


@pytest.mark.parametrize("tags_per_piece", [1, 30])
@pytest.mark.parametrize("url", ["/rss", "/atom"])
def test_feeds_make_three_queries_however_many_tags(
    client, django_assert_num_queries, url, tags_per_piece
):
    tags = [f"tag {n}" for n in range(tags_per_piece)]
    for _ in range(3):
        ArticleFactory(authors=[AuthorFactory(), AuthorFactory()], tags=tags)
    warm_content_type_cache()
    # 1 the 30 latest pieces with their sections, 1 their bylines with authors
    # (for_listing), 1 their tags (prefetched).
    with django_assert_num_queries(3):
        client.get(url)


# Sitemaps


def test_sitemap_is_an_index_of_the_per_kind_sitemaps(client):
    root = get_xml(client, "/sitemap.xml")
    assert root.tag == f"{SM}sitemapindex"
    assert sitemap_locs(root) == [
        f"http://testserver/sitemap-{kind}.xml"
        for kind in ("pages", "articles", "sections", "authors", "tags")
    ]


def test_article_sitemap_lists_only_published_pieces_with_their_change_date(client):
    newer, older = make_every_state()
    older.updated_at = timezone.now() + timedelta(days=-1)
    older.save()
    root = get_xml(client, "/sitemap-articles.xml")
    assert root.tag == f"{SM}urlset"
    assert sitemap_locs(root) == [
        f"http://testserver/{newer.slug}",
        f"http://testserver/{older.slug}",
    ]
    lastmods = [url.findtext(f"{SM}lastmod") for url in root.iter(f"{SM}url")]
    assert lastmods[1] == timezone.localdate(older.updated_at).isoformat()


def test_listing_sitemaps_include_only_authors_tags_sections_with_public_pieces(
    client,
):
    public_author, draft_author = AuthorFactory(), AuthorFactory()
    public_section, draft_section = SectionFactory(), SectionFactory()
    ArticleFactory(authors=[public_author], section=public_section, tags=["Public"])
    ArticleFactory(
        authors=[draft_author], section=draft_section, tags=["Secret"], draft=True
    )
    ArticleFactory(authors=[draft_author], tags=["Soon"], scheduled=True)

    assert sitemap_locs(get_xml(client, "/sitemap-authors.xml")) == [
        f"http://testserver/author/{public_author.slug}"
    ]
    assert sitemap_locs(get_xml(client, "/sitemap-sections.xml")) == [
        f"http://testserver/section/{public_section.slug}"
    ]
    assert sitemap_locs(get_xml(client, "/sitemap-tags.xml")) == [
        "http://testserver/tag/public"
    ]


def test_pages_sitemap_lists_home_news_and_the_type_lists(client):
    assert sitemap_locs(get_xml(client, "/sitemap-pages.xml")) == [
        f"http://testserver{path}"
        for path in (
            "/",
            "/news/",
            "/news/stories/",
            "/opinion/",
            "/interview/",
            "/review/",
            "/exclusive/",
        )
    ]


def test_sitemap_for_an_unknown_kind_is_not_found(client):
    assert client.get("/sitemap-drafts.xml").status_code == 404


@pytest.mark.parametrize("tags_per_piece", [1, 30])
def test_sitemaps_make_a_fixed_number_of_queries(
    client, django_assert_num_queries, tags_per_piece
):
    for n in range(3):
        ArticleFactory(
            authors=[AuthorFactory()],
            section=SectionFactory(),
            tags=[f"tag {n}-{t}" for t in range(tags_per_piece)],
        )
    warm_content_type_cache()
    # Articles, sections, authors, tags: 1 newest change (the index's lastmod)
    # + 1 count (how many pages each sitemap has) apiece; static pages: none.
    with django_assert_num_queries(8):
        client.get("/sitemap.xml")
    # One sitemap: 1 count for its paginator + 1 for the page of rows.
    for kind in ("articles", "sections", "authors", "tags"):
        with django_assert_num_queries(2):
            client.get(f"/sitemap-{kind}.xml")


def test_news_sitemap_lists_only_pieces_of_the_last_two_days(client):
    recent = ArticleFactory(
        title="Strikes on Kyiv & Kharkiv",
        published_at=timezone.now() - timedelta(minutes=10),
    )
    ArticleFactory(published_at=timezone.now() - timedelta(days=2, minutes=1))
    newer, older = make_every_state()
    root = get_xml(client, "/news-sitemap.xml")
    assert root.tag == f"{SM}urlset"
    urls = root.findall(f"{SM}url")
    assert [url.findtext(f"{SM}loc") for url in urls] == [
        f"http://testserver/{piece.slug}" for piece in (recent, newer, older)
    ]
    news = urls[0].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Espreso. Global"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert news.findtext(f"{NEWS}title") == "Strikes on Kyiv & Kharkiv"
    publication_date = news.findtext(f"{NEWS}publication_date")
    assert datetime.fromisoformat(publication_date) == recent.published_at
    assert publication_date.endswith("+02:00") or publication_date.endswith("+03:00")


def test_a_scheduled_piece_appears_in_feeds_and_sitemaps_when_its_time_comes(
    client,
):
    now = timezone.now()
    piece = ArticleFactory(published_at=now + timedelta(minutes=1))
    url = f"http://testserver/{piece.slug}"

    def public_everywhere():
        return [
            url in [i.findtext("link") for i in get_xml(client, "/rss").iter("item")],
            url in sitemap_locs(get_xml(client, "/sitemap-articles.xml")),
            url in sitemap_locs(get_xml(client, "/news-sitemap.xml")),
        ]

    assert public_everywhere() == [False, False, False]
    with mock.patch(
        "django.utils.timezone.now", return_value=now + timedelta(minutes=2)
    ):
        assert public_everywhere() == [True, True, True]


# robots.txt


def test_robots_txt_points_at_both_sitemaps_and_keeps_crawlers_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines


def test_robots_txt_uses_the_host_the_crawler_asked_for(client):
    response = client.get("/robots.txt", HTTP_HOST="testserver", secure=True)
    assert "Sitemap: https://testserver/sitemap.xml" in response.content.decode()


# Meta tags and JSON-LD


def for_detail(article):
    """The article as the page fetches it, bylines and tags included."""
    return Article.objects.for_detail().get(pk=article.pk)


def render_meta(meta):
    return render_to_string("includes/_meta.html", {"meta": meta})


def json_ld(html):
    """The attributes of the page's one JSON-LD block, and its data."""
    scripts = re.findall(
        r'<script type="application/ld\+json"([^>]*)>(.*?)</script>', html, re.DOTALL
    )
    assert len(scripts) == 1
    attributes, data = scripts[0]
    return attributes, json.loads(data)


def meta_content(html, attribute, name):
    return re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)


@pytest.fixture
def rf_request():
    return RequestFactory().get("/anything", HTTP_HOST="testserver")


def test_article_meta_has_description_canonical_open_graph_and_twitter_tags(
    rf_request,
):
    author = AuthorFactory(name="Viktor Andrusiv", slug="viktor-andrusiv")
    article = ArticleFactory(
        title="If not NATO, what are alternatives?",
        lead="One of the key issues in the peace talks",
        authors=[author],
        tags=["NATO"],
        section=SectionFactory(name="World about Ukraine", slug="world-about-ukraine"),
    )
    html = render_meta(article_meta(rf_request, for_detail(article)))
    canonical = f"http://testserver/{article.slug}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert meta_content(html, "name", "description") == [article.lead]
    assert meta_content(html, "property", "og:type") == ["article"]
    assert meta_content(html, "property", "og:title") == [article.title]
    assert meta_content(html, "property", "og:url") == [canonical]
    assert meta_content(html, "property", "og:site_name") == ["Espreso. Global"]
    # No hero: the site's own 1200×630 card stands in.
    card = "http://testserver/static/img/card.png"
    assert meta_content(html, "property", "og:image") == [card]
    assert meta_content(html, "property", "article:author") == [
        "http://testserver/author/viktor-andrusiv"
    ]
    assert meta_content(html, "property", "article:tag") == ["NATO"]
    assert meta_content(html, "property", "article:section") == ["World about Ukraine"]
    assert meta_content(html, "property", "article:published_time") == [
        timezone.localtime(article.published_at).isoformat()
    ]
    assert meta_content(html, "name", "twitter:card") == ["summary_large_image"]
    assert meta_content(html, "name", "twitter:image") == [card]
    assert 'type="application/rss+xml"' in html
    assert 'type="application/atom+xml"' in html


def test_article_with_a_hero_image_gets_og_image_and_a_large_twitter_card(
    rf_request,
):
    hero = ImageFactory(size=(1600, 1000))
    refresh_renditions(hero, "file", "renditions")
    article = ArticleFactory(hero=hero, hero_alt="F-16")
    html = render_meta(article_meta(rf_request, for_detail(article)))
    social = hero.renditions["social"]
    assert (social["width"], social["height"]) == (1200, 630)
    image = f"http://testserver/media/{social['name']}"
    with default_storage.open(social["name"]) as stored, PILImage.open(stored) as pic:
        assert pic.size == (1200, 630)
    assert meta_content(html, "property", "og:image") == [image]
    assert meta_content(html, "name", "twitter:image") == [image]
    assert meta_content(html, "property", "og:image:alt") == ["F-16"]
    assert meta_content(html, "name", "twitter:card") == ["summary_large_image"]
    assert json_ld(html)[1]["image"] == [image]


def test_news_json_ld_is_a_news_article_with_dates_authors_and_publisher(rf_request):
    author = AuthorFactory(name="Viktor Andrusiv", slug="viktor-andrusiv")
    article = ArticleFactory(authors=[author])
    attributes, data = json_ld(
        render_meta(article_meta(rf_request, for_detail(article)))
    )
    # A data block, never run: CSP's script-src does not apply, so no nonce,
    # which cached pages would otherwise share (docs/caching.md).
    assert attributes == ""
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Viktor Andrusiv",
            "url": "http://testserver/author/viktor-andrusiv",
        }
    ]
    published = timezone.localtime(article.published_at).isoformat()
    assert data["datePublished"] == data["dateModified"] == published
    assert data["mainEntityOfPage"]["@id"] == f"http://testserver/{article.slug}"
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "Espreso. Global",
        "url": "http://testserver/",
    }


def test_opinion_json_ld_is_an_opinion_news_article_modified_when_updated(
    rf_request,
):
    article = ArticleFactory(opinion=True, updated_at=timezone.now())
    data = json_ld(render_meta(article_meta(rf_request, for_detail(article))))[1]
    assert data["@type"] == "OpinionNewsArticle"
    assert data["dateModified"] == timezone.localtime(article.updated_at).isoformat()


def test_json_ld_cannot_be_broken_out_of_by_article_text(rf_request):
    title = "</script><script>alert(1)</script> & <!-- more"
    article = ArticleFactory(title=title, lead="Lead with </SCRIPT> in it")
    html = render_meta(article_meta(rf_request, for_detail(article)))
    script = html[html.index('<script type="application/ld+json"') :]
    assert script.lower().count("</script") == 1
    assert "<!--" not in script
    assert json_ld(html)[1]["headline"] == title


def test_page_meta_is_a_website_with_a_canonical_url_keeping_only_the_page():
    request = RequestFactory().get(
        "/news", {"page": "3", "utm_source": "x"}, HTTP_HOST="testserver"
    )
    html = render_meta(page_meta(request, title="News"))
    assert '<link rel="canonical" href="http://testserver/news?page=3">' in html
    assert meta_content(html, "property", "og:type") == ["website"]
    assert meta_content(html, "property", "og:title") == ["News"]
    assert "application/ld+json" not in html


def test_article_page_carries_its_meta_and_json_ld_without_a_csp_nonce(client):
    author = AuthorFactory(name="Viktor Andrusiv", slug="viktor-andrusiv")
    article = ArticleFactory(opinion=True, authors=[author], tags=["NATO"])
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    canonical = f"http://testserver/{article.slug}"
    assert html.count('<link rel="canonical"') == 1
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert meta_content(html, "property", "og:type") == ["article"]
    assert meta_content(html, "property", "article:tag") == ["NATO"]
    attributes, data = json_ld(html)
    assert "nonce" not in attributes
    assert "nonce-" not in response["Content-Security-Policy"]
    assert data["@type"] == "OpinionNewsArticle"
    assert data["headline"] == article.title
    assert [a["name"] for a in data["author"]] == ["Viktor Andrusiv"]
    assert data["datePublished"] == timezone.localtime(article.published_at).isoformat()


def test_other_pages_are_websites_with_their_own_canonical_url(client):
    html = client.get("/news/?page=2&utm_source=x").content.decode()
    assert '<link rel="canonical" href="http://testserver/news/?page=2">' in html
    assert meta_content(html, "property", "og:type") == ["website"]
    assert "application/ld+json" not in html
