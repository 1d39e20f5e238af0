from django.urls import path

from newsfeed import views

app_name = "newsfeed"

# Every first path segment here is in articles.models.RESERVED_SLUGS.
urlpatterns = [
    path("news/", views.NewsPageView.as_view(), name="news"),
    path("news/more", views.MoreNewsView.as_view(), name="more"),
    path("news/item/<int:pk>", views.NewsItemView.as_view(), name="item"),
]
