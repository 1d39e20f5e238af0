"""{% list_filters filter %}: the reader's filters for a list of pieces
(includes/_filters.html, for a django-filter FilterSet)."""

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

TEMPLATE = "includes/_filters.html"


@register.simple_tag
def list_filters(filterset):
    """The filters form. With none applied, as on nearly every visit, it is
    the same form on every visit to the list: rendered once per set of
    filters and process, since Django's form rendering costs more than the
    list's own queries."""
    if any(name in filterset.data for name in filterset.filters):
        return render_to_string(TEMPLATE, {"filter": filterset})
    return _blank(type(filterset), tuple(filterset.filters), get_language())


@lru_cache(maxsize=64)
def _blank(filterset_class, names: tuple[str, ...], language: str) -> str:
    filterset = filterset_class(queryset=filterset_class._meta.model.objects.none())
    for name in set(filterset.filters) - set(names):
        filterset.filters.pop(name)
    # Our own template's output, escaped as it was rendered.
    return mark_safe(render_to_string(TEMPLATE, {"filter": filterset}))
