"""robots.txt: crawl everything public, point crawlers at the sitemaps."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def robots_txt(request):
    # The newsroom, and search results (endless, thin, and already reachable
    # through the lists and sitemaps).
    disallow = [reverse("admin:index"), reverse("search")]
    sitemaps = [
        request.build_absolute_uri(reverse(name))
        for name in ("sitemap", "news-sitemap")
    ]
    text = render_to_string(
        "cms/robots.txt", {"disallow": disallow, "sitemaps": sitemaps}
    )
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
