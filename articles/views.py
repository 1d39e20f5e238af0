"""Public article pages: the article itself and the lists of pieces.

The News sidebar is base.html's, through newsfeed's {% news_sidebar %} tag:
these views know nothing of the ticker (articles does not import newsfeed).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.views.generic import DetailView, ListView
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


class OwnPieces:
    """One author's or tag's public pieces, from `candidate_ids` (a queryset
    of article ids from its byline or tag rows). Two queries whatever the
    archive's size: its rows counted up to FEW_PIECES + 1, then either the
    states of those (at most FEW_PIECES) pieces, or whether any is public."""

    def __init__(self, candidate_ids, related: Exists):
        self.related = related
        self.few = candidate_ids.order_by()[: FEW_PIECES + 1].count() <= FEW_PIECES
        if not self.few:
            self.public_ids = []
            self.any_public = Article.objects.published().filter(related).exists()
            return
        rows = Article.objects.filter(pk__in=candidate_ids).values_list(
            "pk", "status", "published_at"
        )
        # published()'s rule, checked on the rows read, so the list below
        # offers the database no publish-time index to walk.
        now = timezone.now()
        self.public_ids = [
            pk for pk, status, at in rows if Article.public_state(status, at, now)
        ]
        self.any_public = bool(self.public_ids)

    def queryset(self, published):
        """The list: by id when few, else `published` (every public piece,
        newest first) narrowed by the relation, checked for each piece walked
        by its own index: a join let PostgreSQL hash every piece with a busy
        tag (taggit's object ids are cast for it), 0.5 to 1 s at 100k."""
        if self.few:
            return Article.objects.filter(pk__in=self.public_ids).for_listing()
        return published.filter(self.related)


class AuthorView(ArticleListView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(
            Author.objects.select_related("photo"), slug=self.kwargs["slug"]
        )
        bylines = ArticleAuthor.objects.filter(author=self.author)
        own = OwnPieces(
            bylines.values("article_id"),
            Exists(bylines.filter(article=OuterRef("pk"))),
        )
        if not own.any_public:  # its name would give hidden pieces away
            raise Http404("No such author.")
        return own.queryset(super().get_queryset())

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
        own = OwnPieces(
            TaggedItem.objects.filter(tag=self.tag).values("object_id"),
            Exists(
                TaggedItem.objects.filter(
                    content_type=ContentType.objects.get_for_model(Article),
                    object_id=OuterRef("pk"),
                    tag=self.tag,
                )
            ),
        )
        if not own.any_public:  # its name would give hidden pieces away
            raise Http404("No such tag.")
        return own.queryset(super().get_queryset())

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
