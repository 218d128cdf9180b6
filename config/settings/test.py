"""Settings for the test suite: SQLite by default, PostgreSQL when DATABASE_URL says so."""

import os

os.environ.setdefault(
    "SECRET_KEY", "test-only-not-secret-7d1e9b3a5c8f2e6a0d4b7c1f9e3a5d8b2c6f0a4e7d1b9c3"
)

from .base import *  # noqa: F403

DEBUG = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ACCOUNT_EMAIL_VERIFICATION = "optional"

# Each test runs in one transaction, which a job's own thread could not see: run jobs at once.
JOBS_RUN_INLINE = True
