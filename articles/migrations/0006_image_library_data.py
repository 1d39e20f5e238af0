"""Move hero images and author photos into the library: each stored file
becomes one Image (the article's caption, credit and alt copied to it, its
renditions kept), and every article, author and history row points at it.
Backwards puts the file names and renditions back where they were. No file
is moved, copied or deleted either way."""

from django.core.files.images import get_image_dimensions
from django.core.files.storage import default_storage
from django.db import migrations


def stored_size(name: str) -> tuple[int, int]:
    """The stored file's width and height; (0, 0) if it is missing or
    unreadable (it was checked on upload, so this is the header only)."""
    try:
        with default_storage.open(name, "rb") as stored:
            width, height = get_image_dimensions(stored, close=True)
    except OSError:
        return 0, 0
    return width or 0, height or 0


def forwards(apps, schema_editor):
    Image = apps.get_model("articles", "Image")
    Article = apps.get_model("articles", "Article")
    Author = apps.get_model("articles", "Author")
    HistoricalArticle = apps.get_model("articles", "HistoricalArticle")
    images = {}

    def image_for(name, **values):
        if name not in images:
            width, height = stored_size(name)
            images[name] = Image.objects.create(
                file=name, width=width, height=height, **values
            )
        return images[name]

    for article in Article.objects.exclude(hero_image="").order_by("pk").iterator():
        image = image_for(
            article.hero_image.name,
            title=article.title[:255],
            caption=article.hero_caption,
            credit=article.hero_credit,
            alt=article.hero_alt,
            renditions=article.hero_renditions or {},
        )
        Article.objects.filter(pk=article.pk).update(hero=image)
    for author in Author.objects.exclude(photo="").order_by("pk").iterator():
        image = image_for(
            author.photo.name,
            title=author.name[:255],
            renditions=author.photo_renditions or {},
        )
        Author.objects.filter(pk=author.pk).update(photo_image=image)
    # Earlier versions keep their picture too, so a revert brings it back.
    names = (
        HistoricalArticle.objects.exclude(hero_image="")
        .order_by("history_id")
        .values_list("hero_image", "title")
    )
    for name, title in names:
        if name not in images:
            image_for(name, title=title[:255])
    for name, image in images.items():
        HistoricalArticle.objects.filter(hero_image=name).update(hero=image)


def backwards(apps, schema_editor):
    Image = apps.get_model("articles", "Image")
    Article = apps.get_model("articles", "Article")
    Author = apps.get_model("articles", "Author")
    HistoricalArticle = apps.get_model("articles", "HistoricalArticle")
    for image in Image.objects.iterator():
        # The social crop is new; the code of before knew only widths.
        widths = {k: v for k, v in image.renditions.items() if k.isdigit()}
        Article.objects.filter(hero=image).update(
            hero_image=image.file.name, hero_renditions=widths
        )
        Author.objects.filter(photo_image=image).update(
            photo=image.file.name, photo_renditions=widths
        )
        HistoricalArticle.objects.filter(hero=image).update(hero_image=image.file.name)


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_image_library")]

    operations = [migrations.RunPython(forwards, backwards)]
