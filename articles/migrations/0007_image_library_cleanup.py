"""Drop the old image columns once the data has moved (0006), and give the
author's library photo the name `photo`."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_image_library_data")]

    operations = [
        migrations.RemoveField(model_name="article", name="hero_image"),
        migrations.RemoveField(model_name="article", name="hero_renditions"),
        migrations.RemoveField(model_name="historicalarticle", name="hero_image"),
        migrations.RemoveField(model_name="author", name="photo"),
        migrations.RemoveField(model_name="author", name="photo_renditions"),
        migrations.RenameField(
            model_name="author", old_name="photo_image", new_name="photo"
        ),
    ]
