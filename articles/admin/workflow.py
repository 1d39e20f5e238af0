"""The article admin's workflow buttons and bulk actions. Both call the
functions in articles/workflow.py and nothing else changes a piece's status."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article

ACTION_PAST = {
    "submit": "submitted for review",
    "publish": "published",
    "unpublish": "unpublished",
    "to_draft": "returned to draft",
    "request_changes": "sent back for changes",
}


class WorkflowActionsMixin:
    def response_change(self, request, obj):
        action = request.POST.get("_workflow")
        if action in workflow.TRANSITIONS:
            self._run_transition(request, obj, action)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        action = request.POST.get("_workflow")
        if action in workflow.TRANSITIONS:
            self._run_transition(request, obj, action)
            change_url = reverse("admin:articles_article_change", args=[obj.pk])
            return HttpResponseRedirect(change_url)
        return super().response_add(request, obj, post_url_continue)

    def _run_transition(self, request, article, action) -> bool:
        # The comment box next to the buttons (articles/admin/review.py).
        kwargs = {"reason": request.POST.get("workflow_comment", "")}
        if action == "publish" and article.published_at:
            if article.published_at > timezone.now():
                kwargs["at"] = article.published_at
        try:
            workflow.TRANSITIONS[action](article, request.user, **kwargs)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return False
        except ValidationError as exc:
            self.message_user(
                request,
                f"“{article}” was saved but not {ACTION_PAST[action]}: "
                + " ".join(exc.messages),
                messages.ERROR,
            )
            return False
        self.message_user(request, f"“{article}”: {article._transition_label.lower()}.")
        return True

    # -- bulk actions: the same functions as the buttons ---------------------

    def _bulk(self, request, queryset, action):
        done, failed = 0, []
        for article in queryset:
            try:
                workflow.TRANSITIONS[action](article, request.user)
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                messages_text = getattr(exc, "messages", [str(exc)])
                failed.append(f"“{article}”: {' '.join(messages_text)}")
            except Article.NotUpdated:
                # Saved by someone else after the list was read; the transition
                # rolled back its own savepoint, and the others go ahead.
                failed.append(
                    f"“{article}”: someone saved it while this action ran. "
                    "Open it to check, then try again."
                )
        if done:
            self.message_user(request, f"{done} piece(s) {ACTION_PAST[action]}.")
        for line in failed:
            self.message_user(
                request, f"Not {ACTION_PAST[action]}: {line}", messages.ERROR
            )

    @admin.action(description="Submit selected pieces for review")
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description="Publish selected pieces", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish")

    @admin.action(description="Unpublish selected pieces", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, "unpublish")

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)
