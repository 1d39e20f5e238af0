"""Autosaved drafts: what someone is typing in the article form, kept per
piece and person (a new, never-saved piece too) until they save the form.

An autosave lives in its own table. It never touches the article row, its
history, the site version (articles/versions.py) or the page cache: nothing a
reader sees depends on it. Reopening the form offers the newest autosave that
is newer than the saved piece; a successful save of the form deletes it.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from articles.models import Article

# The form's own machinery, never restored from an autosave.
NOT_KEPT = {"csrfmiddlewaretoken", "base_version", "pending_revision", "_workflow"}
KYIV = ZoneInfo("Europe/Kyiv")


class Autosave(models.Model):
    """The form data of one piece (None: a new piece) as one person left it."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # {field name: [values]}, as the browser posted the form.
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-saved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"],
                condition=Q(article__isnull=False),
                name="one_autosave_per_piece_and_user",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(article__isnull=True),
                name="one_new_piece_autosave_per_user",
            ),
        ]

    def __str__(self):
        return f"Autosave of {self.article or 'a new piece'} by {self.user}"

    @property
    def kyiv_time(self) -> str:
        """ "14:32", or "3 Nov, 14:32" when it is not from today (Kyiv time)."""
        saved = self.saved_at.astimezone(KYIV)
        if saved.date() == timezone.now().astimezone(KYIV).date():
            return saved.strftime("%H:%M")
        return f"{saved.day} {saved.strftime('%b, %H:%M')}"

    def as_querydict(self) -> QueryDict:
        data = QueryDict(mutable=True)
        for name, values in self.data.items():
            data.setlist(name, values)
        return data


def store(*, user, article: Article | None, post: QueryDict) -> Autosave:
    """Keep the posted form as `user`'s autosave of `article` (None: new)."""
    data = {
        name: post.getlist(name)
        for name in post
        if name not in NOT_KEPT and not name.startswith("_")
    }
    autosave, _ = Autosave.objects.update_or_create(
        user=user,
        article=article,
        defaults={"data": data, "saved_at": timezone.now()},
    )
    return autosave


def offered(*, user, article: Article | None) -> Autosave | None:
    """The user's autosave of the piece, if it is newer than the saved piece."""
    autosave = Autosave.objects.filter(user=user, article=article).first()
    if autosave is None:
        return None
    if article is not None and autosave.saved_at <= article.modified_at:
        return None
    return autosave


def discard(*, user, article: Article | None) -> None:
    Autosave.objects.filter(user=user, article=article).delete()


def restored_initial(form, autosave: Autosave) -> dict:
    """The autosave as initial values of `form`'s fields, each read by the
    field's own widget (split date and time, checkboxes, several choices)."""
    data = autosave.as_querydict()
    initial = {}
    for name, field in form.fields.items():
        widget = field.widget
        if name in NOT_KEPT or field.disabled:
            continue
        # A checkbox is never "omitted": unticked, it is absent and False.
        if not widget.value_omitted_from_data(data, {}, name):
            initial[name] = widget.value_from_datadict(data, {}, name)
    return initial
