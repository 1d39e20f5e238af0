"""Autosaved drafts: what someone is typing in the article form, kept per
piece and person (a new, never-saved piece too) until they save the form.

An autosave lives in its own table. It never touches the article row, its
history, the site version (articles/versions.py) or the page cache: nothing a
reader sees depends on it. Reopening the form offers the newest autosave that
is newer than the saved piece, or that was typed over an older version than
the saved one (then with a warning, and its save goes through the edit
conflict merge, articles/conflicts.py); a successful save of the form deletes
it.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from articles.models import Article

# The form's own machinery, never restored as a field's value. The version
# the form was opened at (base_version) is kept, to restore the form on top of
# that same version.
NOT_KEPT = {"csrfmiddlewaretoken", "base_version", "pending_revision", "_workflow"}
NOT_STORED = NOT_KEPT - {"base_version"}
BYLINE = "bylines"
BYLINE_FIELD = re.compile(rf"^{BYLINE}-(\d+)-(id|author|position|DELETE)$")
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

    @property
    def base_version(self) -> int | None:
        """The version of the piece the form was opened at (None: new piece)."""
        try:
            return int(self.data.get("base_version", [""])[0])
        except (TypeError, ValueError, IndexError):
            return None

    def byline_rows(self) -> list[dict]:
        """The byline inline's rows as posted, in the form's order:
        {"id": row pk or None, "author": pk, "position": n, "delete": bool}."""
        rows: dict[int, dict] = {}
        for name, values in self.data.items():
            match = BYLINE_FIELD.match(name)
            if match and values:
                rows.setdefault(int(match[1]), {})[match[2]] = values[-1]
        kept = []
        for _, row in sorted(rows.items()):
            author = _integer(row.get("author"))
            if author is None:
                continue  # an empty row added and never filled
            kept.append(
                {
                    "id": _integer(row.get("id")),
                    "author": author,
                    "position": _integer(row.get("position")) or 0,
                    "delete": bool(row.get("DELETE")),
                }
            )
        return kept

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
        if name not in NOT_STORED and not name.startswith("_")
    }
    autosave, _ = Autosave.objects.update_or_create(
        user=user,
        article=article,
        defaults={"data": data, "saved_at": timezone.now()},
    )
    return autosave


def offered(*, user, article: Article | None) -> Autosave | None:
    """The user's autosave of the piece, if it is newer than the saved piece
    or was typed over an older version of it (see `is_stale`)."""
    autosave = Autosave.objects.filter(user=user, article=article).first()
    if autosave is None or article is None or is_stale(autosave, article):
        return autosave
    if autosave.saved_at <= article.modified_at:
        return None
    return autosave


def is_stale(autosave: Autosave, article: Article) -> bool:
    """Whether someone (another editor, or the same person in another tab)
    saved the piece after the version the autosave was typed over."""
    base = autosave.base_version
    return base is not None and base != article.version


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


def _integer(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
