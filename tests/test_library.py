"""The media library: uploads through the image checks, renditions made once
by the task, files cleaned up, the chooser endpoint and widget, and pictures
on the site."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.images import refresh_renditions
from articles.library import Image
from articles.models import Article, Author
from cms.roles import AUTHOR, sync_roles
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory
from tests.test_admin_editing import change_url, form_data
from tests.test_images import gps_exif, image_bytes

pytestmark = pytest.mark.django_db

CHOOSER = "/admin/articles/image/chooser/"
ADD = "/admin/articles/image/add/"


def upload(admin_client, name="kyiv-at-night.jpg", size=(1800, 1200), **fields):
    photo = SimpleUploadedFile(name, image_bytes(size=size, exif=gps_exif()))
    data = {"title": "", "caption": "", "credit": "", "alt": ""} | fields
    return admin_client.post(ADD, data | {"file": photo})


def with_renditions(size=(800, 500), **kwargs) -> Image:
    image = ImageFactory(size=size, **kwargs)
    refresh_renditions(image, "file", "renditions")
    return image


# Uploads and renditions -------------------------------------------------------


def test_an_upload_is_checked_stripped_sized_and_gets_every_rendition(
    admin_client, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(admin_client, title="Kyiv at night", credit="Reuters")

    assert response.status_code == 302, response.content
    image = Image.objects.get()
    assert (image.title, image.credit, image.uploaded_by) == (
        "Kyiv at night",
        "Reuters",
        admin_user,
    )
    assert (image.width, image.height) == (1800, 1200)
    assert image.file.name.startswith("images/")
    with image.file.open("rb"), PILImage.open(image.file) as stored:
        assert not stored.getexif()
    sizes = {key: (r["width"], r["height"]) for key, r in image.renditions.items()}
    assert sizes == {
        "320": (320, 213),
        "640": (640, 427),
        "1024": (1024, 683),
        "1600": (1600, 1067),
        "social": (1200, 630),
    }
    for rendition in image.renditions.values():
        with default_storage.open(rendition["name"]) as stored:
            with PILImage.open(stored) as made:
                assert (made.width, made.height) == (
                    rendition["width"],
                    rendition["height"],
                )


def test_a_credit_typed_with_photo_is_stored_without_it(admin_client):
    response = upload(admin_client, size=(400, 300), credit="Photo: Reuters")

    assert response.status_code == 302, response.content
    assert Image.objects.get().credit == "Reuters"


def test_an_upload_that_is_not_a_jpeg_png_or_webp_is_refused(admin_client):
    gif = SimpleUploadedFile("map.gif", image_bytes("GIF"))
    response = admin_client.post(ADD, {"title": "Map", "file": gif})

    assert response.status_code == 200
    assert "“map.gif” is a GIF image; upload a JPEG, PNG or WebP." in (
        response.content.decode()
    )
    assert not Image.objects.exists()


def test_replacing_an_images_file_deletes_the_old_file_and_its_renditions(
    admin_client, django_capture_on_commit_callbacks
):
    image = with_renditions(size=(900, 600))
    old = image.stored_names()
    assert all(default_storage.exists(name) for name in old)
    url = reverse("admin:articles_image_change", args=[image.pk])
    new = SimpleUploadedFile("new.jpg", image_bytes(size=(700, 500)))

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"title": image.title, "alt": image.alt, "file": new}
        )

    assert response.status_code == 302, response.content
    image.refresh_from_db()
    assert [name for name in old if default_storage.exists(name)] == []
    assert (image.width, image.height) == (700, 500)
    assert all(default_storage.exists(name) for name in image.stored_names())


def test_deleting_an_image_deletes_its_files(
    admin_client, django_capture_on_commit_callbacks
):
    image = with_renditions(size=(700, 500))
    names = image.stored_names()
    url = reverse("admin:articles_image_delete", args=[image.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Image.objects.exists()
    assert [name for name in names if default_storage.exists(name)] == []


def test_an_image_in_use_as_a_hero_cannot_be_deleted(admin_client):
    image = with_renditions()
    ArticleFactory(hero=image)
    url = reverse("admin:articles_image_delete", args=[image.pk])

    response = admin_client.post(url, {"post": "yes"})

    assert "Cannot delete image" in response.content.decode()
    assert Image.objects.filter(pk=image.pk).exists()
    assert default_storage.exists(image.file.name)


# The library list and the chooser ---------------------------------------------


def test_the_library_lists_thumbnails_and_searches_title_caption_and_credit(
    admin_client,
):
    with_renditions(title="Kyiv at night", caption="Lights out", credit="AFP")
    with_renditions(title="Lviv station", caption="Trains", credit="Reuters")

    page = admin_client.get("/admin/articles/image/?q=reuters").content.decode()

    assert "Lviv station" in page
    assert "Kyiv at night" not in page
    assert re.search(r'<img src="/media/renditions/[^"]+-320\.webp"', page)


def test_the_chooser_answers_json_newest_first_searching_title_caption_credit(
    admin_client,
):
    old = with_renditions(title="Kyiv at night", caption="Lights", credit="AFP")
    new = with_renditions(title="Frontline", caption="Kyiv suburbs", credit="Reuters")
    with_renditions(title="Lviv", caption="Station", credit="Ukrinform")

    found = admin_client.get(CHOOSER, {"q": "kyiv"}).json()["results"]
    by_credit = admin_client.get(CHOOSER, {"q": "reuters"}).json()["results"]

    assert [r["id"] for r in found] == [new.pk, old.pk]
    assert [r["id"] for r in by_credit] == [new.pk]
    first = found[0]
    assert set(first) == {
        "id",
        "title",
        "caption",
        "credit",
        "alt",
        "thumbnail",
        "url",
        "width",
        "height",
    }
    assert first["url"] == default_storage.url(new.renditions["640"]["name"])
    assert first["thumbnail"] == default_storage.url(new.renditions["320"]["name"])
    assert (first["width"], first["height"]) == (new.width, new.height)


def test_the_chooser_is_for_staff_only(client, django_user_model):
    with_renditions()
    assert client.get(CHOOSER).status_code == 302  # to the admin login
    reader = django_user_model.objects.create_user("reader", password="x")
    client.force_login(reader)
    assert client.get(CHOOSER).status_code == 302


def test_an_author_can_search_the_library(client, django_user_model):
    sync_roles()
    author = django_user_model.objects.create_user(
        "writer", password="x", is_staff=True
    )
    author.groups.add(Group.objects.get(name=AUTHOR))
    image = with_renditions(title="Kyiv")
    client.force_login(author)

    results = client.get(CHOOSER, {"q": "kyiv"}).json()["results"]

    assert [r["id"] for r in results] == [image.pk]


# Choosing a hero and a photo ------------------------------------------------------


def test_the_article_form_shows_the_chooser_with_the_chosen_thumbnail(admin_client):
    image = with_renditions(title="Kyiv at night")
    article = ArticleFactory(draft=True, hero=image, hero_alt="Kyiv")

    page = admin_client.get(change_url(article)).content.decode()

    assert 'class="image-chooser"' in page
    assert f'name="hero" id="id_hero" value="{image.pk}"' in page
    assert default_storage.url(image.renditions["320"]["name"]) in page
    assert "js/image-chooser.js" in page
    assert "<style" not in page.split('class="image-chooser"')[1].split("</div>")[0]


def test_choosing_a_hero_saves_it_and_keeps_the_pieces_own_caption(admin_client):
    image = with_renditions(caption="Library caption", credit="AFP", alt="Library")
    article = ArticleFactory(draft=True)

    response = admin_client.post(
        change_url(article),
        form_data(
            article, hero=image.pk, hero_caption="Our caption", hero_alt="Our alt"
        ),
    )

    assert response.status_code == 302, response.content
    article.refresh_from_db()
    assert article.hero == image
    assert (article.hero_caption, article.hero_alt) == ("Our caption", "Our alt")


def test_choosing_a_hero_fills_the_empty_caption_credit_and_alt_from_the_library(
    admin_client,
):
    image = with_renditions(caption="Library caption", credit="AFP", alt="Library")
    article = ArticleFactory(draft=True)

    response = admin_client.post(
        change_url(article), form_data(article, hero=image.pk, hero_caption="Ours")
    )

    assert response.status_code == 302, response.content
    article.refresh_from_db()
    assert (article.hero_caption, article.hero_credit, article.hero_alt) == (
        "Ours",
        "AFP",
        "Library",
    )


def test_a_form_that_comes_back_with_errors_keeps_the_chosen_image(admin_client):
    image = with_renditions(title="Kyiv at night")
    article = ArticleFactory(draft=True)

    response = admin_client.post(
        change_url(article),
        form_data(article, hero=image.pk, hero_alt="Kyiv", source_url="not a url"),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a valid URL." in page
    assert f'name="hero" id="id_hero" value="{image.pk}"' in page
    assert default_storage.url(image.renditions["320"]["name"]) in page
    assert "Kyiv at night" in page
    assert Article.objects.get(pk=article.pk).hero is None


def test_an_authors_photo_is_chosen_from_the_library(admin_client):
    image = with_renditions(size=(400, 400), title="Olena")
    author = AuthorFactory()
    url = reverse("admin:articles_author_change", args=[author.pk])
    data = {"name": author.name, "slug": author.slug, "kind": author.kind}

    response = admin_client.post(url, data | {"bio": "", "photo": image.pk})

    assert response.status_code == 302, response.content
    assert Author.objects.get(pk=author.pk).photo == image
    page = admin_client.get(url).content.decode()
    assert f'name="photo" id="id_photo" value="{image.pk}"' in page


# Figures in the body ----------------------------------------------------------------


def figure(image: Image, alt="Alt text", caption="Caption", credit="") -> str:
    """A figure as the editor stores it (contracts: articles/body.py)."""
    credit_attr = f' data-credit="{credit}"' if credit else ""
    return (
        f'<figure data-image="{image.pk}"{credit_attr}>'
        f'<img src="{image.url_for(640)}" alt="{alt}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def test_a_body_figure_renders_responsive_with_size_caption_and_credit(client):
    image = with_renditions(size=(2000, 1000))
    article = ArticleFactory(
        body="<p>Before.</p>"
        + figure(image, alt="Smoke over Kyiv", caption="After the strike", credit="AFP")
        + "<p>After.</p>"
    )

    page = client.get(article.get_absolute_url()).content.decode()

    body = page.split('<div class="article__body">')[1].split("</div>")[0]
    url = {key: default_storage.url(r["name"]) for key, r in image.renditions.items()}
    assert (
        '<figure class="article__figure">'
        f'<img src="{url["640"]}" srcset="{url["320"]} 320w, {url["640"]} 640w, '
        f'{url["1024"]} 1024w, {url["1600"]} 1600w" '
        'sizes="(min-width: 1024px) 640px, 100vw" width="640" height="320" '
        'alt="Smoke over Kyiv" loading="lazy" decoding="async">'
        '<figcaption>After the strike <span class="article__credit">Photo: AFP'
        "</span></figcaption></figure>"
    ) in body
    assert body.index("Before.") < body.index("<figure") < body.index("After.")


def test_a_figure_without_caption_or_credit_has_no_figcaption():
    from articles.body import render_body

    image = with_renditions()
    stored = (
        f'<figure data-image="{image.pk}"><img src="{image.url_for(640)}" alt="x">'
        "</figure>"
    )

    assert "<figcaption>" not in render_body(stored)
    assert 'alt="x"' in render_body(stored)


def test_a_figure_whose_image_was_deleted_keeps_its_stored_picture_and_caption():
    from articles.body import render_body

    stored = (
        '<figure data-image="999"><img src="/media/renditions/gone-640.webp" '
        'alt="Gone"><figcaption>Kept</figcaption></figure>'
    )

    html = render_body(stored)

    assert 'src="/media/renditions/gone-640.webp"' in html
    assert "Kept" in html


def test_the_images_of_every_figure_in_a_body_come_in_one_query(
    django_assert_num_queries,
):
    from articles.body import render_body

    images = [with_renditions() for _ in range(10)]
    body = "".join(
        figure(image, caption=f"Caption {n}") for n, image in enumerate(images)
    )

    with django_assert_num_queries(1):
        html = render_body(body)

    assert html.count('<figure class="article__figure">') == 10
    assert html.count('loading="lazy"') == 10


# Pictures on the site -----------------------------------------------------------------


def test_cards_show_the_hero_at_320_and_640_with_size_and_lazy_loading(client):
    image = with_renditions(size=(1600, 900))
    ArticleFactory(title="With a picture", hero=image, hero_alt="Kyiv at dusk")
    ArticleFactory(title="Without a picture")

    page = client.get(reverse("articles:news")).content.decode()

    url = {key: default_storage.url(r["name"]) for key, r in image.renditions.items()}
    assert (
        f'<img src="{url["320"]}" srcset="{url["320"]} 320w, {url["640"]} 640w" '
        'sizes="(min-width: 75rem) 320px, (min-width: 40rem) 50vw, 100vw" '
        'width="320" height="180" alt="Kyiv at dusk" class="card__image" '
        'loading="lazy" decoding="async">'
    ) in page
    # The card without a picture gets the site's quiet placeholder, no <img>.
    without = page.split("Without a picture")[0].rsplit('<article class="card">')[-1]
    assert 'class="card__image card__image--none" aria-hidden="true"' in without
    assert "<img" not in without


def test_the_home_lead_uses_a_responsive_rendition_not_the_original(client):
    image = with_renditions(size=(2000, 1200))
    ArticleFactory(title="The lead", hero=image, hero_alt="Lead picture")

    page = client.get("/").content.decode()

    lead = page.split('<article class="lead-story">')[1].split("</article>")[0]
    assert image.file.url not in lead
    assert 'class="lead-story__image"' in lead
    assert f"{default_storage.url(image.renditions['1600']['name'])} 1600w" in lead
    assert 'width="1024" height="614"' in lead
    assert 'loading="eager"' in lead


def test_author_pages_and_about_the_author_show_the_photo_rendition(client):
    photo = with_renditions(size=(600, 600), title="Olena")
    author = AuthorFactory(photo=photo)
    article = ArticleFactory(opinion=True, authors=[author])
    small = default_storage.url(photo.renditions["320"]["name"])

    profile = client.get(author.get_absolute_url()).content.decode()
    piece = client.get(article.get_absolute_url()).content.decode()

    assert f'<img class="profile__photo" src="{small}"' in profile
    assert f'<img class="about-author__photo" src="{small}"' in piece
