"""Render a Seed back to the seed format: the parser's inverse, used to make
benchmark files and round-trip tests."""

from __future__ import annotations

from itertools import groupby

from cms.seed_import.parser import (
    AUTHOR_BOX_PREFIX,
    FEED_HEADING,
    HERO_PLACEHOLDER,
    MORE_NEWS,
    SITE_NAME,
    FeedEntry,
    SeedArticle,
    looks_like_caption,
)


def render_seed(article: SeedArticle, feed: tuple[FeedEntry, ...] = ()) -> str:
    when = article.published_at
    lines = [SITE_NAME, article.badge, "", article.title, ""]
    if article.byline:
        lines.append(article.byline)
    lines += [f"{when:%-d %B, %Y %A}", f"{when:%H:%M}", "", article.lead, ""]
    # The parser reads a caption-like first paragraph right after the placeholder
    # as the hero caption; leave the placeholder out where that would misread.
    misread = (
        not article.hero_caption
        and article.lead
        and article.paragraphs
        and looks_like_caption(article.paragraphs[0])
    )
    if not misread:
        lines += [HERO_PLACEHOLDER, ""]
    if article.hero_caption:
        lines += [article.hero_caption, ""]
    for paragraph in article.paragraphs:
        lines += [paragraph, ""]
    if article.source:
        lines += [
            "Source" if article.source == "Source" else f"Source: {article.source}"
        ]
        lines.append("")
    if article.author_name:
        bio = f", {article.author_bio}" if article.author_bio else ""
        lines += [f"{AUTHOR_BOX_PREFIX} {article.author_name}{bio}", ""]
    if article.disclaimer:
        lines += [article.disclaimer, ""]
    lines += ["Tags:", *article.tags, "Read also:", f"  {FEED_HEADING}"]
    for day, entries in groupby(feed, key=lambda e: e.published_at.date()):
        lines += [f"{day:%Y, %A}", f"{day:%-d %B}"]
        for entry in entries:
            lines.append(f"{entry.published_at:%H:%M}")
            if entry.label:
                lines.append(entry.label)
            if entry.image_caption:
                lines.append(entry.image_caption)
            lines.append(entry.headline)
    lines.append(MORE_NEWS)
    return "\n".join(lines)
