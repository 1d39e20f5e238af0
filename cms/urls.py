from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles.feeds import LatestArticlesAtomFeed, LatestArticlesFeed
from cms import pages, views
from cms.media import serve_media
from cms.robots import robots_txt
from cms.sitemaps import NEWS_SITEMAPS, SITEMAPS

admin.site.site_header = "Espreso. Global newsroom"
admin.site.site_title = "Espreso. Global CMS"
admin.site.index_title = "Newsroom"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("robots.txt", robots_txt, name="robots"),
    path("rss", LatestArticlesFeed(), name="rss"),
    path("atom", LatestArticlesAtomFeed(), name="atom"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path(
        "news-sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": NEWS_SITEMAPS, "template_name": "cms/news_sitemap.xml"},
        name="news-sitemap",
    ),
    path("page/<slug:slug>", pages.PageView.as_view(), name="page"),
    path("", include("newsfeed.urls")),
    # Flat article slugs: articles' catch-all route comes last.
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media")
    )
