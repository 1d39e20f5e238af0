"""The desk's notifications on the dashboard: the person's unread list, marked
read once it has been shown. The workflow makes them, and emails them, in
articles/review.py (the articles app cannot import cms)."""

from django.utils import timezone

from articles.review import Notification


def unread(user, *, limit: int) -> list[Notification]:
    """The newest unread notifications, with their pieces' titles: one query."""
    notices = (
        Notification.objects.filter(recipient=user, read_at__isnull=True)
        .select_related("article")
        .only("kind", "message", "created_at", "article__title")
        .order_by("-created_at", "-id")
    )
    return list(notices[:limit])


def mark_read(notices: list[Notification]) -> None:
    """Seen on the dashboard: not listed again (one UPDATE, none if empty)."""
    if notices:
        Notification.objects.filter(pk__in=[notice.pk for notice in notices]).update(
            read_at=timezone.now()
        )
