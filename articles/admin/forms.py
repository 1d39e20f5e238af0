"""The article change form: the version it was opened at, and tags checked
before they are made."""

from django import forms
from django.core.exceptions import ValidationError

from articles.admin.editor import (
    BODY_HELP,
    BodyCleaningFormMixin,
    BodyEditorWidget,
)
from articles.admin.library import fill_from_image, use_image_chooser
from articles.library import without_photo_prefix
from articles.models import Article, validate_tag_name

# The chosen hero image's values fill these fields when they are empty.
HERO_FILL = {"caption": "hero_caption", "credit": "hero_credit", "alt": "hero_alt"}


class ArticleAdminForm(BodyCleaningFormMixin, forms.ModelForm):
    # The version the editor started from: a save on top of a newer one is
    # refused (see ArticleAdmin.changeform_view and Article.save).
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "kind",
            "is_exclusive",
            "section",
            "lead",
            "body",
            "source_name",
            "source_url",
            "hero",
            "hero_caption",
            "hero_credit",
            "hero_alt",
            "disclaimer",
            "tags",
            "related",
            "published_at",
        ]
        widgets = {"body": BodyEditorWidget}
        help_texts = {"body": BODY_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_image_chooser(self, "hero", HERO_FILL)
        if "slug" in self.fields:
            # Made on the server from the title when left empty: Django's JS
            # prefill would transliterate Ukrainian its own way, not by the
            # national standard the site's slugs follow (articles/slugs.py).
            self.fields["slug"].required = False
            self.fields["slug"].help_text = (
                "The article's URL. Leave it empty to make it from the title "
                "when you save; it never changes after publishing."
            )
        if self.instance.pk:
            # From the database, not the instance: the revert form's instance is
            # an old version, and reverting is saving on top of the current one.
            self.fields["base_version"].initial = (
                Article.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )

    def clean(self):
        cleaned_data = super().clean()
        fill_from_image(self, "hero", HERO_FILL)
        return cleaned_data

    def clean_hero_credit(self):
        """The site prints "Photo:" before the credit: never twice."""
        return without_photo_prefix(self.cleaned_data.get("hero_credit", ""))

    def clean_tags(self):
        """Refuse, naming them, tags that could have no page of their own."""
        names = self.cleaned_data["tags"]
        errors = []
        for name in names:
            try:
                validate_tag_name(name)
            except ValidationError as exc:
                errors.append(exc)
        if errors:
            raise ValidationError(errors)
        return names
