"""The media library in the admin: the Image list (thumbnails, search by
title, caption and credit, upload), the chooser endpoint the widgets and the
body editor ask, and `ImageChooserWidget`, which picks an Image for
`Article.hero` and `Author.photo`.

`GET /admin/articles/image/chooser/?q=<text>` answers
{"results": [{"id", "title", "caption", "credit", "alt", "thumbnail", "url",
"width", "height"}]}, newest first; `?id=<pk>` answers that one image.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.admin.mixins import CHECKED_IMAGES
from articles.images import image_size
from articles.library import (
    CHOOSER_LIMIT,
    CHOOSER_WIDTH,
    THUMBNAIL_WIDTH,
    Image,
    remove_files_on_commit,
    without_photo_prefix,
)
from articles.tasks import make_renditions_after_save


def chooser_entry(image: Image) -> dict:
    """What the chooser shows and fills in for one image."""
    return {
        "id": image.pk,
        "title": str(image),
        "caption": image.caption,
        "credit": image.credit,
        "alt": image.alt,
        "thumbnail": image.url_for(THUMBNAIL_WIDTH),
        "url": image.url_for(CHOOSER_WIDTH),
        "width": image.width,
        "height": image.height,
    }


class ImageChooserWidget(forms.Widget):
    """A hidden id with the chosen image's thumbnail, a search over the
    library and a "Remove" button (static/js/image-chooser.js). `fill` maps
    the image's caption, credit and alt to form fields the choice fills when
    they are empty."""

    template_name = "admin/articles/widgets/image_chooser.html"

    def __init__(self, fill: dict[str, str] | None = None, attrs=None):
        super().__init__(attrs)
        self.fill = fill or {}

    class Media:
        js = ["js/image-chooser.js"]
        css = {"all": ["css/image-chooser.css"]}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        image = None
        if value not in (None, ""):
            image = (
                Image.objects.filter(pk=value).first() if str(value).isdigit() else None
            )
        context["widget"].update(
            image=chooser_entry(image) if image else None,
            chooser_url=reverse("admin:articles_image_chooser"),
            add_url=reverse("admin:articles_image_add"),
            fill=" ".join(f"{key}:id_{field}" for key, field in self.fill.items()),
        )
        return context

    def _render(self, template_name, context, renderer=None):
        # The site's templates, not the form renderer's own folders.
        return mark_safe(render_to_string(template_name, context))

    def value_from_datadict(self, data, files, name):
        return data.get(name) or None


def use_image_chooser(form: forms.BaseForm, name: str, fill=None) -> None:
    """Give an admin form's Image field the chooser, keeping Django's "+"
    (upload in a popup) but not its change, delete and view links, which
    only work for a <select>."""
    field = form.fields.get(name)
    if field is None:
        return
    chooser = ImageChooserWidget(fill)
    wrapper = field.widget
    if isinstance(wrapper, RelatedFieldWidgetWrapper):
        wrapper.widget = chooser
        wrapper.can_change_related = False
        wrapper.can_delete_related = False
        wrapper.can_view_related = False
    else:
        field.widget = chooser


def fill_from_image(form: forms.BaseForm, name: str, fill: dict[str, str]) -> None:
    """When the form's Image field `name` was just chosen, fill the fields
    `fill` names (image attribute -> form field) that were left empty, as the
    chooser does in the browser; the editor's own values stay."""
    image = form.cleaned_data.get(name)
    if image is None or name not in form.changed_data:
        return
    for attribute, field in fill.items():
        if field in form.cleaned_data and not form.cleaned_data[field].strip():
            value = getattr(image, attribute)
            if attribute == "credit":
                value = without_photo_prefix(value)
            form.cleaned_data[field] = value


class AuthorPhotoForm(forms.ModelForm):
    """The author form, its photo chosen from the library."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_image_chooser(self, "photo")


class ImageForm(forms.ModelForm):
    def clean_credit(self):
        return without_photo_prefix(self.cleaned_data.get("credit", ""))


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "title", "credit", "size", "created_at"]
    list_display_links = ["thumbnail", "title"]
    list_filter = ["created_at"]
    search_fields = ["title", "caption", "credit"]
    date_hierarchy = "created_at"
    list_per_page = 50
    fields = ["file", "preview", "title", "caption", "credit", "alt", "size"]
    readonly_fields = ["preview", "size"]
    formfield_overrides = CHECKED_IMAGES

    def get_urls(self):
        chooser = self.admin_site.admin_view(self.chooser_view)
        return [
            path("chooser/", chooser, name="articles_image_chooser"),
            *super().get_urls(),
        ]

    def chooser_view(self, request):
        """The library as JSON for the choosers, newest first."""
        if not self.has_view_permission(request):
            return JsonResponse({"error": "Not allowed."}, status=403)
        images = Image.objects.all()
        if (pk := request.GET.get("id", "")).isdigit():
            images = images.filter(pk=pk)
        images = images.search(request.GET.get("q", ""))[:CHOOSER_LIMIT]
        return JsonResponse({"results": [chooser_entry(i) for i in images]})

    def save_model(self, request, obj, form, change):
        replaced = None
        if change and "file" in form.changed_data:
            replaced = Image.objects.filter(pk=obj.pk).first()
        if not change:
            obj.uploaded_by = request.user
        if "file" in form.changed_data:
            obj.width, obj.height = image_size(obj.file)
        super().save_model(request, obj, form, change)
        if "file" in form.changed_data:
            if replaced is not None:
                # The old upload and its renditions go once the save commits.
                remove_files_on_commit(replaced.stored_names())
            make_renditions_after_save(obj, "file", "renditions")

    def delete_model(self, request, obj):
        names = obj.stored_names()
        super().delete_model(request, obj)
        remove_files_on_commit(names)

    def delete_queryset(self, request, queryset):
        names = [name for image in queryset for name in image.stored_names()]
        super().delete_queryset(request, queryset)
        remove_files_on_commit(names)

    @admin.display(description="picture")
    def thumbnail(self, obj):
        return format_html(
            '<img src="{}" alt="" width="80" class="image-library__thumb">',
            obj.url_for(THUMBNAIL_WIDTH),
        )

    @admin.display(description="picture")
    def preview(self, obj):
        if not obj.pk or not obj.file:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="320">', obj.url_for(THUMBNAIL_WIDTH)
        )

    @admin.display(description="size")
    def size(self, obj):
        return f"{obj.width} × {obj.height}" if obj.width else "—"
