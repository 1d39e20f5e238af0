"""Settings for the Espreso Global CMS, read from the environment.

Every variable is documented in README.md. Defaults suit a developer's machine;
production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from articles.embeds import FRAME_ORIGINS as EMBED_FRAME_ORIGINS
from cms.env import env_bool, env_int, env_list, env_proxy_ssl_header

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it, or set DJANGO_DEBUG=1 to run "
            "with the development key."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else ""
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Optional CDN purge on publish, e.g. "https://cdn.example/purge?url={url}"
# (articles/cdn.py, docs/caching.md). Off when empty.
CDN_PURGE_URL_TEMPLATE = os.environ.get("CDN_PURGE_URL_TEMPLATE", "")
# The footer's social accounts, "Name=URL" pairs in order, comma-separated. None
# by default: only the newsroom can say which accounts are its own.
SOCIAL_ACCOUNTS = dict(p.partition("=")[::2] for p in env_list("SOCIAL_ACCOUNTS"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "cms.apps.TagsConfig",  # django-taggit
    "simple_history",
    "cms.apps.SignInLockoutsConfig",  # django-axes
    "django_filters",
    "django_prose_editor",  # the article body's editor (articles/admin/editor.py)
    "django_tasks_db",  # the database task queue (DJANGO_TASKS_BACKEND=database)
    "articles",
    "newsfeed",
    "cms",
]

MIDDLEWARE = [
    # Before everything that reads the database, the page cache's version
    # look-ups included: decides which database a request may read from
    # (cms/db_routers.py). It leaves responses alone and reads nothing.
    "cms.db_routers.ReplicaReadsMiddleware",
    # First of the rest, so it sees every response last (see cms/caching.py),
    # and a page cache hit is answered before any other middleware runs.
    "cms.caching.PublicCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into a clear page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# SQLite by default (WAL so readers never wait for the importer); PostgreSQL or
# any other server through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept between requests (conn_max_age above) on SQLite
    # too: opening one and its PRAGMAs cost about 6 % of a first render.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }

# An optional read replica of PostgreSQL: public pages read from it, everything
# else (writes, the admin, signed-in editors, reads in a transaction or after a
# write) uses the primary. Tests point it at the primary's test database.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=60),
        "TEST": {"MIRROR": "default"},
    }
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["replica"].update(
            CONN_MAX_AGE=0, OPTIONS=DATABASES["default"].get("OPTIONS", {})
        )
    DATABASE_ROUTERS = ["cms.db_routers.PrimaryReplicaRouter"]
    # After a write, public pages read from the primary this long (the shared
    # cache, REDIS_URL, carries it to every app server).
    DATABASE_REPLICA_LAG_SECONDS = env_int("DATABASE_REPLICA_LAG_SECONDS", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username and address is refused before any check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Admin sign-in throttling: lock a username *from one address* after 5
# failures, for 15 minutes. Locking by username alone would let anyone lock an
# editor out; by address alone, one shared office address would lock everyone.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_CALLABLE = "cms.people.locked_out"  # the admin's own page
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Retrying during a lockout does not restart the cool-off: it always ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Behind N reverse proxies (AXES_PROXY_COUNT=N), the client address is read from
# X-Forwarded-For as those proxies set it; with none, from the socket only, so
# a forged header changes nothing.
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_ORDER = "right-most"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads on S3-compatible object storage (django-storages) when a bucket is
# named; AWS credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
# URLs are unsigned by default, so pages that show images stay cacheable: the
# bucket (or the CDN at DJANGO_S3_CUSTOM_DOMAIN) must allow public reads.
MEDIA_ORIGINS: list[str] = []
if os.environ.get("DJANGO_S3_BUCKET"):
    S3_BUCKET = os.environ["DJANGO_S3_BUCKET"]
    S3_ENDPOINT_URL = os.environ.get("DJANGO_S3_ENDPOINT_URL", "").strip()
    S3_CUSTOM_DOMAIN = os.environ.get("DJANGO_S3_CUSTOM_DOMAIN", "").strip()
    S3_REGION = os.environ.get("DJANGO_S3_REGION", "").strip()
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL or None,
            "region_name": S3_REGION or None,
            "custom_domain": S3_CUSTOM_DOMAIN or None,
            "location": os.environ.get("DJANGO_S3_LOCATION", "").strip("/"),
            "querystring_auth": env_bool("DJANGO_S3_QUERYSTRING_AUTH", False),
            # Never replace a file: pages and CDNs keep an image's URL a year.
            "file_overwrite": False,
            "object_parameters": {
                "CacheControl": "public, max-age=31536000, immutable"
            },
        },
    }
    # Where images are fetched from, for the CSP's img-src.
    if S3_CUSTOM_DOMAIN:
        MEDIA_ORIGINS = [f"https://{S3_CUSTOM_DOMAIN}"]
    elif S3_ENDPOINT_URL:
        endpoint = urlsplit(S3_ENDPOINT_URL)
        MEDIA_ORIGINS = [
            f"{endpoint.scheme}://{endpoint.netloc}",
            f"{endpoint.scheme}://{S3_BUCKET}.{endpoint.netloc}",
        ]
    else:
        MEDIA_ORIGINS = [
            f"https://{S3_BUCKET}.s3.amazonaws.com",
            f"https://{S3_BUCKET}.s3.{S3_REGION or 'us-east-1'}.amazonaws.com",
        ]

# The app serves MEDIA_URL itself (cms/media.py) while uploads are on local
# disk; off when a web server in front, or a storage such as S3, serves them.
SERVE_MEDIA = env_bool(
    "DJANGO_SERVE_MEDIA",
    STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage",
)
if SERVE_MEDIA and MEDIA_URL.startswith(("http:", "https:", "//")):
    raise ImproperlyConfigured(
        "DJANGO_SERVE_MEDIA is on but MEDIA_URL is another site's; turn it off."
    )

CACHES = {
    "default": {
        # Django's, without the memcached key check (cms/cache_backends.py).
        "BACKEND": "cms.cache_backends.LocalMemoryCache",
        "LOCATION": "espreso",
        # Pages, their ETags and the fragments share it (up to four entries
        # an article): Django's default of 300 would keep about 75 articles
        # a process. About 50 MB a process at most with pages of ~30 KB.
        "OPTIONS": {"MAX_ENTRIES": 3000},
    }
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "cms.cache_backends.SharedRedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }

# Work that need not hold up a request (image renditions, notification emails,
# CDN purges) runs as a task (articles/tasks.py, articles/review.py): inline by
# default, or queued in the database for `manage.py db_worker` (django-tasks-db)
# with DJANGO_TASKS_BACKEND=database.
TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = os.environ.get("DJANGO_TASKS_BACKEND", "").strip() or "immediate"
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"DJANGO_TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, "
        f"not {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

# Email: the desk's notifications (articles/review.py). Printed to the console
# in development; SMTP otherwise, to DJANGO_EMAIL_HOST.
EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}
_email_backend = os.environ.get("DJANGO_EMAIL_BACKEND", "").strip() or (
    "console" if DEBUG else "smtp"
)
if _email_backend not in EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"DJANGO_EMAIL_BACKEND must be one of {', '.join(EMAIL_BACKENDS)}, "
        f"not {_email_backend!r}."
    )
MAILERS = {"default": {"BACKEND": EMAIL_BACKENDS[_email_backend]}}
if _email_backend == "smtp":
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
        "port": env_int("DJANGO_EMAIL_PORT", 25),
        "username": os.environ.get("DJANGO_EMAIL_USER", ""),
        "password": os.environ.get("DJANGO_EMAIL_PASSWORD", ""),
        "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
        "timeout": 10,
    }
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "newsroom@localhost")

# Everything the site needs is served by the site itself.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGINS],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    # Embeds' frames, loaded on a click; the one list lives with the embeds.
    "frame-src": list(EMBED_FRAME_ORIGINS),
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# HTTPS, on by default when DEBUG is off. TLS ends at the reverse proxy, which
# must set this header on every request (and drop any copy the client sent).
SECURE_PROXY_SSL_HEADER = env_proxy_ssl_header(
    "DJANGO_SECURE_PROXY_SSL_HEADER", "off" if DEBUG else "X-Forwarded-Proto: https"
)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; lockouts are WARNING.
    "loggers": {"axes": {"level": "WARNING"}},
}

TAGGIT_CASE_INSENSITIVE = True
