"""The news ticker: short timestamped items, often pointing at an article."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.links import cached_reverse
from articles.models import Article
from newsfeed.versions import FEED


class Label(models.TextChoices):
    NONE = "", "None"
    EXCLUSIVE = "exclusive", "Exclusive"
    UPDATED = "updated", "Updated"
    INTERVIEW = "interview", "Interview"
    REVIEW = "review", "Review"


class NewsItemQuerySet(models.QuerySet):
    def published(self):
        """The only visibility gate: published, its time has come, and the
        article it points at (if any) is public too."""
        now = timezone.now()
        return self.filter(
            status=NewsItem.Status.PUBLISHED, published_at__lte=now
        ).filter(
            Q(article__isnull=True)
            | Q(
                article__status=Article.Status.PUBLISHED,
                article__published_at__lte=now,
            )
        )

    def for_feed(self):
        """With what the feed shows of a linked article, its title and address
        (not its body, which costs more to fetch than the item)."""
        return self.select_related("article").only(
            *("headline", "published_at", "label", "image_caption", "text"),
            *("article", "article__title", "article__slug"),
        )

    def with_page(self):
        """Items a reader can open: linked to an article, or with a brief."""
        return self.filter(Q(article__isnull=False) | ~Q(text=""))


class NewsItem(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    headline = models.CharField(max_length=300)
    published_at = models.DateTimeField(default=timezone.now)
    label = models.CharField(max_length=16, choices=Label, blank=True)
    image_caption = models.CharField(
        "picture caption",
        max_length=300,
        blank=True,
        help_text="Shown with the item's picture.",
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_items",
        help_text="When set, the item links to the article.",
    )
    text = models.TextField(
        blank=True, help_text="A short brief for items without an article."
    )
    status = models.CharField(max_length=16, choices=Status, default=Status.PUBLISHED)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        verbose_name = "news item"
        indexes = [models.Index(fields=["status", "published_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["published_at", "headline"],
                name="unique_news_item_time_headline",
                violation_error_message="There is already a news item with this "
                "headline at this time.",
            )
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        FEED.bump(due=self.published_at)  # the sidebar, every page showing it

    def get_absolute_url(self):
        """The article, else the brief; "" for an item with neither, which is
        shown as plain text and has no page."""
        if self.article_id:
            return self.article.get_absolute_url()
        if self.text.strip():
            return cached_reverse("newsfeed:item", pk=self.pk)
        return ""

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        FEED.bump()
        return result

    @property
    def title(self) -> str:
        """The headline readers see: a linked article's own title."""
        return self.article.title if self.article_id else self.headline
