"""Authors lose newsfeed.view_newsitem: hidden ticker items name others' drafts,
and Authors do not run the ticker."""

from django.db import migrations

from cms.roles import sync_roles


def resync_roles(apps, schema_editor):
    sync_roles(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("cms", "0002_authors_do_not_manage_tags")]

    operations = [migrations.RunPython(resync_roles, migrations.RunPython.noop)]
