"""Logging in and out in a real browser; the login page and the API docs stay on our host."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, expect

from os2gov.accounts.models import User
from tests.browser.conftest import RecordedPage, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Korrekt-Hest-Batteri-42"


@pytest.fixture
def person(transactional_db: Any) -> User:
    return User.objects.create_user("erik.eriksen@testby.example", PASSWORD, name="Erik Eriksen")


def _log_in(recorded_page: RecordedPage, email: str, password: str) -> None:
    page = recorded_page.page
    page.goto("/accounts/login/")
    page.locator('input[name="login"]').fill(email)
    page.locator('input[name="password"]').fill(password)
    page.get_by_test_id("login-submit").click()


def test_person_logs_in_sees_name_and_logs_out(recorded_page: RecordedPage, person: User) -> None:
    page = recorded_page.page
    _log_in(recorded_page, person.email, PASSWORD)
    banner = page.get_by_role("banner")
    expect(banner.get_by_text("Erik Eriksen").first).to_be_visible()

    page.goto("/account/")
    expect(page.get_by_test_id("profile")).to_contain_text(person.email)

    banner.get_by_test_id("logout").click()
    expect(page.get_by_role("banner").get_by_test_id("login-link")).to_be_visible()
    expect(page.get_by_role("banner").get_by_text("Erik Eriksen")).to_have_count(0)
    assert recorded_page.foreign_requests() == []


def test_wrong_password_shows_an_accessible_error(
    recorded_page: RecordedPage, person: User
) -> None:
    page = recorded_page.page
    _log_in(recorded_page, person.email, "not-the-password")
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).not_to_be_empty()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("banner").get_by_test_id("login-link")).to_be_visible()
    assert axe_violations(page) == []


def test_login_page_is_accessible_and_local(recorded_page: RecordedPage) -> None:
    page = recorded_page.page
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.get_by_label(re.compile("e-?mail", re.IGNORECASE))).to_be_visible()
    assert axe_violations(page) == []
    assert recorded_page.foreign_requests() == []


def test_api_docs_render_from_own_host_under_csp(recorded_page: RecordedPage) -> None:
    page = recorded_page.page
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto("/api/v1/docs")
    # Swagger UI has fetched the schema and drawn the operations.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("OS2gov API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    expect(page.get_by_text("/api/v1/me/tokens").first).to_be_visible()
    assert recorded_page.foreign_requests() == []
    assert [p for p in problems if "Content Security Policy" in p] == []
    assert problems == []


def test_tokens_page_creates_a_token_and_is_accessible(
    recorded_page: RecordedPage, person: User
) -> None:
    page = recorded_page.page
    _log_in(recorded_page, person.email, PASSWORD)
    page.goto("/account/")
    assert axe_violations(page) == []
    page.goto("/account/tokens/")
    form = page.get_by_test_id("token-create-form")
    form.locator('input[name="name"]').fill("Browser test")
    form.locator('button[type="submit"]').click()
    expect(page.get_by_test_id("new-token-value")).to_have_value(re.compile(r"^os2g_"))
    expect(page.get_by_test_id("token-table")).to_contain_text("Browser test")
    assert axe_violations(page) == []
    assert recorded_page.foreign_requests() == []
