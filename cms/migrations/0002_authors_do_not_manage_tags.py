"""Authors lose taggit.add_tag: managing the tag list is an editor's job."""

from django.db import migrations

from cms.roles import sync_roles


def resync_roles(apps, schema_editor):
    sync_roles(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("cms", "0001_roles")]

    operations = [migrations.RunPython(resync_roles, migrations.RunPython.noop)]
