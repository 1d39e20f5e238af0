"""The newsroom admin: articles with the editorial workflow, authors, tags,
sections, disclaimers, correction notes and share links."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin
from taggit.admin import TagAdmin
from taggit.models import Tag

from articles import presence, workflow
from articles.conflicts import find_conflict
from articles.images import CheckedImageField, refresh_renditions
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Correction,
    Disclaimer,
    Section,
    ShareLink,
    validate_tag_name,
)
from articles.sharing import DEFAULT_LIFETIME, create_share_link, share_url

Status = Article.Status
# Uploads are checked and re-encoded (articles/images.py) before they are stored.
CHECKED_IMAGES = {models.ImageField: {"form_class": CheckedImageField}}
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
    "status",
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


class ArticleAdminForm(forms.ModelForm):
    # The version the editor started from: a save on top of a newer one is
    # refused (see ArticleAdmin.changeform_view and Article.save).
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "kind",
            "is_exclusive",
            "section",
            "lead",
            "body",
            "source_name",
            "source_url",
            "hero_image",
            "hero_caption",
            "hero_credit",
            "hero_alt",
            "disclaimer",
            "tags",
            "related",
            "published_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            # Made on the server from the title when left empty: Django's JS
            # prefill would transliterate Ukrainian its own way, not by the
            # national standard the site's slugs follow (articles/slugs.py).
            self.fields["slug"].required = False
            self.fields["slug"].help_text = (
                "The article's URL. Leave it empty to make it from the title "
                "when you save; it never changes after publishing."
            )
        if self.instance.pk:
            # From the database, not the instance: the revert form's instance is
            # an old version, and reverting is saving on top of the current one.
            self.fields["base_version"].initial = (
                Article.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )

    def clean_tags(self):
        """Refuse, naming them, tags that could have no page of their own."""
        names = self.cleaned_data["tags"]
        errors = []
        for name in names:
            try:
                validate_tag_name(name)
            except ValidationError as exc:
                errors.append(exc)
        if errors:
            raise ValidationError(errors)
        return names


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 0
    autocomplete_fields = ["author"]
    fields = ["author", "position"]


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


class ShareLinkInline(admin.TabularInline):
    model = ShareLink
    extra = 0
    fields = ["link", "created_by", "created_at", "expires_at", "revoked_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="link")
    def link(self, obj):
        if not obj.is_active:
            return "expired" if obj.revoked_at is None else "revoked"
        return format_html(
            '<a href="{0}">{0}</a> · <a href="{1}">Revoke…</a>',
            share_url(obj),
            reverse("admin:articles_sharelink_revoke", args=[obj.pk]),
        )


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleAdminForm
    formfield_overrides = CHECKED_IMAGES
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "title",
        "badge_display",
        "authors_display",
        "status",
        "published_at",
        "updated_at",
        "tags_display",
    ]
    list_filter = [
        "status",
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
            {"fields": ["hero_image", "hero_caption", "hero_credit", "hero_alt"]},
        ),
        ("Footer", {"fields": ["disclaimer", "tags", "related"]}),
        (
            "Publishing",
            {
                "fields": [
                    "status",
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

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or workflow.can_edit(request.user, obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "own_pieces_only": not request.user.has_perm("articles.edit_any_article"),
        }
        return super().changelist_view(request, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history saves a revert after checking only the right to view
        # history: reverting is editing the piece as it is now, so it needs the
        # right to edit that (an Author may not revert a published piece).
        article = get_object_or_404(Article, pk=object_id)
        if request.method == "POST" and not self.has_change_permission(
            request, article
        ):
            raise PermissionDenied
        request.article_before_revert = article  # for save_model
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        current = getattr(request, "article_before_revert", obj)
        return super().revert_disabled(request, obj) or (
            current is not None and not self.has_change_permission(request, current)
        )

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
        default = Disclaimer.objects.filter(default_for_kind=kind).first()
        if default is not None:
            initial.setdefault("disclaimer", default.pk)
        return initial

    # -- saving, conflicts, workflow buttons ---------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id and request.method == "POST":
            conflict = find_conflict(
                object_id, request.POST.get("base_version"), request.POST
            )
            if conflict is not None:
                return self._refuse_stale_save(request, object_id, form_url, conflict)
        if object_id and request.method == "GET":
            article = self.get_object(request, object_id)
            # Only people who can save count: a reader of a locked piece
            # cannot overwrite anyone.
            if article is not None and self.has_change_permission(request, article):
                extra_context["also_open"] = presence.record_and_list_others(
                    object_id, request.user
                )
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Article.NotUpdated:
            # Someone saved between our check and our UPDATE; the transaction was
            # rolled back. Show the conflict like any other.
            conflict = find_conflict(
                object_id, request.POST.get("base_version"), request.POST
            )
            return self._refuse_stale_save(request, object_id, form_url, conflict)

    def _refuse_stale_save(self, request, object_id, form_url, conflict):
        """Show the current piece, what changed meanwhile, and what they typed."""
        self.message_user(
            request,
            "Your changes were not saved: someone saved this piece after you opened "
            "it. Compare below, then re-apply your text.",
            messages.ERROR,
        )
        request.method = "GET"
        return super().changeform_view(
            request, object_id, form_url, {"edit_conflict": conflict}
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            if obj.disclaimer_id is None:
                obj.disclaimer = Disclaimer.objects.filter(
                    default_for_kind=obj.kind
                ).first()
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
        if "hero_image" in form.changed_data:
            refresh_renditions(obj, "hero_image", "hero_renditions")

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
                article = Article.objects.get(pk=form.instance.pk)
                workflow.add_note(article, request.user, note.kind, note.text)

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
        kwargs = {}
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
        self.message_user(request, f"“{article}”: {article._change_reason.lower()}.")
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

    # -- share links ----------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:pk>/share/",
                self.admin_site.admin_view(self.create_share_link_view),
                name="articles_article_share",
            ),
            *super().get_urls(),
        ]

    def create_share_link_view(self, request, pk):
        if request.method != "POST":
            raise PermissionDenied
        article = get_object_or_404(Article, pk=pk)
        if not request.user.has_perm("articles.add_sharelink"):
            raise PermissionDenied
        link = create_share_link(article, request.user)
        hours = int(DEFAULT_LIFETIME.total_seconds() // 3600)
        url = request.build_absolute_uri(share_url(link))
        self.message_user(
            request,
            format_html(
                "Share link, valid for {} hours (revoke it under Share links): "
                '<a href="{}">{}</a>',
                hours,
                url,
                url,
            ),
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))

    def view_on_site(self, obj):
        if obj.is_public:
            return obj.get_absolute_url()
        return reverse("articles:preview", kwargs={"pk": obj.pk})

    # -- list columns ----------------------------------------------------------

    @admin.display(description="badge")
    def badge_display(self, obj):
        return obj.badge or "—"

    @admin.display(description="authors")
    def authors_display(self, obj):
        return ", ".join(b.author.name for b in obj.bylines.all()) or "—"

    @admin.display(description="tags")
    def tags_display(self, obj):
        return ", ".join(sorted(tag.name for tag in obj.tags.all())) or "—"


ACTION_PAST = {
    "submit": "submitted for review",
    "publish": "published",
    "unpublish": "unpublished",
    "to_draft": "returned to draft",
}


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ["article", "created_by", "created_at", "expires_at", "active"]
    list_filter = ["created_at", "expires_at"]
    search_fields = ["article__title"]
    list_select_related = ["article", "created_by"]
    readonly_fields = ["article", "created_by", "created_at"]
    fields = ["article", "created_by", "created_at", "expires_at", "revoked_at"]
    actions = ["revoke_selected"]

    def has_add_permission(self, request):
        return False  # made from the article's page

    @admin.display(boolean=True)
    def active(self, obj):
        return obj.is_active

    @admin.action(description="Revoke selected share links")
    def revoke_selected(self, request, queryset):
        count = queryset.filter(revoked_at=None).update(revoked_at=timezone.now())
        self.message_user(request, f"{count} share link(s) revoked.")

    def get_urls(self):
        return [
            path(
                "<int:pk>/revoke/",
                self.admin_site.admin_view(self.revoke_view),
                name="articles_sharelink_revoke",
            ),
            *super().get_urls(),
        ]

    def revoke_view(self, request, pk):
        """Ask, then revoke one link and go back to its article."""
        link = get_object_or_404(ShareLink.objects.select_related("article"), pk=pk)
        if not self.has_change_permission(request, link):
            raise PermissionDenied
        article_url = reverse("admin:articles_article_change", args=[link.article_id])
        if request.method == "POST":
            if link.revoked_at is None:
                link.revoked_at = timezone.now()
                link.save(update_fields=["revoked_at"])
            self.message_user(request, "The share link was revoked.")
            return HttpResponseRedirect(article_url)
        return TemplateResponse(
            request,
            "admin/articles/sharelink/revoke.html",
            {
                **self.admin_site.each_context(request),
                "title": "Revoke share link",
                "link": link,
                "article_url": article_url,
                "opts": self.opts,
            },
        )


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["article", "kind", "created_at", "created_by"]
    list_filter = ["kind", "created_at"]
    search_fields = ["text", "article__title"]
    list_select_related = ["article", "created_by"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # added on the article's page, through the workflow


class HiddenUnlessEditableMixin:
    """Authors may view these (the article form's pickers need it) but not
    change them, so the admin index does not list them for Authors."""

    def get_model_perms(self, request):
        if not self.has_change_permission(request):
            return {}
        return super().get_model_perms(request)


@admin.register(Author)
class AuthorAdmin(HiddenUnlessEditableMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "photo_thumbnail", "user"]
    list_filter = ["kind"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = CHECKED_IMAGES

    def get_readonly_fields(self, request, obj=None):
        # Linking an account to a byline decides whose pieces it may edit:
        # that is managing people, a Chief editor's job.
        if request.user.has_perm("auth.change_user"):
            return []
        return ["user"]

    def get_autocomplete_fields(self, request):
        return ["user"] if request.user.has_perm("auth.change_user") else []

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "photo" in form.changed_data:
            refresh_renditions(obj, "photo", "photo_renditions")

    @admin.display(description="photo")
    def photo_thumbnail(self, obj):
        if not obj.photo:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="40" height="40">', obj.photo.url
        )


@admin.register(Disclaimer)
class DisclaimerAdmin(HiddenUnlessEditableMixin, admin.ModelAdmin):
    list_display = ["name", "default_for_kind", "text"]
    list_filter = ["default_for_kind"]
    search_fields = ["name", "text"]


@admin.register(Section)
class SectionAdmin(HiddenUnlessEditableMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    list_filter = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class TagAdminForm(forms.ModelForm):
    # ASCII only, unlike taggit's field: the tag's page is /tag/<slug>.
    slug = forms.SlugField(
        max_length=100,
        required=False,
        help_text="The tag's URL. Leave it empty to make it from the name.",
    )

    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        validate_tag_name(name)
        return name

    def clean_slug(self):
        # Left empty: a new tag's is made on save (Tag.slugify, set up in
        # articles.apps); an existing tag keeps the one it has.
        return self.cleaned_data["slug"] or self.instance.slug


admin.site.unregister(Tag)


@admin.register(Tag)
class NewsroomTagAdmin(TagAdmin):
    """taggit's tag admin with ASCII slugs made on the server: Django's JS
    prefill would transliterate Ukrainian its own way."""

    form = TagAdminForm
    prepopulated_fields = {}
