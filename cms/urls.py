from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Espreso. Global newsroom"
admin.site.site_title = "Espreso. Global CMS"
admin.site.index_title = "Newsroom"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("newsfeed.urls")),
    # Flat article slugs: articles' catch-all route comes last.
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
