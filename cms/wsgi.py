"""WSGI entry point, served by granian in production: Django's handler, with
signed-out readers' page cache hits answered before it (cms/wsgi_handler.py)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

# What django.core.wsgi.get_wsgi_application() does, with the page cache first.
django.setup(set_prefix=False)

from cms.wsgi_handler import PageCacheWSGIHandler  # noqa: E402 (needs setup)

application = PageCacheWSGIHandler()
