"""Roles gain the media library's permissions (Authors add and view images;
editors manage them), now that articles has an Image model."""

from django.db import migrations

from cms.roles import sync_roles


def resync_roles(apps, schema_editor):
    sync_roles(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_site_pages"),
        ("articles", "0010_autosave"),
    ]

    operations = [migrations.RunPython(resync_roles, migrations.RunPython.noop)]
