from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from taggit.apps import TaggitAppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"


class TagsConfig(TaggitAppConfig):
    """django-taggit under a name editors recognise in the admin."""

    verbose_name = "Tags"


class SignInLockoutsConfig(AxesAppConfig):
    """django-axes under a name that says what it holds."""

    verbose_name = "Sign-in lockouts"
