"""Site pages editors keep in the admin: About, Contacts, the policies.

A small model rather than django.contrib.flatpages: the body is cleaned by the
same allowlist as article bodies (flatpages marks raw HTML safe), pages are
served by a view with the site's nav and caching, and no sites framework or
SITE_ID is needed. See docs/architecture.md.
"""

from django.db import models
from django.urls import reverse

from articles.sanitize import clean_html
from articles.versions import SITE
from cms.front_page import FrontPagePin  # noqa: F401  (the front page's pins)


class Page(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="Its address, /page/<slug>. The footer links about, contacts, "
        "editorial-policy and corrections-policy.",
    )
    body = models.TextField(
        help_text="Paragraphs, headings, lists and links, cleaned like an "
        "article's body."
    )
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = "site page"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)
        SITE.bump()  # the anonymous page cache (docs/caching.md)

    def get_absolute_url(self):
        return reverse("page", kwargs={"slug": self.slug})
