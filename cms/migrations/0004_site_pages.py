"""Site pages (cms.Page), the four the footer links with starter text editors
rewrite in the admin, and the Editor role's permissions on them."""

from django.db import migrations, models

from cms.roles import sync_roles
from cms.starter_pages import create_starter_pages


def create_pages(apps, schema_editor):
    create_starter_pages(
        apps.get_model("cms", "Page"), using=schema_editor.connection.alias
    )


def resync_roles(apps, schema_editor):
    sync_roles(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_authors_do_not_see_the_ticker"),
    ]

    operations = [
        migrations.CreateModel(
            name="Page",
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
                ("title", models.CharField(max_length=200)),
                (
                    "slug",
                    models.SlugField(
                        help_text="Its address, /page/<slug>. The footer links about, contacts, editorial-policy and corrections-policy.",
                        max_length=100,
                        unique=True,
                    ),
                ),
                (
                    "body",
                    models.TextField(
                        help_text="Paragraphs, headings, lists and links, cleaned like an article's body."
                    ),
                ),
                ("modified_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "site page",
                "ordering": ["title"],
            },
        ),
        migrations.RunPython(create_pages, migrations.RunPython.noop),
        migrations.RunPython(resync_roles, migrations.RunPython.noop),
    ]
