"""Edit conflicts in the article admin: the open form's light poll for the
piece's version, and a refused save shown as a merge (articles/conflicts.py)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache

from articles.conflicts import apply_merge_choices, find_conflict, record_at
from articles.models import Article

# How often an open change form asks for the piece's version: at least a
# minute, so under one request a minute per open form (browser tests set less).
POLL_SECONDS = 60


class EditConflictMixin:
    def get_urls(self):
        return [
            path(
                "<int:object_id>/version/",
                self.admin_site.admin_view(never_cache(self.version_view)),
                name="articles_article_version",
            ),
        ] + super().get_urls()

    def version_view(self, request, object_id):
        """The piece's version and who saved it when: what the change form's
        poll (static/js/conflict-poll.js) compares with the one it opened."""
        article = Article.objects.filter(pk=object_id).first()
        if article is None:
            raise Http404
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        record = record_at(article.pk, article.version)
        saved_by, saved_at = "", ""
        if record is not None:
            user = record.history_user
            saved_by = (
                (user.get_full_name() or user.get_username()) if user else "Someone"
            )
            saved_at = date_format(timezone.localtime(record.history_date), "H:i")
        return JsonResponse(
            {"version": article.version, "saved_by": saved_by, "saved_at": saved_at}
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "conflict_poll_seconds": getattr(
                settings, "CONFLICT_POLL_SECONDS", POLL_SECONDS
            ),
        }
        if object_id and request.method == "POST":
            request.POST = apply_merge_choices(object_id, request.POST)
            conflict = find_conflict(
                object_id, request.POST.get("base_version"), request.POST
            )
            if conflict is not None:
                return self._refuse_stale_save(
                    request, object_id, form_url, conflict, extra_context
                )
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Article.NotUpdated:
            # Someone saved between our check and our UPDATE; the transaction was
            # rolled back. Show the conflict like any other.
            conflict = find_conflict(
                object_id, request.POST.get("base_version"), request.POST
            )
            return self._refuse_stale_save(
                request, object_id, form_url, conflict, extra_context
            )

    def _refuse_stale_save(self, request, object_id, form_url, conflict, extra_context):
        """The change form filled with the merge of their save and this one."""
        who = ", ".join(conflict.changed_by)
        message = (
            f"Your changes are not saved yet: {who} saved this piece after you "
            "opened it. The form below holds both edits"
        )
        message += (
            "; choose or edit the fields you both changed, then save."
            if conflict.conflicts
            else ". Check it, then save."
        )
        self.message_user(request, message, messages.WARNING)
        request.method = "GET"
        request.merged_initial = conflict.initial
        return super().changeform_view(
            request, object_id, form_url, {**extra_context, "edit_conflict": conflict}
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        merged = getattr(request, "merged_initial", None)
        if not merged:
            return form

        class MergedForm(form):
            """Starts from the merged values rather than the piece's own."""

            def __init__(self, *args, **kwargs):
                kwargs["initial"] = {**(kwargs.get("initial") or {}), **merged}
                super().__init__(*args, **kwargs)

        return MergedForm
