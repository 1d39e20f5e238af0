from django.views.generic import DetailView

from newsfeed.models import NewsItem


class NewsItemView(DetailView):
    template_name = "newsfeed/newsitem_detail.html"

    def get_queryset(self):
        return NewsItem.objects.published().for_feed()
