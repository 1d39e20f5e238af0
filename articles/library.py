"""The media library: each picture once, as an `Image`, with its title,
caption, credit, alt text, size and renditions (articles/images.py).

Hero images (`Article.hero`), author photos (`Author.photo`) and figures in a
body (`<figure data-image="…">`, articles/body.py) all point at an Image. An
article keeps its own caption, credit and alt (`hero_caption`…), filled from
the image when it is chosen and editable for that piece.
"""

import re

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Q

from articles.images import rendition_for

PHOTO_PREFIX = re.compile(r"^\s*(?:photo|фото)\s*:\s*", re.IGNORECASE)
THUMBNAIL_WIDTH = 320
CHOOSER_WIDTH = 640
CHOOSER_LIMIT = 60


class ImageQuerySet(models.QuerySet):
    def search(self, text: str):
        """Images whose title, caption or credit holds every word of `text`."""
        for word in text.split():
            self = self.filter(
                Q(title__icontains=word)
                | Q(caption__icontains=word)
                | Q(credit__icontains=word)
            )
        return self


class Image(models.Model):
    file = models.ImageField(upload_to="images/%Y/%m/")
    title = models.CharField(max_length=255, blank=True)
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(
        max_length=200, blank=True, help_text="Who took it, without “Photo:”."
    )
    alt = models.CharField("alt text", max_length=300, blank=True)
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return self.title or self.file.name.rsplit("/", 1)[-1]

    def rendition(self, width: int) -> dict | None:
        """The rendition fit for `width` pixels with its url, else None."""
        return rendition_for(self.renditions, width)

    def url_for(self, width: int) -> str:
        """The url of the rendition fit for `width`, else of the upload."""
        chosen = self.rendition(width)
        return chosen["url"] if chosen else self.file.url

    @property
    def social_url(self) -> str:
        """The 1200×630 crop for social cards, once made; else ""."""
        social = self.renditions.get("social")
        return default_storage.url(social["name"]) if social else ""

    def stored_names(self) -> list[str]:
        """The upload and every rendition, as names in storage."""
        names = [r["name"] for r in self.renditions.values() if r.get("name")]
        return [self.file.name, *names] if self.file else names


def without_photo_prefix(credit: str) -> str:
    """The credit without a leading "Photo:": the site writes that itself."""
    return PHOTO_PREFIX.sub("", credit or "", count=1).strip()


def remove_files_on_commit(names: list[str]) -> None:
    """Delete these files from storage once the transaction commits, so a
    rolled-back change never loses a picture."""

    def remove():
        for name in names:
            default_storage.delete(name)

    if names:
        transaction.on_commit(remove)
