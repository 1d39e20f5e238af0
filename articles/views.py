"""Public article pages: the article itself and the lists of pieces.

The News sidebar is base.html's, through newsfeed's {% news_sidebar %} tag:
these views know nothing of the ticker (articles does not import newsfeed).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.views.generic import DetailView, ListView
from django_filters.constants import EMPTY_VALUES
from django_filters.views import FilterView
from taggit.models import Tag, TaggedItem

from articles.cards import page_cards
from articles.filters import ArticleFilter
from articles.fragments import cached_for_site
from articles.models import (
    RESERVED_SLUGS,
    Article,
    ArticleAuthor,
    Author,
    Correction,
    Section,
)
from articles.paging import BoundedPaginator


class SiteNavMixin:
    """The header's section links, which every public page shows."""

    def get_context_data(self, **kwargs):
        kwargs["nav_sections"] = cached_for_site(
            self.request, "nav-sections", nav_links
        )
        return super().get_context_data(**kwargs)


def nav_links() -> list[dict[str, str]]:
    """The sections' names and URLs, reversed once rather than on each page."""
    return [
        {"name": section.name, "url": section.get_absolute_url()}
        for section in Section.objects.all()
    ]


class PublishedArticlesMixin(SiteNavMixin):
    """Every public view starts from the one visibility gate."""

    def get_queryset(self):
        return Article.objects.published().for_listing()


class ArticleDetailView(PublishedArticlesMixin, DetailView):
    template_name = "articles/article_detail.html"

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        if slug in RESERVED_SLUGS:
            # /opinion is no article: send the reader to /opinion/ if it exists.
            try:
                resolve(f"/{slug}/")
            except Resolver404:
                raise Http404("No such page.") from None
            return redirect(f"/{slug}/", permanent=True)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.published().for_detail()

    def get_object(self, queryset=None):
        slug = self.kwargs.get("slug")
        if queryset is not None or slug is None:  # previews find it by id
            return super().get_object(queryset)
        # A public piece with its bylines, tags and notes: fetched once per
        # change of the site (articles/fragments.py). A missing one raises
        # Http404 and is not kept.
        fetch = super().get_object
        return cached_for_site(self.request, f"article:{slug}", fetch)

    def get_context_data(self, **kwargs):
        article = self.object
        # Its ORM query costs more than the rest of the page: worked out once
        # per change of the site, for public pieces (not a draft's preview).
        read_also = (
            cached_for_site(
                self.request,
                f"read-also:{article.pk}",
                lambda: list(Article.objects.published().read_also(article)),
            )
            if article.is_public
            else list(Article.objects.published().read_also(article))
        )
        return super().get_context_data(read_also=read_also, **kwargs)


class ArticleListView(PublishedArticlesMixin, FilterView):
    """A paginated, filterable list of published pieces, newest first."""

    template_name = "articles/article_list.html"
    filterset_class = ArticleFilter
    paginate_by = 20
    paginator_class = BoundedPaginator  # counts 50 pages at most (articles/paging)
    heading = "All stories"

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        for name in self.get_hidden_filters():
            filterset.filters.pop(name)
        return filterset

    def get_hidden_filters(self):
        """Filters that would only repeat what the list already is."""
        return []

    # An author's or a tag's few public pieces, newest first (OwnPieces):
    # paged as they are, with no query, unless the reader narrows the list.
    listed_ids: tuple[int, ...] | None = None

    def list_own(self, own: OwnPieces, related: Exists):
        if own.few:
            self.listed_ids = own.public_ids
        return own.queryset(super().get_queryset(), related)

    def paginate_queryset(self, queryset, page_size):
        if self.listed_ids is not None and not self.narrowed():
            queryset = list(self.listed_ids)
        return super().paginate_queryset(queryset, page_size)

    def get_paginator(self, queryset, per_page, *args, **kwargs):
        if hasattr(queryset, "values"):
            # Counting up to the last page walks up to a thousand pieces on a
            # busy list: done once per change of the site, for this list and
            # these filters (the page number aside).
            params = sorted(
                (name, value)
                for name, values in self.request.GET.lists()
                for value in values
                if name != self.page_kwarg
            )
            name = (
                "list-count:"
                + hashlib.sha256(
                    f"{self.request.path}?{urlencode(params)}".encode()
                ).hexdigest()
            )
            kwargs["remember"] = lambda count: cached_for_site(
                self.request, name, count
            )
        return super().get_paginator(queryset, per_page, *args, **kwargs)

    def narrowed(self) -> bool:
        """Whether the reader's filters narrow the list (or, being invalid,
        empty it: the view is strict)."""
        filterset = self.filterset
        if not filterset.is_bound:
            return False
        if not filterset.is_valid():
            return True
        return any(v not in EMPTY_VALUES for v in filterset.form.cleaned_data.values())

    def get_context_data(self, **kwargs):
        kwargs.setdefault("heading", self.heading)
        context = super().get_context_data(**kwargs)
        # Each card is rendered once per change of the site (articles/cards.py).
        context["cards"] = page_cards(self.request, context["page_obj"].object_list)
        return context


