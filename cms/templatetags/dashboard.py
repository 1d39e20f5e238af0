"""{% newsroom_dashboard as desk %}: the admin home page's panels (cms/dashboard.py)."""

from django import template

from cms import dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def newsroom_dashboard(context) -> dashboard.Dashboard:
    return dashboard.build(context["request"].user)
