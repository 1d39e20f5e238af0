"""What a reader gets beyond the headlines (issue 10): ticker items that lead
somewhere, lists that open with headlines, the nav and footer, static pages,
and an article's reading time, share links and breadcrumbs."""

import json
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from articles.models import Kind
from cms.roles import EDITOR
from tests.factories import (
    ArticleFactory,
    NewsItemFactory,
    SectionFactory,
)
from tests.test_public_pages import text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_lazy_loads")]


def hrefs(response) -> list[str]:
    return re.findall(r'href="([^"]*)"', response.content.decode())


# The ticker leads somewhere -------------------------------------------------


@pytest.fixture
def ticker():
    """Three items: one linked to an article, one with a brief, one with neither."""
    article = ArticleFactory(title="Strike on Kyiv: what we know")
    return {
        "linked": NewsItemFactory(headline="Strike on Kyiv", article=article),
        "brief": NewsItemFactory(
            headline="Air raid alert in Lviv", text="Take shelter now."
        ),
        "bare": NewsItemFactory(headline="Zelensky meets Macron"),
    }


@pytest.fixture(params=["/news/", "sidebar"])
def feed_page(request, client, ticker):
    """The news page, or an article page with the News sidebar."""
    if request.param == "sidebar":
        host = ArticleFactory(published_at=timezone.now() - timedelta(days=1))
        return client.get(host.get_absolute_url())
    return client.get(request.param)


def test_a_ticker_item_linked_to_an_article_links_to_the_article(feed_page, ticker):
    html = feed_page.content.decode()
    article = ticker["linked"].article
    assert f'href="{article.get_absolute_url()}">{article.title}</a>' in html.replace(
        "&#x27;", "'"
    )


def test_a_ticker_item_with_a_brief_links_to_its_brief_page(client, feed_page, ticker):
    url = reverse("newsfeed:item", args=[ticker["brief"].pk])
    assert f'href="{url}">Air raid alert in Lviv</a>' in feed_page.content.decode()
    brief = client.get(url)
    assert brief.status_code == 200
    assert "Take shelter now." in text_of(brief)


def test_a_ticker_item_with_neither_is_plain_text_and_has_no_page(
    client, feed_page, ticker
):
    html = feed_page.content.decode()
    url = reverse("newsfeed:item", args=[ticker["bare"].pk])
    assert "Zelensky meets Macron" in text_of(feed_page)
    assert url not in html
    assert ">Zelensky meets Macron</a>" not in html
    assert client.get(url).status_code == 404


# Lists open with headlines ---------------------------------------------------


def test_list_filters_sit_in_a_closed_filter_disclosure(client):
    ArticleFactory(kind=Kind.OPINION, opinion=True)
    html = client.get(reverse("articles:opinion")).content.decode()
    assert re.search(
        r"<details class=\"filters\">\s*<summary[^>]*>Filter</summary>", html
    )
    assert html.index("<details") < html.index('class="card')


def test_the_filter_disclosure_is_open_while_a_filter_is_active(client):
    ArticleFactory(opinion=True)
    html = client.get(
        reverse("articles:opinion"), {"since": "2025-02-03"}
    ).content.decode()
    assert '<details class="filters" open>' in html
    assert 'type="date" name="since" value="2025-02-03"' in html
    assert 'type="date" name="until"' in html


# Navigation, footer and static pages -----------------------------------------


def test_topical_sections_are_in_the_nav_next_to_the_formats(client):
    SectionFactory(name="World about Ukraine", slug="world-about-ukraine", position=1)
    SectionFactory(name="Russia-Ukraine war", slug="russia-ukraine-war", position=0)
    response = client.get(reverse("home"))
    nav = response.content.decode().split('class="site-nav"')[1].split("</nav>")[0]
    assert nav.index("Exclusive") < nav.index("Russia-Ukraine war")
    assert nav.index("Russia-Ukraine war") < nav.index("World about Ukraine")
    assert 'href="/section/russia-ukraine-war"' in nav


def test_a_new_site_starts_with_the_newsrooms_topical_sections_in_the_nav(client):
    # Made by migration cms/0007 on a site without sections, editable after.
    nav = client.get(reverse("home")).content.decode().split('class="site-nav"')[1]
    for name in ("Russia-Ukraine war", "World about Ukraine", "Politics", "Culture"):
        assert name in nav.split("</nav>")[0]


