"""A stored body as the site shows it: library figures become responsive
pictures, embeds click-to-load facades (articles/embeds.py).

A figure is stored exactly as the sanitiser (articles/sanitize.py) writes it:
`<figure data-image="42" data-credit="Reuters"><img src="…" alt="…">
<figcaption>Caption</figcaption></figure>`. The images of every figure in a
body are fetched in one query, so the article page costs the same with one
figure or ten. A figure whose image has since been deleted keeps the picture
and caption it was stored with.
"""

import html
import re

from django.utils.html import format_html

from articles.embeds import render_facades
from articles.images import srcset
from articles.library import Image, without_photo_prefix

FIGURE = re.compile(r"<figure\b(?P<attrs>[^>]*)>(?P<inner>.*?)</figure>", re.S)
ATTR = re.compile(r'(?P<name>[\w-]+)="(?P<value>[^"]*)"')
IMG = re.compile(r"<img\b(?P<attrs>[^>]*)>")
CAPTION = re.compile(r"<figcaption>(?P<text>.*?)</figcaption>", re.S)
SIZES = "(min-width: 1024px) 640px, 100vw"
WIDTHS = ("320", "640", "1024", "1600")


def render_body(body: str) -> str:
    """The body with its figures and embeds rendered for readers."""
    return render_facades(render_figures(body))


def figure_ids(body: str) -> list[int]:
    """The library images the body's figures show, in order."""
    ids = []
    for match in FIGURE.finditer(body):
        image = _attrs(match["attrs"]).get("data-image", "")
        if image.isdigit():
            ids.append(int(image))
    return ids


def render_figures(body: str) -> str:
    """Each library figure as <figure> with a responsive <img> and its
    caption and credit; one query for all of them."""
    if "data-image=" not in body:
        return body
    ids = figure_ids(body)
    images = Image.objects.in_bulk(ids) if ids else {}

    def render(match: re.Match) -> str:
        attrs = _attrs(match["attrs"])
        if not attrs.get("data-image", "").isdigit():
            return match[0]
        img = IMG.search(match["inner"])
        stored = _attrs(img["attrs"]) if img else {}
        caption = CAPTION.search(match["inner"])
        return _figure(
            images.get(int(attrs["data-image"])),
            src=html.unescape(stored.get("src", "")),
            alt=html.unescape(stored.get("alt", "")),
            caption=html.unescape(caption["text"]).strip() if caption else "",
            credit=html.unescape(attrs.get("data-credit", "")).strip(),
        )

    return FIGURE.sub(render, body)


def _figure(image: Image | None, *, src: str, alt: str, caption: str, credit: str):
    if image is not None and image.rendition(640):
        renditions = {k: v for k, v in image.renditions.items() if k in WIDTHS}
        chosen = image.rendition(640)
        picture = format_html(
            '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" '
            'loading="lazy" decoding="async">',
            chosen["url"],
            srcset(renditions),
            SIZES,
            chosen["width"],
            chosen["height"],
            alt,
        )
    elif image is not None:  # renditions not made yet: the upload itself
        picture = format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" loading="lazy" '
            'decoding="async">',
            image.file.url,
            image.width,
            image.height,
            alt,
        )
    elif src:
        picture = format_html(
            '<img src="{}" alt="{}" loading="lazy" decoding="async">', src, alt
        )
    else:
        picture = ""
    credit = without_photo_prefix(credit)  # "Photo:" is ours to write, once
    credit_html = (
        format_html('<span class="article__credit">Photo: {}</span>', credit)
        if credit
        else ""
    )
    figcaption = (
        format_html(
            "<figcaption>{}{}{}</figcaption>",
            caption,
            " " if caption and credit else "",
            credit_html,
        )
        if caption or credit
        else ""
    )
    return format_html(
        '<figure class="article__figure">{}{}</figure>', picture, figcaption
    )


def _attrs(text: str) -> dict[str, str]:
    return {m["name"]: m["value"] for m in ATTR.finditer(text)}
