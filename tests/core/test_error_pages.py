"""403, 404 and 500 in the site's layout: Danish by default, English by choice."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client, override_settings

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("error_urls"),
]


@pytest.fixture
def error_urls():
    with override_settings(ROOT_URLCONF="tests.core.urls_errors", DEBUG=False):
        yield


@pytest.fixture
def failing_client(client: Client) -> Client:
    client.raise_request_exception = False
    return client


def _assert_in_layout(html: str, language: str) -> None:
    assert re.search(rf'<html lang="{language}">', html)
    assert 'href="#main-content"' in html  # the skip link
    assert '<main id="main-content"' in html
    assert "<footer>" in html
    assert html.count("<h1") == 1


PAGES = [
    ("/test-only/refuse", 403),
    ("/no-such-page/", 404),
    ("/test-only/fail", 500),
]


@pytest.mark.parametrize(("path", "status"), PAGES)
def test_error_page_is_danish_by_default(failing_client: Client, path: str, status: int) -> None:
    response = failing_client.get(path, headers={"accept-language": "en-GB,en;q=0.9"})
    assert response.status_code == status
    assert response.headers["Content-Language"] == "da"
    assert response.headers["Content-Type"].startswith("text/html")
    _assert_in_layout(response.content.decode(), "da")


@pytest.mark.parametrize(("path", "status"), PAGES)
def test_error_page_is_english_when_chosen(failing_client: Client, path: str, status: int) -> None:
    failing_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = failing_client.get(path)
    assert response.status_code == status
    assert response.headers["Content-Language"] == "en"
    _assert_in_layout(response.content.decode(), "en")


def test_403_page_shows_the_reason(failing_client: Client) -> None:
    failing_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = failing_client.get("/test-only/refuse").content.decode()
    assert "Only the secretariat may do this." in html
    assert "<h1>You may not do this</h1>" in html


def test_404_and_500_pages_say_what_happened_in_english(failing_client: Client) -> None:
    failing_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "<h1>Page not found</h1>" in failing_client.get("/nope/").content.decode()
    html = failing_client.get("/test-only/fail").content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert "on purpose" not in html  # no internals leak to the visitor


def test_500_page_carries_the_security_headers(failing_client: Client) -> None:
    response = failing_client.get("/test-only/fail")
    assert response.headers["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_refused_form_gets_the_site_403_page() -> None:
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/i18n/setlang/", {"language": "da", "next": "/"})
    assert response.status_code == 403
    html = response.content.decode()
    _assert_in_layout(html, "en")
    assert "did not come from this site" in html
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies  # nothing was changed


def test_500_falls_back_to_plain_text_when_the_layout_fails(
    failing_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from os2gov.core import views

    def broken_render(*args, **kwargs):
        raise RuntimeError("the layout cannot render")

    monkeypatch.setattr(views, "render", broken_render)
    response = failing_client.get("/test-only/fail")
    assert response.status_code == 500
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    # Danish is the default language.
    assert response.content.decode() == "Der gik noget galt. Prøv igen om lidt."
