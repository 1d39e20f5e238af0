"""{% picture renditions alt=... sizes=... %}: an <img> over an image's
renditions (see articles/images.py), with its width and height set;
{% library_image image ... %} the same for a media-library Image, falling
back on the upload itself until its renditions are made."""

from django import template
from django.utils.html import format_html

from articles.images import rendition_for, srcset

register = template.Library()


def _only(renditions, widths: str):
    """The renditions at `widths` ("320,640"), or all when that is empty."""
    if not widths or not renditions:
        return renditions
    wanted = {w.strip() for w in str(widths).split(",")}
    return {key: r for key, r in renditions.items() if key in wanted} or renditions


@register.simple_tag
def picture(
    renditions,
    alt="",
    sizes="100vw",
    width=640,
    loading="lazy",
    css_class="",
    widths="",
):
    """The <img> for `renditions`, its src the one fit for `width` pixels; empty
    when there are none, so templates can fall back on the original. `widths`
    ("320,640") limits the srcset to those renditions."""
    renditions = _only(renditions, widths)
    chosen = rendition_for(renditions, width)
    if chosen is None:
        return ""
    css = format_html(' class="{}"', css_class) if css_class else ""
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} '
        'loading="{}" decoding="async">',
        chosen["url"],
        srcset(renditions),
        sizes,
        chosen["width"],
        chosen["height"],
        alt,
        css,
        loading,
    )


@register.simple_tag
def library_image(
    image,
    alt="",
    sizes="100vw",
    width=640,
    loading="lazy",
    css_class="",
    widths="",
):
    """An Image (articles/library.py) as {% picture %}; until its renditions
    are made, the upload itself with its stored width and height. Empty for
    no image."""
    if not image:
        return ""
    made = picture(image.renditions, alt, sizes, width, loading, css_class, widths)
    if made:
        return made
    css = format_html(' class="{}"', css_class) if css_class else ""
    size = (
        format_html(' width="{}" height="{}"', image.width, image.height)
        if image.width and image.height
        else ""
    )
    return format_html(
        '<img src="{}"{} alt="{}"{} loading="{}" decoding="async">',
        image.file.url,
        size,
        alt,
        css,
        loading,
    )


@register.simple_tag
def image_url(image, width=320):
    """The url of an Image's rendition fit for `width`, else of its upload."""
    return image.url_for(int(width)) if image else ""
