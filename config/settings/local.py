"""Settings for `make run` on a developer's or evaluator's machine: SQLite under var/."""

import os

os.environ.setdefault(
    "SECRET_KEY", "local-only-not-secret-3f9a7c1e5b2d8a6f4e0c9b7d5a3f1e8c6b4d2a0f9e7c5b3"
)

from .base import *  # noqa: F403
from .base import DATA_DIR

DEBUG = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Manifest storage needs collectstatic; locally the finders serve build/static directly.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_DIR.mkdir(parents=True, exist_ok=True)
