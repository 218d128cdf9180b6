"""Headers every page sends, in every environment."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/no-such-page/", "/healthz", "/accounts/login/"])
def test_security_headers_on_every_answer(client: Client, path: str) -> None:
    headers = client.get(path).headers
    assert headers["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), payment=()"


def test_policy_forbids_inline_script_and_framing() -> None:
    directives = {}
    for part in settings.CONTENT_SECURITY_POLICY.split(";"):
        name, _space, value = part.strip().partition(" ")
        directives[name] = value
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in settings.CONTENT_SECURITY_POLICY
