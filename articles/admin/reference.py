"""Reference data pieces are made of: authors (bylines), disclaimers,
sections and tags; and the list of correction notes."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from taggit.admin import TagAdmin
from taggit.models import Tag

from articles.admin.library import AuthorPhotoForm
from articles.admin.mixins import HiddenUnlessEditableMixin
from articles.admin.versions import ContentVersionAdminMixin
from articles.library import THUMBNAIL_WIDTH
from articles.models import Author, Correction, Disclaimer, Section, validate_tag_name
from articles.versions import SITE


@admin.register(Correction)
class CorrectionAdmin(ContentVersionAdminMixin):
    list_display = ["article", "kind", "created_at", "created_by"]
    list_filter = ["kind", "created_at"]
    search_fields = ["text", "article__title"]
    list_select_related = ["article", "created_by"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # added on the article's page, through the workflow


@admin.register(Author)
class AuthorAdmin(HiddenUnlessEditableMixin, ContentVersionAdminMixin):
    list_display = ["name", "kind", "photo_thumbnail", "user"]
    list_filter = ["kind"]
    form = AuthorPhotoForm
    list_select_related = ["photo", "user"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}

    def get_readonly_fields(self, request, obj=None):
        # Linking an account to a byline decides whose pieces it may edit:
        # that is managing people, a Chief editor's job.
        if request.user.has_perm("auth.change_user"):
            return []
        return ["user"]

    def get_autocomplete_fields(self, request):
        return ["user"] if request.user.has_perm("auth.change_user") else []

    @admin.display(description="photo")
    def photo_thumbnail(self, obj):
        if not obj.photo:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="40" height="40">',
            obj.photo.url_for(THUMBNAIL_WIDTH),
        )


@admin.register(Disclaimer)
class DisclaimerAdmin(HiddenUnlessEditableMixin, ContentVersionAdminMixin):
    list_display = ["name", "default_for_kind", "text"]
    list_filter = ["default_for_kind"]
    search_fields = ["name", "text"]


@admin.register(Section)
class SectionAdmin(HiddenUnlessEditableMixin, ContentVersionAdminMixin):
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
class NewsroomTagAdmin(ContentVersionAdminMixin, TagAdmin):
    """taggit's tag admin with ASCII slugs made on the server: Django's JS
    prefill would transliterate Ukrainian its own way."""

    form = TagAdminForm
    prepopulated_fields = {}

    def merge_tags_view(self, request):
        response = super().merge_tags_view(request)
        if request.method == "POST":
            SITE.bump()  # taggit re-points the items with saves of its own
        return response
