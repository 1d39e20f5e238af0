"""Create local accounts for trying the site out. Development only."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import Author
from cms.roles import AUTHOR, CHIEF_EDITOR, EDITOR, ROLES, sync_roles

DEV_PASSWORD = "espreso-dev"

# Username and role; a role of None makes a superuser.
DEV_ACCOUNTS: list[tuple[str, str | None]] = [
    ("admin", None),
    ("author", AUTHOR),
    ("editor", EDITOR),
    ("chief", CHIEF_EDITOR),
]


@dataclass(frozen=True)
class DevAccount:
    username: str
    role: str
    created: bool


@transaction.atomic
def ensure_dev_accounts() -> list[DevAccount]:
    """Create or reset the local accounts: one superuser and one per role.

    Each account ends up staff, active, with DEV_PASSWORD and only its role's
    group; the `author` account writes as the "Dev Author" byline.
    """
    User = get_user_model()
    groups = {group.name: group for group in Group.objects.filter(name__in=ROLES)}
    if groups.keys() != ROLES.keys():
        sync_roles()
        groups = {group.name: group for group in Group.objects.filter(name__in=ROLES)}

    accounts = []
    for username, role in DEV_ACCOUNTS:
        user, created = User.objects.get_or_create(username=username)
        user.is_staff = user.is_active = True
        user.is_superuser = role is None
        user.set_password(DEV_PASSWORD)
        user.save()
        user.groups.set([groups[role]] if role else [])
        if role == AUTHOR and not Author.objects.filter(user=user).exists():
            Author.objects.update_or_create(
                slug="dev-author",
                defaults={"user": user},
                create_defaults={"name": "Dev Author", "user": user},
            )
        accounts.append(DevAccount(username, role or "Superuser", created))
    return accounts


class Command(BaseCommand):
    help = (
        "Create a local admin account and one account per newsroom role (only "
        "when DEBUG is on) and print them."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create development accounts with DEBUG off: "
                "use 'manage.py createsuperuser' on a real site."
            )
        accounts = ensure_dev_accounts()
        if options["verbosity"] < 1:
            return
        self.stdout.write(self.style.SUCCESS("Local accounts (DEBUG only):"))
        row = "  {:<10} {:<13} {:<14} {}"
        self.stdout.write(row.format("username", "password", "role", "").rstrip())
        for account in accounts:
            state = "created" if account.created else "reset"
            self.stdout.write(
                row.format(account.username, DEV_PASSWORD, account.role, state)
            )
