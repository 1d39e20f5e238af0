"""Write parsed seeds to the database: articles, authors, disclaimers, tags and
news items, one transaction per file.

Re-imports are idempotent: every record has a natural key (an article its seed
file, an author their slug, a disclaimer its text, a news item its time and
headline), and a second run over the same files changes no row.

An article an editor has changed since it was imported is never overwritten:
each imported article stores a digest of the imported values, and a re-import
that finds the article's current values no longer match it leaves the article
alone and reports it as "kept (edited)".
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import (
    RESERVED_SLUGS,
    Article,
    ArticleAuthor,
    Author,
    Disclaimer,
    Kind,
    slug_base,
)
from articles.sanitize import clean_html, paragraphs_to_html
from articles.search import plain_text
from articles.slugs import ascii_slug
from articles.versions import SITE
from cms.seed_import.parser import Seed, SeedArticle
from newsfeed.models import Label, NewsItem
from newsfeed.versions import FEED

KIND_BY_BADGE = {
    "OPINION": Kind.OPINION,
    "Interview": Kind.INTERVIEW,
    "Review": Kind.REVIEW,
}
# What can go wrong writing a file: its data breaks a constraint or a check.
LOAD_ERRORS = (DatabaseError, ValidationError, ValueError)
LABEL_BY_NAME = {
    "Exclusive": Label.EXCLUSIVE,
    "Updated": Label.UPDATED,
    "Interview": Label.INTERVIEW,
    "Review": Label.REVIEW,
    "": Label.NONE,
}


@dataclass
class ImportStats:
    """What a run did, counted per record type and outcome."""

    files_imported: int = 0
    files_failed: int = 0
    files_skipped: int = 0  # not read: not a regular UTF-8 file, or too big
    counts: Counter = field(default_factory=Counter)

    def add(self, record: str, outcome: str, n: int = 1) -> None:
        if n:
            self.counts[(record, outcome)] += n

    def get(self, record: str, outcome: str) -> int:
        return self.counts[(record, outcome)]


@dataclass(frozen=True)
class ArticleValues:
    """The values an import sets on an article, in a form that can be digested."""

    fields: dict
    disclaimer_text: str
    authors: tuple[tuple[str, str, str], ...]  # (name, bio, kind)
    tags: tuple[str, ...]

    def digest(self) -> str:
        return digest_of(
            self.fields, self.disclaimer_text, [a[0] for a in self.authors], self.tags
        )


def digest_of(fields: dict, disclaimer_text: str, author_names, tags) -> str:
    payload = {
        "fields": {
            k: v.astimezone(UTC).isoformat() if isinstance(v, datetime) else v
            for k, v in sorted(fields.items())
        },
        "disclaimer": disclaimer_text,
        "authors": list(author_names),
        "tags": sorted(t.lower() for t in tags),
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def article_values(article: SeedArticle) -> ArticleValues:
    kind = KIND_BY_BADGE.get(article.badge, Kind.NEWS)
    authors = []
    if article.byline:
        authors.append((article.byline, "", Author.Kind.STAFF))
    if article.author_name:
        authors.append((article.author_name, article.author_bio, Author.Kind.COLUMNIST))
    fields = {
        "title": article.title,
        "lead": article.lead,
        "body": clean_html(paragraphs_to_html(article.paragraphs)),
        "kind": kind,
        "is_exclusive": article.badge == "Exclusive",
        "updated_at": article.published_at if article.badge == "Updated" else None,
        "source_name": article.source,
        "hero_caption": article.hero_caption,
        "status": Article.Status.PUBLISHED,
        "published_at": article.published_at,
    }
    return ArticleValues(
        fields=fields,
        disclaimer_text=article.disclaimer,
        authors=tuple(authors),
        tags=article.tags,
    )


def current_digest(article: Article) -> str:
    """The digest of what the article holds now, to compare with the import's."""
    fields = {name: getattr(article, name) for name in ARTICLE_IMPORTED_FIELDS}
    return digest_of(
        fields,
        article.disclaimer.text if article.disclaimer_id else "",
        [b.author.name for b in article.bylines.all()],
        [t.name for t in article.tags.all()],
    )


