"""{% social_accounts as accounts %}: the footer's links, from settings."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def social_accounts() -> dict[str, str]:
    """{name: URL} from settings.SOCIAL_ACCOUNTS (empty unless configured)."""
    return getattr(settings, "SOCIAL_ACCOUNTS", {})
