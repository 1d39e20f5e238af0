"""The media library (Image), schema: the Image table, `Article.hero` and a
new author photo column beside the old ones, which 0006 fills and 0007
drops (renaming `photo_image` to `photo`)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

HERO_HELP = (
    "From the media library; its caption, credit and alt fill the fields below "
    "when they are empty."
)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_search"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Image",
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
                ("file", models.ImageField(upload_to="images/%Y/%m/")),
                ("title", models.CharField(blank=True, max_length=255)),
                ("caption", models.CharField(blank=True, max_length=300)),
                (
                    "credit",
                    models.CharField(
                        blank=True,
                        help_text="Who took it, without “Photo:”.",
                        max_length=200,
                    ),
                ),
                (
                    "alt",
                    models.CharField(
                        blank=True, max_length=300, verbose_name="alt text"
                    ),
                ),
                ("width", models.PositiveIntegerField(default=0, editable=False)),
                ("height", models.PositiveIntegerField(default=0, editable=False)),
                (
                    "renditions",
                    models.JSONField(blank=True, default=dict, editable=False),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "uploaded_by",
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
            options={"ordering": ["-created_at", "-id"]},
        ),
        migrations.AddIndex(
            model_name="image",
            index=models.Index(
                fields=["created_at"], name="articles_im_created_3f7deb_idx"
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="hero",
            field=models.ForeignKey(
                blank=True,
                help_text=HERO_HELP,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="articles.image",
                verbose_name="hero image",
            ),
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="hero",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text=HERO_HELP,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="articles.image",
                verbose_name="hero image",
            ),
        ),
        migrations.AddField(
            model_name="author",
            name="photo_image",
            field=models.ForeignKey(
                blank=True,
                help_text="From the media library.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="articles.image",
            ),
        ),
    ]
