"""The front page's pins (cms/front_page.py), and the roles that may set them:
editors and the chief editor (cms/roles.py)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from cms.roles import sync_roles


def resync_roles(apps, schema_editor):
    sync_roles(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_autosave"),
        ("cms", "0005_media_library_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FrontPagePin",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "slot",
                    models.PositiveSmallIntegerField(
                        help_text="0 is the lead story, 1-6 the top stories in order.",
                        unique=True,
                    ),
                ),
                (
                    "expires_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="Empty: until someone unpins it.",
                        null=True,
                        verbose_name="expires",
                    ),
                ),
                (
                    "pinned_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, editable=False
                    ),
                ),
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="front_page_pin",
                        to="articles.article",
                    ),
                ),
                (
                    "pinned_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "front page pin",
                "verbose_name_plural": "front page",
                "ordering": ["slot"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("slot__lte", 6)),
                        name="front_page_pin_slot_in_range",
                        violation_error_message="A front page has a lead and six "
                        "top stories: slots 0 to 6.",
                    )
                ],
            },
        ),
        migrations.RunPython(resync_roles, migrations.RunPython.noop),
    ]
