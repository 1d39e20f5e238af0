"""Never lose typing, and be ready before review: the article form's
autosave endpoint, the "Restore autosave" offer, and the publishing checklist
with its search and social preview (static/js/autosave.js, checklist.js).

Autosaves are kept by articles/autosave.py and never touch the article; the
checklist's rules are the workflow's own (articles/readiness.py). Restoring
one brings back its fields and its bylines, on top of the version it was typed
over: if someone saved the piece since, the offer says who and when, and the
save is refused and merged like any stale save (articles/admin/conflicts.py).
"""

import re

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from articles import autosave, readiness
from articles.conflicts import record_at
from articles.models import Article, ArticleAuthor

# The interval the form autosaves at when it has changed; a data attribute
# carries it to the script (browser tests shorten it with the setting below).
AUTOSAVE_SECONDS = 30
RESTORE_PARAM = "restore-autosave"
BYLINE_AUTHOR = re.compile(r"^bylines-(\d+)-author$")


def saved_since(request, article: Article) -> str:
    """Who saved the piece's current version and when: "Iryna Koval at
    14:32" ("you at 14:32" for the person asking), in Kyiv time."""
    record = record_at(article.pk, article.version)
    if record is None:
        return "someone else"
    user = record.history_user
    if user is None:
        who = "someone"
    elif user.pk == request.user.pk:
        who = "you"
    else:
        who = user.get_full_name() or user.get_username()
    return f"{who} at {date_format(timezone.localtime(record.history_date), 'H:i')}"


