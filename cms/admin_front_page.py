"""Site › Front page: the seven slots (the lead and six top stories) on one
admin page, each a piece picked by autocomplete and an optional expiry.
Saving replaces every pin at once (cms.front_page.save_pins)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from articles.models import Article
from cms.front_page import SLOTS, FrontPagePin, Slot, save_pins, shown_state, slot_name

# The action log's words for a pin change, on the piece (its admin log).
PINNED = "Pinned to the front page:"
UNPINNED = "Unpinned from the front page."


class SlotForm(forms.Form):
    article = forms.ModelChoiceField(
        queryset=Article.objects.all(), required=False, label="Piece"
    )
    expires_at = forms.DateTimeField(
        required=False,
        label="Expires (Kyiv time)",
        help_text="Empty: until someone unpins it.",
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["article"]
        field.widget = AutocompleteSelect(
            FrontPagePin._meta.get_field("article"), admin_site
        )
        field.widget.choices = field.choices

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"]
        if expires_at is not None and expires_at <= timezone.now():
            raise ValidationError(
                "This time has passed: leave it empty to pin with no expiry.",
                code="past",
            )
        return expires_at

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("expires_at") and not cleaned.get("article"):
            raise ValidationError(
                "Choose a piece for this slot, or clear its expiry.", code="no_piece"
            )
        return cleaned


class BaseSlotFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen: dict[int, int] = {}
        for slot, form in enumerate(self.forms):
            article = form.cleaned_data.get("article")
            if article is None:
                continue
            if article.pk in seen:
                raise ValidationError(
                    "“%(title)s” is pinned twice: %(first)s and %(second)s.",
                    code="twice",
                    params={
                        "title": article.title,
                        "first": slot_name(seen[article.pk]),
                        "second": slot_name(slot),
                    },
                )
            seen[article.pk] = slot

    def slots(self) -> list[Slot]:
        return [
            Slot(form.cleaned_data.get("article"), form.cleaned_data.get("expires_at"))
            for form in self.forms
        ]


# Exactly the lead and six top stories: an eighth slot posted is refused.
FrontPageFormSet = forms.formset_factory(
    SlotForm,
    formset=BaseSlotFormSet,
    extra=0,
    min_num=len(SLOTS),
    max_num=len(SLOTS),
    absolute_max=len(SLOTS),
    validate_max=True,
)


@admin.register(FrontPagePin)
class FrontPageAdmin(admin.ModelAdmin):
    """Its list is the front page form; pins are made only there."""

    list_display = ["slot", "article", "expires_at"]
    list_filter = ["expires_at"]
    search_fields = ["article__title"]

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [
            path(
                "",
                self.admin_site.admin_view(self.front_page_view),
                name="cms_frontpagepin_changelist",
            )
        ]

    def front_page_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        now = timezone.now()
        pins = {pin.slot: pin for pin in FrontPagePin.objects.select_related("article")}
        # An expired pin shows nothing: it is offered as an empty slot, noted,
        # and saving clears it.
        initial = [
            {"article": pin.article, "expires_at": pin.expires_at}
            if (pin := pins.get(slot)) and not pin.is_expired(now)
            else {}
            for slot in SLOTS
        ]
        formset = FrontPageFormSet(
            request.POST if request.method == "POST" else None,
            initial=initial,
            prefix="slots",
            form_kwargs={"admin_site": self.admin_site},
        )
        if request.method == "POST" and formset.is_valid():
            save_pins(formset.slots(), user=request.user)
            self._log_changes(request, pins.values(), formset.slots(), now)
            pinned = sum(slot.article is not None for slot in formset.slots())
            self.message_user(
                request,
                f"The front page was saved: {pinned} pinned "
                f"piece{'s' if pinned != 1 else ''}; the rest fill in newest "
                "first.",
            )
            return HttpResponseRedirect(request.path)
        rows = [
            (slot_name(slot), form, self._note(pins.get(slot), now))
            for slot, form in zip(SLOTS, formset.forms, strict=False)
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Front page",
            "opts": self.model._meta,
            "formset": formset,
            "rows": rows,
            "recent": self._recent_changes(),
            "media": self.media + formset.media,
        }
        return TemplateResponse(request, "admin/cms/front_page.html", context)

    def _log_changes(self, request, before, after: list[Slot], now) -> None:
        """Each piece pinned, moved or unpinned gets a line in its admin
        history (the action log), by whoever saved."""
        was = {pin.article: pin.slot for pin in before if not pin.is_expired(now)}
        now_in = {slot.article: n for n, slot in enumerate(after) if slot.article}
        for article, slot in now_in.items():
            if was.get(article) != slot:
                message = f"{PINNED} {slot_name(slot)}."
                self.log_change(request, article, message)
        for article in was.keys() - now_in.keys():
            self.log_change(request, article, UNPINNED)

    @staticmethod
    def _recent_changes(limit: int = 10):
        """The last pin changes (_log_changes), newest first."""
        return (
            LogEntry.objects.filter(
                Q(change_message__startswith=PINNED) | Q(change_message=UNPINNED),
                action_flag=CHANGE,
            )
            .select_related("user")
            .order_by("-action_time", "-pk")[:limit]
        )

    @staticmethod
    def _note(pin: FrontPagePin | None, now) -> str:
        if pin is None:
            return ""
        if pin.is_expired(now):
            local = timezone.localtime(pin.expires_at)
            return (
                f"“{pin.article.title}” expired {local:%d %b, %H:%M}; saving clears it."
            )
        state = shown_state(pin, now)
        return f"“{pin.article.title}” is {state}." if state else ""
