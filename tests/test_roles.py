"""Newsroom roles: the groups the roles migration makes, and the dev accounts."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command

from articles.models import Author
from cms.roles import AUTHOR, CHIEF_EDITOR, EDITOR, ROLES, remove_roles, sync_roles

pytestmark = pytest.mark.django_db


def group_permissions(name: str) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in Group.objects.get(name=name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def all_group_permissions() -> dict[str, set[str]]:
    return {name: group_permissions(name) for name in ROLES}


def test_the_roles_migration_makes_each_group_with_exactly_its_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)
    for name, perms in ROLES.items():
        assert group_permissions(name) == perms, name


def test_each_role_has_everything_the_role_below_it_has():
    assert ROLES[AUTHOR] < ROLES[EDITOR] < ROLES[CHIEF_EDITOR]


def test_only_editors_and_chief_editors_may_publish_or_edit_others_work():
    for perm in ("articles.publish_article", "articles.edit_any_article"):
        assert perm not in ROLES[AUTHOR]
        assert perm in ROLES[EDITOR]
        assert perm in ROLES[CHIEF_EDITOR]


def test_only_the_chief_editor_manages_people_roles_and_lockouts():
    people = {"auth.change_user", "auth.change_group", "axes.delete_accessattempt"}
    assert not people & ROLES[AUTHOR]
    assert not people & ROLES[EDITOR]
    assert people <= ROLES[CHIEF_EDITOR]


def test_authors_neither_run_nor_see_the_ticker():
    """Hidden ticker items repeat drafts' titles; Authors have no use for them."""
    assert not {perm for perm in ROLES[AUTHOR] if perm.startswith("newsfeed.")}
    assert not {
        perm for perm in group_permissions(AUTHOR) if perm.startswith("newsfeed.")
    }
    assert "newsfeed.change_newsitem" in group_permissions(EDITOR)


def test_sync_roles_is_idempotent():
    before = all_group_permissions()
    groups = set(Group.objects.values_list("pk", flat=True))

    sync_roles()

    assert all_group_permissions() == before
    assert set(Group.objects.values_list("pk", flat=True)) == groups


def test_sync_roles_takes_away_extra_permissions_and_gives_back_missing_ones():
    editor = Group.objects.get(name=EDITOR)
    editor.permissions.remove(Permission.objects.get(codename="publish_article"))
    editor.permissions.add(Permission.objects.get(codename="change_user"))

    sync_roles()

    assert group_permissions(EDITOR) == ROLES[EDITOR]


def test_sync_roles_recreates_deleted_groups_and_remove_roles_deletes_them():
    remove_roles()
    assert not Group.objects.filter(name__in=ROLES).exists()

    sync_roles()

    assert all_group_permissions() == ROLES


def run_create_dev_accounts() -> str:
    out = StringIO()
    call_command("create_dev_accounts", stdout=out)
    return out.getvalue()


def test_create_dev_accounts_makes_one_account_per_role(settings, django_user_model):
    settings.DEBUG = True

    output = run_create_dev_accounts()

    users = {u.username: u for u in django_user_model.objects.all()}
    assert set(users) == {"admin", "author", "editor", "chief"}
    assert all(u.is_staff and u.is_active for u in users.values())
    assert all(u.check_password("espreso-dev") for u in users.values())
    assert users["admin"].is_superuser
    for username, role in [
        ("author", AUTHOR),
        ("editor", EDITOR),
        ("chief", CHIEF_EDITOR),
    ]:
        user = users[username]
        assert not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert username in output
    assert "espreso-dev" in output


def test_the_dev_author_account_writes_as_an_author_profile(settings):
    settings.DEBUG = True

    run_create_dev_accounts()

    author = Author.objects.get(user__username="author")
    assert (author.name, author.slug) == ("Dev Author", "dev-author")


def test_the_dev_accounts_have_their_roles_permissions(settings, django_user_model):
    settings.DEBUG = True
    run_create_dev_accounts()

    def user(username):
        return django_user_model.objects.get(username=username)

    assert user("author").has_perm("articles.add_article")
    assert not user("author").has_perm("articles.publish_article")
    assert user("editor").has_perm("articles.publish_article")
    assert not user("editor").has_perm("auth.change_user")
    assert user("chief").has_perm("auth.change_user")


def test_create_dev_accounts_twice_changes_nothing(settings, django_user_model):
    settings.DEBUG = True
    run_create_dev_accounts()
    before = sorted(
        django_user_model.objects.values_list("pk", "username", "is_superuser")
    )

    output = run_create_dev_accounts()

    after = sorted(
        django_user_model.objects.values_list("pk", "username", "is_superuser")
    )
    assert after == before
    assert Author.objects.filter(slug="dev-author").count() == 1
    assert "created" not in output


def test_create_dev_accounts_refuses_with_debug_off(settings, django_user_model):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG off"):
        run_create_dev_accounts()

    assert not django_user_model.objects.exists()
