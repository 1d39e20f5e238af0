"""Full-text search of articles: `body_text`, the body as plain text, filled
for every existing piece; then the index over title, lead and body_text
(articles/search.py): FTS5 with triggers on SQLite, a generated tsvector
column with a GIN index on PostgreSQL."""

from django.db import migrations, models

from articles.search import plain_text, search_index_operation


def fill_body_text(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    batch = []
    for article in Article.objects.only("pk", "body").iterator(chunk_size=2000):
        article.body_text = plain_text(article.body)
        batch.append(article)
        if len(batch) == 2000:
            Article.objects.bulk_update(batch, ["body_text"])
            batch = []
    Article.objects.bulk_update(batch, ["body_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_ascii_tag_slugs"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="body_text",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="The body as plain text, for search; made from it on save.",
            ),
        ),
        migrations.RunPython(fill_body_text, migrations.RunPython.noop),
        search_index_operation(
            "articles_article",
            {"title": (10.0, "A"), "lead": (5.0, "B"), "body_text": (1.0, "C")},
        ),
    ]
