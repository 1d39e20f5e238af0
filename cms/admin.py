"""People and roles: the user admin, limited so that only a superuser can hand
out superuser status or permissions one by one (roles are groups); site pages."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from articles.admin.editor import BodyCleaningMessageMixin
from cms import admin_front_page, people  # noqa: F401  (Site › Front page)
from cms.models import Page
from cms.pages import PageAdminForm

admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class NewsroomUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "roles"]
    list_filter = ["is_staff", "is_active", "groups"]
    # A newsroom member on one page: name, email, role, and a byline if wanted.
    add_form = people.NewsroomMemberForm
    add_fieldsets = [
        (None, {"fields": ["first_name", "last_name", "email", "username"]}),
        ("Role", {"fields": ["role", "byline"]}),
        (
            "Password",
            {
                "description": "Or leave sign-in by password off and set one later.",
                "fields": ["usable_password", "password1", "password2"],
            },
        ),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            form.save_membership(form.instance)

    # -- sign-in locks (django-axes), on the person's page -----------------

    def may_lift_locks(self, request, obj) -> bool:
        return self.has_change_permission(request, obj) and request.user.has_perm(
            "axes.delete_accessattempt"
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        user = self.get_object(request, object_id)
        if user is not None and request.user.has_perm("axes.view_accessattempt"):
            locks = people.sign_in_locks(user.get_username())
            extra_context |= {
                "sign_in_locks": locks,
                "sign_in_locked": any(lock.locked_until for lock in locks),
                "can_lift_locks": self.may_lift_locks(request, user),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<id>/unlock/",
                self.admin_site.admin_view(self.unlock_view),
                name="auth_user_unlock",
            ),
            *super().get_urls(),
        ]

    def unlock_view(self, request, id):
        user = get_object_or_404(User, pk=id)
        if request.method != "POST" or not self.may_lift_locks(request, user):
            raise PermissionDenied
        people.lift_locks(user.get_username())
        self.message_user(
            request, f"The sign-in lock on “{user.get_username()}” was lifted."
        )
        return HttpResponseRedirect(reverse("admin:auth_user_change", args=[user.pk]))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="roles")
    def roles(self, obj):
        return ", ".join(sorted(group.name for group in obj.groups.all())) or "—"

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # A Chief editor assigns roles; they cannot make superusers or
            # grant single permissions around the role matrix.
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    def has_change_permission(self, request, obj=None):
        # Only a superuser touches a superuser's account (or its password).
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Group)
class RoleAdmin(GroupAdmin):
    """Roles are defined in cms/roles.py (and migrations); people get them on
    their user page. Only a superuser may change what a role can do."""

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return []
        return ["name", "permissions"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Page)
class PageAdmin(BodyCleaningMessageMixin, admin.ModelAdmin):
    """Written in the article body's editor (cms/pages.py)."""

    form = PageAdminForm
    list_display = ["title", "slug", "modified_at"]
    list_filter = ["modified_at"]
    search_fields = ["title", "body"]
    fields = ["title", "slug", "body"]
