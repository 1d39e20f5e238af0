"""A YouTube embed on the reader's page (issue 8): the browser asks no other
host than the site until the reader clicks "Load YouTube content", then loads
the youtube-nocookie frame. There is no internet here, so every request to
another host is recorded and aborted."""

import pytest

YT = "dQw4w9WgXcQ"
YT_URL = f"https://www.youtube.com/watch?v={YT}"
FRAME_URL = f"https://www.youtube-nocookie.com/embed/{YT}"


@pytest.fixture
def embed_page(transactional_db):
    from tests.factories import ArticleFactory

    article = ArticleFactory(
        title="Zelensky speaks to the Bundestag",
        body=f"<p>Before the video.</p><p>https://youtu.be/{YT}</p><p>After it.</p>",
    )
    return article.get_absolute_url()


@pytest.fixture
def open_reader(browser, live_server):
    """Open a path at 1280 px; every request goes to `requests`, and any to
    another host than the site is aborted."""
    contexts = []

    def open_(path, **options):
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, **options
        )
        contexts.append(context)
        requests, console = [], []
        context.route(
            lambda url: not url.startswith(live_server.url),
            lambda route: route.abort(),
        )
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: console.append(message.text))
        page.goto(live_server.url + path, wait_until="networkidle")
        return page, requests, console

    yield open_
    for context in contexts:
        context.close()


def test_the_reader_page_asks_no_third_party_until_the_embed_is_clicked(
    open_reader, live_server, embed_page
):
    page, requests, console = open_reader(embed_page)
    card = page.locator("figure.embed")
    button = card.get_by_role("button", name="Load YouTube content")

    assert card.locator(".embed__provider").inner_text() == "YouTube"
    assert card.get_by_role("link", name=YT_URL).get_attribute("href") == YT_URL
    assert button.is_visible()
    assert page.locator("iframe").count() == 0
    assert requests and all(url.startswith(live_server.url) for url in requests)

    with page.expect_request(FRAME_URL) as frame_request:
        button.click()

    assert frame_request.value.url == FRAME_URL
    frame = card.locator("iframe")
    assert frame.get_attribute("src") == FRAME_URL
    assert frame.get_attribute("title") == "YouTube video"
    assert card.get_by_role("link", name=YT_URL).is_visible()
    assert [url for url in requests if not url.startswith(live_server.url)] == [
        FRAME_URL
    ]
    assert not [text for text in console if "Content Security Policy" in text]


def test_without_javascript_the_embed_is_a_plain_link(
    open_reader, live_server, embed_page
):
    page, requests, _ = open_reader(embed_page, java_script_enabled=False)
    card = page.locator("figure.embed")

    assert card.get_by_role("link", name=YT_URL).is_visible()
    assert not card.get_by_role("button").is_visible()
    assert all(url.startswith(live_server.url) for url in requests)
