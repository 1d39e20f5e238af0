"""Uploaded images, served by the app from MEDIA_ROOT (settings.SERVE_MEDIA).

Only image types are served, each with its type from the extension, so nothing
under /media/ can be read as a page; SecurityMiddleware adds `nosniff`. A busy
site lets its web server do this instead (docs/operations.md)."""

from pathlib import Path, PurePosixPath

from django.conf import settings
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.static import serve

CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
}
# Storage never reuses a name for new content (uploads get a fresh name,
# renditions are named after their source), so a file may be kept a year.
CACHE_SECONDS = 365 * 24 * 60 * 60


@require_safe
def serve_media(request, path: str):
    if not settings.SERVE_MEDIA:
        raise Http404("Media is not served by the app.")
    content_type = CONTENT_TYPES.get(PurePosixPath(path).suffix.lower())
    if content_type is None:
        raise Http404("Only images are served here.")
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        # resolve() follows links too: a link out of MEDIA_ROOT is refused.
        target = (root / path).resolve()
    except (OSError, ValueError):  # e.g. a NUL byte in the path
        raise Http404("No such file.") from None
    if not target.is_relative_to(root) or not target.is_file():
        raise Http404("No such file.")
    response = serve(request, str(target.relative_to(root)), document_root=root)
    response.headers["Content-Type"] = content_type
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS, immutable=True)
    return response
