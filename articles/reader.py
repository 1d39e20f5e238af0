"""Reader extras on an article page: reading time and share links.

Share links are plain URLs to each service's own share page: no third-party
script runs and no request leaves the site until the reader clicks one.
"""

import math
from urllib.parse import quote, urlencode

from django.utils.html import strip_tags

WORDS_PER_MINUTE = 230


def reading_minutes(body_html: str) -> int:
    """Minutes to read the body at 230 words a minute, rounded up, at least 1."""
    words = len(strip_tags(body_html).split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def _query(**params: str) -> str:
    # %20 for spaces, never "+": mail clients and some apps show "+" as it is.
    return urlencode(params, quote_via=quote)


def share_links(url: str, title: str) -> list[tuple[str, str]]:
    """(service, share URL) for X, Facebook, Telegram, WhatsApp and email."""
    return [
        ("X", "https://x.com/intent/tweet?" + _query(text=title, url=url)),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + _query(u=url)),
        ("Telegram", "https://t.me/share/url?" + _query(url=url, text=title)),
        ("WhatsApp", "https://wa.me/?" + _query(text=f"{title} {url}")),
        ("Email", "mailto:?" + _query(subject=title, body=url)),
    ]
