"""Run by tests/config/test_production.py in a fresh process with the production settings.

Prints one JSON object: the settings, cookies and headers a test asserts on. Expects a
migrated database and collected static files (the test prepares both).
"""

from __future__ import annotations

import json
import os
import sys
from http.cookies import Morsel
from typing import Any

os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

HEADERS = (
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Cross-Origin-Opener-Policy",
    "Permissions-Policy",
    "Content-Language",
    "Location",
)


def _cookie(morsel: Morsel[str]) -> dict[str, Any]:
    return {
        "secure": bool(morsel["secure"]),
        "httponly": bool(morsel["httponly"]),
        "path": morsel["path"],
        "domain": morsel["domain"],
        "samesite": morsel["samesite"],
        "header": morsel.output(header="").strip(),
    }


def _answer(response: Any) -> dict[str, Any]:
    return {
        "status": response.status_code,
        "headers": {name: response.headers.get(name) for name in HEADERS},
        "cookies": {name: _cookie(morsel) for name, morsel in response.cookies.items()},
    }


def settings_only() -> dict[str, Any]:
    return {
        "cache": settings.CACHES["default"],
        "debug": settings.DEBUG,
        "csp": settings.CONTENT_SECURITY_POLICY,
        "oidc_apps": settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"],
    }


def requests() -> dict[str, Any]:
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    host = settings.ALLOWED_HOSTS[0]
    client = Client(HTTP_HOST=host)
    email, password = "probe@example.org", "a-long-probe-password-7c1e"
    user = get_user_model().objects.create_user(email=email, password=password)
    # The account may already have its address on record; either way it is verified.
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )

    return {
        "login_page": _answer(client.get("/accounts/login/", secure=True)),
        "login": _answer(
            client.post("/accounts/login/", {"login": email, "password": password}, secure=True)
        ),
        "set_language": _answer(
            client.post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True)
        ),
        "plain_http_page": _answer(client.get("/accounts/login/")),
        "plain_http_healthz": _answer(client.get("/healthz")),
    }


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "requests"
    result = settings_only() if mode == "settings" else requests()
    sys.stdout.write(json.dumps(result))
