from django.urls import path

from newsfeed import views

app_name = "newsfeed"

urlpatterns = [
    path("news/item/<int:pk>", views.NewsItemView.as_view(), name="item"),
]
