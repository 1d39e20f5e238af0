"""Embeds: recognised from the URL alone, stored as one figure, shown as a
click-to-load card, and framed only from the providers' own hosts."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.embeds import FRAME_ORIGINS, embed_blocks, recognise, render_facades
from articles.models import Article
from articles.sanitize import clean_html, sanitize
from tests.conftest import REAL_SEED
from tests.factories import ArticleFactory

YT = "dQw4w9WgXcQ"
YT_URL = f"https://www.youtube.com/watch?v={YT}"
YT_FIGURE = (
    f'<figure data-embed="youtube" data-embed-url="{YT_URL}">'
    f'<a href="{YT_URL}" rel="noopener">{YT_URL}</a></figure>'
)


# -- recognition ---------------------------------------------------------------

VALID = [
    # YouTube: watch, youtu.be, shorts, embed, live, mobile, extra parameters
    (f"https://www.youtube.com/watch?v={YT}", "youtube", YT_URL),
    (f"https://youtube.com/watch?v={YT}", "youtube", YT_URL),
    (f"http://www.youtube.com/watch?v={YT}", "youtube", YT_URL),
    (f"https://m.youtube.com/watch?v={YT}&t=42s", "youtube", YT_URL),
    (f"https://www.youtube.com/watch?feature=share&v={YT}", "youtube", YT_URL),
    (f"https://youtu.be/{YT}", "youtube", YT_URL),
    (f"https://youtu.be/{YT}?si=AbCdEf123", "youtube", YT_URL),
    (f"https://www.youtube.com/shorts/{YT}", "youtube", YT_URL),
    (f"https://youtube.com/shorts/{YT}/", "youtube", YT_URL),
    (f"https://www.youtube.com/embed/{YT}", "youtube", YT_URL),
    (f"https://www.youtube-nocookie.com/embed/{YT}", "youtube", YT_URL),
    (f"https://www.youtube.com/live/{YT}", "youtube", YT_URL),
    (f"HTTPS://WWW.YOUTUBE.COM/watch?v={YT}", "youtube", YT_URL),
    (f"  https://youtu.be/{YT}  ", "youtube", YT_URL),
    # Vimeo
    ("https://vimeo.com/76979871", "vimeo", "https://vimeo.com/76979871"),
    ("https://www.vimeo.com/76979871/", "vimeo", "https://vimeo.com/76979871"),
    (
        "https://vimeo.com/76979871/8a2b3c4d5e",
        "vimeo",
        "https://vimeo.com/76979871/8a2b3c4d5e",
    ),
    ("https://player.vimeo.com/video/76979871", "vimeo", "https://vimeo.com/76979871"),
    # X and Twitter
    (
        "https://x.com/ZelenskyyUa/status/1886389237839016323",
        "x",
        "https://x.com/ZelenskyyUa/status/1886389237839016323",
    ),
    (
        "https://twitter.com/ZelenskyyUa/status/1886389237839016323?s=20",
        "x",
        "https://x.com/ZelenskyyUa/status/1886389237839016323",
    ),
    (
        "https://mobile.twitter.com/a_b/status/20",
        "x",
        "https://x.com/a_b/status/20",
    ),
    (
        "https://www.x.com/espreso_tv/status/1/",
        "x",
        "https://x.com/espreso_tv/status/1",
    ),
    # Telegram
    ("https://t.me/espresotv/12345", "telegram", "https://t.me/espresotv/12345"),
    ("https://t.me/s/espresotv/12345", "telegram", "https://t.me/espresotv/12345"),
    ("https://telegram.me/espresotv/7", "telegram", "https://t.me/espresotv/7"),
    ("https://t.me/espresotv/7?single", "telegram", "https://t.me/espresotv/7"),
    # Facebook: posts, videos, reels, watch
    (
        "https://www.facebook.com/espreso.tv/posts/1234567890",
        "facebook",
        "https://www.facebook.com/espreso.tv/posts/1234567890",
    ),
    (
        "https://facebook.com/espreso.tv/posts/pfbid02abcDEF123ghiJKL456",
        "facebook",
        "https://www.facebook.com/espreso.tv/posts/pfbid02abcDEF123ghiJKL456",
    ),
    (
        "https://m.facebook.com/espreso.tv/videos/987654321/",
        "facebook",
        "https://www.facebook.com/espreso.tv/videos/987654321",
    ),
    (
        "https://www.facebook.com/reel/1122334455",
        "facebook",
        "https://www.facebook.com/reel/1122334455",
    ),
    (
        "https://www.facebook.com/watch/?v=1122334455",
        "facebook",
        "https://www.facebook.com/watch/?v=1122334455",
    ),
    # Instagram: posts and reels
    (
        "https://www.instagram.com/p/C3xYz_12-Ab/",
        "instagram",
        "https://www.instagram.com/p/C3xYz_12-Ab/",
    ),
    (
        "https://instagram.com/p/C3xYz_12-Ab?igsh=abc",
        "instagram",
        "https://www.instagram.com/p/C3xYz_12-Ab/",
    ),
    (
        "https://www.instagram.com/reel/C3xYz_12-Ab/",
        "instagram",
        "https://www.instagram.com/reel/C3xYz_12-Ab/",
    ),
]


@pytest.mark.parametrize(("url", "provider", "canonical"), VALID)
def test_a_provider_address_is_recognised_with_its_canonical_url(
    url, provider, canonical
):
    embed = recognise(url)

    assert embed is not None
    assert (embed.provider, embed.url) == (provider, canonical)


HOSTILE = [
    # not embeds at all
    "",
    "   ",
    "https://espreso.global/some-article",
    "https://www.google.com/search?q=youtube.com",
    "mailto:someone@youtube.com",
    # schemes
    f"javascript://www.youtube.com/watch?v={YT}",
    "javascript:alert(document.cookie)//youtu.be/dQw4w9WgXcQ",
    f"data:text/html,https://youtu.be/{YT}",
    f"ftp://youtu.be/{YT}",
    f"//www.youtube.com/watch?v={YT}",
    f"www.youtube.com/watch?v={YT}",
    f"vbscript:youtu.be/{YT}",
    # look-alike hosts
    f"https://youtube.com.evil.net/watch?v={YT}",
    f"https://www.youtube.co/watch?v={YT}",
    f"https://youtube.co.uk/watch?v={YT}",
    f"https://evilyoutube.com/watch?v={YT}",
    f"https://www.youtube.com./watch?v={YT}",
    f"https://you-tube.com/watch?v={YT}",
    f"https://youtu.be.evil.net/{YT}",
    f"https://xn--youtube-6ya.com/watch?v={YT}",
    f"https://www.xn--yutube-wqf.com/watch?v={YT}",
    f"https://www.yоutube.com/watch?v={YT}",  # Cyrillic о
    f"https://ｙｏｕｔｕｂｅ.com/watch?v={YT}",  # fullwidth
    f"https://%79outube.com/watch?v={YT}",
    "https://x.com.evil.net/a/status/1",
    "https://twitter.co/a/status/1",
    "https://t.me.evil.net/espresotv/1",
    "https://tme/espresotv/1",
    "https://facebook.com.evil.net/espreso.tv/posts/1",
    "https://faceb00k.com/espreso.tv/posts/1",
    "https://instagram.com.evil.net/p/C3xYz_12-Ab/",
    "https://vimeo.com.evil.net/76979871",
    # userinfo, ports
    f"https://youtube.com@evil.net/watch?v={YT}",
    f"https://evil.net@www.youtube.com/watch?v={YT}",
    f"https://user:pass@www.youtube.com/watch?v={YT}",
    f"https://www.youtube.com:443/watch?v={YT}",
    f"https://www.youtube.com:8080/watch?v={YT}",
    f"https://www.youtube.com:/watch?v={YT}",
    # whitespace, control characters, backslashes a browser would tidy up
    f"https://www.you\ttube.com/watch?v={YT}",
    f"https://www.youtube.com/watch?v={YT}\nhttps://evil.net",
    f"https://www.youtube.com\\@evil.net/watch?v={YT}",
    f"https:\\\\www.youtube.com/watch?v={YT}",
    f"https://www.youtube.com/watch?v={YT}\x00",
    f"https://www.youtube.com/watch?v={YT} onmouseover=alert(1)",
    # bad ids and paths
    "https://www.youtube.com/watch?v=short",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQQ",
    "https://www.youtube.com/watch?v=dQw4w9WgXc!",
    "https://www.youtube.com/watch?v=dQw4w9WgXcZ",  # no real id ends in Z
    f"https://www.youtube.com/watch?v={YT}&v=jNQXAC9IVRw",
    "https://www.youtube.com/watch",
    f"https://www.youtube.com/watch/../redirect?v={YT}",
    f"https://www.youtube.com/redirect?q=https://evil.net&v={YT}",
    f"https://www.youtube.com/{YT}",
    f"https://www.youtube.com/shorts/{YT}/extra",
    f"https://www.youtube-nocookie.com/watch?v={YT}",
    f"https://youtu.be/shorts/{YT}",
    "https://youtu.be/",
    "https://vimeo.com/channels/staffpicks",
    "https://vimeo.com/abc",
    "https://player.vimeo.com/video/1?h=<script>",
    "https://x.com/home",
    "https://x.com/ZelenskyyUa",
    "https://x.com/ZelenskyyUa/status/abc",
    "https://x.com/not-a-valid-name/status/1",
    "https://x.com/a_name_far_too_long_for_x/status/1",
    "https://t.me/espresotv",
    "https://t.me/joinchat/12345",
    "https://t.me/c/123456/789",
    "https://t.me/+AbCdEf/1",
    "https://t.me/espresotv/1/2",
    "https://www.facebook.com/espreso.tv",
    "https://www.facebook.com/espreso.tv/posts/<script>",
    "https://www.facebook.com/watch/?v=abc",
    "https://www.facebook.com/l.php?u=https://evil.net",
    "https://www.facebook.com/plugins/post.php?href=https://evil.net",
    "https://www.instagram.com/espreso.tv/",
    "https://www.instagram.com/p/",
    'https://www.instagram.com/p/a"b/',
    # not strings, or far too long
    None,
    42,
    f"https://www.youtube.com/watch?v={YT}&pad={'a' * 3000}",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_a_look_alike_or_hostile_address_is_not_an_embed(url):
    assert recognise(url) is None


URLISH = st.one_of(
    st.text(max_size=80),
    st.builds(
        "".join,
        st.lists(
            st.sampled_from(
                [
                    "https://",
                    "http://",
                    "youtu.be",
                    "www.youtube.com",
                    "x.com",
                    "t.me",
                    "/",
                    "@",
                    ":",
                    ".",
                    "evil.net",
                    "watch?v=",
                    YT,
                    "status",
                    "1",
                    "%",
                    "\\",
                    " ",
                    "p",
                    "embed",
                    "#",
                    "&",
                    "xn--",
                ]
            ),
            max_size=10,
        ),
    ),
)


@hypothesis_settings(max_examples=300, deadline=None)
@given(URLISH)
def test_whatever_is_recognised_is_framed_from_a_listed_host(url):
    embed = recognise(url)

    if embed is not None:
        frame = urlsplit(embed.frame_url)
        assert f"{frame.scheme}://{frame.netloc}" in FRAME_ORIGINS
        assert recognise(embed.url) == embed


@hypothesis_settings(max_examples=200, deadline=None)
@given(URLISH)
def test_cleaning_a_pasted_line_twice_changes_nothing(line):
    once = clean_html(f"<p>{line}</p><p>{line}</p>")

    assert clean_html(once) == once


def test_the_frame_of_each_provider_comes_from_its_embed_host_only():
    frames = {
        url: recognise(url).frame_url
        for url in (
            YT_URL,
            "https://vimeo.com/76979871",
            "https://x.com/ZelenskyyUa/status/1886389237839016323",
            "https://t.me/espresotv/12345",
            "https://www.facebook.com/espreso.tv/posts/1234567890",
            "https://www.facebook.com/reel/1122334455",
            "https://www.instagram.com/reel/C3xYz_12-Ab/",
        )
    }

    assert list(frames.values()) == [
        f"https://www.youtube-nocookie.com/embed/{YT}",
        "https://player.vimeo.com/video/76979871?dnt=1",
        "https://platform.twitter.com/embed/Tweet.html?id=1886389237839016323&dnt=true",
        "https://t.me/espresotv/12345?embed=1",
        "https://www.facebook.com/plugins/post.php?href="
        "https%3A%2F%2Fwww.facebook.com%2Fespreso.tv%2Fposts%2F1234567890",
        "https://www.facebook.com/plugins/video.php?href="
        "https%3A%2F%2Fwww.facebook.com%2Freel%2F1122334455",
        "https://www.instagram.com/p/C3xYz_12-Ab/embed/",
    ]
    assert all(frame.startswith(FRAME_ORIGINS) for frame in frames.values())


# -- on save -------------------------------------------------------------------


@pytest.mark.parametrize(
    "pasted",
    [
        f"<p>https://youtu.be/{YT}</p>",
        f"<p>  https://youtu.be/{YT}&nbsp;</p>",
        f'<p><a href="https://youtu.be/{YT}">https://youtu.be/{YT}</a></p>',
        f'<p><a href="{YT_URL}" target="_blank">{YT_URL}</a></p>',
        f'<p><span style="color:red">https://youtu.be/{YT}</span></p>',
        YT_FIGURE,
        f'<figure data-embed="vimeo" data-embed-url="https://youtu.be/{YT}">'
        "<a>anything</a></figure>",
    ],
)
def test_a_paragraph_holding_only_a_recognised_url_is_stored_as_an_embed_figure(
    pasted,
):
    assert clean_html(pasted) == YT_FIGURE


def test_paragraphs_around_an_embed_are_kept_as_they_were():
    body = clean_html(
        "<p>Before.</p>\n<p>https://t.me/espresotv/12345</p>\n<p><b>After.</b></p>"
    )

    assert body == (
        "<p>Before.</p>\n"
        '<figure data-embed="telegram" data-embed-url="https://t.me/espresotv/12345">'
        '<a href="https://t.me/espresotv/12345" rel="noopener">'
        "https://t.me/espresotv/12345</a>"
        "</figure>\n<p><b>After.</b></p>"
    )


@pytest.mark.parametrize(
    "body",
    [
        f"<p>Watch https://youtu.be/{YT} today.</p>",
        f'<p><a href="https://youtu.be/{YT}">the interview</a></p>',
        f'<p><a href="https://youtu.be/{YT}">https://youtu.be/{YT}</a> and more</p>',
        f"<blockquote><p>https://youtu.be/{YT}</p></blockquote>",
        f"<ul><li>https://youtu.be/{YT}</li></ul>",
        f"<p>https://youtu.be/{YT} https://youtu.be/{YT}</p>",
    ],
)
def test_a_url_inside_other_text_stays_where_it_is(body):
    assert "data-embed" not in clean_html(body)


def test_any_other_url_alone_on_its_line_becomes_an_ordinary_link():
    body = clean_html("<p>https://espreso.global/news?a=1&b=2</p>")

    assert body == (
        '<p><a href="https://espreso.global/news?a=1&amp;b=2" rel="noopener">'
        "https://espreso.global/news?a=1&amp;b=2</a></p>"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.net/x",
        f"https://youtube.com@evil.net/watch?v={YT}",
        "https://www.youtube.com/watch?v=not-an-id",
    ],
)
def test_an_embed_figure_with_an_unrecognised_url_becomes_a_link_and_is_reported(
    url,
):
    figure = f'<figure data-embed="youtube" data-embed-url="{url}"><a>x</a></figure>'

    cleaned = sanitize(f"<p>Kept.</p>{figure}<p>Also kept.</p>")

    assert cleaned.html == (
        f'<p>Kept.</p><p><a href="{url}" rel="noopener">{url}</a></p><p>Also kept.</p>'
    )
    assert cleaned.removed_text() == "1 unknown embed (kept as a link)"


@pytest.mark.parametrize(
    "figure",
    [
        '<figure data-embed="youtube" data-embed-url="javascript:alert(1)">'
        "<a>x</a></figure>",
        '<figure data-embed="youtube"><a>x</a></figure>',
        '<figure data-embed-url="data:text/html,x"><figure data-embed="x">'
        "</figure><p>inside</p></figure>",
    ],
)
def test_an_embed_figure_without_a_web_address_is_dropped_and_reported(figure):
    pasted = f"<p>Kept.</p>{figure}<p>Also kept.</p>"

    body, refused = embed_blocks(pasted)

    assert body == "<p>Kept.</p><p>Also kept.</p>"
    assert len(refused) == 1
    assert "data-embed" not in clean_html(pasted)
    assert "javascript" not in clean_html(pasted)


@pytest.mark.parametrize(
    "body",
    [
        f"<p>https://youtu.be/{YT}</p>",
        "<p>https://espreso.global/a?b=1&c='quote'&d=\"x\"</p>",
        "<p>Text</p><p>https://x.com/a/status/1</p><figure><p>x</p></figure>",
        YT_FIGURE + YT_FIGURE,
    ],
)
def test_cleaning_twice_changes_nothing(body):
    once = clean_html(body)

    assert clean_html(once) == once


@pytest.mark.django_db
def test_saving_a_piece_stores_a_pasted_youtube_url_as_an_embed():
    article = ArticleFactory(body=f"<p>Intro.</p><p>https://youtu.be/{YT}</p>")

    article.refresh_from_db()
    assert article.body == "<p>Intro.</p>" + YT_FIGURE
    assert "youtube" not in article.body_text.replace(YT_URL, "")


# -- display -------------------------------------------------------------------


def test_an_embed_shows_as_a_card_with_the_link_and_a_load_button():
    html = render_facades("<p>Intro.</p>" + YT_FIGURE)

    assert html == (
        "<p>Intro.</p>"
        '<figure class="embed embed--youtube" data-embed="youtube" '
        f'data-embed-frame="https://www.youtube-nocookie.com/embed/{YT}" '
        'data-embed-shape="video">'
        '<p class="embed__provider">YouTube</p>'
        f'<p class="embed__url"><a href="{YT_URL}" rel="noopener">{YT_URL}</a></p>'
        '<button type="button" class="embed__load" data-embed-load hidden>'
        "Load YouTube content</button>"
        '<p class="embed__note" hidden>Loading it lets YouTube set cookies and see '
        "your visit.</p></figure>"
    )


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        (
            '<figure data-embed="youtube" data-embed-url="https://evil.net/v">'
            "<a>x</a></figure>",
            '<p><a href="https://evil.net/v" rel="noopener">https://evil.net/v</a></p>',
        ),
        (
            '<figure data-embed="youtube" data-embed-url="javascript:alert(1)">'
            "<a>x</a></figure>",
            "",
        ),
    ],
)
def test_a_stored_embed_no_longer_recognised_shows_as_a_link_at_most(stored, shown):
    assert render_facades(stored) == shown


@pytest.mark.django_db
def test_the_article_page_shows_the_facade_and_no_third_party_address_to_load(
    client,
):
    article = ArticleFactory(body=f"<p>Intro.</p><p>https://youtu.be/{YT}</p>")

    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Load YouTube content" in html
    assert f'<a href="{YT_URL}" rel="noopener">{YT_URL}</a>' in html
    assert "<iframe" not in html
    assert "ytimg.com" not in html
    assert '/static/js/embeds.js" defer></script>' in html


@pytest.mark.django_db
def test_the_csp_frames_exactly_the_embed_hosts(client):
    article = ArticleFactory()

    csp = client.get(article.get_absolute_url())["Content-Security-Policy"]

    directives = {
        part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()
    }
    assert directives["frame-src"] == [
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://platform.twitter.com",
        "https://t.me",
        "https://www.facebook.com",
        "https://www.instagram.com",
    ]
    assert tuple(settings.SECURE_CSP["frame-src"]) == FRAME_ORIGINS
    assert directives["script-src"][0] == "'self'"
    assert all(
        value == "'self'" or value.startswith("'nonce-")
        for value in directives["script-src"]
    )


# -- seed bodies ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_seed_paragraph_holding_only_a_video_url_imports_as_an_embed(tmp_path):
    text = REAL_SEED.read_text(encoding="utf-8")
    second = text.index("In a world of hybrid threats")
    seed = tmp_path / "embed.txt"
    seed.write_text(text[:second] + f"https://youtu.be/{YT}\n\n" + text[second:])

    call_command("import_seeds", str(seed), verbosity=0)
    article = Article.objects.get()
    before = (article.body, article.version, article.modified_at)
    call_command("import_seeds", str(seed), verbosity=0)
    article.refresh_from_db()

    assert f"</p>\n{YT_FIGURE}\n<p>In a world of hybrid threats" in article.body
    assert article.body.count("<p>") == 10
    assert (article.body, article.version, article.modified_at) == before


@pytest.mark.django_db
def test_a_video_url_right_after_the_hero_placeholder_is_an_embed_not_a_caption(
    tmp_path,
):
    text = REAL_SEED.read_text(encoding="utf-8")
    first = text.index("I’m glad")
    seed = tmp_path / "embed-first.txt"
    seed.write_text(text[:first] + f"https://youtu.be/{YT}\n\n" + text[first:])

    call_command("import_seeds", str(seed), verbosity=0)

    article = Article.objects.get()
    assert article.hero_caption == ""
    assert article.body.startswith(YT_FIGURE + "\n<p>I’m glad")
