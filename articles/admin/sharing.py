"""Share links: made from the article's page, listed and revoked here."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from articles.models import Article, ShareLink
from articles.sharing import DEFAULT_LIFETIME, create_share_link, share_url


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


class ArticleShareLinksMixin:
    """The article admin's "Create share link" button."""

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
