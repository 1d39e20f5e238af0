"""The public pages as a reader sees them in Chromium (issue 10): at phone
(390 px) and laptop (1280 px) widths, in light and dark mode, and printed.
Screenshots go to tests/e2e/screenshots/."""

from urllib.parse import urlsplit

import pytest

from tests.e2e.test_contrast import LOW_CONTRAST
from tests.e2e.test_pages import ARTICLE, SCREENSHOTS

SECTIONS = [
    "Russia-Ukraine war",
    "World about Ukraine",
    "Politics",
    "Economy",
    "Culture",
    "Sport",
]
WIDTHS = [390, 1280]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def reader_site(seeded_site):
    """The seed, topical sections in the nav, a ticker brief, and the site
    pages (which the flush between browser tests removes)."""
    from articles.models import Section
    from cms.models import Page
    from cms.starter_pages import create_starter_pages
    from tests.factories import NewsItemFactory

    create_starter_pages(Page)

    for position, name in enumerate(SECTIONS):
        # update_or_create: the starter sections (migration cms/0007) may
        # still be there if no flush ran before this test.
        Section.objects.update_or_create(
            slug=name.lower().replace(" ", "-"),
            defaults={"name": name, "position": position},
        )
    seeded_site.section = Section.objects.get(name="World about Ukraine")
    seeded_site.save()
    brief = NewsItemFactory(headline="Air raid alert in Kyiv", text="Take shelter.")
    return {
        "home": "/",
        "article": ARTICLE,
        "news": "/news/",
        "brief": f"/news/item/{brief.pk}",
        "opinion": "/opinion/",
        "section": "/section/world-about-ukraine",
        "author": "/author/viktor-andrusiv",
        "tag": "/tag/nato",
        "search": "/search/?q=NATO",
        "about": "/page/about",
        "corrections-policy": "/page/corrections-policy",
    }


PAGE_NAMES = [
    "home",
    "article",
    "news",
    "brief",
    "opinion",
    "section",
    "author",
    "tag",
    "search",
    "about",
    "corrections-policy",
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_each_page_fits_with_a_clean_console_local_requests_and_aa_contrast(
    open_page, reader_site, live_server, name, width
):
    page, problems = open_page(reader_site[name], width)

    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"reader-{name}-{width}.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow}px of horizontal overflow"
    assert problems.items == []
    site = urlsplit(live_server.url).netloc
    elsewhere = [url for url in problems.requests if urlsplit(url).netloc != site]
    assert problems.requests and elsewhere == []
    assert page.evaluate(LOW_CONTRAST) == [], "light mode"

    page.emulate_media(color_scheme="dark")
    page.screenshot(path=SCREENSHOTS / f"reader-{name}-{width}-dark.png")
    assert page.evaluate(LOW_CONTRAST) == [], "dark mode"


def test_dark_mode_follows_the_readers_preference(open_page, reader_site):
    background = "getComputedStyle(document.body).backgroundColor"
    light, _ = open_page(ARTICLE, color_scheme="light")
    dark, _ = open_page(ARTICLE, color_scheme="dark")
    assert light.evaluate(background) == "rgb(255, 255, 255)"
    assert dark.evaluate(background) == "rgb(18, 18, 18)"


@pytest.mark.parametrize("name", ["opinion", "section", "author", "tag"])
def test_a_list_opens_with_its_first_card_above_the_fold_on_a_phone(
    open_page, reader_site, name
):
    page, _ = open_page(reader_site[name], **PHONE)
    card = page.locator("main .card").first.bounding_box()
    assert card["y"] < PHONE["height"]
    assert page.locator("details.filters").get_attribute("open") is None


def test_the_filter_disclosure_opens_to_iso_date_inputs_that_filter_the_list(
    open_page, reader_site
):
    page, _ = open_page(reader_site["opinion"], **PHONE)
    since = page.get_by_label("From")
    assert not since.is_visible()

    page.get_by_text("Filter", exact=True).first.click()
    assert since.get_attribute("type") == "date"
    since.fill("2025-02-03")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**since=2025-02-03**")

    assert page.locator("details.filters").get_attribute("open") is not None
    assert page.get_by_label("From").input_value() == "2025-02-03"
    assert page.locator("main .card").count() == 1


def test_every_nav_item_is_on_screen_on_a_phone_without_a_sideways_scroll(
    open_page, reader_site
):
    page, _ = open_page("/", **PHONE)
    nav = page.locator(".site-nav__list")
    assert nav.evaluate("el => el.scrollWidth - el.clientWidth") <= 0
    links = page.locator(".site-nav a")
    names = links.all_inner_texts()
    assert [n.lower() for n in names[5:]] == [s.lower() for s in SECTIONS]
    for n in range(links.count()):
        box = links.nth(n).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], names[n]


def test_the_printed_article_is_the_piece_alone_with_its_address(
    open_page, reader_site, live_server
):
    page, _ = open_page(ARTICLE)
    page.emulate_media(media="print")

    for hidden in [".site-nav", ".layout__aside", ".site-footer", ".site-search"]:
        assert not page.locator(hidden).is_visible(), hidden
    for shown in [
        ".article__title",
        ".article__dateline",
        ".article__body",
        ".about-author",
    ]:
        assert page.locator(shown).is_visible(), shown
    address = page.locator(".article__print-url")
    assert address.is_visible()
    assert address.inner_text() == live_server.url + ARTICLE
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "reader-article-print.png", full_page=True)


def test_copy_link_puts_the_articles_address_on_the_clipboard(
    open_page, reader_site, live_server
):
    page, problems = open_page(
        ARTICLE, permissions=["clipboard-read", "clipboard-write"]
    )
    page.get_by_role("button", name="Copy link").click()
    page.get_by_role("status").filter(has_text="Link copied.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == live_server.url + ARTICLE
    assert problems.items == []


def test_a_bare_ticker_headline_is_no_link_and_a_brief_opens_its_page(
    open_page, reader_site
):
    from newsfeed.models import NewsItem

    bare = NewsItem.objects.filter(article=None, text="").first()
    page, _ = open_page("/news/")
    item = page.locator(".feed-item", has_text=bare.headline).first
    assert item.get_by_role("link").count() == 0

    page.get_by_role("link", name="Air raid alert in Kyiv").click()
    page.get_by_text("Take shelter.").wait_for()
    assert page.locator("h1").inner_text() == "Air raid alert in Kyiv"
