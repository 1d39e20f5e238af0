"""Search ranks in tiers on PostgreSQL as on SQLite (title, then lead, then
the rest): each tier tests a small stored vector of its own column rather
than reading the whole `search_vector` again (articles/search.py)."""

from django.db import migrations

from articles.search import ranking_vectors_operation


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_autosave")]

    operations = [ranking_vectors_operation("articles_article", ("title", "lead"))]
