"""The media-library chooser in Chromium at 1280 px: an author searches the
library, picks a hero image (its caption, credit and alt fill the empty
fields), a form that comes back with an error keeps the choice, and the page
breaks no CSP rule."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from articles.images import refresh_renditions
from articles.models import Article
from cms.roles import AUTHOR, sync_roles
from tests.factories import ImageFactory

PASSWORD = "a-long-test-password-1"
SCREENSHOTS = Path(__file__).parent / "screenshots"
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def author_page(browser, live_server, transactional_db):
    sync_roles()
    user = User.objects.create_user("olena", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=AUTHOR))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "olena")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/admin/")
    yield page, errors
    context.close()


def library_image(**fields):
    image = ImageFactory(size=(800, 450), **fields)
    refresh_renditions(image, "file", "renditions")
    return image


def test_an_author_picks_a_hero_from_the_library_and_an_error_keeps_it(
    author_page, live_server
):
    page, errors = author_page
    library_image(title="Lviv station", caption="Trains", credit="Ukrinform")
    chosen = library_image(
        title="Kyiv at night", caption="Lights out in Kyiv", credit="AFP", alt="Kyiv"
    )
    page.goto(live_server.url + "/admin/articles/article/add/")
    chooser = page.locator(".field-hero .image-chooser")
    expect(chooser.get_by_text("No image chosen.")).to_be_visible()

    chooser.get_by_role("button", name="Choose from the library").click()
    expect(chooser.locator(".image-chooser__pick")).to_have_count(2)
    chooser.get_by_label("Search the library").fill("kyiv")
    expect(chooser.locator(".image-chooser__pick")).to_have_count(1)
    SCREENSHOTS.mkdir(exist_ok=True)
    chooser.screenshot(path=SCREENSHOTS / "image-chooser-search.png")
    page.fill("#id_hero_alt", "Our own alt text")
    chooser.get_by_role("button", name="Choose Kyiv at night").click()

    expect(page.locator("#id_hero")).to_have_value(str(chosen.pk))
    expect(chooser.locator(".image-chooser__title")).to_have_text("Kyiv at night")
    expect(chooser.locator(".image-chooser__thumb")).to_be_visible()
    expect(page.locator("#id_hero_caption")).to_have_value("Lights out in Kyiv")
    expect(page.locator("#id_hero_credit")).to_have_value("AFP")
    expect(page.locator("#id_hero_alt")).to_have_value("Our own alt text")

    # No title: the form comes back with an error, the image still chosen.
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator("#id_hero")).to_have_value(str(chosen.pk))
    expect(chooser.locator(".image-chooser__title")).to_have_text("Kyiv at night")
    expect(chooser.locator(".image-chooser__thumb")).to_be_visible()
    chooser.screenshot(path=SCREENSHOTS / "image-chooser-kept-after-error.png")

    page.fill("#id_title", "Kyiv goes dark")
    page.fill("#id_lead", "A lead.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    article = Article.objects.get(title="Kyiv goes dark")
    assert article.hero == chosen
    assert (article.hero_caption, article.hero_alt) == (
        "Lights out in Kyiv",
        "Our own alt text",
    )
    assert page.evaluate("window.__csp") == []
    assert errors == []
