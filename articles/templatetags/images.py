"""{% picture renditions alt=... sizes=... %}: an <img> over an image's
renditions (see articles/images.py), with its width and height set."""

from django import template
from django.utils.html import format_html

from articles.images import rendition_for, srcset

register = template.Library()


@register.simple_tag
def picture(
    renditions,
    alt="",
    sizes="100vw",
    width=640,
    loading="lazy",
    css_class="",
):
    """The <img> for `renditions`, its src the one fit for `width` pixels; empty
    when there are none, so templates can fall back on the original."""
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
