"""The newsroom roles (Author, Editor, Chief editor) as groups; see cms/roles.py."""

from django.db import migrations

from cms.roles import remove_roles, sync_roles


def create_roles(apps, schema_editor):
    sync_roles(apps, using=schema_editor.connection.alias)


def delete_roles(apps, schema_editor):
    remove_roles(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow_history_corrections_share_links"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("axes", "0010_accessattemptexpiration"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("newsfeed", "0001_initial"),
        (
            "taggit",
            "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx",
        ),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
