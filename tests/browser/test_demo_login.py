"""A demo account logs in through the login page and logs out from the header."""

from __future__ import annotations

import re
from typing import Any, cast

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython
from playwright.sync_api import expect

from os2gov.demo.accounts import DEMO_ACCOUNTS
from tests.browser.conftest import RecordedPage

pytestmark = pytest.mark.django_db(transaction=True)

SUBMIT = re.compile(r"^\s*(log ind|log in|sign in)\s*$", re.IGNORECASE)
LOG_OUT = re.compile(r"^\s*(log ud|log af|log out|sign out)\s*$", re.IGNORECASE)
LOG_IN_LINK = re.compile(r"^\s*(log ind|log in)\s*$", re.IGNORECASE)


@pytest.fixture
def reference_data() -> None:
    """The reference data the demo data refers to: the organisations and the association's
    bodies. They come from the organisation and governance apps' data migrations, but an
    earlier transactional test may have emptied the tables since, so run those migrations'
    (idempotent) functions again."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for (app_label, _name), migration in sorted(loader.disk_migrations.items()):
        if app_label not in ("organisation", "governance"):
            continue
        for operation in migration.operations:
            if isinstance(operation, RunPython):
                # The functions only use apps.get_model(), which the live registry has too.
                cast(Any, operation.code)(apps, None)


def test_demo_user_logs_in_and_out(recorded_page: RecordedPage, reference_data: None) -> None:
    call_command("seed_demo", quiet=True)
    account = next(a for a in DEMO_ACCOUNTS if a.key == "municipal_user")
    page = recorded_page.page

    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name=LOG_IN_LINK).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    page.locator('input[name="login"]').fill(account.email)
    page.locator('input[name="password"]').fill(account.password)
    form = page.locator("form").filter(has=page.locator('input[name="password"]'))
    form.get_by_role("button", name=SUBMIT).click()

    banner = page.get_by_role("banner")
    # The header names who is logged in and where they work.
    expect(banner.get_by_text(f"{account.name}, Odense Kommune")).to_be_visible()

    banner.get_by_role("button", name=LOG_OUT).click()
    expect(page.get_by_role("banner").get_by_role("link", name=LOG_IN_LINK)).to_be_visible()
    expect(page.get_by_role("banner").get_by_text(account.name)).to_have_count(0)
    assert recorded_page.foreign_requests() == []
