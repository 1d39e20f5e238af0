"""People and roles: the user admin, limited so that only a superuser can hand
out superuser status or permissions one by one (roles are groups)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

admin.site.unregister(User)


@admin.register(User)
class NewsroomUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "roles"]
    list_filter = ["is_staff", "is_active", "groups"]

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
