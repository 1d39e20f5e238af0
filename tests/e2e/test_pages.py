"""Look at the real pages in Chromium: anatomy, feed, layout at phone and
desktop widths, and a clean console. Screenshots go to tests/e2e/screenshots/."""

from datetime import timedelta
from pathlib import Path

import pytest

from newsfeed.models import NewsItem
from tests.factories import NewsItemFactory

SCREENSHOTS = Path(__file__).parent / "screenshots"
ARTICLE = "/opinion-if-not-nato-what-are-alternatives-for-ukraine-security-guarantees"
PAGES = {
    "home": "/",
    "article": ARTICLE,
    "news": "/news/",
    "opinion": "/opinion/",
    "author": "/author/viktor-andrusiv",
    "tag": "/tag/nato",
    "search": "/search/?q=NATO",
    "not-found": "/no-such-page",
}
WIDTHS = [360, 1280]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_renders_cleanly_without_overflow(open_page, name, width):
    page, problems = open_page(PAGES[name], width)

    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow}px of horizontal overflow"
    problems_found = problems.items
    if name == "not-found":
        # The page's own 404, which Chromium also reports on the console.
        assert f"HTTP 404: {page.url}" in problems_found
        problems_found = [p for p in problems_found if "404" not in p]
    assert problems_found == []
    assert page.locator("h1").count() == 1
    assert page.locator("main").count() == 1


def test_the_article_anatomy_appears_in_order(open_page):
    # At phone width everything is one column, so page order is top to bottom.
    page, _ = open_page(ARTICLE, 360)
    parts = [
        ".wordmark",
        ".article .badge",
        ".article__title",
        ".article__dateline",
        ".article__lead",
        ".article__body",
        ".about-author",
        ".article__disclaimer",
        ".article__tags",
        ".layout__aside .feed",
    ]
    tops = [page.locator(selector).first.bounding_box()["y"] for selector in parts]
    assert tops == sorted(tops)
    assert page.locator(".article .badge").inner_text() == "OPINION"
    assert page.locator(".article__date").inner_text() == "3 February, 2025 Monday"
    assert page.locator(".article__time").inner_text() == "11:58"
    assert page.locator(".about-author a").inner_text() == "Viktor Andrusiv"


@pytest.mark.parametrize(("width", "beside"), [(360, False), (1280, True)])
def test_the_news_sidebar_is_beside_the_article_on_a_desktop_and_below_on_a_phone(
    open_page, width, beside
):
    page, _ = open_page(ARTICLE, width)
    article = page.locator(".article").bounding_box()
    feed = page.locator(".layout__aside").bounding_box()
    if beside:
        assert feed["x"] >= article["x"] + article["width"]
        assert feed["y"] < article["y"] + article["height"]
    else:
        assert feed["y"] >= article["y"] + article["height"]


def test_the_feed_shows_day_groups_times_and_labels(open_page):
    page, _ = open_page("/news/")
    headers = page.locator(".feed-day__header")
    assert headers.first.inner_text().split("\n") == ["2025, Thursday", "13 February"]
    assert headers.count() >= 2
    assert page.locator(".feed-item__time").first.inner_text() == "10:54"
    assert page.locator(".feed-item .badge", has_text="Exclusive").count() > 0
    assert (
        page.locator(".feed-item__caption", has_text="F-16 with JASSM-ER").count() == 1
    )


def test_more_news_appends_older_days_in_place(open_page):
    # The seed's 40 items fill one page; older briefs make a second.
    oldest = NewsItem.objects.order_by("published_at").first().published_at
    for n in range(3):
        NewsItemFactory(
            headline=f"Older brief {n}",
            published_at=oldest - timedelta(days=1, minutes=n),
        )
    page, problems = open_page("/news/")
    before = page.locator(".feed-item").count()

    page.get_by_role("link", name="More news").click()
    # A locator wait, not wait_for_function: the site's CSP forbids eval.
    page.locator(".feed-item", has_text="Older brief 0").wait_for()
    assert page.locator(".feed-item").count() > before

    assert page.url.endswith("/news/")  # appended by the script, not navigated
    assert page.locator(".feed-item", has_text="Older brief 0").count() == 1
    assert page.get_by_role("link", name="More news").count() == 0
    assert problems.items == []


@pytest.mark.parametrize("width", WIDTHS)
def test_a_busy_homepage_lays_out_its_grid_and_strips(open_page, seeded_site, width):
    from articles.models import Kind
    from tests.factories import ArticleFactory, AuthorFactory

    author = AuthorFactory(name="Olena Columnist")
    for n in range(4):
        ArticleFactory(title=f"Top story number {n} with a longer headline")
        ArticleFactory(opinion=True, authors=[author], title=f"Opinion column {n}")
        ArticleFactory(kind=Kind.INTERVIEW, title=f"Interview {n}: the front line")
        ArticleFactory(is_exclusive=True, title=f"Exclusive report {n}")
        ArticleFactory(kind=Kind.REVIEW, title=f"Review {n} of the week")

    page, problems = open_page("/", width)

    page.screenshot(path=SCREENSHOTS / f"home-busy-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for heading in ("Top stories", "Opinion", "Interview", "Exclusive", "Review"):
        assert page.get_by_role("heading", name=heading, exact=True).count() == 1
    assert problems.items == []
