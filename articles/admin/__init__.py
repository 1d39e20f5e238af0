"""The newsroom admin, one module per seam:

- `articles`: the article form, its inlines and ArticleAdmin;
- `workflow`: the workflow buttons and bulk actions ArticleAdmin mixes in;
- `review`: the buttons' comment box, the review thread, withdrawing (mixed in);
- `history`: who may read history and revert (ArticleAdmin mixes it in);
- `sharing`: share links, on the article's page and in their own list;
- `reference`: authors, disclaimers, sections, tags and correction notes;
- `library`: the media library (Image), its chooser endpoint and widget;
- `mixins`: what several of them share.

Importing the package registers them all with the admin site.
"""

from articles.admin import articles, reference, sharing  # noqa: F401
