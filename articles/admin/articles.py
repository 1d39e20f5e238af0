"""Articles: the form with its inlines and the editorial workflow, edit
conflicts, who else has a piece open, and the list."""

from django.contrib import admin
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.admin import SimpleHistoryAdmin

from articles import pending, presence, readiness, workflow
from articles.admin.autosave import AutosaveMixin
from articles.admin.conflicts import EditConflictMixin
from articles.admin.editor import BodyCleaningMessageMixin
from articles.admin.filters import StateFilter
from articles.admin.forms import ArticleAdminForm
from articles.admin.history import ArticleHistoryMixin
from articles.admin.pending import PendingChangesMixin
from articles.admin.review import ReviewMixin
from articles.admin.sharing import ArticleShareLinksMixin, ShareLinkInline
from articles.admin.versions import ContentVersionAdminMixin
from articles.admin.workflow import WorkflowActionsMixin
from articles.models import (
    Article,
    ArticleAuthor,
    Correction,
)

Status = Article.Status
# What a revert keeps from the piece as it is: workflow state is not content.
WORKFLOW_STATE = (
    "status",
    "published_at",
    "updated_at",
    "status_changed_at",
    "status_changed_by_id",
)
# Stamped by the workflow or the system; nobody types them.
ALWAYS_READONLY = [
    "state_with_time",
    "updated_at",
    "version",
    "created_at",
    "modified_at",
    "created_by",
    "status_changed_at",
    "status_changed_by",
    "import_ref",
]


def was_ever_published(article: Article) -> bool:
    """Asked several times per change form: one query, kept on the instance."""
    if not hasattr(article, "_was_ever_published"):
        article._was_ever_published = article.history.filter(
            status=Status.PUBLISHED
        ).exists()
    return article._was_ever_published


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 0
    autocomplete_fields = ["author"]
    fields = ["author", "position"]

    def get_extra(self, request, obj=None, **kwargs):
        # A new piece starts with the writer's own byline (see
        # ArticleAdmin.get_formset_kwargs); they can remove it.
        if obj is None and getattr(request.user, "author_profile", None):
            return 1
        proposed = getattr(obj, "pending", None)  # pending bylines: new rows
        if proposed is not None and "authors" in proposed.changes:
            return len(proposed.changes["authors"])
        return self.extra


class CorrectionInline(admin.TabularInline):
    """Notes go through workflow.add_note, which also sets the Updated time."""

    model = Correction
    extra = 0
    fields = ["kind", "text", "created_at", "created_by"]
    readonly_fields = ["created_at", "created_by"]

    def has_add_permission(self, request, obj=None):
        return (
            obj is not None
            and obj.status == Status.PUBLISHED
            and workflow.can_publish(request.user)
        )

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return workflow.can_publish(request.user)


