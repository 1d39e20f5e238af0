"""Give every tag an ASCII slug: taggit made Unicode ones ("київ") and empty
ones (">"), which the /tag/<slug> route cannot reverse, so pages showing such
a tag answered 500. New tags get ASCII slugs from Tag.slugify (articles.apps).

Backwards is a no-op: the old slugs broke pages, and nothing needs them back.
"""

import re

from django.db import migrations

from articles.slugs import ascii_slug

ASCII_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
SLUG_BASE_LENGTH = 90  # of taggit's 100, leaving room for a "-2", "-3"…


def reslug_tags(apps, schema_editor):
    """Re-slug each tag whose slug is empty or not ASCII, from its name by the
    site's rule, numbered -2, -3… where taken; a name with nothing to make a
    slug from gets tag-<id>."""
    Tag = apps.get_model("taggit", "Tag")
    taken = set(Tag.objects.values_list("slug", flat=True))
    for tag in Tag.objects.order_by("pk"):
        if ASCII_SLUG.fullmatch(tag.slug):
            continue
        base = ascii_slug(tag.name, max_length=SLUG_BASE_LENGTH) or f"tag-{tag.pk}"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        tag.slug = slug
        tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow_history_corrections_share_links"),
        (
            "taggit",
            "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx",  # noqa: E501
        ),
    ]

    operations = [migrations.RunPython(reslug_tags, migrations.RunPython.noop)]
