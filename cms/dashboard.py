"""The newsroom dashboard, the admin's home page: what needs doing, per role.

Each panel is one query (tests/test_dashboard.py pins them) and lists pieces
the person may see: editors everything, an Author only their own work (created
by them or with their byline). A panel the role has no use for is None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, F, Q, QuerySet, StringAgg, Value
from django.utils import timezone

from articles import presence, workflow
from articles.models import Article, ArticleAuthor
from articles.pending import PendingChange
from articles.review import Notification, ReviewComment
from cms import front_page, notifications
from newsfeed.models import Label, NewsItem

Status = Article.Status
PANEL_SIZE = 10
SCHEDULED_AHEAD = timedelta(hours=48)


@dataclass
class OpenPiece:
    article: Article
    who: list[presence.Opening]


@dataclass
class Dashboard:
    awaiting_review: list[Article] | None
    scheduled: list[Article]
    my_drafts: list[Article]
    recently_published: list[Article]
    open_now: list[OpenPiece]
    ticker: list[NewsItem] | None
    can_add_news: bool
    ticker_labels: list[tuple[str, str]]
    pending_changes: list[PendingChange]
    sent_back: list[ReviewComment]
    notifications: list[Notification]
    pinned: list[front_page.FrontPagePin] | None = None


def sees_everything(user) -> bool:
    return user.has_perm("articles.edit_any_article")


def own_work(user) -> Q:
    """Pieces the user created or has a byline on (a subquery: no join that
    would repeat rows under the aggregates below)."""
    bylined = ArticleAuthor.objects.filter(author__user=user).values("article_id")
    return Q(created_by=user) | Q(pk__in=bylined)


def visible_to(user) -> QuerySet[Article]:
    articles = Article.objects.all()
    return articles if sees_everything(user) else articles.filter(own_work(user))


def with_byline_names(queryset: QuerySet[Article]) -> QuerySet[Article]:
    return queryset.select_related("created_by").annotate(
        byline_names=StringAgg("bylines__author__name", delimiter=Value(", "))
    )


def awaiting_review(user) -> list[Article] | None:
    """For whoever can publish: submitted pieces, the longest waiting first."""
    if not workflow.can_publish(user):
        return None
    queryset = visible_to(user).filter(status=Status.REVIEW)
    return list(
        with_byline_names(queryset).order_by("status_changed_at", "id")[:PANEL_SIZE]
    )


def scheduled_soon(user) -> list[Article]:
    horizon = timezone.now() + SCHEDULED_AHEAD
    queryset = visible_to(user).scheduled().filter(published_at__lte=horizon)
    return list(with_byline_names(queryset).order_by("published_at")[:PANEL_SIZE])


def my_drafts(user) -> list[Article]:
    queryset = Article.objects.filter(own_work(user), status=Status.DRAFT)
    return list(queryset.order_by("-modified_at", "-id")[:PANEL_SIZE])


def sent_back(user) -> list[ReviewComment]:
    """The user's pieces sent back for changes, with the editor's comment:
    drafts whose last transition was that request (articles/workflow.py dates
    the comment with the transition; a later return to draft is not one)."""
    bylined = ArticleAuthor.objects.filter(author__user=user).values("article_id")
    requests = (
        ReviewComment.objects.filter(
            Q(article__created_by=user) | Q(article_id__in=bylined),
            kind=ReviewComment.Kind.CHANGES_REQUESTED,
            article__status=Status.DRAFT,
            created_at__gte=F("article__status_changed_at"),
        )
        .select_related("article", "author")
        .defer("article__body", "article__body_text")
        .order_by("-created_at", "-id")
    )
    return list(requests[:PANEL_SIZE])


def unread_notifications(user) -> list[Notification]:
    return notifications.unread(user, limit=PANEL_SIZE)


def pending_changes(user) -> list[PendingChange]:
    """Pieces with changes saved but not live yet (articles/pending.py), the
    latest saved first, with who saved them and when they are scheduled."""
    queryset = (
        PendingChange.objects.filter(article__in=visible_to(user))
        .select_related("article", "updated_by")
        .only(
            "updated_at",
            "publish_at",
            "article__id",
            "article__title",
            "updated_by__username",
            "updated_by__first_name",
            "updated_by__last_name",
        )
    )
    return list(queryset.order_by("-updated_at", "-id")[:PANEL_SIZE])


def recently_published(user) -> list[Article]:
    """Live pieces, newest first, with how many notes (corrections, updates,
    clarifications) each carries."""
    queryset = visible_to(user).published().annotate(notes=Count("corrections"))
    return list(queryset.order_by("-published_at", "-id")[:PANEL_SIZE])


def open_now(user) -> list[OpenPiece]:
    """Who has which piece open (articles/presence.py), among the pieces the
    user may see; the cache is read first, so no openings means no query."""
    openings = presence.open_pieces()
    if not openings:
        return []
    ids = {opening.article_id for opening in openings}
    articles = {
        article.pk: article
        for article in visible_to(user).filter(pk__in=ids).only("pk", "title")
    }
    pieces: dict[int, OpenPiece] = {}
    for opening in openings:  # most recent first
        if opening.article_id in articles:
            piece = pieces.setdefault(
                opening.article_id, OpenPiece(articles[opening.article_id], [])
            )
            piece.who.append(opening)
    return list(pieces.values())[:PANEL_SIZE]


def latest_ticker_items(user) -> list[NewsItem] | None:
    if not user.has_perm("newsfeed.view_newsitem"):
        return None
    items = NewsItem.objects.select_related("article").order_by("-published_at", "-id")
    return list(items[:PANEL_SIZE])


def front_page_pins(user) -> list[front_page.FrontPagePin] | None:
    """What is pinned to the home page and until when, for whoever may pin
    (cms/front_page.py)."""
    if not user.has_perm("cms.change_frontpagepin"):
        return None
    return front_page.pins_for_dashboard()


def build(user) -> Dashboard:
    """The panels; the notifications shown are marked read (seen once)."""
    unread = unread_notifications(user)
    notifications.mark_read(unread)
    return Dashboard(
        awaiting_review=awaiting_review(user),
        scheduled=scheduled_soon(user),
        my_drafts=my_drafts(user),
        recently_published=recently_published(user),
        open_now=open_now(user),
        ticker=latest_ticker_items(user),
        can_add_news=user.has_perm("newsfeed.add_newsitem"),
        ticker_labels=Label.choices,
        pending_changes=pending_changes(user),
        sent_back=sent_back(user),
        notifications=unread,
        pinned=front_page_pins(user),
    )
