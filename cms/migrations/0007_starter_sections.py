"""A new site starts with the newsroom's topical sections in its navigation."""

from django.db import migrations

from cms.starter_sections import create_starter_sections


def forwards(apps, schema_editor):
    create_starter_sections(
        apps.get_model("articles", "Section"), using=schema_editor.connection.alias
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_autosave"),
        ("cms", "0006_front_page_pins"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
