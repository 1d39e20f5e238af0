"""Public article pages: the article itself and the lists of pieces.

The News sidebar is base.html's, through newsfeed's {% news_sidebar %} tag:
these views know nothing of the ticker (articles does not import newsfeed).
"""

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import Resolver404, resolve
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView
from taggit.models import Tag

from articles.filters import ArticleFilter
from articles.fragments import cached_for_site
from articles.models import RESERVED_SLUGS, Article, Author, Correction, Section
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
        return super().get_context_data(**kwargs)


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


def with_public_pieces(queryset, lookup: str):
    """Only those with at least one public piece: an author or tag known only
    from hidden pieces has no page (its name would give them away)."""
    public = Article.objects.published().filter(**{lookup: OuterRef("pk")})
    return queryset.filter(Exists(public))


class AuthorView(ArticleListView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(
            with_public_pieces(Author.objects.select_related("photo"), "authors"),
            slug=self.kwargs["slug"],
        )
        return super().get_queryset().filter(authors=self.author)

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
        self.tag = get_object_or_404(
            with_public_pieces(Tag.objects.all(), "tags"), slug=self.kwargs["slug"]
        )
        return super().get_queryset().filter(tags=self.tag)

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
