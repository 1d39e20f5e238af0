"""The public pages: what each shows, in what order, and where it links."""

import re
from datetime import datetime, timedelta
from html import unescape

import pytest
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from articles.models import Kind
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    NewsItemFactory,
    SectionFactory,
)
from tests.pages import card_titles

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_lazy_loads")]

KYIV = timezone.get_fixed_timezone(120)  # Kyiv in winter: UTC+2


def text_of(response) -> str:
    """The page's visible text: inline tags dropped, block tags made spaces,
    entities decoded and whitespace collapsed."""
    html = response.content.decode().partition("<body")[2]
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(a|span|time|strong|em|b|i)\b[^>]*>", "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def assert_in_order(haystack: str, *needles: str) -> None:
    """Each needle occurs after the previous one."""
    at = 0
    for needle in needles:
        found = haystack.find(needle, at)
        assert found >= 0, f"{needle!r} not on the page after {haystack[:at][-80:]!r}"
        at = found + len(needle)


@pytest.fixture
def opinion_piece():
    author = AuthorFactory(
        name="Viktor Andrusiv",
        slug="viktor-andrusiv",
        bio="political and public figure, analyst and publicist",
    )
    related = ArticleFactory(title="Trump and Europe's defence")
    article = ArticleFactory(
        opinion=True,
        title="If not NATO, what are alternatives for Ukraine security guarantees?",
        lead="One of the key issues in the peace talks",
        body="<p>I’m glad that many politicians are finally honest.</p>",
        published_at=datetime(2025, 2, 3, 11, 58, tzinfo=KYIV),
        source_name="Espreso TV",
        source_url="https://espreso.tv/",
        hero_caption="Soldiers at the front",
        hero_credit="Espreso",
        authors=[author],
        tags=["NATO", "security guarantees"],
    )
    article.related.add(related)
    return article


def test_the_article_page_shows_every_part_in_order(client, opinion_piece):
    response = client.get(opinion_piece.get_absolute_url())

    assert response.status_code == 200
    assert_in_order(
        text_of(response),
        "Espreso. Global",
        "OPINION",
        "If not NATO, what are alternatives for Ukraine security guarantees?",
        "3 February, 2025 Monday",
        "11:58",
        "One of the key issues in the peace talks",
        "I’m glad that many politicians are finally honest.",
        "Source: Espreso TV",
        "About the author. Viktor Andrusiv, political and public figure",
        "The editorial staff does not always share the opinions",
        "Tags: NATO security guarantees",
        "Read also: Trump and Europe's defence",
        "News",
    )


def test_the_article_page_links_author_source_and_tags(client, opinion_piece):
    html = client.get(opinion_piece.get_absolute_url()).content.decode()

    assert '<a class="about-author__name" href="/author/viktor-andrusiv">' in html
    assert '<a href="https://espreso.tv/" rel="noopener">Espreso TV</a>' in html
    assert f'href="{reverse("articles:tag", args=["nato"])}"' in html
    assert html.count("<h1") == 1


def test_the_body_is_the_stored_html_and_everything_else_is_escaped(client):
    article = ArticleFactory(
        title="Fish & <chips>", body="<p>One <strong>bold</strong> claim</p>"
    )
    html = client.get(article.get_absolute_url()).content.decode()

    assert "<p>One <strong>bold</strong> claim</p>" in html
    assert "Fish &amp; &lt;chips&gt;" in html


def test_reported_pieces_carry_a_byline_linking_to_each_author(client):
    first = AuthorFactory(name="Olena Interviewer")
    second = AuthorFactory(name="Ivan Editor")
    article = ArticleFactory(kind=Kind.INTERVIEW, authors=[first, second])
    text = text_of(client.get(article.get_absolute_url()))
    html = client.get(article.get_absolute_url()).content.decode()

    assert_in_order(
        text, "Interview", article.title, "By Olena Interviewer, Ivan Editor"
    )
    assert f'href="{first.get_absolute_url()}"' in html
    assert "About the author" not in text


