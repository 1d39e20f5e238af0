"""The article admin's history pages (articles/history.py does the reading):
who saved which version when (Kyiv time) and why, each version compared side
by side with the one before or with the piece now, word by word, and a revert
that shows what it will change before it asks to confirm. Also who may read
and revert, and recording the bylines and tags a save changed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from articles import workflow
from articles.history import (
    REVERT_REASON,
    UNVERSIONED,
    WERE,
    bylines_and_tags,
    changed_summary,
    compare,
    content_names,
    field_names,
    inline_pair,
    kyiv_time,
    split_reason,
    unversioned_diffs,
    who,
    with_unversioned,
)
from articles.models import Article


class ArticleHistoryMixin:
    """simple-history's views ask `has_view_permission(request, obj)` of the
    version they show; these also ask it of the piece as it is now, so that an
    old version with other bylines gives nothing away."""

    history_list_per_page = 50

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/history/<int:history_id>/compare/",
                view(self.history_compare_view),
                name="articles_article_history_compare",
            ),
            path(
                "<int:object_id>/history/<int:history_id>/revert/",
                view(self.history_revert_view),
                name="articles_article_history_revert",
            ),
            *super().get_urls(),
        ]

    def _may_revert(self, request, article) -> bool:
        # A revert saves the piece directly (never as pending changes), so it
        # needs the right to edit it, not only to propose changes.
        return self.has_change_permission(request, article) and workflow.can_edit(
            request.user, article
        )

    def _readable_article(self, request, object_id) -> Article:
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def save_model(self, request, obj, form, change):
        request.unversioned_before = (
            bylines_and_tags(obj.pk) if change else {"authors": "", "tags": ""}
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """Record the bylines and tags a save changed in its history entry."""
        super().save_related(request, form, formsets, change)
        before = getattr(request, "unversioned_before", None)
        article = form.instance
        latest = (
            Article.history.filter(id=article.pk, version=article.version)
            .order_by("-history_id")
            .first()
        )
        if before is None or latest is None:
            return
        after = bylines_and_tags(article.pk)
        lines = []
        for name, prefix in UNVERSIONED.items():
            if after[name] != before[name]:
                lines += [prefix + after[name], WERE[name] + before[name]]
        if lines:
            reason = "\n".join(filter(None, [latest.history_change_reason, *lines]))
            Article.history.filter(history_id=latest.history_id).update(
                history_change_reason=reason
            )

    def history_view(self, request, object_id, extra_context=None):
        article = Article.objects.filter(pk=object_id).first()
        if article is not None and not self.has_view_permission(request, article):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        """Each entry's changes as readable text: body as text, related rows
        by name, times in Kyiv time (the list shows them; compare has all)."""
        records = list(historical_records)
        if records:
            # The entry before this page's last one, so that one shows its diff.
            before = (
                Article.history.filter(
                    id=records[-1].id, history_id__lt=records[-1].history_id
                )
                .order_by("-history_id")
                .first()
            )
            records_and_before = [*records, before] if before else records
        else:
            records_and_before = records
        if records:
            everything = list(
                Article.history.filter(id=records[0].id).only(
                    "history_id", "history_change_reason"
                )
            )
            with_unversioned(everything)
            known = {r.history_id: r for r in everything}
            for record in records:
                entry = known[record.history_id]
                record.why = entry.why
                record.unversioned = entry.unversioned
                record.unversioned_before = entry.unversioned_before
        for newer, older in zip(records, records_and_before[1:], strict=False):
            newer.readable_changes = changed_summary(older, newer) + [
                {"label": row.label, "diff": inline_pair(newer, row.name)}
                for row in unversioned_diffs(
                    newer.unversioned_before, newer.unversioned
                )
                if row.changed
            ]
        for record in records:
            record.kyiv_time = kyiv_time(record.history_date)
            record.saved_by = who(record)

    def history_compare_view(self, request, object_id, history_id):
        """A version side by side with the one before, or with the piece now
        (`?with=current`)."""
        article = self._readable_article(request, object_id)
        record = get_object_or_404(
            Article.history.select_related("history_user"),
            id=article.pk,
            history_id=history_id,
        )
        with_current = request.GET.get("with") == "current"
        if with_current:
            old, new, other = record, article, None
        else:
            other = (
                Article.history.filter(id=article.pk, history_id__lt=history_id)
                .select_related("history_user")
                .order_by("-history_id")
                .first()
            )
            old, new = other, record
        everything = list(
            Article.history.filter(id=article.pk).only(
                "history_id", "history_change_reason"
            )
        )
        with_unversioned(everything)
        known = {r.history_id: r for r in everything}
        for entry in (record, other):
            if entry is not None:
                entry.why = known[entry.history_id].why
        rows = []
        if old is not None:
            rows = compare(old, new, field_names()) + unversioned_diffs(
                *self._unversioned_sides(record, known, with_current)
            )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare versions: {article}",
            "opts": self.opts,
            "original": article,
            "record": record,
            "other": other,
            "with_current": with_current,
            "changed_rows": [row for row in rows if row.changed],
            "unchanged": [row.label for row in rows if not row.changed],
            "can_revert": self._may_revert(request, article),
        }
        for entry in (record, other):
            if entry is not None:
                entry.kyiv_time = kyiv_time(entry.history_date)
                entry.saved_by = who(entry)
        return TemplateResponse(
            request, "admin/articles/article/history_compare.html", context
        )

    def _unversioned_sides(self, record, known, with_current):
        """Bylines and tags on each side of a comparison, as far as known."""
        entry = known[record.history_id]
        if with_current:
            return entry.unversioned, bylines_and_tags(record.id)
        return entry.unversioned_before, entry.unversioned

    def history_revert_view(self, request, object_id, history_id):
        """What reverting to a version would change; a POST confirms it."""
        article = self._readable_article(request, object_id)
        record = get_object_or_404(
            Article.history.select_related("history_user"),
            id=article.pk,
            history_id=history_id,
        )
        may_revert = self._may_revert(request, article)
        if request.method == "POST":
            if not may_revert:
                raise PermissionDenied
            done = self._revert(request, article, record)
            if done:
                self.message_user(
                    request,
                    f"“{article}” is back to version {record.version}, "
                    f"saved as version {article.version}.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:articles_article_change", args=[article.pk])
                )
            article.refresh_from_db()
        rows = compare(article, record, content_names())
        record.why, _, _ = split_reason(record.history_change_reason)
        record.kyiv_time = kyiv_time(record.history_date)
        record.saved_by = who(record)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Revert “{article}” to version {record.version}?",
            "opts": self.opts,
            "original": article,
            "record": record,
            "changed_rows": [row for row in rows if row.changed],
            "may_revert": may_revert,
        }
        return TemplateResponse(
            request, "admin/articles/article/history_revert.html", context
        )

    def _revert(self, request, article, record) -> bool:
        """Save the version's content on top of the version the editor saw,
        keeping workflow state; False if someone saved meanwhile."""
        try:
            seen = int(request.POST.get("base_version"))
        except (TypeError, ValueError):
            seen = None
        if seen != article.version:
            self.message_user(
                request,
                "Not reverted: someone saved this piece after you opened this "
                "page. Here is what reverting would change now.",
                messages.ERROR,
            )
            return False
        for name in content_names():
            field = Article._meta.get_field(name)
            setattr(article, field.attname, getattr(record, field.attname))
        article._history_user = request.user
        article._change_reason = REVERT_REASON
        try:
            with transaction.atomic():
                article.save()  # bumps the version and the site's caches
                self.log_change(
                    request, article, f"Reverted to version {record.version}"
                )
        except Article.NotUpdated:
            self.message_user(
                request,
                "Not reverted: someone saved this piece meanwhile. Here is what "
                "reverting would change now.",
                messages.ERROR,
            )
            return False
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A past version is read here; reverting goes through
        # history_revert_view, which shows what will change first.
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        if request.method == "POST":
            return HttpResponseRedirect(
                reverse(
                    "admin:articles_article_history_revert",
                    args=[article.pk, version_id],
                )
            )
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        # simple-history's own revert form saves without showing the change.
        return True
