"""People: a newsroom member is made with one form, a locked-out sign-in gets
the admin's own page, and the chief editor lifts a lock from the person's page."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from articles.models import Author
from cms.roles import AUTHOR, CHIEF_EDITOR, EDITOR
from tests.test_login_throttling import (
    ATTACKER_IP,
    PASSWORD,
    lock_out,
    sign_in,
    signed_in,
)

pytestmark = pytest.mark.django_db


def member(username, role):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def chief():
    return member("chief", CHIEF_EDITOR)


@pytest.fixture
def editor():
    return member("editor", EDITOR)


def new_member(**changes):
    return {
        "username": "oksana",
        "first_name": "Oksana",
        "last_name": "Kovalenko",
        "email": "oksana@espreso.example",
        "role": AUTHOR,
        "byline": "on",
        "usable_password": "true",
        "password1": "a-long-Passphrase-42",
        "password2": "a-long-Passphrase-42",
    } | changes


def test_one_form_makes_a_staff_member_with_a_role_and_a_byline(client, chief):
    client.force_login(chief)

    response = client.post(reverse("admin:auth_user_add"), new_member())

    assert response.status_code == 302
    user = User.objects.get(username="oksana")
    assert (user.get_full_name(), user.email) == (
        "Oksana Kovalenko",
        "oksana@espreso.example",
    )
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [AUTHOR]
    byline = Author.objects.get(user=user)
    assert (byline.name, byline.slug) == ("Oksana Kovalenko", "oksana-kovalenko")
    assert user.check_password("a-long-Passphrase-42")


def test_a_member_needs_no_byline_and_staff_status_follows_any_role(client, chief):
    client.force_login(chief)

    response = client.post(
        reverse("admin:auth_user_add"),
        new_member(username="petro", role=EDITOR, byline=""),
    )

    assert response.status_code == 302
    user = User.objects.get(username="petro")
    assert user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == [EDITOR]
    assert not Author.objects.filter(user=user).exists()


def test_a_new_byline_takes_a_free_address(client, chief):
    Author.objects.create(name="Oksana Kovalenko", slug="oksana-kovalenko")
    client.force_login(chief)

    client.post(reverse("admin:auth_user_add"), new_member())

    assert Author.objects.get(user__username="oksana").slug == "oksana-kovalenko-2"


def test_the_new_member_form_asks_for_name_email_and_role(client, chief):
    client.force_login(chief)

    page = client.get(reverse("admin:auth_user_add")).content.decode()

    for name in ("first_name", "last_name", "email", "role", "byline"):
        assert f'name="{name}"' in page
    for role in (AUTHOR, EDITOR, CHIEF_EDITOR):
        assert f">{role}</option>" in page


@pytest.mark.parametrize("role", [AUTHOR, EDITOR])
def test_only_a_chief_editor_adds_people(client, role):
    client.force_login(member("someone", role))

    response = client.post(reverse("admin:auth_user_add"), new_member())

    assert response.status_code == 403
    assert not User.objects.filter(username="oksana").exists()


def test_a_locked_out_sign_in_sees_the_admins_page_saying_for_how_long(editor):
    lock_out("editor", ATTACKER_IP)

    response = sign_in("editor", PASSWORD, ATTACKER_IP)

    assert response.status_code == 429
    page = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "Espreso. Global newsroom" in page  # the admin's own header
    assert "/static/admin/css/base.css" in page
    assert "Try again in 15 minutes" in page
    assert "a chief editor can lift the lock" in page


def test_the_chief_editor_sees_and_lifts_a_lock_on_the_persons_page(chief, editor):
    lock_out("editor", ATTACKER_IP)
    browser = Client()
    browser.force_login(chief)
    person_page = reverse("admin:auth_user_change", args=[editor.pk])

    page = browser.get(person_page).content.decode()
    response = browser.post(reverse("admin:auth_user_unlock", args=[editor.pk]))

    assert "Locked out of sign-in" in page and ATTACKER_IP in page
    assert response.status_code == 302 and response["Location"] == person_page
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert "The sign-in lock on “editor” was lifted." in shown
    assert not AccessAttempt.objects.filter(username="editor").exists()
    assert signed_in(sign_in("editor", PASSWORD, ATTACKER_IP))


def test_an_editor_cannot_lift_a_lock(editor):
    colleague = member("colleague", EDITOR)
    lock_out("colleague", ATTACKER_IP)
    browser = Client()
    browser.force_login(editor)

    response = browser.post(reverse("admin:auth_user_unlock", args=[colleague.pk]))

    assert response.status_code == 403
    assert AccessAttempt.objects.filter(username="colleague").exists()


def test_a_new_piece_starts_with_the_writers_own_byline(client):
    writer = member("writer", AUTHOR)
    profile = Author.objects.create(name="Taras Writer", slug="taras", user=writer)
    client.force_login(writer)

    page = client.get(reverse("admin:articles_article_add")).content.decode()

    assert 'name="bylines-TOTAL_FORMS" value="1"' in page
    assert f'<option value="{profile.pk}" selected>Taras Writer</option>' in page
