from django.urls import path

from articles import preview, views
from articles.models import Kind

app_name = "articles"

# Every first path segment here is in articles.models.RESERVED_SLUGS.
urlpatterns = [
    path(
        "opinion/",
        views.TypeListView.as_view(kind=Kind.OPINION, heading="Opinion"),
        name="opinion",
    ),
    path(
        "interview/",
        views.TypeListView.as_view(kind=Kind.INTERVIEW, heading="Interview"),
        name="interview",
    ),
    path(
        "review/",
        views.TypeListView.as_view(kind=Kind.REVIEW, heading="Review"),
        name="review",
    ),
    path(
        "exclusive/",
        views.TypeListView.as_view(exclusive=True, heading="Exclusive"),
        name="exclusive",
    ),
    path(
        "news/stories/",
        views.TypeListView.as_view(kind=Kind.NEWS, heading="News stories"),
        name="news",
    ),
    path("corrections/", views.CorrectionsView.as_view(), name="corrections"),
    path("preview/<int:pk>", preview.StaffPreviewView.as_view(), name="preview"),
    path("share/<str:token>", preview.SharedPreviewView.as_view(), name="share"),
    path("author/<slug:slug>", views.AuthorView.as_view(), name="author"),
    path("section/<slug:slug>", views.SectionView.as_view(), name="section"),
    path("tag/<slug:slug>", views.TagView.as_view(), name="tag"),
    # Flat article URLs like the real site's; must stay last.
    path("<slug:slug>", views.ArticleDetailView.as_view(), name="detail"),
]