@admin.register(Article)
class ArticleAdmin(
    AutosaveMixin,
    PendingChangesMixin,
    BodyCleaningMessageMixin,
    ArticleHistoryMixin,
    EditConflictMixin,
    WorkflowActionsMixin,
    ReviewMixin,
    ArticleShareLinksMixin,
    ContentVersionAdminMixin,
    SimpleHistoryAdmin,
):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "title",
        "badge_display",
        "authors_display",
        "state_display",
        "published_at",
        "updated_at",
        "tags_display",
    ]
    list_filter = [
        StateFilter,
        "kind",
        "is_exclusive",
        ("updated_at", admin.EmptyFieldListFilter),  # the Updated label
        "section",
        ("authors", admin.RelatedOnlyFieldListFilter),
        "published_at",
    ]
    search_fields = ["title", "lead", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "disclaimer", "related"]
    # No slug prefill: an empty slug is made on the server (ArticleAdminForm).
    prepopulated_fields = {}
    inlines = [ArticleAuthorInline, CorrectionInline, ShareLinkInline]
    actions = ["submit_selected", "publish_selected", "unpublish_selected"]
    list_per_page = 50
    history_list_display = ["status", "version"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "is_exclusive", "section"]}),
        ("Text", {"fields": ["lead", "body", "source_name", "source_url"]}),
        (
            "Hero image",
            {"fields": ["hero", "hero_caption", "hero_credit", "hero_alt"]},
        ),
        ("Footer", {"fields": ["disclaimer", "tags", "related"]}),
        (
            "Publishing",
            {
                "fields": [
                    "state_with_time",
                    "published_at",
                    "updated_at",
                    "status_changed_at",
                    "status_changed_by",
                    "base_version",
                ]
            },
        ),
        (
            "Advanced",
            {
                "classes": ["collapse"],
                "fields": [
                    "version",
                    "created_by",
                    "created_at",
                    "modified_at",
                    "import_ref",
                ],
            },
        ),
    ]

    # -- what each role sees and may do -------------------------------------

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .prefetch_related(
                "tags",
                Prefetch(
                    "bylines", queryset=ArticleAuthor.objects.select_related("author")
                ),
            )
        )
        if request.user.has_perm("articles.edit_any_article"):
            return queryset
        # Authors see their own pieces only.
        return queryset.filter(
            Q(created_by=request.user) | Q(bylines__author__user=request.user)
        ).distinct()

    def has_view_permission(self, request, obj=None):
        # Every object view asks this (the change form, history, each past
        # version, revert): Authors read only their own pieces.
        if not super().has_view_permission(request, obj):
            return False
        return (
            obj is None
            or request.user.has_perm("articles.edit_any_article")
            or workflow.is_own(request.user, obj)
        )

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        # An author may propose changes to their own published piece.
        return obj is None or pending.can_propose(request.user, obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "own_pieces_only": not request.user.has_perm("articles.edit_any_article"),
        }
        return super().changelist_view(request, extra_context)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(ALWAYS_READONLY)
        if not workflow.can_publish(request.user):
            readonly.append("published_at")
        if obj is not None and was_ever_published(obj):
            readonly.append("slug")  # its URL has been public: never change it
        return readonly

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        kind = initial.get("kind") or Article._meta.get_field("kind").default
        default = readiness.default_disclaimers().get(kind)
        if default is not None:
            initial.setdefault("disclaimer", default.pk)
        return initial

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        profile = getattr(request.user, "author_profile", None)
        if isinstance(inline, ArticleAuthorInline) and obj.pk is None and profile:
            # Shown, not compared with: a posted row equal to an initial one
            # counts as unchanged and is not saved, which lost the writer's
            # byline when a second was added (save_related adds it only alone).
            if "data" not in kwargs:
                kwargs["initial"] = [{"author": profile.pk, "position": 0}]
        return kwargs

    # -- saving, conflicts, workflow buttons ---------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A stale save is merged by EditConflictMixin (articles/admin/conflicts.py).
        extra_context = extra_context or {}
        if object_id and request.method == "GET":
            article = self.get_object(request, object_id)
            # Only people who can save count: a reader of a locked piece
            # cannot overwrite anyone.
            if article is not None and self.has_change_permission(request, article):
                extra_context["also_open"] = presence.record_and_list_others(
                    object_id, request.user
                )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            if obj.disclaimer_id is None:
                obj.disclaimer = readiness.default_disclaimers().get(obj.kind)
        else:
            current = getattr(request, "article_before_revert", None)
            if current is not None:
                # A revert restores content, never workflow state: keep those.
                for name in WORKFLOW_STATE:
                    setattr(obj, name, getattr(current, name))
                obj._change_reason = "Reverted to an earlier version"
            # Save on top of the version the editor started from; Article.save
            # refuses it if someone saved since.
            base_version = form.cleaned_data.get("base_version")
            if base_version is not None:
                obj.version = base_version
            elif current is not None:
                obj.version = current.version
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        profile = getattr(request.user, "author_profile", None)
        if not change and profile is not None and not article.bylines.exists():
            ArticleAuthor.objects.create(article=article, author=profile)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        notes = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            deleted.delete()
        for note in notes:
            if note.pk is None:
                # On the form's own instance, so that a workflow button pressed
                # with the note saves on top of the version the note made.
                workflow.add_note(form.instance, request.user, note.kind, note.text)

    def view_on_site(self, obj):
        if obj.is_public:
            return obj.get_absolute_url()
        return reverse("articles:preview", kwargs={"pk": obj.pk})

    # -- list columns ----------------------------------------------------------

    @admin.display(description="badge")
    def badge_display(self, obj):
        return obj.badge or "—"

    @admin.display(description="status", ordering="status")
    def state_display(self, obj):
        return obj.state_label

    @admin.display(description="status")
    def state_with_time(self, obj):
        """The form's status line: a scheduled piece says when it goes out."""
        if obj.pk is not None and obj.is_scheduled:
            when = date_format(timezone.localtime(obj.published_at), "j F Y, H:i")
            return f"Scheduled for {when}"
        return obj.state_label

    @admin.display(description="authors")
    def authors_display(self, obj):
        return ", ".join(b.author.name for b in obj.bylines.all()) or "—"

    @admin.display(description="tags")
    def tags_display(self, obj):
        return ", ".join(sorted(tag.name for tag in obj.tags.all())) or "—"
