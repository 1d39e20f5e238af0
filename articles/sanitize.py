"""The one place article HTML is cleaned: an allowlist fit for articles."""

import html

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "figure",
    "figcaption",
    "hr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Removed together with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "svg",
    "math",
    "noscript",
    "template",
    "object",
    "embed",
    "textarea",
    "select",
}


def clean_html(value: str) -> str:
    """Return `value` with everything outside the article allowlist removed.

    script, style, iframe, svg and math go with their content; links keep only
    http(s)/mailto targets and get rel="noopener".
    """
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )


def paragraphs_to_html(paragraphs: list[str] | tuple[str, ...]) -> str:
    """Plain-text paragraphs as escaped <p> elements."""
    return "\n".join(f"<p>{html.escape(text, quote=False)}</p>" for text in paragraphs)
