from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("author/<slug:slug>", views.AuthorView.as_view(), name="author"),
    path("section/<slug:slug>", views.SectionView.as_view(), name="section"),
    path("tag/<slug:slug>", views.TagView.as_view(), name="tag"),
    # Flat article URLs like the real site's; must stay last.
    path("<slug:slug>", views.ArticleDetailView.as_view(), name="detail"),
]
