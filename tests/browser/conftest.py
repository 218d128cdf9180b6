"""A real Chromium (Debian's) driven by Playwright against Django's live server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

CHROMIUM = os.environ.get("OS2GOV_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
LAUNCH_ARGS = [
    "--no-sandbox",  # tests run as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


class RecordedPage:
    """A page plus every URL it requested, so tests can assert no third-party host."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.requested: list[str] = []
        page.on("request", lambda request: self.requested.append(request.url))

    def foreign_requests(self) -> list[str]:
        own = urlsplit(self.base_url).netloc
        return [
            url
            for url in self.requested
            if urlsplit(url).scheme in {"http", "https"} and urlsplit(url).netloc != own
        ]


@pytest.fixture
def recorded_page(browser: Browser, live_server: Any) -> Iterator[RecordedPage]:
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(5000)
    recorded = RecordedPage(page, live_server.url)
    yield recorded
    context.close()


@pytest.fixture
def page(recorded_page: RecordedPage) -> Page:
    return recorded_page.page


@pytest.fixture
def english(recorded_page: RecordedPage, live_server: Any) -> Iterator[list[str]]:
    """The site in English, and the script errors (a CSP violation is one) collected."""
    page = recorded_page.page
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    errors: list[str] = []

    def collect(message: ConsoleMessage) -> None:
        # A refused form answers 400 or 403 on purpose; the browser logs that too.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    page.on("console", collect)
    yield errors


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[Any]:
    """Run axe-core (from npm) in the page; return the violations of the given impacts."""
    # Evaluated over the DevTools protocol, so the site's CSP (no inline script) stays on.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v.get("impact") in impacts]
