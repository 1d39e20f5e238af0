from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from articles.models import Article, Author, Section


class PublishedArticlesMixin:
    """Every public view starts from the one visibility gate."""

    def get_queryset(self):
        return Article.objects.published().for_listing()


class ArticleDetailView(PublishedArticlesMixin, DetailView):
    template_name = "articles/article_detail.html"


class ArticleListByMixin(PublishedArticlesMixin, ListView):
    template_name = "articles/article_list.html"
    paginate_by = 20


class AuthorView(ArticleListByMixin):
    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(authors=self.author)


class SectionView(ArticleListByMixin):
    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)


class TagView(ArticleListByMixin):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)
