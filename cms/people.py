"""Newsroom members: the one form that makes one, and their sign-in locks.

A member gets a role (a group from cms/roles.py), staff status with it, and,
if asked, a byline profile (articles.Author) linked to the account, so their
new pieces carry their name. Locks are django-axes' AccessAttempt rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import Group
from django.template.response import TemplateResponse
from django.utils import timezone

from articles.models import Author
from articles.slugs import ascii_slug
from cms.roles import ROLES


class NewsroomMemberForm(AdminUserCreationForm):
    """Name, email and role on one page; the password can be left for later."""

    role = forms.ModelChoiceField(
        queryset=Group.objects.filter(name__in=ROLES).order_by("name"),
        to_field_name="name",
        help_text="What they may do (see docs/permissions.md). Staff status "
        "comes with it.",
    )
    byline = forms.BooleanField(
        label="Create a byline",
        required=False,
        initial=True,
        help_text="An author profile with their name, linked to this account, "
        "so their pieces carry it.",
    )

    class Meta(AdminUserCreationForm.Meta):
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True

    def save(self, commit=True):
        user = super().save(commit=False)
        user.is_staff = True  # every role works in the admin
        if commit:
            user.save()
            self.save_membership(user)
        return user

    def save_membership(self, user) -> None:
        """The role and the byline: they need the saved user."""
        user.groups.set([self.cleaned_data["role"]])
        if self.cleaned_data["byline"]:
            name = user.get_full_name()
            Author.objects.create(name=name, slug=free_author_slug(name), user=user)


def free_author_slug(name: str) -> str:
    base = ascii_slug(name, max_length=190) or "author"
    taken = set(
        Author.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


@dataclass(frozen=True)
class SignInLock:
    ip_address: str
    failures: int
    last_attempt: datetime
    locked_until: datetime | None


def sign_in_locks(username: str) -> list[SignInLock]:
    """The failed sign-ins django-axes holds for `username`, per address, and
    until when each address is locked (None if it is not)."""
    now = timezone.now()
    locks = []
    for attempt in AccessAttempt.objects.filter(username=username).order_by(
        "-attempt_time"
    ):
        until = attempt.attempt_time + settings.AXES_COOLOFF_TIME
        locked = attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT
        locks.append(
            SignInLock(
                attempt.ip_address or "",
                attempt.failures_since_start,
                attempt.attempt_time,
                until if locked and until > now else None,
            )
        )
    return locks


def lift_locks(username: str) -> int:
    deleted, _ = AccessAttempt.objects.filter(username=username).delete()
    return deleted


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout page (AXES_LOCKOUT_CALLABLE): the admin's own
    sign-in look, saying how long the lock lasts. Still a 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return TemplateResponse(
        request,
        "admin/locked_out.html",
        {
            **admin.site.each_context(request),
            "title": "Sign-in locked",
            "minutes": minutes,
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    ).render()
