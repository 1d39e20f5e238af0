"""/page/<slug>: About, Contacts and the policies (cms.models.Page)."""

from django.views.generic import DetailView

from articles.views import SiteNavMixin
from cms.models import Page


class PageView(SiteNavMixin, DetailView):
    model = Page
    template_name = "cms/page.html"
    context_object_name = "page"
