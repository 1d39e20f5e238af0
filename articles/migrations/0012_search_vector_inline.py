"""The articles' search vector is kept in the row on PostgreSQL, where the
search's walk over the newest matches reads it (articles/search.py). Not
atomic: the rewrite is a VACUUM FULL, which a transaction cannot hold."""

from django.db import migrations

from articles.search import inline_vector_operation


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("articles", "0011_search_ranking_vectors")]

    operations = [inline_vector_operation("articles_article")]