ARTICLE_IMPORTED_FIELDS = (
    "title",
    "lead",
    "body",
    "kind",
    "is_exclusive",
    "updated_at",
    "source_name",
    "hero_caption",
    "status",
    "published_at",
)


def import_ref_for(path: str) -> str:
    return Path(path).stem


class SeedLoader:
    """Loads seeds one file at a time, caching what files share (authors,
    disclaimers, news items) so a batch of files costs few queries per file."""

    def __init__(self, stats: ImportStats | None = None):
        self.stats = stats or ImportStats()
        # The history model, looked up once: simple-history's per-save signal
        # and manager cost more than the rest of a file's import together.
        self.history_model = Article.history.model
        self._reset_caches()

    def _reset_caches(self) -> None:
        self.authors: dict[str, Author] = {}
        self.disclaimers: dict[str, Disclaimer] = {}
        self.news_keys: dict[tuple, tuple[int, int | None]] = {}
        self.news_counted: set[tuple] = set()
        self.tags: dict[str, Tag] = {}
        self.preloaded = False
        self.pending = _Pending()
        # Articles of the current batch by (time, title), saved or not yet.
        self.batch_articles: dict[tuple, Article] = {}

    def _preload(self) -> None:
        """Three queries for the run instead of look-ups in every file: which
        seeds were imported, which slugs are taken, which items await a link."""
        self.import_refs = set(
            Article.objects.exclude(import_ref="").values_list("import_ref", flat=True)
        )
        self.slugs = set(Article.objects.values_list("slug", flat=True))
        self.unlinked_items = set(
            NewsItem.objects.filter(article=None).values_list(
                "published_at", "headline"
            )
        )
        self.preloaded = True

    def load(self, seed: Seed) -> None:
        """Write one seed in its own transaction; on any error nothing of it stays."""
        pending = ImportStats()
        try:
            with transaction.atomic():
                self._load_one(seed, pending)
                self._flush(pending)
        except Exception:
            # Rows created inside the rolled-back transaction are gone: forget them.
            self._reset_caches()
            raise
        self.stats.counts.update(pending.counts)
        self.stats.files_imported += 1

    def load_batch(self, seeds: list[Seed]) -> list[tuple[Seed, Exception]]:
        """Write several seeds in one transaction, the rows they share in one
        statement per table. If anything fails, roll the batch back and load
        each seed in its own transaction, so a bad file still writes nothing
        and the others import. Returns the seeds that failed on their own."""
        pending = ImportStats()
        try:
            with transaction.atomic():
                for seed in seeds:
                    self._load_one(seed, pending)
                self._flush(pending)
        except LOAD_ERRORS:
            self._reset_caches()
            failed = []
            for seed in seeds:
                try:
                    self.load(seed)
                except LOAD_ERRORS as exc:
                    failed.append((seed, exc))
            return failed
        self.stats.counts.update(pending.counts)
        self.stats.files_imported += len(seeds)
        return []

    def _load_one(self, seed: Seed, stats: ImportStats) -> None:
        article = self._load_article(seed, stats)
        self._load_feed(seed, article, stats)

    def _flush(self, stats: ImportStats) -> None:
        """Insert what _load_article and _load_feed deferred: one statement per
        table for the whole batch, articles first so the rest can point at them."""
        pending, self.pending = self.pending, _Pending()
        self.batch_articles = {}
        Article.objects.bulk_create(pending.articles)
        self.history_model.objects.bulk_create(
            self._history_row(article, updated) for article, updated in pending.history
        )
        ArticleAuthor.objects.bulk_create(pending.bylines)
        content_type = ContentType.objects.get_for_model(Article)
        TaggedItem.objects.bulk_create(
            TaggedItem(tag=tag, content_type=content_type, object_id=article.pk)
            for article, tag in pending.tags
        )
        items = list(pending.items.values())
        NewsItem.objects.bulk_create(items)
        for item in items:
            key = (item.published_at, item.headline)
            self.news_keys[key] = (item.pk, item.article_id)
            if item.article_id is None:
                self.unlinked_items.add(key)
        # News items imported in earlier batches now link to their article.
        for article in pending.links:
            linked = NewsItem.objects.filter(
                published_at=article.published_at, headline=article.title, article=None
            ).update(article=article)
            stats.add("news item", "updated", linked)
            key = (article.published_at, article.title)
            self.unlinked_items.discard(key)
            if key in self.news_keys:
                self.news_keys[key] = (self.news_keys[key][0], article.pk)
        # bulk_create and update() skip the saves that would have bumped them.
        SITE.bump()
        FEED.bump()

    # -- articles ----------------------------------------------------------

    def _load_article(self, seed: Seed, stats: ImportStats) -> Article:
        values = article_values(seed.article)
        ref = import_ref_for(seed.path)
        if not self.preloaded:
            self._preload()
        existing = None
        if ref in self.import_refs:
            existing = (
                Article.objects.select_related("disclaimer")
                .prefetch_related("bylines__author", "tags")
                .get(import_ref=ref)
            )
        new_digest = values.digest()
        if existing is not None:
            outcome = None
            if current_digest(existing) != existing.import_digest:
                outcome = "kept"
            elif existing.import_digest == new_digest:
                outcome = "unchanged"
            if outcome:
                stats.add("article", outcome)
                for spec in values.authors:
                    self._author(*spec, stats=stats)
                return existing

        disclaimer = self._disclaimer(values.disclaimer_text)
        authors = [self._author(*spec, stats=stats) for spec in values.authors]
        article = existing or Article(
            import_ref=ref, slug=self._free_slug(values.fields)
        )
        for name, value in values.fields.items():
            setattr(article, name, value)
        # Derived as Article.save() would; new pieces go in by bulk_create.
        article.body_text = plain_text(article.body)
        article.disclaimer = disclaimer
        article.import_digest = new_digest
        if article.badge != seed.article.badge:
            raise ValueError(
                f"{seed.path}: the article would show the badge {article.badge!r}, "
                f"not the seed's {seed.article.badge!r}"
            )
        key = (article.published_at, article.title)
        if existing is not None:
            article.skip_history_when_saving = True
            article.save()
            del article.skip_history_when_saving
            ArticleAuthor.objects.filter(article=article).delete()
            TaggedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(Article),
                object_id=article.pk,
            ).delete()
        else:
            self.pending.articles.append(article)
        self.pending.history.append((article, existing is not None))
        self.pending.bylines += [
            ArticleAuthor(article=article, author=author, position=n)
            for n, author in enumerate(authors)
        ]
        self.pending.tags += [(article, self._tag(name)) for name in set(values.tags)]
        self.import_refs.add(ref)
        self.slugs.add(article.slug)
        self.batch_articles[key] = article
        stats.add("article", "updated" if existing else "created")

        # A news item imported before this article now links to it.
        if key in self.unlinked_items:
            self.pending.links.append(article)
        elif key in self.pending.items and self.pending.items[key].article is None:
            self.pending.items[key].article = article
        return article

    def _free_slug(self, fields: dict) -> str:
        base = slug_base(fields["title"], fields["kind"])
        candidate, n = base, 1
        while candidate in self.slugs or candidate in RESERVED_SLUGS:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def _history_row(self, article: Article, updated: bool):
        """The history entry simple-history would write on save."""
        return self.history_model(
            history_date=timezone.now(),
            history_change_reason="Updated from its seed file"
            if updated
            else "Imported from a seed file",
            history_type="~" if updated else "+",
            **{
                field.attname: getattr(article, field.attname)
                for field in self.history_model.tracked_fields
            },
        )

    def _tag(self, name: str) -> Tag:
        key = name.lower()  # TAGGIT_CASE_INSENSITIVE: "NATO" is "nato"
        tag = self.tags.get(key)
        if tag is None:
            tag = Tag.objects.filter(name__iexact=name).first()
            if tag is None:
                tag = Tag.objects.create(name=name)
            self.tags[key] = tag
        return tag

    def _author(self, name: str, bio: str, kind: str, stats: ImportStats) -> Author:
        slug = ascii_slug(name, max_length=200) or "author"
        author = self.authors.get(slug)
        if author is None:
            author = Author.objects.filter(slug=slug).first()
        if author is None:
            author = Author.objects.create(name=name, slug=slug, bio=bio, kind=kind)
            stats.add("author", "created")
        elif bio and not author.bio:
            # Fill a missing bio; never replace one an editor wrote.
            author.bio = bio
            author.save(update_fields=["bio"])
            stats.add("author", "updated")
        elif slug not in self.authors:
            stats.add("author", "unchanged")
        self.authors[slug] = author
        return author

    def _disclaimer(self, text: str) -> Disclaimer | None:
        if not text:
            return None
        disclaimer = self.disclaimers.get(text)
        if disclaimer is None:
            disclaimer, _ = Disclaimer.objects.get_or_create(
                text=text, defaults={"name": disclaimer_name(text)}
            )
            self.disclaimers[text] = disclaimer
        return disclaimer

    # -- news items --------------------------------------------------------

    def _load_feed(self, seed: Seed, own_article: Article, stats: ImportStats) -> None:
        entries = {(e.published_at, e.headline): e for e in seed.feed}
        unknown = [key for key in entries if key not in self.news_keys]
        if unknown:
            times = {t for t, _ in unknown}
            headlines = {h for _, h in unknown}
            for item_id, published_at, headline, article_id in NewsItem.objects.filter(
                published_at__in=times, headline__in=headlines
            ).values_list("id", "published_at", "headline", "article_id"):
                self.news_keys[(published_at, headline)] = (item_id, article_id)

        missing = [key for key in unknown if key not in self.news_keys]
        # Each distinct item is counted once per run, however many files carry it.
        existing = [
            key
            for key in entries
            if key not in self.news_counted and key not in missing
        ]
        stats.add("news item", "unchanged", len(existing))
        self.news_counted.update(entries)
        if not missing:
            return

        articles = {
            (published_at, title): pk
            for pk, published_at, title in Article.objects.filter(
                published_at__in={t for t, _ in missing},
                title__in={h for _, h in missing},
            ).values_list("id", "published_at", "title")
        }
        for key in missing:
            entry = entries[key]
            item = NewsItem(
                published_at=entry.published_at,
                headline=entry.headline,
                label=LABEL_BY_NAME[entry.label],
                image_caption=entry.image_caption,
                status=NewsItem.Status.PUBLISHED,
            )
            if key in articles:
                item.article_id = articles[key]
            elif key in self.batch_articles:  # written with this batch
                item.article = self.batch_articles[key]
            self.pending.items[key] = item
            # Known from now on, so later files in the batch do not add it again.
            self.news_keys[key] = (None, articles.get(key))
        stats.add("news item", "created", len(missing))


@dataclass
class _Pending:
    """Rows a batch writes at its end, one statement per table."""

    articles: list = field(default_factory=list)
    history: list = field(default_factory=list)  # (article, updated)
    bylines: list = field(default_factory=list)
    tags: list = field(default_factory=list)  # (article, tag)
    items: dict = field(default_factory=dict)  # (time, headline) -> NewsItem
    links: list = field(default_factory=list)  # articles awaited by old items


def disclaimer_name(text: str) -> str:
    words = text.split()
    name = " ".join(words[:6])
    return name if len(words) <= 6 else name + "…"
