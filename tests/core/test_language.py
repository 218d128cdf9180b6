"""Danish first: the browser's Accept-Language is ignored; English is a remembered choice."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

PAGE = "/no-such-page/"  # the 404 page: in the site's layout, and owned by the core


def _lang(response) -> str:
    html = response.content.decode()
    start = html.index('<html lang="') + len('<html lang="')
    return html[start : html.index('"', start)]


def test_danish_regardless_of_accept_language(client: Client) -> None:
    response = client.get(PAGE, headers={"accept-language": "en-US,en;q=0.9"})
    assert response.headers["Content-Language"] == "da"
    assert _lang(response) == "da"


def test_language_cookie_switches_to_english(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(PAGE, headers={"accept-language": "da"})
    assert response.headers["Content-Language"] == "en"
    assert _lang(response) == "en"


@pytest.mark.parametrize("value", ["xx", "en-us", "", "de"])
def test_unknown_cookie_value_falls_back_to_danish(client: Client, value: str) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = value
    assert client.get(PAGE).headers["Content-Language"] == "da"


def test_responses_vary_on_cookie(client: Client) -> None:
    vary = {part.strip() for part in client.get(PAGE).headers["Vary"].split(",")}
    assert "Cookie" in vary


def test_language_switch_sets_the_cookie_and_returns(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/organisationer/"})
    assert response.status_code == 302
    assert response["Location"] == "/organisationer/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["path"] == "/"
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is True
    assert int(cookie["max-age"]) == settings.LANGUAGE_COOKIE_AGE
    # The client keeps the cookie: the next page is English.
    assert client.get(PAGE).headers["Content-Language"] == "en"
    back = client.post("/i18n/setlang/", {"language": "da", "next": "/"})
    assert back["Location"] == "/"
    assert client.get(PAGE).headers["Content-Language"] == "da"


def test_language_switch_refuses_a_foreign_next(client: Client) -> None:
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "https://elsewhere.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_language_switch_to_an_unsupported_language_keeps_danish(client: Client) -> None:
    # Django's view stores any language it has a catalogue for; the middleware only
    # honours the site's own languages.
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    response = client.get(PAGE)
    assert response.headers["Content-Language"] == "da"
    assert _lang(response) == "da"


def test_the_language_does_not_leak_past_the_request(client: Client) -> None:
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.get(PAGE)
    assert translation.get_language() == settings.LANGUAGE_CODE
