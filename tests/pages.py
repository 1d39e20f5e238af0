"""Reading a public page's HTML as a reader sees it."""

import re
from html import unescape

CARD_TITLE = re.compile(r'class="card__title"><a href="[^"]*">(.*?)</a>', re.S)


def card_titles(response) -> list[str]:
    """The titles of the page's cards (a list's or search's), in order."""
    return [unescape(title) for title in CARD_TITLE.findall(response.content.decode())]
