"""Pages render in Danish by default and in English when the visitor has chosen English."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def _html(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_front_page_is_danish_by_default(client: Client) -> None:
    html = _html(client, "/")
    assert "<h1>Styring af OS2's produkter</h1>" in html
    assert "Tilgængelighedserklæring" in html
    assert "Gå til sidens indhold" in html
    assert "Governance of OS2 products" not in html
    assert "Accessibility statement" not in html


def test_front_page_is_english_when_chosen(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = _html(client, "/")
    assert "<h1>Governance of OS2 products</h1>" in html
    assert "Accessibility statement" in html
    assert "Tilgængelighedserklæring" not in html


def test_login_page_is_danish_by_default(client: Client) -> None:
    html = _html(client, "/accounts/login/")
    assert "<h1>Log ind</h1>" in html
    assert "Log ind med e-mailadressen og adgangskoden" in html
    assert "Log in with the e-mail address" not in html


def test_login_page_is_english_when_chosen(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = _html(client, "/accounts/login/")
    assert "<h1>Log in</h1>" in html
    assert "Log ind" not in html
