"""Settings shared by every environment. Values come from the environment (see README)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

from config import env

BASE_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = Path(env.string("OS2GOV_DATA_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env.secret_key()
DEBUG = False
ALLOWED_HOSTS = env.csv("ALLOWED_HOSTS", ["127.0.0.1", "localhost"], expects="host names")
CSRF_TRUSTED_ORIGINS = env.csv("CSRF_TRUSTED_ORIGINS", [], expects="origins such as https://host")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Before allauth, so its templates in os2gov/accounts/templates override allauth's.
    "os2gov.accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "ninja",
    "rules.apps.AutodiscoverRulesConfig",
    "os2gov.core",
    "os2gov.organisation",
    "os2gov.catalogue",
    "os2gov.governance",
    "os2gov.authority",
    "os2gov.economy",
    "os2gov.wishes",
    "os2gov.levels",
    "os2gov.interchange",
    "os2gov.public",
    "os2gov.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "os2gov.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "os2gov.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "os2gov.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.database("DATABASE_URL", f"sqlite:///{DATA_DIR / 'os2gov.sqlite3'}"),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when REDIS_URL is set (needed as soon as more than one process serves the site:
# the login rate limits live in the cache); otherwise each process keeps its own memory.
_redis_url = env.redis_url("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": "os2gov",
        }
        if _redis_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
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
LOGIN_REDIRECT_URL = "public:home"

# --- django-allauth: e-mail login, TOTP, OpenID Connect -------------------------------
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_ALLOW_REGISTRATION = env.boolean("ACCOUNT_ALLOW_REGISTRATION", False)
ACCOUNT_ADAPTER = "os2gov.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "os2gov.accounts.adapters.SocialAccountAdapter"
# Failed logins are limited per account (key) and per address (ip).
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.string("LOGIN_FAILED_RATE_LIMIT", "20/m/ip,5/5m/key"),
}
# Behind a reverse proxy every request comes from the proxy's address; set this to the
# number of proxies in front (1 for one nginx) so per-address limits see the client.
ALLAUTH_TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "OS2gov"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True

OIDC_CLIENT_ID = env.string("OIDC_CLIENT_ID", "")
OIDC_ORIGIN = ""  # scheme://host[:port] of the provider, allowed as a form target by the CSP
SOCIALACCOUNT_PROVIDERS: dict = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": []}}
if OIDC_CLIENT_ID:
    _oidc_secret = env.string("OIDC_CLIENT_SECRET", expects="the OIDC client's secret")
    _oidc_server_url = env.url("OIDC_SERVER_URL")
    _oidc_server = urlsplit(_oidc_server_url)
    OIDC_ORIGIN = f"{_oidc_server.scheme}://{_oidc_server.netloc}"
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append(
        {
            "provider_id": env.string("OIDC_PROVIDER_ID", "keycloak"),
            "name": env.string("OIDC_NAME", "Keycloak"),
            "client_id": OIDC_CLIENT_ID,
            "secret": _oidc_secret,
            "settings": {"server_url": _oidc_server_url},
        }
    )

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = env.string("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.string("EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.string("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.string("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env.boolean("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise env.ConfigurationError(
        "EMAIL_USE_SSL and EMAIL_USE_TLS are both true: expected at most one of them."
    )
EMAIL_TIMEOUT = env.integer("EMAIL_TIMEOUT", 10)  # seconds; the daily job must not hang
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "OS2gov <noreply@os2gov.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation: Danish first ---------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "os2gov_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- Static files: front-end packages are copied to build/static by `make assets` -----
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.string("STATIC_ROOT", str(DATA_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"

# --- Security headers sent by every environment ---------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Login through OpenID Connect posts a form that redirects to the provider; browsers apply
# form-action to that redirect, so the provider's origin is allowed there and nowhere else.
_form_targets = f"'self' {OIDC_ORIGIN}" if OIDC_ORIGIN else "'self'"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    f"font-src 'self'; connect-src 'self'; form-action {_form_targets}; "
    "frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "os2gov.core.views.csrf_failure"
SESSION_COOKIE_SAMESITE = "Lax"

# --- API ------------------------------------------------------------------------------
# Bodies above this size are refused with 413 before any view reads them.
# Background jobs (imports) run in a thread of their own; the test settings run them at once.
JOBS_RUN_INLINE = False

DATA_UPLOAD_MAX_MEMORY_SIZE = env.integer("DATA_UPLOAD_MAX_MEMORY_SIZE", 1024 * 1024)
NINJA_PAGINATION_PER_PAGE = 50
NINJA_MAX_PER_PAGE_SIZE = 200

# --- Site -----------------------------------------------------------------------------
ACCESSIBILITY_STATEMENT_URL = env.url("ACCESSIBILITY_STATEMENT_URL", "https://www.was.digst.dk/")
SITE_NAME = "OS2gov"
SITE_URL = env.url("SITE_URL", "http://127.0.0.1:8000")

_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.choice("LOG_LEVEL", "INFO", _LOG_LEVELS)},
}