class TypeListView(ArticleListView):
    """Opinion, Interview, Review, News: one kind; or the Exclusive pieces."""

    kind = ""
    exclusive = False

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.exclusive:
            queryset = queryset.filter(is_exclusive=True)
        return queryset

    def get_hidden_filters(self):
        hidden = ["kind"] if self.kind else []
        return hidden + (["label"] if self.exclusive else [])


# An author's or a tag's list starts from its own pieces when it has at most
# this many; with more, from the newest pieces, among which its own are met
# soon. SQLite plans without statistics and takes "published" for a rare
# state, so joining an author to the pieces walked every published piece to
# find a dozen: 0.8 s a page at 100k pieces (docs/benchmarks.md).
FEW_PIECES = 1000


@dataclass(frozen=True)
class OwnPieces:
    """One author's or tag's public pieces: `few` with their ids newest
    first, or too many to list by id, and whether any is public. Worked out
    in two queries whatever the archive's size, and kept once per change of
    the site for readers (articles/fragments.py)."""

    few: bool
    public_ids: tuple[int, ...]
    any_public: bool

    @classmethod
    def find(cls, candidate_ids, related: Exists) -> OwnPieces:
        """From `candidate_ids` (a queryset of article ids from its byline or
        tag rows), counted up to FEW_PIECES + 1; then either the states of
        those (at most FEW_PIECES) pieces, or whether any is public."""
        few = candidate_ids.order_by()[: FEW_PIECES + 1].count() <= FEW_PIECES
        if not few:
            any_public = Article.objects.published().filter(related).exists()
            return cls(few=False, public_ids=(), any_public=any_public)
        rows = (
            Article.objects.filter(pk__in=candidate_ids)
            .order_by("-published_at", "-pk")  # the lists' own order
            .values_list("pk", "status", "published_at")
        )
        # published()'s rule, checked on the rows read, so the query offers
        # the database no publish-time index to walk.
        now = timezone.now()
        public_ids = tuple(
            pk for pk, status, at in rows if Article.public_state(status, at, now)
        )
        return cls(few=True, public_ids=public_ids, any_public=bool(public_ids))

    def queryset(self, published, related: Exists):
        """The list: by id when few, else `published` (every public piece,
        newest first) narrowed by the relation, checked for each piece walked
        by its own index: a join let PostgreSQL hash every piece with a busy
        tag (taggit's object ids are cast for it), 0.5 to 1 s at 100k."""
        if self.few:
            return Article.objects.filter(pk__in=self.public_ids).for_listing()
        return published.filter(related)


class AuthorView(ArticleListView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(
            Author.objects.select_related("photo"), slug=self.kwargs["slug"]
        )
        bylines = ArticleAuthor.objects.filter(author=self.author)
        related = Exists(bylines.filter(article=OuterRef("pk")))
        own = cached_for_site(
            self.request,
            f"own-pieces:author:{self.author.pk}",
            lambda: OwnPieces.find(bylines.values("article_id"), related),
        )
        if not own.any_public:  # its name would give hidden pieces away
            raise Http404("No such author.")
        return self.list_own(own, related)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            author=self.author, heading=self.author.name, **kwargs
        )


class SectionView(ArticleListView):
    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.section.name,
            intro=self.section.description,
            **kwargs,
        )


class TagView(ArticleListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        # By the tag alone: with the content type too, SQLite reads every
        # tagged item through the (content type, object, tag) index. Only
        # pieces are tagged (Article.tags is the site's one TaggableManager).
        tagged = TaggedItem.objects.filter(tag=self.tag)
        related = Exists(
            tagged.filter(
                content_type=ContentType.objects.get_for_model(Article),
                object_id=OuterRef("pk"),
            )
        )
        own = cached_for_site(
            self.request,
            f"own-pieces:tag:{self.tag.pk}",
            lambda: OwnPieces.find(tagged.values("object_id"), related),
        )
        if not own.any_public:  # its name would give hidden pieces away
            raise Http404("No such tag.")
        return self.list_own(own, related)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=f"Tag: {self.tag.name}", tag=self.tag, **kwargs
        )


class CorrectionsView(SiteNavMixin, ListView):
    """Every correction, update and clarification on public pieces, newest first."""

    template_name = "articles/corrections.html"
    paginate_by = 50

    def get_queryset(self):
        return Correction.objects.filter(
            article__in=Article.objects.published()
        ).select_related("article")
