"""/page/<slug>: About, Contacts and the policies (cms.models.Page), and the
admin form they are written in: the article body's rich-text editor, cleaned
by the same rules (articles/sanitize.py) and shown like an article's body."""

from django import forms
from django.utils.safestring import mark_safe
from django.views.generic import DetailView

from articles.admin.editor import BODY_HELP, BodyCleaningFormMixin, BodyEditorWidget
from articles.body import render_body
from articles.views import SiteNavMixin
from cms.models import Page


class PageAdminForm(BodyCleaningFormMixin, forms.ModelForm):
    """The body in the article editor; what cleaning removed is reported by
    the admin (BodyCleaningMessageMixin)."""

    class Meta:
        model = Page
        fields = ["title", "slug", "body"]
        widgets = {"body": BodyEditorWidget}
        help_texts = {"body": BODY_HELP}


class PageView(SiteNavMixin, DetailView):
    model = Page
    template_name = "cms/page.html"
    context_object_name = "page"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Cleaned on save (Page.save); figures and embeds as on an article.
        context["body_html"] = mark_safe(render_body(self.object.body))
        return context