def restored_bylines(formset_class, saved: autosave.Autosave):
    """The byline formset showing the autosave's rows: a row the piece still
    has with the author, position and removal mark it had in the autosave,
    then the rows it added, as new rows. Rows someone added since stay."""
    rows = saved.byline_rows()

    class RestoredBylines(formset_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            existing = {row.pk for row in self.get_queryset()}
            self.restored = {row["id"]: row for row in rows if row["id"] in existing}
            self.initial_extra = [
                {"author": row["author"], "position": row["position"]}
                for row in rows
                if row["id"] not in existing and not row["delete"]
            ]
            self.extra = len(self.initial_extra)

        def get_form_kwargs(self, index):
            kwargs = super().get_form_kwargs(index)
            if index is not None and index < self.initial_form_count():
                row = self.restored.get(self.get_queryset()[index].pk)
                if row is not None:
                    kwargs["initial"] = {
                        "author": row["author"],
                        "position": row["position"],
                        "DELETE": row["delete"],
                    }
            return kwargs

    return RestoredBylines


def has_byline(post, user, *, adding: bool) -> bool:
    """Whether the posted form gives the piece an author. A new piece by
    someone with a byline profile gets theirs on saving (ArticleAdmin)."""
    for name in post:
        match = BYLINE_AUTHOR.match(name)
        if match and post.get(name) and not post.get(f"bylines-{match[1]}-DELETE"):
            return True
    return adding and getattr(user, "author_profile", None) is not None


class AutosaveMixin:
    """For ArticleAdmin: first in its bases, so a save clears the autosave
    whatever the other mixins did with it."""

    autosave_seconds = AUTOSAVE_SECONDS

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "autosave/",
                view(require_POST(self.autosave_view)),
                name="articles_article_autosave_new",
            ),
            path(
                "<int:pk>/autosave/",
                view(require_POST(self.autosave_view)),
                name="articles_article_autosave",
            ),
            path(
                "autosave/discard/",
                view(require_POST(self.discard_autosave_view)),
                name="articles_article_autosave_discard_new",
            ),
            path(
                "<int:pk>/autosave/discard/",
                view(require_POST(self.discard_autosave_view)),
                name="articles_article_autosave_discard",
            ),
            path(
                "readiness/",
                view(require_POST(self.readiness_view)),
                name="articles_article_readiness_new",
            ),
            path(
                "<int:pk>/readiness/",
                view(require_POST(self.readiness_view)),
                name="articles_article_readiness",
            ),
            *super().get_urls(),
        ]

    # -- the endpoints --------------------------------------------------------

    def _writable(self, request, pk) -> Article | None:
        """The piece the person may change (None: a new piece they may add);
        an Author reaches only their own (get_queryset)."""
        if pk is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        article = self.get_object(request, str(pk))
        if article is None:
            raise Http404("No such piece.")
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def autosave_view(self, request, pk=None):
        article = self._writable(request, pk)
        saved = autosave.store(user=request.user, article=article, post=request.POST)
        return JsonResponse(
            {
                "saved_at": saved.saved_at.isoformat(),
                "message": f"Autosaved at {saved.kyiv_time} Kyiv time.",
            }
        )

    def discard_autosave_view(self, request, pk=None):
        article = self._writable(request, pk)
        autosave.discard(user=request.user, article=article)
        if article is None:
            return HttpResponseRedirect(reverse("admin:articles_article_add"))
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[article.pk])
        )

    def readiness_view(self, request, pk=None):
        """The checklist and preview of the form as posted; nothing is saved."""
        if pk is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            article = Article()
        else:
            article = self.get_object(request, str(pk))
            if article is None or not self.has_view_permission(request, article):
                raise Http404("No such piece.")
        form_class = self.get_form(request, article if pk else None, change=bool(pk))
        form = form_class(request.POST, instance=article)
        form.is_valid()  # fills the instance with every field that is valid
        byline = has_byline(request.POST, request.user, adding=pk is None)
        return JsonResponse(readiness.report(request, form.instance, has_author=byline))

    # -- the form ---------------------------------------------------------------

    def _restoring(self, request, obj) -> autosave.Autosave | None:
        if request.method != "GET" or RESTORE_PARAM not in request.GET:
            return None
        if request.POST:
            # A refused save posted from the restored form (its URL keeps the
            # parameter), shown again as a GET: merged (conflicts.py) or with
            # the newer pending changes (pending.py), not restored again.
            return None
        return autosave.offered(user=request.user, article=obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        restoring = self._restoring(request, obj) if obj is not None else None
        if restoring is None:
            return form_class

        class RestoredForm(form_class):
            """Starts from the autosave rather than the saved piece, on top of
            the version it was typed over: a save made since is merged."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if not self.is_bound:
                    self.initial.update(autosave.restored_initial(self, restoring))
                    if restoring.base_version is not None:
                        self.initial["base_version"] = restoring.base_version

        return RestoredForm

    def get_formsets_with_inlines(self, request, obj=None):
        restoring = self._restoring(request, obj)
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if restoring is not None and inline.model is ArticleAuthor:
                formset = restored_bylines(formset, restoring)
            yield formset, inline

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        restoring = self._restoring(request, None)
        if restoring is not None:
            form = self.get_form(request, None, change=False)()
            initial.update(autosave.restored_initial(form, restoring))
        return initial

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            **self._form_context(request, object_id),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _form_context(self, request, object_id) -> dict:
        article = self.get_object(request, object_id) if object_id else None
        if object_id and article is None:
            return {}  # the admin answers for a missing piece itself
        args = [article.pk] if article else []
        suffix = "" if article else "_new"
        context = {
            "readiness_url": reverse(
                f"admin:articles_article_readiness{suffix}", args=args
            ),
            "disclaimer_defaults": {
                kind: {"id": disclaimer.pk, "name": str(disclaimer)}
                for kind, disclaimer in readiness.default_disclaimers().items()
            },
        }
        may_write = (
            self.has_add_permission(request)
            if article is None
            else self.has_change_permission(request, article)
        )
        if not may_write:
            return context
        context["autosave_url"] = reverse(
            f"admin:articles_article_autosave{suffix}", args=args
        )
        context["autosave_seconds"] = self.autosave_seconds
        if request.method == "GET":
            offer = autosave.offered(user=request.user, article=article)
            if offer is not None:
                context["autosave_offer"] = offer
                if article is not None and autosave.is_stale(offer, article):
                    context["autosave_older_than"] = saved_since(request, article)
                context["autosave_restored"] = RESTORE_PARAM in request.GET
                context["autosave_restore_url"] = f"?{RESTORE_PARAM}=1"
                context["autosave_discard_url"] = reverse(
                    f"admin:articles_article_autosave_discard{suffix}", args=args
                )
        return context

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        autosave.discard(user=request.user, article=obj)
        if not change:
            autosave.discard(user=request.user, article=None)
