"""The ticker admin: adding an item takes seconds."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone

from articles.admin.versions import ContentVersionAdminMixin
from articles.models import Article
from newsfeed.models import Label, NewsItem
from newsfeed.versions import FEED

LABEL_BY_BADGE = {
    "Exclusive": Label.EXCLUSIVE,
    "Updated": Label.UPDATED,
    "Interview": Label.INTERVIEW,
    "Review": Label.REVIEW,
}


class NewsItemForm(forms.ModelForm):
    class Meta:
        model = NewsItem
        fields = [
            "published_at",
            "label",
            "article",
            "headline",
            "image_caption",
            "text",
            "status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Absent when the admin shows the item read-only (view permission only).
        if headline := self.fields.get("headline"):
            headline.required = False
            headline.help_text = "Left empty, the article's title is used."
        when = self.fields.get("published_at")
        if when is not None and self.instance.pk is None:
            # Not the time the form was opened: left empty, the time of saving.
            when.required = False
            when.initial = None
            when.help_text = "Left empty, the time of saving."

    def save(self, commit=True):
        if self.instance.published_at is None:
            self.instance.published_at = timezone.now()
        return super().save(commit)

    def clean(self):
        cleaned = super().clean()
        article = cleaned.get("article")
        if not cleaned.get("headline"):
            if article is None:
                self.add_error("headline", "Write a headline or pick an article.")
            else:
                cleaned["headline"] = article.title
                self.instance.headline = article.title
        return cleaned


class NewsItemListForm(forms.ModelForm):
    """The list's inline editing: headline and label, with room to read."""

    class Meta:
        model = NewsItem
        fields = ["headline", "label"]
        widgets = {"headline": forms.TextInput(attrs={"size": 30})}


@admin.register(NewsItem)
class NewsItemAdmin(ContentVersionAdminMixin):
    content_version = FEED
    form = NewsItemForm
    list_display = ["published_at", "headline", "label", "status", "linked"]
    list_display_links = ["published_at"]
    list_editable = ["headline", "label"]
    list_filter = ["label", "status", "published_at"]
    search_fields = ["headline", "image_caption", "text"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["article"]
    list_select_related = ["article"]
    fields = NewsItemForm.Meta.fields  # time first: empty means when saved
    actions = ["publish_selected", "unpublish_selected"]

    def get_changelist_form(self, request, **kwargs):
        return NewsItemListForm

    def view_on_site(self, obj):
        # An item with neither an article nor a brief has no page to view.
        return obj.get_absolute_url() or None

    @admin.display(boolean=True, description="article")
    def linked(self, obj):
        return obj.article_id is not None

    @admin.action(description="Publish selected news items", permissions=["change"])
    def publish_selected(self, request, queryset):
        count = queryset.update(status=NewsItem.Status.PUBLISHED)
        FEED.bump()  # update() skips save(), which would have bumped it
        self.message_user(request, f"{count} news item(s) published.")

    @admin.action(description="Unpublish selected news items", permissions=["change"])
    def unpublish_selected(self, request, queryset):
        count = queryset.update(status=NewsItem.Status.UNPUBLISHED)
        FEED.bump()
        self.message_user(request, f"{count} news item(s) unpublished.")

    def response_add(self, request, obj, post_url_continue=None):
        if "_from_dashboard" in request.POST:
            # The dashboard's quick-add form: back to the dashboard.
            self.message_user(request, f"“{obj}” is on the ticker.")
            return HttpResponseRedirect(reverse("admin:index"))
        return super().response_add(request, obj, post_url_continue)

    def get_urls(self):
        return [
            path(
                "from-article/<int:pk>/",
                self.admin_site.admin_view(self.from_article_view),
                name="newsfeed_newsitem_from_article",
            ),
            *super().get_urls(),
        ]

    def from_article_view(self, request, pk):
        """One click on an article's page puts it on the ticker, now."""
        if request.method != "POST" or not self.has_add_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=pk)
        item, created = NewsItem.objects.get_or_create(
            article=article,
            defaults={
                "headline": article.title,
                "published_at": timezone.now(),
                "label": LABEL_BY_BADGE.get(article.badge, Label.NONE),
            },
        )
        if created:
            self.message_user(request, f"“{article}” is on the ticker.")
        else:
            self.message_user(request, f"“{article}” was already on the ticker.")
        return HttpResponseRedirect(
            reverse("admin:newsfeed_newsitem_change", args=[item.pk])
        )
