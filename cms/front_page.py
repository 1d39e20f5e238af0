"""The front page editors run: pinned slots, and what the home page shows.

Seven ordered slots: the lead story (slot 0) and six top stories (1-6). Each
holds at most one pin, a piece at most one slot, and a pin may expire. A pin
shows only while it has not expired and its piece is public
(`Article.objects.published()`); an empty or skipped slot takes the newest
public piece not pinned elsewhere. The strips below (opinion, interview,
exclusive, review) leave out every piece already on the page, and a strip
with fewer than two pieces is hidden.

The home page is kept in the anonymous page cache under the site version
(articles/versions.py): saving pins bumps it, and the next expiry is one of
its due times (`pin_expiry_due`, registered in cms.apps), so an expired pin
leaves the page on the first request after it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import Min, OuterRef, Q, Subquery, Value, prefetch_related_objects
from django.utils import timezone

from articles.models import Article, Kind, card_bylines_prefetch
from articles.versions import SITE

LEAD = 0
TOP_STORIES = 6
SLOTS = range(LEAD, TOP_STORIES + 1)
STRIP_SIZE = 4
# A strip with fewer pieces than this is hidden rather than left mostly empty.
STRIP_MINIMUM = 2


def slot_name(slot: int) -> str:
    return "Lead story" if slot == LEAD else f"Top story {slot}"


class FrontPagePin(models.Model):
    slot = models.PositiveSmallIntegerField(
        unique=True, help_text="0 is the lead story, 1-6 the top stories in order."
    )
    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="front_page_pin"
    )
    expires_at = models.DateTimeField(
        "expires", null=True, blank=True, help_text="Empty: until someone unpins it."
    )
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    pinned_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["slot"]
        verbose_name = "front page pin"
        verbose_name_plural = "front page"
        constraints = [
            models.CheckConstraint(
                condition=Q(slot__lte=TOP_STORIES),
                name="front_page_pin_slot_in_range",
                violation_error_message="A front page has a lead and six top "
                "stories: slots 0 to 6.",
            ),
        ]

    def __str__(self):
        return f"{slot_name(self.slot)}: {self.article_id}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        SITE.bump(due=self.expires_at)  # the anonymous page cache

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        SITE.bump()
        return result

    @property
    def slot_name(self) -> str:
        return slot_name(self.slot)

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (
            now or timezone.now()
        )


def live_pins(now: datetime) -> Q:
    return Q(expires_at__isnull=True) | Q(expires_at__gt=now)


def pin_expiry_due(now: datetime):
    """The next pin expiry still ahead, as a (source, due) row for the site
    version's due-time query (articles.versions.DUE_TIMES)."""
    return (
        FrontPagePin.objects.filter(expires_at__gt=now)
        .order_by()
        .values(source=Value("pins"))
        .annotate(due=Min("expires_at"))
        .values_list("source", "due")
    )


@dataclass(frozen=True)
class Slot:
    article: Article | None = None
    expires_at: datetime | None = None


def save_pins(slots: Iterable[Slot], *, user) -> None:
    """Make the pins exactly `slots` (in slot order; None or an empty slot
    unpins it), in one transaction, and bump the site version once."""
    slots = list(slots)
    if len(slots) > len(SLOTS):
        raise ValueError(f"A front page has {len(SLOTS)} slots, not {len(slots)}.")
    now = timezone.now()
    with transaction.atomic():
        FrontPagePin.objects.all().delete()
        FrontPagePin.objects.bulk_create(
            FrontPagePin(
                slot=n,
                article=slot.article,
                expires_at=slot.expires_at,
                pinned_by=user,
                pinned_at=now,
            )
            for n, slot in enumerate(slots)
            if slot.article is not None
        )
        # bulk_create and a queryset delete skip save(): bump here. Inside the
        # transaction the version is made again from the database on commit,
        # with the next expiry among its due times.
        SITE.bump(
            due=min(
                (slot.expires_at for slot in slots if slot.article and slot.expires_at),
                default=None,
            )
        )


@dataclass
class FrontPage:
    lead: Article | None = None
    top_stories: list[Article] = field(default_factory=list)
    strips: dict[str, list[Article]] = field(default_factory=dict)


# The strips in page order: (name, filter).
STRIPS = (
    ("opinion", Q(kind=Kind.OPINION)),
    ("interview", Q(kind=Kind.INTERVIEW)),
    ("exclusive", Q(is_exclusive=True)),
    ("review", Q(kind=Kind.REVIEW)),
)


def build() -> FrontPage:
    """What the home page shows, in a fixed number of queries whatever the
    pins: two for the seven top slots (live pins, then the newest),
    one per strip, one for every card's bylines."""
    now = timezone.now()
    published = Article.objects.published().select_related("section", "hero")
    # Two small reads rather than one sort of the whole archive by pin: the
    # public pieces of live pins (at most seven rows), then the newest pieces,
    # enough to fill every slot even if all seven of them are pinned.
    live = FrontPagePin.objects.filter(live_pins(now))
    pinned = list(
        published.filter(pk__in=live.values("article_id")).annotate(
            pinned_slot=Subquery(live.filter(article=OuterRef("pk")).values("slot")[:1])
        )
    )
    pinned_ids = {article.pk for article in pinned}
    newest = published.order_by("-published_at", "-id")[: 2 * len(SLOTS)]
    candidates = [*pinned, *(a for a in newest if a.pk not in pinned_ids)]
    for article in candidates[len(pinned) :]:
        article.pinned_slot = None
    top = _fill_slots(candidates)
    shown = {article.pk for article in top}
    strips = {}
    for name, condition in STRIPS:
        pieces = list(published.filter(condition).exclude(pk__in=shown)[:STRIP_SIZE])
        if len(pieces) < STRIP_MINIMUM:
            pieces = []  # hidden, so a later strip may show what it held
        shown.update(article.pk for article in pieces)
        strips[name] = pieces
    # One bylines query for every card on the page rather than one a block.
    prefetch_related_objects(
        [*top, *(article for pieces in strips.values() for article in pieces)],
        card_bylines_prefetch(),
    )
    return FrontPage(lead=top[0] if top else None, top_stories=top[1:], strips=strips)


def _fill_slots(candidates: list[Article]) -> list[Article]:
    """Pinned pieces in their own slots, the newest others in the gaps, in
    order; the list is shorter only when the site has fewer public pieces."""
    slots: list[Article | None] = [None] * len(SLOTS)
    newest = []
    for article in candidates:
        if article.pinned_slot is not None:
            slots[article.pinned_slot] = article
        else:
            newest.append(article)
    fill = iter(newest)
    return [
        article
        for article in (slot or next(fill, None) for slot in slots)
        if article is not None
    ]


def pins_for_dashboard() -> list[FrontPagePin]:
    """Every pin in slot order, each with `note` saying why it is not on the
    page ("" when it is), in one query."""
    now = timezone.now()
    pins = list(
        FrontPagePin.objects.select_related("article").only(
            "slot",
            "expires_at",
            "article__id",
            "article__title",
            "article__status",
            "article__published_at",
        )
    )
    for pin in pins:
        pin.note = shown_state(pin, now)
    return pins


def shown_state(pin: FrontPagePin, now: datetime | None = None) -> str:
    """Why a pin is not on the page, or "" when it is."""
    now = now or timezone.now()
    article = pin.article
    if pin.is_expired(now):
        return "expired"
    if article.status != Article.Status.PUBLISHED:
        return f"not shown: {article.get_status_display().lower()}"
    if article.published_at > now:
        return "not shown until it is published"
    return ""
