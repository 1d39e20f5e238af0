from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from taggit.apps import TaggitAppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"
    # This module holds other apps' configs too, so Django needs telling.
    default = True

    def ready(self):
        from articles import versions
        from cms.front_page import pin_expiry_due

        # The next pin expiry is a due time of the site version, so the home
        # page changes on the first request after it (docs/caching.md).
        if pin_expiry_due not in versions.DUE_TIMES:
            versions.DUE_TIMES.append(pin_expiry_due)


class TagsConfig(TaggitAppConfig):
    """django-taggit under a name editors recognise in the admin."""

    verbose_name = "Tags"


class SignInLockoutsConfig(AxesAppConfig):
    """django-axes under a name that says what it holds."""

    verbose_name = "Sign-in lockouts"