def test_read_also_shows_published_pieces_sharing_a_tag_before_the_others(client):
    article = ArticleFactory(tags=["Kursk"])
    sibling = ArticleFactory(
        title="Kursk sector report",
        tags=["Kursk"],
        published_at=timezone.now() - timedelta(days=2),
    )
    ArticleFactory(title="Kursk draft", tags=["Kursk"], draft=True)
    ArticleFactory(title="Unrelated piece", tags=["Crimea"])

    text = text_of(client.get(article.get_absolute_url()))

    # The newer unrelated piece fills the list (tests/test_read_also.py), after.
    assert f"Read also: {sibling.title} Unrelated piece" in text
    assert "Kursk draft" not in text


def test_read_also_prefers_the_editors_picks_and_shows_at_most_four(client):
    article = ArticleFactory(tags=["Kursk"])
    picks = ArticleFactory.create_batch(5)
    article.related.add(*picks)
    ArticleFactory(title="Shares a tag only", tags=["Kursk"])

    response = client.get(article.get_absolute_url())

    assert len(response.context["read_also"]) == 4
    assert "Shares a tag only" not in text_of(response)


def test_an_unknown_slug_and_a_drafts_slug_get_the_styled_404_page(client):
    draft = ArticleFactory(draft=True)
    for url in ("/no-such-piece", draft.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 404
        assert "We could not find that page" in text_of(response)


def test_a_list_path_without_its_slash_redirects_to_the_list(client):
    response = client.get("/opinion")
    assert response.status_code == 301
    assert response["Location"] == "/opinion/"


def test_the_500_page_renders_without_a_request_or_the_database(
    django_assert_num_queries,
):
    with django_assert_num_queries(0):
        html = get_template("500.html").render()
    assert "Something went wrong" in html
    assert '<html lang="en">' in html


def test_the_news_item_page_shows_a_standalone_brief(client):
    item = NewsItemFactory(headline="Air raid alert in Kyiv", text="Take shelter.")
    response = client.get(item.get_absolute_url())

    assert response.status_code == 200
    assert_in_order(
        text_of(response), "Air raid alert in Kyiv", "Take shelter.", "News"
    )


def test_a_news_item_with_an_article_sends_the_reader_to_it(client):
    article = ArticleFactory()
    item = NewsItemFactory(article=article)
    response = client.get(reverse("newsfeed:item", args=[item.pk]))

    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()


def test_the_homepage_has_a_lead_story_strips_and_the_news_sidebar(client):
    author = AuthorFactory(name="Viktor Andrusiv")
    now = timezone.now()
    ArticleFactory(title="Older top story", published_at=now - timedelta(days=1))
    ArticleFactory(
        title="The lead story",
        lead="Its one-sentence lead",
        published_at=now - timedelta(hours=1),
    )
    # The lead and six top stories; the strips get older pieces, since no
    # piece shows twice and a strip needs two (cms/front_page.py).
    for hours in range(2, 7):
        ArticleFactory(published_at=now - timedelta(hours=hours))
    for hours, fields in enumerate(
        [
            {"opinion": True, "title": "An opinion", "authors": [author]},
            {"kind": Kind.INTERVIEW, "title": "An interview"},
            {"is_exclusive": True, "title": "An exclusive"},
            {"kind": Kind.REVIEW, "title": "A review"},
            {"opinion": True, "title": "Second opinion"},
            {"kind": Kind.INTERVIEW, "title": "Second interview"},
            {"is_exclusive": True, "title": "Second exclusive"},
            {"kind": Kind.REVIEW, "title": "Second review"},
        ],
        start=2,
    ):
        ArticleFactory(published_at=now - timedelta(days=2, hours=hours), **fields)
    NewsItemFactory(headline="Breaking headline")

    response = client.get(reverse("home"))
    text = text_of(response)

    assert response.status_code == 200
    assert_in_order(
        text,
        "Top stories",
        "The lead story",
        "Its one-sentence lead",
        "Older top story",
        "Opinion",
        "Viktor Andrusiv OPINION An opinion",
        "Interview",
        "An interview",
        "Exclusive",
        "An exclusive",
        "Review",
        "A review",
        "News",
        "Breaking headline",
    )
    html = response.content.decode()
    for name in ("opinion", "interview", "exclusive", "review"):
        assert f'href="{reverse(f"articles:{name}")}"' in html


@pytest.mark.parametrize(
    ("url_name", "title"),
    [
        ("articles:opinion", "An opinion"),
        ("articles:interview", "An interview"),
        ("articles:review", "A review"),
        ("articles:exclusive", "An exclusive"),
        ("articles:news", "A news story"),
    ],
)
def test_each_type_list_shows_only_its_type(client, url_name, title):
    ArticleFactory(opinion=True, title="An opinion")
    ArticleFactory(kind=Kind.INTERVIEW, title="An interview")
    ArticleFactory(kind=Kind.REVIEW, title="A review")
    ArticleFactory(kind=Kind.REVIEW, is_exclusive=True, title="An exclusive")
    ArticleFactory(kind=Kind.NEWS, title="A news story")

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    titles = [article.title for article in response.context["page_obj"]]
    if url_name == "articles:review":
        assert titles == ["An exclusive", "A review"]
    else:
        assert titles == [title]


def test_lists_paginate_twenty_a_page_newest_first(client):
    now = timezone.now()
    pieces = [
        ArticleFactory(kind=Kind.REVIEW, published_at=now - timedelta(hours=n + 1))
        for n in range(25)
    ]
    first = client.get(reverse("articles:review"))
    second = client.get(reverse("articles:review"), {"page": 2})

    assert list(first.context["page_obj"]) == pieces[:20]
    assert list(second.context["page_obj"]) == pieces[20:]
    assert 'href="?page=2"' in first.content.decode()
    assert client.get(reverse("articles:review"), {"page": 9}).status_code == 404


def test_list_filters_narrow_by_text_label_and_date(client):
    now = timezone.now()
    wanted = ArticleFactory(
        title="Drones over Kharkiv",
        is_exclusive=True,
        published_at=now - timedelta(days=1),
    )
    ArticleFactory(title="Drones over Odesa", published_at=now - timedelta(days=1))
    ArticleFactory(
        title="Drones over Lviv",
        is_exclusive=True,
        published_at=now - timedelta(days=30),
    )
    since = (now - timedelta(days=3)).date().isoformat()

    response = client.get(
        reverse("articles:news"),
        {"q": "drones", "label": "exclusive", "since": since},
    )

    assert list(response.context["page_obj"]) == [wanted]
    # Filters keep their values on later pages' links.
    assert response.context["filter"].form["q"].value() == "drones"


def test_the_type_filter_is_offered_only_where_the_list_mixes_types(client):
    ArticleFactory(opinion=True)
    assert (
        "kind" not in client.get(reverse("articles:opinion")).context["filter"].filters
    )
    assert "kind" in client.get(reverse("articles:exclusive")).context["filter"].filters


def test_the_author_page_shows_bio_and_their_pieces_newest_first(client):
    author = AuthorFactory(name="Viktor Andrusiv", bio="analyst and publicist")
    older = ArticleFactory(
        authors=[author], published_at=timezone.now() - timedelta(days=2)
    )
    newer = ArticleFactory(authors=[author])
    ArticleFactory(title="Someone else's piece")

    response = client.get(author.get_absolute_url())

    assert response.status_code == 200
    assert card_titles(response) == [newer.title, older.title]
    assert_in_order(
        text_of(response), "Viktor Andrusiv", "analyst and publicist", newer.title
    )


def test_the_tag_and_section_pages_list_their_pieces(client):
    section = SectionFactory(name="Russia-Ukraine war", slug="russia-ukraine-war")
    tagged = ArticleFactory(tags=["Kursk"], section=section)
    ArticleFactory(title="Untagged")

    tag_page = client.get(reverse("articles:tag", args=["kursk"]))
    section_page = client.get(section.get_absolute_url())

    assert card_titles(tag_page) == [tagged.title]
    assert "Tag: Kursk" in text_of(tag_page)
    assert card_titles(section_page) == [tagged.title]
    # Sections appear in the header navigation of every page.
    assert f'href="{section.get_absolute_url()}"' in section_page.content.decode()
    assert client.get(reverse("articles:tag", args=["nope"])).status_code == 404


def test_search_finds_titles_leads_and_bodies(client):
    by_title = ArticleFactory(title="Invictus Games medals")
    by_lead = ArticleFactory(lead="Ukraine wins medals at the Invictus Games")
    by_body = ArticleFactory(body="<p>The Invictus Games ended in Canada.</p>")
    ArticleFactory(title="Nothing to do with it")
    ArticleFactory(title="Invictus draft", draft=True)

    response = client.get(reverse("search"), {"q": "Invictus"})

    assert response.status_code == 200
    assert sorted(card_titles(response)) == sorted(
        article.title for article in (by_title, by_lead, by_body)
    )
    assert "3 results for “Invictus”" in text_of(response)


def test_search_without_words_shows_just_the_form(client):
    ArticleFactory()
    response = client.get(reverse("search"))
    assert response.status_code == 200
    assert "result" not in text_of(response).split("Search", 2)[-1][:40]
    assert list(response.context["page_obj"]) == []


def test_every_page_has_the_landmarks_one_h1_and_a_skip_link(client, opinion_piece):
    NewsItemFactory()
    for url in (
        reverse("home"),
        opinion_piece.get_absolute_url(),
        reverse("newsfeed:news"),
        reverse("articles:opinion"),
        reverse("search") + "?q=NATO",
        "/no-such-page",
    ):
        html = client.get(url).content.decode()
        assert '<html lang="en">' in html, url
        assert html.count("<h1") == 1, url
        assert 'href="#content"' in html and 'id="content"' in html, url
        for landmark in ("<header", "<nav", "<main", "<footer"):
            assert landmark in html, (url, landmark)
        assert "style=" not in html, url


def test_public_pages_set_no_cookies_and_do_not_vary_on_them(client, opinion_piece):
    response = client.get(opinion_piece.get_absolute_url())
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_the_disclaimer_box_shows_only_when_the_piece_has_one(client):
    plain = ArticleFactory()
    html = client.get(plain.get_absolute_url()).content.decode()
    assert "article__disclaimer" not in html


def test_every_site_path_is_reserved_from_article_slugs():
    from django.urls import URLPattern, get_resolver

    from articles.models import RESERVED_SLUGS

    def first_segments(patterns, prefix=""):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLPattern):
                yield route.split("/", 1)[0]
            else:
                yield from first_segments(entry.url_patterns, route)

    segments = {
        segment
        for segment in first_segments(get_resolver().url_patterns)
        # The article route itself, the home page, and paths with a dot
        # (robots.txt, sitemap.xml), which no slug can take.
        if segment and "<" not in segment and "." not in segment
    }
    assert segments <= RESERVED_SLUGS, segments - RESERVED_SLUGS


def image_file(name: str):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 6), "red").save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_the_hero_image_and_author_photo_show_with_alt_text_and_credit(client):
    photo = ImageFactory(file=image_file("andrusiv.jpg"), size=(8, 6))
    author = AuthorFactory(photo=photo)
    hero = ImageFactory(file=image_file("f16.jpg"), size=(8, 6))
    article = ArticleFactory(
        opinion=True,
        authors=[author],
        hero=hero,
        hero_alt="An F-16 over a field",
        hero_caption="F-16 with JASSM-ER",
        hero_credit="Ukrainian Air Force",
    )
    response = client.get(article.get_absolute_url())
    html = response.content.decode()

    # No renditions yet (the task has not run): the upload, with its size.
    assert (
        f'<img src="{hero.file.url}" width="8" height="6" '
        'alt="An F-16 over a field" loading="eager" decoding="async">'
    ) in html
    assert_in_order(
        text_of(response),
        article.lead,
        "F-16 with JASSM-ER Photo: Ukrainian Air Force",
        "First paragraph.",
        "About the author.",
    )
    assert f'src="{photo.file.url}"' in html
    assert (
        f'src="{photo.file.url}"'
        in client.get(author.get_absolute_url()).content.decode()
    )