def test_starter_sections_are_made_only_on_a_site_without_sections():
    from articles.models import Section
    from cms.starter_sections import create_starter_sections

    Section.objects.all().delete()
    SectionFactory(name="Frontline", slug="frontline")
    create_starter_sections(Section)
    assert list(Section.objects.values_list("name", flat=True)) == ["Frontline"]

    Section.objects.all().delete()
    create_starter_sections(Section)
    assert Section.objects.count() == 6


@pytest.mark.parametrize(
    ("slug", "title"),
    [
        ("about", "About us"),
        ("contacts", "Contacts"),
        ("editorial-policy", "Editorial policy"),
        ("corrections-policy", "Corrections policy"),
    ],
)
def test_the_four_static_pages_exist_with_starter_text(client, slug, title):
    response = client.get(reverse("page", args=[slug]))
    assert response.status_code == 200
    assert f'<h1 class="page-title">{title}</h1>' in response.content.decode()
    assert len(text_of(response)) > 200


def test_an_editor_changes_a_static_page_in_the_admin_and_readers_see_it(client):
    from cms.models import Page

    editor = User.objects.create_user("ed", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(editor)
    page = Page.objects.get(slug="contacts")
    response = client.post(
        reverse("admin:cms_page_change", args=[page.pk]),
        {
            "title": "Contacts",
            "slug": "contacts",
            "body": "<p>Write to news@example.org</p><script>alert(1)</script>",
        },
    )
    assert response.status_code == 302
    client.logout()
    html = client.get(reverse("page", args=["contacts"])).content.decode()
    assert "Write to news@example.org" in html
    assert "alert(1)" not in html


def test_an_unknown_static_page_is_not_found(client):
    assert client.get("/page/no-such-page").status_code == 404


def test_the_footer_links_the_pages_rss_espreso_tv_and_social_accounts(
    client, settings
):
    settings.SOCIAL_ACCOUNTS = {
        "Facebook": "https://www.facebook.com/example",
        "Telegram": "https://t.me/example",
    }
    response = client.get(reverse("home"))
    footer = response.content.decode().split('class="site-footer"')[1]
    for slug in ["about", "contacts", "editorial-policy", "corrections-policy"]:
        assert f'href="{reverse("page", args=[slug])}"' in footer
    assert f'href="{reverse("rss")}"' in footer
    assert 'href="https://espreso.tv/"' in footer
    assert 'href="https://www.facebook.com/example"' in footer
    assert 'href="https://t.me/example"' in footer


def test_without_social_accounts_the_footer_has_no_empty_social_list(client, settings):
    settings.SOCIAL_ACCOUNTS = {}
    html = client.get(reverse("home")).content.decode()
    assert "site-footer__social" not in html


# Article extras ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "minutes"), [(0, 1), (1, 1), (230, 1), (231, 2), (460, 2), (461, 3)]
)
def test_reading_time_is_words_over_230_rounded_up_and_at_least_a_minute(
    words, minutes
):
    from articles.reader import reading_minutes

    body = "<p>" + " ".join(["word"] * words) + "</p>"
    assert reading_minutes(body) == minutes


def test_the_article_shows_its_reading_time(client):
    article = ArticleFactory(body="<p>" + "word " * 700 + "</p>")
    assert "4 min read" in text_of(client.get(article.get_absolute_url()))


def test_share_links_are_plain_properly_encoded_urls():
    from articles.reader import share_links

    url = "https://global.espreso.tv/strike-on-kyiv"
    title = "Strike & counter-strike: 50% of drones? #Kyiv"
    links = dict(share_links(url, title))

    x = urlsplit(links["X"])
    assert (x.scheme, x.netloc) == ("https", "x.com")
    assert parse_qs(x.query) == {"text": [title], "url": [url]}
    assert parse_qs(urlsplit(links["Facebook"]).query) == {"u": [url]}
    assert parse_qs(urlsplit(links["Telegram"]).query) == {
        "url": [url],
        "text": [title],
    }
    assert parse_qs(urlsplit(links["WhatsApp"]).query) == {"text": [f"{title} {url}"]}
    assert links["Email"].startswith("mailto:?")
    assert parse_qs(links["Email"].partition("?")[2]) == {
        "subject": [title],
        "body": [url],
    }
    # Spaces as %20, never "+": mail clients show a "+" as it is.
    assert "+" not in links["Email"]
    assert "&" not in links["X"].partition("text=")[2].partition("&url=")[0]


