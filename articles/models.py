"""Editorial content: articles and the people, disclaimers and sections they use."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from articles.body import render_body
from articles.library import Image
from articles.links import cached_reverse
from articles.sanitize import clean_html
from articles.search import full_text, plain_text
from articles.slugs import ascii_slug
from articles.versions import SITE

# Paths the site uses for its own pages. Article URLs are flat (/<slug>), so no
# article may take one of these as its slug. (Paths with a dot, such as
# robots.txt, cannot collide: slugs have no dots.)
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "api",
        "atom",
        "author",
        "authors",
        "corrections",
        "exclusive",
        "feed",
        "interview",
        "interviews",
        "media",
        "news",
        "opinion",
        "page",
        "preview",
        "review",
        "reviews",
        "rss",
        "search",
        "section",
        "share",
        "static",
        "tag",
    }
)


def validate_article_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            "“%(slug)s” is a path the site uses for its own pages.",
            code="reserved_slug",
            params={"slug": value},
        )


def stamped_by(editable: bool = False) -> models.ForeignKey:
    """Who did something: a staff account, kept as empty if it is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=editable,
        related_name="+",
    )


class Kind(models.TextChoices):
    NEWS = "news", "News"
    OPINION = "opinion", "Opinion"
    INTERVIEW = "interview", "Interview"
    REVIEW = "review", "Review"


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the site navigation."
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        SITE.bump()  # in every page's navigation

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class Author(models.Model):
    class Kind(models.TextChoices):
        STAFF = "staff", "Staff journalist"
        COLUMNIST = "columnist", "Columnist / blogger"
        GUEST = "guest", "Guest"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    bio = models.TextField(blank=True)
    photo = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="From the media library.",
    )
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.STAFF)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text="The staff account that writes as this author, if any.",
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        SITE.bump()  # bylines, bios and author pages

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class Disclaimer(models.Model):
    name = models.CharField(
        max_length=100, help_text="A short name editors pick it by."
    )
    text = models.TextField(unique=True)
    default_for_kind = models.CharField(
        max_length=16,
        choices=Kind,
        blank=True,
        help_text="Filled in for new pieces of this type.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["default_for_kind"],
                condition=~Q(default_for_kind=""),
                name="one_default_disclaimer_per_kind",
                violation_error_message="Another disclaimer is already the "
                "default for this type.",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        SITE.bump()  # printed under opinion pieces


# “Read also” looks up at most this many of a piece's tags (a lookup each).
READ_ALSO_MAX_TAGS = 10
# What a card or list row shows of a piece and of its hero image (library
# images are drawn from their file, size and renditions: articles/templatetags).
IMAGE_FIELDS = ("file", "width", "height", "renditions")
LISTING_FIELDS = (
    *("title", "slug", "lead", "kind", "is_exclusive", "published_at", "updated_at"),
    *("hero", "hero_alt", *(f"hero__{f}" for f in IMAGE_FIELDS)),
)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The only visibility gate: published, and its time has come."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def scheduled(self):
        """Published for a time still to come (the other side of published())."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
        )

    def for_listing(self):
        """Everything a card or list row shows, fetched up front, and nothing
        else: a list never shows a body, whose columns cost more to fetch
        than the rest of the row."""
        return (
            self.select_related("hero")
            .only(*LISTING_FIELDS)
            .prefetch_related(card_bylines_prefetch())
        )

    def for_detail(self):
        """Everything the article page shows about the piece itself."""
        return self.select_related("section", "disclaimer", "hero").prefetch_related(
            bylines_prefetch(), "tags", "corrections"
        )

    def read_also(self, article, limit=4):
        """“Read also” for `article`, in one query whatever the site's size.

        Editors' picks first, then pieces sharing one of its tags, then the same
        section and type, the same section, the same type, and at last the
        newest: each a small LIMITed lookup on an index, glued with UNION ALL,
        so there are always `limit` pieces where the site has that many others.
        A part's `limit` first are enough: a later part is reached only when
        the earlier ones returned all they had. Picks and tags start from the
        piece's own rows (the related table; each tag's items, most recently
        tagged first) and look each piece up by id, so a rare tag costs no walk
        through the archive. Tags come from `article.tags.all()`, which the
        article page has prefetched.
        """
        visible = self.exclude(pk=article.pk)

        def shown(rows, column):
            # Each row of the piece's own list, kept if its piece is visible.
            return (
                rows.filter(Exists(visible.filter(pk=OuterRef(column))))
                .order_by("-id")
                .values(column)[:limit]
            )

        through = article.related.through.objects.filter(from_article=article.pk)
        tagged = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Article)
        )
        tag_ids = [tag.pk for tag in article.tags.all()][:READ_ALSO_MAX_TAGS]
        newest = visible.order_by("-published_at", "-id").values("pk")
        parts = [
            (0, shown(through, "to_article")),
            *((1, shown(tagged.filter(tag=tag_id), "object_id")) for tag_id in tag_ids),
        ]
        if article.section_id:
            parts += [
                (2, newest.filter(section=article.section_id, kind=article.kind)),
                (3, newest.filter(section=article.section_id)),
            ]
        parts += [(4, newest.filter(kind=article.kind)), (5, newest)]
        fields = ["id", "title", "slug", "kind", "is_exclusive", "updated_at"]
        fields += ["published_at"]
        # SQLite allows no LIMIT in a UNION's parts, but does in an IN (…)
        # inside one; each part's outer query is then a look-up by primary key.
        queries = [
            Article.objects.filter(pk__in=ids[:limit])
            .order_by()
            .only(*fields)
            .annotate(read_also_priority=models.Value(n))
            for n, ids in parts
        ]
        # In no order: the few rows are sorted here.
        rows = queries[0].union(*queries[1:], all=True).order_by()
        picked, seen = [], {article.pk}
        for row in sorted(
            rows,
            key=lambda r: (r.read_also_priority, -r.published_at.timestamp(), -r.pk),
        ):
            if row.pk not in seen:
                seen.add(row.pk)
                picked.append(row)
        return picked[:limit]

    def search(self, text: str):
        """Pieces with every word of `text` in their title, lead or body, among
        the newest matches, in no order (articles/search.py: FTS5 on SQLite, a
        stored tsvector on PostgreSQL; `ranked_ids` ranks them)."""
        return full_text(self, text)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        validators=[validate_article_slug],
        help_text="The article's URL. Made once; never changes after publishing.",
    )
    lead = models.TextField(blank=True, help_text="The one-sentence subtitle.")
    body = models.TextField(blank=True, help_text="Sanitised HTML.")
    body_text = models.TextField(
        blank=True,
        editable=False,
        help_text="The body as plain text, for search; made from it on save.",
    )
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.NEWS)
    is_exclusive = models.BooleanField("exclusive", default=False)
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    authors = models.ManyToManyField(
        Author, through="ArticleAuthor", related_name="articles", blank=True
    )
    source_name = models.CharField(max_length=200, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    disclaimer = models.ForeignKey(
        Disclaimer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    tags = TaggableManager(blank=True)
    hero = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="hero image",
        help_text="From the media library; its caption, credit and alt fill the "
        "fields below when they are empty.",
    )
    hero_caption = models.CharField(max_length=300, blank=True)
    hero_credit = models.CharField(max_length=200, blank=True)
    hero_alt = models.CharField("hero alt text", max_length=300, blank=True)
    related = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="+",
        help_text="“Read also”: chosen by editors; otherwise by shared tags.",
    )
    status = models.CharField(max_length=16, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(
        "updated",
        null=True,
        blank=True,
        help_text="The public “Updated” time, set by a correction or update.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    import_ref = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text="The seed file this piece was imported from.",
    )
    import_digest = models.CharField(max_length=64, blank=True, editable=False)
    created_by = stamped_by()
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    status_changed_by = stamped_by()

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(
        # A workflow reason or review comment can be longer than 100 characters.
        history_change_reason_field=models.TextField(null=True),
        excluded_fields=[
            "modified_at",
            "import_digest",
            "body_text",
        ],
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        indexes = [
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["kind", "status", "published_at"]),
            models.Index(fields=["is_exclusive", "status", "published_at"]),
            models.Index(fields=["section", "status", "published_at"]),
            models.Index(fields=["title", "published_at"]),
        ]
        permissions = [
            ("publish_article", "Can publish, schedule and unpublish pieces"),
            ("edit_any_article", "Can edit pieces by anyone, in any state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_article_has_publish_time",
                violation_error_message="A published piece needs a publish time.",
            ),
            models.UniqueConstraint(
                fields=["import_ref"],
                condition=~Q(import_ref=""),
                name="unique_article_import_ref",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Derive the slug and clean the body; refuse a stale save.

        Every save of an existing piece bumps `version`, and the UPDATE only
        matches the row if nobody saved since this instance's version was read:
        otherwise Article.NotUpdated is raised and nothing is written.
        """
        if not self.slug:
            self.slug = unique_slug(self.title, kind=self.kind, exclude_pk=self.pk)
        self.body = clean_html(self.body)
        self.body_text = plain_text(self.body)
        if self.published_at is not None:
            # Whole seconds, as the admin form shows and sends them back.
            self.published_at = self.published_at.replace(microsecond=0)
        if self._state.adding:
            super().save(*args, **kwargs)
            self.bump_site_version()
            return
        self._expected_version = self.version
        self.version += 1
        if kwargs.get("update_fields") is not None:
            derived = {"body_text"} if "body" in kwargs["update_fields"] else set()
            kwargs["update_fields"] = {*kwargs["update_fields"], *derived, "version"}
        else:
            kwargs["force_update"] = True
        try:
            super().save(*args, **kwargs)
        except self.NotUpdated:
            self.version = self._expected_version
            raise
        finally:
            self._expected_version = None
        self.bump_site_version()

    def get_absolute_url(self):
        return cached_reverse("articles:detail", slug=self.slug)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        SITE.bump()
        return result

    def bump_site_version(self) -> None:
        """Cached public pages are keyed by the site's version. Every save
        bumps it, drafts too: a save may take a piece out of published, and a
        needless bump costs one re-render per page, a missed one a stale page.
        A scheduled piece's time becomes the next due time."""
        due = self.published_at if self.status == self.Status.PUBLISHED else None
        SITE.bump(due=due)

    def _do_update(self, base_qs, *args, **kwargs):
        expected = getattr(self, "_expected_version", None)
        if expected is not None:
            base_qs = base_qs.filter(version=expected)
        return super()._do_update(base_qs, *args, **kwargs)

    @property
    def badge(self) -> str:
        """The label shown above the title, strongest first."""
        if self.kind == Kind.OPINION:
            return "OPINION"
        if self.kind in (Kind.INTERVIEW, Kind.REVIEW):
            return self.get_kind_display()
        if self.is_exclusive:
            return "Exclusive"
        if self.updated_at:
            return "Updated"
        return ""

    @property
    def body_html(self):
        """The body for templates. It was sanitised on save (clean_html), so
        this is the one place the site marks it safe. Library figures show as
        responsive pictures, embeds as click-to-load cards (articles/body.py)."""
        return mark_safe(render_body(self.body))

    @property
    def is_scheduled(self) -> bool:
        """Published for a time still to come: derived, never stored."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def state_label(self) -> str:
        """The status as people see it: "Scheduled" is its own state, and so
        is a published piece with "Pending changes" (articles/pending.py;
        known when the admin's queryset annotated `has_pending_changes`)."""
        label = "Scheduled" if self.is_scheduled else self.get_status_display()
        if self.__dict__.get("has_pending_changes"):
            return "Pending changes" if self.is_public else f"{label}, pending changes"
        return label

    @property
    def is_public(self) -> bool:
        return self.public_state(self.status, self.published_at)

    @classmethod
    def public_state(cls, status, published_at, now=None) -> bool:
        """published()'s rule, for a piece's status and publish time."""
        return (
            status == cls.Status.PUBLISHED
            and published_at is not None
            and published_at <= (now or timezone.now())
        )


class ArticleAuthor(models.Model):
    """An author's place in an article's byline."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="bylines"
    )
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author"], name="unique_author_per_article"
            )
        ]

    def __str__(self):
        return str(self.author)


def bylines_prefetch():
    """An article's bylines with their authors, in byline order."""
    return models.Prefetch(
        "bylines",
        queryset=ArticleAuthor.objects.select_related("author", "author__photo"),
    )


def card_bylines_prefetch():
    """What a card shows of a piece's bylines, in byline order, as the list
    `article.card_bylines`: each author's name, and the photo of the opinion
    strip. A list rather than `bylines.all()`, for which Django would make a
    queryset per piece, costing more than the query itself."""
    return models.Prefetch(
        "bylines",
        queryset=ArticleAuthor.objects.select_related("author", "author__photo").only(
            "article", "author__name", *(f"author__photo__{f}" for f in IMAGE_FIELDS)
        ),
        to_attr="card_bylines",
    )


def slug_base(title: str, kind: str = "") -> str:
    """The real site's form: lower-case ASCII (Ukrainian transliterated),
    opinion pieces prefixed."""
    prefix = "opinion " if kind == Kind.OPINION else ""
    return ascii_slug(prefix + title, max_length=180) or "article"


def unique_slug(title: str, kind: str = "", exclude_pk=None) -> str:
    base = slug_base(title, kind)
    others = Article.objects.exclude(pk=exclude_pk)
    # The common case, a new title, costs one indexed look-up.
    if base not in RESERVED_SLUGS and not others.filter(slug=base).exists():
        return base
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, n = base, 1
    while candidate in taken or candidate in RESERVED_SLUGS:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


# taggit's Tag.name and Tag.slug hold 100 characters; a slug made from a name
# leaves room for a "-2", "-3"… suffix.
TAG_NAME_MAX_LENGTH = 100
TAG_SLUG_BASE_LENGTH = 90


def validate_tag_name(name: str) -> None:
    """Refuse a tag that cannot have a page: too long, or nothing to make its
    ASCII slug (and so its /tag/<slug> address) from."""
    if len(name) > TAG_NAME_MAX_LENGTH:
        raise ValidationError(
            "“%(name)s…” is too long for a tag: at most %(max)d characters.",
            code="tag_too_long",
            params={"name": name[:40], "max": TAG_NAME_MAX_LENGTH},
        )
    if not ascii_slug(name):
        raise ValidationError(
            "“%(name)s” cannot be a tag: it has no letters or digits to make its "
            "web address from.",
            code="tag_without_slug",
            params={"name": name},
        )


def tag_slugify(tag, name: str, i: int | None = None) -> str:
    """taggit's Tag.slugify, as articles.apps installs it: an ASCII slug by
    the same rule as articles', numbered -2, -3… when taken."""
    validate_tag_name(name)
    slug = ascii_slug(name, max_length=TAG_SLUG_BASE_LENGTH)
    return slug if i is None else f"{slug}-{i + 1}"


class Correction(models.Model):
    """A note at the foot of a published piece: what was corrected or added."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"
        CLARIFICATION = "clarification", "Clarification"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.CORRECTION)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = stamped_by()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.article}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        SITE.bump()  # notes at the foot of the piece and on /corrections/

    @property
    def sets_updated_time(self) -> bool:
        """Corrections and updates change what the piece says; a clarification
        only explains it."""
        return self.kind in (self.Kind.CORRECTION, self.Kind.UPDATE)


class ShareLink(models.Model):
    """A signed, expiring, revocable link for an outside reviewer to preview an
    unpublished piece."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="share_links"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = stamped_by(editable=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Share link for {self.article}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


# Models of their own modules: autosaved drafts of the article form, pending
# changes to live pieces, the review loop's comments and notifications.
from articles.autosave import Autosave  # noqa: E402, F401
from articles.pending import PendingChange  # noqa: E402, F401
from articles.review import Notification, ReviewComment  # noqa: E402, F401
