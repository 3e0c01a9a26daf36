"""Settings for Learning Exchange, read from the environment only.

Every variable is listed in .env.example and the README.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from error


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            "(or set DJANGO_DEBUG=true for local development)."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DJANGO_DEBUG-is-true"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    # Third party
    "allauth",
    "allauth.account",
    "csp",
    "django_comments",
    "django_comments_xtd",
    "django_countries",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    # Local, from the bottom of the house up (README: Layout)
    "page_cache",
    "accounts",
    "mailing",
    "uploads",
    "publishing",
    "discussion",
    "hashtags",
    "following",
    "followups",
    "seminars",
    "posts",
    "importing",
    "insights",
    "pages",
    "learning_exchange",
]

MIDDLEWARE = [
    "learning_exchange.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for slow, paid-for connections (WhiteNoise compresses static files).
    "django.middleware.gzip.GZipMiddleware",
    # The old addresses of imported blogs, before kept pages answer for them.
    "importing.middleware.OldAddressMiddleware",
    "page_cache.middleware.VisitorPageCacheMiddleware",
    "page_cache.members.MemberPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "page_cache.members.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "learning_exchange.middleware.LanguagePreferenceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "learning_exchange.middleware.InvalidFormStatusMiddleware",
]

ROOT_URLCONF = "learning_exchange.urls"
WSGI_APPLICATION = "learning_exchange.wsgi.application"
SITE_ID = 1
# The public host name, used in e-mails and the sitemap; kept in the sites table by `migrate`.
SITE_DOMAIN = os.environ.get(
    "DJANGO_SITE_DOMAIN", ALLOWED_HOSTS[0] if ALLOWED_HOSTS else "127.0.0.1:8000"
)
if DEBUG and "DJANGO_SITE_DOMAIN" not in os.environ:
    SITE_DOMAIN = f"127.0.0.1:{os.environ.get('PORT', '8000')}"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "learning_exchange.context_processors.languages",
            ],
        },
    },
]

# Database: SQLite beside manage.py unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory in one process, Redis (shared by every app server) when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "learning_exchange.cache.SharedRedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    # One process's memory: room for the comment fragments of a few long discussions.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# A member's profile is a page of the site pages app, above accounts: the project says where.
ABSOLUTE_URL_OVERRIDES = {"accounts.user": lambda user: reverse("pages:profile", args=[user.pk])}
LOGIN_REDIRECT_URL = "pages:home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_ADAPTER = "mailing.accounts.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_USER_DISPLAY = "accounts.models.display_name"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Learning Exchange] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env_bool("DJANGO_HTTPS", not DEBUG) else "http"

# E-mail: sent by SMTP when EMAIL_HOST is set, otherwise printed to the console
# (`check --deploy` warns about that outside development).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Learning Exchange <noreply@learning-exchange.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (mail) in the site's own database, run by `manage.py db_worker` (`make
# worker`): several workers on several machines never take the same task (SELECT … FOR
# UPDATE SKIP LOCKED on PostgreSQL).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ADMINS = [("Site admins", address) for address in env_list("DJANGO_ADMINS", [])]

# Hashtags: #LocalKnowledge and #localknowledge are one tag, kept as first spelled.
TAGGIT_CASE_INSENSITIVE = True

# Comments: django-comments-xtd's threaded model, extended by the discussion app and
# rendered by this project's templates (its React plugin and stock views are not used).
# Three levels deep: 0, 1 and 2.
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "discussion.models.Comment"
COMMENTS_XTD_FORM_CLASS = "discussion.forms.CommentForm"
COMMENTS_XTD_MAX_THREAD_LEVEL = 2
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_SALT = b"learning-exchange-comments"
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "default": {
        "who_can_post": "users",
        "allow_flagging": True,
        "allow_feedback": False,
        "show_feedback": False,
    }
}
COMMENT_MAX_LENGTH = 3000

# Internationalisation: English at /, the other languages under their prefix (/fr/, /es/, /ar/),
# so every address shows one language and shared caches can keep it.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# Static files, compressed and fingerprinted by WhiteNoise outside development.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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
# Uploaded photos and files: the folder media/ by default; S3-compatible object storage
# when a bucket is named, so that every app server reads every upload. Either way the
# site serves them itself at MEDIA_URL, with its own headers (uploads/views.py).
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
# Small uploads in memory, others on disk, never more of one than any upload may be long.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "uploads.handlers.BoundedTemporaryFileUploadHandler",
]
STORAGE_BUCKET = os.environ.get("DJANGO_STORAGE_BUCKET", "")
if STORAGE_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_BUCKET,
            "endpoint_url": os.environ.get("DJANGO_STORAGE_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_STORAGE_REGION") or None,
            "access_key": os.environ.get("DJANGO_STORAGE_ACCESS_KEY") or None,
            "secret_key": os.environ.get("DJANGO_STORAGE_SECRET_KEY") or None,
            # Objects stay private; names are random and never reused.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Security. DJANGO_HTTPS is on outside development: HTTPS redirects, secure cookies and HSTS.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
# Behind a proxy that ends TLS and sets X-Forwarded-Proto.
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Sessions read from the cache, written through to the database: a member's kept page is
# served without a query (page_cache.members).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
X_FRAME_OPTIONS = "DENY"
# The expired-form page in the visitor's language, like the other error pages.
CSRF_FAILURE_VIEW = "pages.views.csrf_failure"
# No inline script or style anywhere, so the policy needs no 'unsafe-inline'. Images people
# link to in their writing may come from any HTTPS address.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "https:", "data:"],
        "style-src": [SELF],
        "script-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