def test_the_article_has_share_links_and_a_copy_link_button_with_no_third_party_script(
    client,
):
    article = ArticleFactory(title="Strike & counter-strike")
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    share = html.split('class="share"')[1].split("</section>")[0]
    for name in ["X", "Facebook", "Telegram", "WhatsApp", "Email"]:
        assert f">{name}</a>" in share
    assert "https://x.com/intent/tweet?text=Strike%20%26%20counter-strike" in share
    assert "data-copy-link" in share
    scripts = re.findall(r"<script[^>]*src=\"([^\"]*)\"", html)
    assert scripts and all(src.startswith("/static/") for src in scripts)


def test_breadcrumbs_lead_home_then_the_section_then_the_piece(client):
    section = SectionFactory(name="World about Ukraine", slug="world-about-ukraine")
    article = ArticleFactory(title="Europe steps up", section=section)
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    crumbs = html.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert 'href="/">Home</a>' in crumbs
    assert 'href="/section/world-about-ukraine">World about Ukraine</a>' in crumbs
    assert 'aria-current="page">Europe steps up' in crumbs


def test_breadcrumbs_without_a_section_go_through_the_type(client):
    article = ArticleFactory(opinion=True, title="If not NATO")
    crumbs = client.get(article.get_absolute_url()).content.decode()
    crumbs = crumbs.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert 'href="/opinion/">Opinion</a>' in crumbs


def test_breadcrumbs_are_also_a_json_ld_breadcrumb_list(client):
    section = SectionFactory(name="World about Ukraine", slug="world-about-ukraine")
    article = ArticleFactory(title="Europe steps up", section=section)
    html = client.get(article.get_absolute_url()).content.decode()
    data = json.loads(
        re.search(
            r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S
        ).group(1)
    )
    crumbs = data["mainEntityOfPage"]["breadcrumb"]
    assert crumbs["@type"] == "BreadcrumbList"
    assert crumbs["itemListElement"] == [
        {
            "@type": "ListItem",
            "position": 1,
            "name": "Home",
            "item": "http://testserver/",
        },
        {
            "@type": "ListItem",
            "position": 2,
            "name": "World about Ukraine",
            "item": "http://testserver/section/world-about-ukraine",
        },
        {
            "@type": "ListItem",
            "position": 3,
            "name": "Europe steps up",
            "item": f"http://testserver/{article.slug}",
        },
    ]


def test_the_updated_time_is_not_shown_when_unknown(client):
    article = ArticleFactory(updated_at=None)
    assert "Updated" not in text_of(client.get(article.get_absolute_url()))


def test_the_updated_time_is_not_shown_when_it_equals_the_publish_time(client):
    moment = (timezone.now() - timedelta(hours=2)).replace(second=0, microsecond=0)
    article = ArticleFactory(
        published_at=moment, updated_at=moment + timedelta(seconds=5)
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "article__updated" not in html


def test_the_updated_time_is_shown_when_later_than_the_publish_time(client):
    moment = timezone.now() - timedelta(hours=2)
    article = ArticleFactory(
        published_at=moment, updated_at=moment + timedelta(hours=1)
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "article__updated" in html


def test_the_admin_offers_view_on_site_only_for_ticker_items_with_a_page(
    admin_client, ticker, monkeypatch
):
    from django.db.models import FETCH_ONE, query

    # The admin is no public page: its query counts are not pinned here.
    monkeypatch.setattr(query, "DEFAULT_FETCH_MODE", FETCH_ONE)

    def change_page(item):
        url = reverse("admin:newsfeed_newsitem_change", args=[item.pk])
        return admin_client.get(url).content.decode()

    assert "View on site" in change_page(ticker["brief"])
    assert "View on site" in change_page(ticker["linked"])
    assert "View on site" not in change_page(ticker["bare"])


def test_a_preview_of_an_unpublished_piece_shows_no_empty_date(admin_client):
    article = ArticleFactory(draft=True, body="<p>Some words.</p>")
    page = admin_client.get(reverse("articles:preview", args=[article.pk]))
    dateline = re.search(
        r'<p class="article__dateline">(.*?)</p>', page.content.decode(), re.S
    )
    # No empty <time> (its separator would stand alone), only the reading time.
    assert "<time" not in dateline.group(1)
    assert "1 min read" in dateline.group(1)


def test_admin_pages_name_the_site_icon_so_browsers_ask_for_no_missing_favicon(
    client,
):
    page = client.get(reverse("admin:login")).content.decode()
    assert 'rel="icon" href="/static/img/favicon' in page
