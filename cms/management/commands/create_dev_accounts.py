"""Create local accounts for trying the site out. Development only."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEV_PASSWORD = "espreso-dev"


class Command(BaseCommand):
    help = "Create a local admin account (only when DEBUG is on) and print it."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create development accounts with DEBUG off: "
                "use 'manage.py createsuperuser' on a real site."
            )
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username="admin",
            defaults={"is_staff": True, "is_superuser": True, "email": ""},
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(DEV_PASSWORD)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Local admin account: admin / {DEV_PASSWORD} "
                f"({'created' if created else 'reset'}; DEBUG only)"
            )
        )
