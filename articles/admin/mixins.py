"""What several of the articles app's admins share."""

from django.db import models

from articles.images import CheckedImageField

# Uploads are checked and re-encoded (articles/images.py) before they are stored.
CHECKED_IMAGES = {models.ImageField: {"form_class": CheckedImageField}}


class HiddenUnlessEditableMixin:
    """Authors may view these (the article form's pickers need it) but not
    change them, so the admin index does not list them for Authors."""

    def get_model_perms(self, request):
        if not self.has_change_permission(request):
            return {}
        return super().get_model_perms(request)
