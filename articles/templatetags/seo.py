"""{% article_meta article as meta %} and {% page_meta as meta %}: the context
for templates/includes/_meta.html; {% article_breadcrumbs article as crumbs %}."""

from django import template

from articles import seo

register = template.Library()


@register.simple_tag(takes_context=True)
def article_meta(context, article):
    return seo.article_meta(context.get("request"), article)


@register.simple_tag(takes_context=True)
def page_meta(context, title="", description=""):
    return seo.page_meta(context.get("request"), title=title, description=description)


@register.simple_tag
def article_breadcrumbs(article):
    return seo.breadcrumbs(article)
