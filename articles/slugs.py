"""URL slugs from any text, in ASCII: Ukrainian by the national transliteration
of 2010 (KMU 2010, translitua), whatever is left by anyascii, then lower-case
letters and digits joined by hyphens.

Plain Python, no Django: the seed parser uses it too.
"""

import re
import unicodedata

from anyascii import anyascii
from translitua import UkrainianKMU, translit

NOT_SLUG = re.compile(r"[^a-z0-9]+")


def ascii_slug(text: str, max_length: int | None = None) -> str:
    """“Удар по Києву” → “udar-po-kyievu”; "" when nothing is left (“>”)."""
    # NFC first: a decomposed “й” would otherwise lose its breve to the table.
    text = unicodedata.normalize("NFC", text).lower()
    # Ukrainian by the standard; Russian-only letters, other scripts and
    # symbols by anyascii's generic transliteration.
    text = anyascii(translit(text, UkrainianKMU))
    slug = NOT_SLUG.sub("-", text.lower()).strip("-")
    if max_length is not None:
        slug = slug[:max_length].rstrip("-")
    return slug
