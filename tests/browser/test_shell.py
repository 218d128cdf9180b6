"""The page shell in a real browser: language, keyboard, accessibility, own host only."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import ConsoleMessage, Page, Response, ViewportSize, expect

from tests.browser.conftest import RecordedPage, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

MOBILE: ViewportSize = {"width": 390, "height": 844}


def watch_problems(page: Page) -> list[str]:
    """Collect failed responses (e.g. a 404 for an icon) and console errors (e.g. CSP)."""
    problems: list[str] = []

    def on_response(response: Response) -> None:
        if response.status >= 400:
            problems.append(f"{response.status} {response.url}")

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    page.on("response", on_response)
    page.on("console", on_console)
    return problems


def test_front_page_renders_in_danish_from_own_host(recorded_page: RecordedPage) -> None:
    page = recorded_page.page
    problems = watch_problems(page)
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.get_by_role("heading", level=1).count() == 1
    assert page.get_by_role("heading", level=1).inner_text() != ""
    assert page.title().endswith(" · OS2gov")
    assert recorded_page.foreign_requests() == []
    assert problems == []
    assert axe_violations(page) == []


def test_english_is_chosen_and_remembered(recorded_page: RecordedPage) -> None:
    page = recorded_page.page
    page.goto("/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Dansk")).to_be_visible()
    assert page.get_by_role("button", name="English").count() == 0

    # The next page remembers the choice.
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Organisations"
    ).click()
    expect(page).to_have_url(re.compile(r"/organisationer/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.title() == "Front page · OS2gov"

    # And back to Danish.
    page.get_by_role("button", name="Dansk").click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    assert recorded_page.foreign_requests() == []


def test_skip_link_is_first_and_moves_focus_to_the_content(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.className, document.activeElement.getAttribute('href')]"
    )
    assert focused == ["skipnav", "#main-content"]
    assert page.locator("a.skipnav").is_visible()  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"


def test_footer_links_to_the_accessibility_statement(page: Page) -> None:
    page.goto("/")
    link = page.get_by_role("contentinfo").get_by_role(
        "link", name=re.compile("Tilgængelighedserklæring|Accessibility statement")
    )
    expect(link).to_have_attribute("href", re.compile(r"^https?://"))


def test_mobile_menu_opens_and_closes_without_violations(recorded_page: RecordedPage) -> None:
    page = recorded_page.page
    problems = watch_problems(page)
    page.set_viewport_size(MOBILE)
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []
    menu = page.get_by_role("dialog")
    expect(menu).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(menu).to_be_visible()
    expect(
        menu.get_by_role("link", name=re.compile("Organisationer|Organisations"))
    ).to_be_visible()
    expect(menu.get_by_role("button", name="English")).to_be_visible()
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    assert recorded_page.foreign_requests() == []
    assert problems == []
