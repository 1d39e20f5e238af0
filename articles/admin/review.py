"""The review loop in the article admin: the comment or reason that goes with
a workflow button, the review thread on the form and in history, and the two
things people do without saving the form (comment, withdraw)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from articles import review, workflow
from articles.models import Article


class ReviewFormMixin(forms.Form):
    """The change form's comment box, next to the workflow buttons: a reason
    for any of them, and required to request changes (before anything saves)."""

    workflow_comment = forms.CharField(
        label="Comment or reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        help_text="Goes with the button you press, into history. Required to "
        "request changes: it tells the author what to change.",
    )

    def clean(self):
        cleaned = super().clean()
        if (
            self.data.get("_workflow") == "request_changes"
            and not (cleaned.get("workflow_comment") or "").strip()
        ):
            self.add_error(
                "workflow_comment",
                ValidationError("Say what needs changing.", code="no_comment"),
            )
        return cleaned


class ReviewMixin:
    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (ReviewFormMixin, form), {})

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/comment/",
                view(require_POST(self.comment_view)),
                name="articles_article_comment",
            ),
            path(
                "<int:pk>/withdraw/",
                view(require_POST(self.withdraw_view)),
                name="articles_article_withdraw",
            ),
            *super().get_urls(),
        ]

    def _visible_article(self, request, pk) -> Article:
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def _thread_url(self, article) -> str:
        change = reverse("admin:articles_article_change", args=[article.pk])
        return f"{change}#review-thread"

    def comment_view(self, request, pk):
        """Anyone who may read the piece may comment on it."""
        article = self._visible_article(request, pk)
        try:
            review.add_comment(article, request.user, request.POST.get("text", ""))
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        return HttpResponseRedirect(self._thread_url(article))

    def withdraw_view(self, request, pk):
        article = self._visible_article(request, pk)
        if not workflow.is_own(request.user, article):
            raise PermissionDenied
        try:
            workflow.withdraw(
                article, request.user, reason=request.POST.get("reason", "")
            )
        except ValidationError as exc:
            self.message_user(
                request,
                f"“{article}” was not withdrawn: " + " ".join(exc.messages),
                messages.ERROR,
            )
        else:
            self.message_user(request, f"“{article}”: withdrawn from review.")
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[article.pk])
        )

    def render_change_form(self, request, context, add=False, change=False, **kw):
        obj = kw.get("obj")
        if obj is not None and obj.pk is not None:
            context.update(self.review_context(request, obj))
        return super().render_change_form(request, context, add, change, **kw)

    def history_view(self, request, object_id, extra_context=None):
        # The permission to read this piece was checked before (the history
        # mixin comes first); an unknown id is simple-history's own 404.
        article = Article.objects.filter(pk=object_id).first()
        if article is not None:
            extra_context = {
                **(extra_context or {}),
                **self.review_context(request, article, on_history=True),
            }
        return super().history_view(request, object_id, extra_context)

    def review_context(self, request, article, on_history=False) -> dict:
        return {
            "review_comments": list(
                article.review_comments.select_related("author").order_by(
                    "created_at", "id"
                )
            ),
            "review_comment_url": reverse(
                "admin:articles_article_comment", args=[article.pk]
            ),
            "review_withdraw_url": (
                None
                if on_history or not workflow.can_withdraw(request.user, article)
                else reverse("admin:articles_article_withdraw", args=[article.pk])
            ),
            "review_on_history": on_history,
        }
