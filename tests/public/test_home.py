"""The front page and the page shell around every page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import translation

from os2gov.public import navigation

pytestmark = pytest.mark.django_db


def english_client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.focusable: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"] or "")
        if tag in {"a", "button", "input", "select", "textarea"} and attributes.get("type") != (
            "hidden"
        ):
            self.focusable.append((tag, attributes))


def parse(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


def test_front_page_is_public_and_danish_by_default() -> None:
    response = Client().get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="da">' in html
    assert html.count("<h1") == 1
    assert re.search(r"<title>[^<]+ · OS2gov</title>", html)


def test_front_page_shows_the_registry_counts() -> None:
    html = english_client().get("/").content.decode()
    assert "<title>Front page · OS2gov</title>" in html
    assert "98 municipalities" in html
    assert "5 regions" in html
    assert "0 suppliers" in html
    call_command("seed_demo", quiet=True)
    html = english_client().get("/").content.decode()
    assert "6 suppliers" in html


def test_front_page_query_count_does_not_grow_with_the_data() -> None:
    client = english_client()
    client.get("/")  # warm up (e.g. content types)
    with CaptureQueriesContext(connection) as empty:
        client.get("/")
    call_command("seed_demo", quiet=True, scale=3)
    with CaptureQueriesContext(connection) as full:
        client.get("/")
    assert len(full) == len(empty) <= 2


def test_front_page_links_all_work() -> None:
    client = english_client()
    hrefs = parse(client.get("/").content.decode()).hrefs
    internal = {h.split("#")[0] for h in hrefs if h.startswith("/")}
    assert {"/", "/organisationer/", "/accounts/login/"} <= internal
    for href in internal:
        assert client.get(href).status_code == 200, href
    assert settings.ACCESSIBILITY_STATEMENT_URL in hrefs


@override_settings(ROOT_URLCONF="tests.public.urls_foundation_only")
def test_sections_without_a_page_are_named_but_not_linked() -> None:
    html = english_client().get("/").content.decode()
    assert 'data-testid="coming-sections"' in html
    assert "Development wishes" in html
    assert "/produkter/" not in html
    assert [s.key for s, _url in navigation.available_sections()] == ["home", "organisations"]


@override_settings(ROOT_URLCONF="tests.public.urls_with_products")
def test_a_section_appears_in_menu_and_front_page_once_its_page_exists() -> None:
    client = english_client()
    html = client.get("/").content.decode()
    assert html.count('href="/produkter/"') == 3  # desktop menu, mobile menu, front page card
    available, pending = navigation.governance_sections()
    assert [s.key for s, _url in available] == ["products"]
    assert [s.key for s in pending] == ["groups", "wishes"]
    assert [s.key for s, _url in navigation.available_sections()] == [
        "home",
        "organisations",
        "products",
    ]
    # The menu marks the products page (and what is below it) as active.
    request = RequestFactory().get("/produkter/")
    with translation.override("en"):
        items = {str(item.label): item for item in navigation.main_menu(request)}
    assert items["Products"].current and items["Products"].active
    assert not items["Front page"].active


def test_skip_link_is_the_first_focusable_element() -> None:
    html = Client().get("/").content.decode()
    body = html[html.index("<body") :]
    tag, attributes = parse(body).focusable[0]
    assert tag == "a"
    assert attributes["href"] == "#main-content"
    assert 'id="main-content"' in html


def test_shell_has_landmarks_and_accessibility_statement() -> None:
    html = english_client().get("/").content.decode()
    for landmark in ('<header class="header">', "<main ", "<footer>"):
        assert landmark in html
    assert '<nav class="nav" aria-label="Main menu">' in html
    assert f'href="{settings.ACCESSIBILITY_STATEMENT_URL}"' in html
    assert "Accessibility statement" in html


def test_language_switch_offers_the_other_language() -> None:
    danish = Client().get("/").content.decode()
    assert re.search(r'value="en" lang="en"[^>]*>.*?English</button>', danish, re.S)
    assert ">Dansk</button>" not in danish
    english = english_client().get("/").content.decode()
    assert '<html lang="en">' in english
    assert re.search(r'value="da" lang="da"[^>]*>.*?Dansk</button>', english, re.S)
    assert "English</button>" not in english


def test_switching_language_is_remembered() -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/organisationer/"})
    assert response.status_code == 302
    assert response["Location"] == "/organisationer/"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_breadcrumbs_render_with_the_front_page_first() -> None:
    request = RequestFactory().get("/organisationer/x/")
    request.user = AnonymousUser()
    html = render_to_string(
        "base.html",
        {"breadcrumbs": [{"label": "Organisations", "url": "/organisationer/"}, {"label": "X"}]},
        request=request,
    )
    crumbs = html[html.index('class="breadcrumbs"') :]
    assert crumbs.index('href="/"') < crumbs.index('href="/organisationer/"')
    assert re.search(r'aria-current="page">\s*<svg[^>]*>.*?</svg>X</li>', crumbs, re.S)
