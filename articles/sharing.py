"""Share links for outside reviewers: signed, expiring and revocable.

The URL carries the link's id signed with the site's secret, so ids cannot be
guessed; the row says when it expires and whether it was revoked, so an
editor can end it early.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ShareLink

DEFAULT_LIFETIME = timedelta(hours=48)
SALT = "articles.share-link"


def create_share_link(
    article: Article, user, lifetime: timedelta = DEFAULT_LIFETIME
) -> ShareLink:
    return ShareLink.objects.create(
        article=article, created_by=user, expires_at=timezone.now() + lifetime
    )


def token_for(link: ShareLink) -> str:
    return signing.dumps(link.pk, salt=SALT, compress=True)


def share_url(link: ShareLink) -> str:
    return reverse("articles:share", kwargs={"token": token_for(link)})


def active_link(token: str) -> ShareLink | None:
    """The link a token names, if the signature holds and it is still active."""
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    link = ShareLink.objects.filter(pk=pk).first()
    if link is None or not link.is_active:
        return None
    return link
