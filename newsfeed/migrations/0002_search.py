"""Full-text search of ticker items, headline and brief (articles/search.py):
FTS5 with triggers on SQLite, a generated tsvector column with a GIN index on
PostgreSQL."""

from django.db import migrations

from articles.search import search_index_operation


class Migration(migrations.Migration):
    dependencies = [
        ("newsfeed", "0001_initial"),
    ]

    operations = [
        search_index_operation(
            "newsfeed_newsitem", {"headline": (10.0, "A"), "text": (1.0, "C")}
        ),
    ]
