"""Pending changes on the article form: a save of a live piece is kept as
pending changes (articles/pending.py), the form shows them when reopened, and
the banner above it previews, publishes (now or at a time) or discards them."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from taggit.models import Tag

from articles import pending as changes
from articles import workflow
from articles.models import Article, ArticleAuthor, Correction
from articles.preview import ChangesPreviewView


def _posted_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def bylines_from(formset) -> list[int]:
    """The byline formset's authors in order, as they would be saved: an
    untouched row counts with the author it was shown with."""
    rows = []
    for n, form in enumerate(formset.forms):
        data = getattr(form, "cleaned_data", {}) or {}
        if data.get("DELETE"):
            continue
        if form.has_changed() or form.instance.pk:
            author = data.get("author") or getattr(form.instance, "author", None)
            author_id = getattr(author, "pk", None)
            position = data.get("position") or 0
        else:
            author_id = form.initial.get("author")
            position = form.initial.get("position") or 0
        if author_id is not None:
            rows.append((position, n, author_id))
    return [author_id for _, _, author_id in sorted(rows)]


class PendingChangesMixin:
    # -- the form shows the pending version ----------------------------------

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                has_pending_changes=Exists(
                    changes.PendingChange.objects.filter(article=OuterRef("pk"))
                )
            )
        )

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and obj.has_pending_changes:
            pending = changes.PendingChange.objects.filter(article=obj).first()
            if pending is not None:
                changes.overlay(obj, pending)
        return obj

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        pending = getattr(obj, "pending", None)
        if pending is None:
            return form_class
        initial = {}
        if "tags" in pending.changes:
            initial["tags"] = [Tag(name=name) for name in pending.changes["tags"]]
        if "related" in pending.changes:
            initial["related"] = pending.changes["related"]

        class PendingForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial.update(
                    {k: v for k, v in initial.items() if k in self.fields}
                )

        return PendingForm

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        pending = getattr(obj, "pending", None)
        if (
            pending is not None
            and inline.model is ArticleAuthor
            and "authors" in pending.changes
        ):
            # The pending bylines, as new rows (see ArticleAuthorInline.get_extra).
            kwargs["queryset"] = ArticleAuthor.objects.none()
            kwargs["initial"] = [
                {"author": author_id, "position": n}
                for n, author_id in enumerate(pending.changes["authors"])
            ]
        return kwargs

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id and request.method == "POST":
            posted = _posted_int(request.POST.get("pending_revision"))
            if posted is not None:
                current = (
                    changes.PendingChange.objects.filter(article=object_id)
                    .values_list("revision", flat=True)
                    .first()
                ) or 0
                if posted != current:
                    return self._refuse_stale_changes(
                        request, object_id, form_url, extra_context
                    )
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except changes.StaleChanges:
            return self._refuse_stale_changes(
                request, object_id, form_url, extra_context
            )

    def _refuse_stale_changes(self, request, object_id, form_url, extra_context):
        self.message_user(
            request,
            "Your changes were not saved: someone saved changes to this piece "
            "after you opened it. The form shows them now; re-apply yours.",
            messages.ERROR,
        )
        request.method = "GET"
        return super().changeform_view(request, object_id, form_url, extra_context)

    # -- saving a live piece keeps the changes pending ------------------------

    def save_model(self, request, obj, form, change):
        if change and getattr(request, "article_before_revert", None) is None:
            live = Article.objects.get(pk=obj.pk)
            if changes.saves_as_pending(request.user, live):
                obj._pending_save = {
                    "values": {
                        field.attname: getattr(obj, field.attname)
                        for field in changes.content_fields(form.fields)
                    },
                    "revision": _posted_int(request.POST.get("pending_revision")),
                }
                return  # the article itself is not touched
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        stash = getattr(form.instance, "_pending_save", None)
        if stash is None:
            return super().save_related(request, form, formsets, change)
        article = form.instance
        authors, notes = None, []
        for formset in formsets:
            if formset.model is ArticleAuthor:
                authors = bylines_from(formset)
                # Nothing saved: the history message lists nothing for it.
                formset.new_objects, formset.changed_objects = [], []
                formset.deleted_objects = []
            elif formset.model is Correction:
                formset.save(commit=False)
                for deleted in formset.deleted_objects:
                    deleted.delete()
                notes += [(note.kind, note.text) for note in formset.new_objects]
            else:
                self.save_formset(request, form, formset, change)
        m2m = changes.form_m2m_values(form)
        pending = changes.propose(
            article,
            request.user,
            values=stash["values"],
            tags=m2m.get("tags"),
            related=m2m.get("related"),
            authors=authors,
            notes=notes,
            revision=stash["revision"],
        )
        if pending is None and notes:
            # Nothing differs from the live piece: a note goes out at once.
            article.refresh_from_db()
            for kind, text in notes:
                workflow.add_note(article, request.user, kind, text)
            return
        article._pending_saved = pending

    def response_change(self, request, obj):
        if not hasattr(obj, "_pending_saved"):
            return super().response_change(request, obj)
        if obj._pending_saved is not None:
            self.message_user(
                request,
                f"Your changes to “{obj}” are saved as pending changes: readers "
                "still see the live version. Preview, publish or discard them "
                "above the form.",
                messages.SUCCESS,
            )
        else:
            self.message_user(request, f"“{obj}” has no changes to publish.")
        # Workflow buttons act on the live piece, never the pending version.
        obj.refresh_from_db()
        if request.POST.get("_workflow") in workflow.TRANSITIONS:
            return super().response_change(request, obj)
        if "_continue" in request.POST:
            return HttpResponseRedirect(request.path)
        return self.response_post_save_change(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A revert is a direct save: someone who may only propose changes to
        # the piece may not revert it.
        article = get_object_or_404(Article, pk=object_id)
        if request.method == "POST" and not workflow.can_edit(request.user, article):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    # -- the banner's actions ---------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/changes/preview/",
                view(ChangesPreviewView.as_view()),
                name="articles_article_preview_changes",
            ),
            path(
                "<int:pk>/changes/publish/",
                view(self.publish_changes_view),
                name="articles_article_publish_changes",
            ),
            path(
                "<int:pk>/changes/discard/",
                view(self.discard_changes_view),
                name="articles_article_discard_changes",
            ),
            *super().get_urls(),
        ]

    def _article_for(self, request, pk) -> Article:
        if request.method != "POST":
            raise PermissionDenied
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def publish_changes_view(self, request, pk):
        article = self._article_for(request, pk)
        if not workflow.can_publish(request.user):
            raise PermissionDenied("Only editors can publish changes.")
        at = None
        if request.POST.get("when") == "at":
            at = parse_local_time(request.POST.get("at", ""))
            if at is None or at <= timezone.now():
                self.message_user(
                    request,
                    "Changes not scheduled: pick a date and time still to come.",
                    messages.ERROR,
                )
                return self._back(pk)
        try:
            changes.publish_changes(article, request.user, at=at)
        except ValidationError as exc:
            self.message_user(
                request,
                "Changes not published: " + " ".join(exc.messages),
                messages.ERROR,
            )
        except Article.NotUpdated:
            self.message_user(
                request,
                "Changes not published: someone saved the piece meanwhile. Try again.",
                messages.ERROR,
            )
        else:
            if at is None:
                self.message_user(request, f"The changes to “{article}” are live.")
            else:
                when = timezone.localtime(at).strftime("%d %b %Y %H:%M")
                self.message_user(
                    request,
                    f"The changes to “{article}” are scheduled for {when}.",
                )
        return self._back(pk)

    def discard_changes_view(self, request, pk):
        article = self._article_for(request, pk)
        changes.discard_changes(article, request.user)
        self.message_user(request, f"The pending changes to “{article}” were dropped.")
        return self._back(pk)

    def _back(self, pk):
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))


def parse_local_time(value: str) -> datetime | None:
    """A `datetime-local` input's value, in the site's time zone."""
    parsed = parse_datetime(value.strip()) if value else None
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed
