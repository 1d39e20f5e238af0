"""Site pages (About, Contacts, the policies) are written with the article
body's rich-text editor, stored through the same sanitiser, and shown with the
same figures and embed cards."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from articles.images import refresh_renditions
from cms.models import Page
from cms.roles import EDITOR, sync_roles
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def editor(client):
    sync_roles()
    user = User.objects.create_user("maksym", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(user)
    return user


@pytest.fixture
def about():
    """The About page (made by migration cms/0004), with a known body."""
    page, _ = Page.objects.update_or_create(
        slug="about", defaults={"title": "About", "body": "<p>Who we are.</p>"}
    )
    return page


def change_url(page):
    return reverse("admin:cms_page_change", args=[page.pk])


def test_the_site_page_form_edits_the_body_with_the_rich_text_editor(
    client, editor, about
):
    response = client.get(change_url(about))

    assert response.status_code == 200
    html = response.content.decode()
    # The article body's editor (articles/admin/editor.py), not a raw textarea.
    assert "data-django-prose-editor-article" in html
    assert "js/editor/article.js" in html
    assert "&lt;p&gt;Who we are.&lt;/p&gt;</textarea>" in html
    assert "Paste from Google Docs, Word or a web page keeps" in html


def test_saving_a_site_page_stores_sanitised_html_and_says_what_went(
    client, editor, about
):
    typed = (
        '<h1>Who we are</h1><p style="color:red">A <span class="x">news</span> '
        '<b>site</b> <a href="javascript:alert(1)">here</a>.</p>'
        '<iframe src="https://example.com/"></iframe><script>alert(1)</script>'
    )

    response = client.post(
        change_url(about),
        {"title": "About", "slug": "about", "body": typed},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("admin:cms_page_changelist")
    about.refresh_from_db()
    assert (
        about.body
        == '<h2>Who we are</h2><p>A news <b>site</b> <a rel="noopener">here</a>.</p>'
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("Removed from the body: ") for m in messages), messages
    assert any("iframe" in m for m in messages), messages


def test_a_site_page_shows_library_figures_and_embed_cards(client, about):
    image = ImageFactory(size=(1200, 800), alt="The newsroom")
    refresh_renditions(image, "file", "renditions")
    about.body = (
        f'<p>Intro.</p><figure data-image="{image.pk}">'
        f'<img src="{image.url_for(640)}" alt="The newsroom">'
        f"<figcaption>Our office</figcaption></figure><p>{YOUTUBE}</p>"
    )
    about.save()

    html = client.get(about.get_absolute_url()).content.decode()

    assert 'srcset="' in html and 'alt="The newsroom"' in html
    assert "<figcaption>Our office" in html
    assert "Load YouTube content" in html
    assert "js/embeds.js" in html
