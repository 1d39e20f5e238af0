"""The article body's rich-text editor in the admin (django-prose-editor, a
Tiptap build), and the message saying what saving removed from a body.

What the editor offers and what a paste keeps are in docs/architecture.md
("The body editor"); the rules themselves are articles/sanitize.py's.
"""

from django.contrib import messages
from django.forms import Script
from django.urls import reverse_lazy
from django_prose_editor.widgets import (
    AdminProseEditorWidget,
    prose_editor_admin_media,
    prose_editor_js,
)
from js_asset import Media

from articles.reader import WORDS_PER_MINUTE
from articles.sanitize import sanitize

BODY_HELP = (
    "Paste from Google Docs, Word or a web page keeps paragraphs, subheadings, "
    "bold, italic, links and lists. Add pictures with the figure button, from "
    "the media library. A YouTube, Vimeo, X, Telegram, Facebook or Instagram "
    "link pasted alone on its line becomes an embed."
)


class BodyEditorWidget(AdminProseEditorWidget):
    """The body's editor: paragraphs, h2 and h3, bold, italic, links, lists,
    block quotes, rules, figures from the media library and embeds, with a
    live word count. Our own module (static/js/editor/article.js) builds it
    from the library's import-mapped editor, so every asset comes from the
    site's static files, and the import map and scripts carry the CSP nonce
    (js_asset's Media, rendered by the admin's {% csp_nonce_attr media %})."""

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, preset="article")

    @property
    def media(self):
        return prose_editor_admin_media + Media(
            css={"all": ["css/editor.css"]},
            js=[prose_editor_js, Script("js/editor/article.js", type="module")],
        )

    def get_config(self):
        return {
            "chooserUrl": reverse_lazy("admin:articles_image_chooser"),
            "wordsPerMinute": WORDS_PER_MINUTE,
        }


class BodyCleaningFormMixin:
    """Cleans the body by the site's rules on the form, remembering what went
    (`body_removed`, e.g. "1 iframe, 2 images not in the media library")."""

    body_removed = ""

    def clean_body(self):
        cleaned = sanitize(self.cleaned_data.get("body") or "")
        self.body_removed = cleaned.removed_text()
        return cleaned.html


class BodyCleaningMessageMixin:
    """After a save, says what cleaning removed from the body: nothing is
    dropped without a word."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if removed := getattr(form, "body_removed", ""):
            self.message_user(
                request, f"Removed from the body: {removed}.", messages.WARNING
            )
