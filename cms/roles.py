"""Newsroom roles: which Django permissions each staff group gets.

ROLES is the permission matrix as data; docs/permissions.md explains it in
words. sync_roles() makes the groups match it exactly, from a data migration
(with the historical `apps`) or from code.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

AUTHOR = "Author"
EDITOR = "Editor"
CHIEF_EDITOR = "Chief editor"

CRUD = ("add", "change", "delete", "view")


def _model_perms(app_label: str, model: str, actions=CRUD) -> frozenset[str]:
    return frozenset(f"{app_label}.{action}_{model}" for action in actions)


_AUTHOR_PERMS = frozenset(
    {
        # The admin narrows change to their own drafts (workflow.can_edit):
        # once submitted, a piece is the editors' and only readable to them.
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        # The byline inline (ArticleAuthor is an explicit through model, so the
        # admin asks for its own permissions to add or remove a byline).
        *_model_perms("articles", "articleauthor"),
        # Pickers: bylines, section, disclaimer, tags. (Typing a new tag on a
        # piece needs no tag permission; managing the tag list is an editor's.)
        "articles.view_author",
        "articles.view_disclaimer",
        "articles.view_section",
        "taggit.view_tag",
        # The media library: upload and choose; editors change and delete.
        "articles.add_image",
        "articles.view_image",
        # No newsfeed permission: Authors do not run the ticker, and hidden
        # items there name drafts that are not theirs.
    }
)

_EDITOR_PERMS = frozenset(
    {
        *_model_perms("articles", "article"),
        "articles.publish_article",
        "articles.edit_any_article",
        *_model_perms("articles", "articleauthor"),
        *_model_perms("articles", "correction"),
        *_model_perms("articles", "sharelink"),
        *_model_perms("articles", "author"),
        *_model_perms("articles", "disclaimer"),
        *_model_perms("articles", "section"),
        *_model_perms("articles", "image"),
        # History: view it, and revert (simple_history asks for change on the
        # history model when SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS).
        *_model_perms("articles", "historicalarticle", ("change", "view")),
        *_model_perms("taggit", "tag"),
        *_model_perms("newsfeed", "newsitem"),
        # About, Contacts and the policies (cms.Page).
        *_model_perms("cms", "page"),
        # The front page's lead and top stories (cms/front_page.py).
        *_model_perms("cms", "frontpagepin"),
    }
)

_CHIEF_EDITOR_PERMS = _EDITOR_PERMS | frozenset(
    {
        # People and roles.
        *_model_perms("auth", "user"),
        *_model_perms("auth", "group"),
        # Sign-in lockouts: see them, and delete one to unlock an account.
        *_model_perms("axes", "accessattempt", ("delete", "view")),
        *_model_perms("axes", "accesslog", ("delete", "view")),
        *_model_perms("axes", "accessfailurelog", ("delete", "view")),
    }
)

ROLES: dict[str, frozenset[str]] = {
    AUTHOR: _AUTHOR_PERMS,
    EDITOR: _EDITOR_PERMS,
    CHIEF_EDITOR: _CHIEF_EDITOR_PERMS,
}


def sync_roles(apps=None, using: str = DEFAULT_DB_ALIAS) -> None:
    """Create or update each role's group so it has exactly ROLES' permissions.

    Idempotent. Pass the historical `apps` from a data migration. Permissions
    are normally made by post_migrate, after every migration has run, so the
    ones the roles need are created here first.

    In a migration, permissions of models that a later migration creates are
    left out, so an early roles migration still runs on a fresh database after
    ROLES grows: whoever adds such a model adds a cms migration that depends on
    it and calls sync_roles again.
    """
    historical = apps is not None and apps is not global_apps
    apps = apps or global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    wanted = set().union(*ROLES.values())
    app_labels = {name.partition(".")[0] for name in wanted}
    if historical:
        # An app whose first model a later migration creates is not there yet.
        app_labels = {label for label in app_labels if label in apps.app_configs}
    _create_permissions(apps, app_labels, using)
    found = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using)
        .filter(content_type__app_label__in=app_labels)
        .values_list("pk", "content_type__app_label", "codename")
    }
    missing = wanted - found.keys()
    if historical:
        missing &= _possible_permissions(apps, app_labels)
    if missing:
        raise LookupError(
            f"ROLES names permissions that do not exist: {sorted(missing)}"
        )

    for name, perms in ROLES.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set([found[perm] for perm in perms if perm in found])


def remove_roles(apps=None, using: str = DEFAULT_DB_ALIAS) -> None:
    """Delete the role groups (the reverse of the roles migration)."""
    apps = apps or global_apps
    Group = apps.get_model("auth", "Group")
    Group.objects.using(using).filter(name__in=ROLES).delete()


def _possible_permissions(apps, app_labels: set[str]) -> set[str]:
    """Every permission the models in `apps` declare, default and custom."""
    possible = set()
    for app_label in app_labels:
        for model in apps.get_app_config(app_label).get_models():
            opts = model._meta
            possible.update(
                f"{app_label}.{action}_{opts.model_name}"
                for action in opts.default_permissions
            )
            possible.update(
                f"{app_label}.{codename}" for codename, _ in opts.permissions
            )
    return possible


def _create_permissions(apps, app_labels: set[str], using: str) -> None:
    for app_label in sorted(app_labels):
        app_config = apps.get_app_config(app_label)
        if getattr(app_config, "models_module", None):
            create_permissions(app_config, apps=apps, verbosity=0, using=using)
            continue
        # A migration's historical app configs have no models module, which
        # create_permissions takes to mean "no models": lend it one briefly.
        app_config.models_module = True
        try:
            create_permissions(app_config, apps=apps, verbosity=0, using=using)
        finally:
            app_config.models_module = None
