from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from taggit.models import Tag

        from articles.models import tag_slugify

        # taggit makes Unicode slugs ("київ"), which the ASCII-only
        # /tag/<slug> route cannot reverse. Every way a tag is made (the
        # article form, the tag admin, the seed import, tags.add()) goes
        # through Tag.save(), which asks Tag.slugify: replacing that one method
        # covers them all without a tag model of our own (and the table, admin
        # and role permissions that would move with it).
        Tag.slugify = tag_slugify
