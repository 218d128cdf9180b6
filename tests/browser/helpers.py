"""What the browser tests share: logging in through the login page, and the level world
with the rows of the data migrations put back."""

from __future__ import annotations

from typing import Any, cast

from django.apps import apps
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython
from playwright.sync_api import Page, expect

from tests.authority.conftest import PASSWORD
from tests.levels.conftest import LevelWorld, build_world


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Log in on the login page; whoever is logged in already logs out first."""
    logout = page.get_by_role("banner").get_by_test_id("logout")
    if logout.count():
        logout.click()
        expect(page.get_by_role("banner").get_by_test_id("login-link")).to_be_visible()
    page.goto("/accounts/login/")
    page.locator('input[name="login"]').fill(email)
    page.locator('input[name="password"]').fill(password)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_role("banner").get_by_test_id("logout")).to_be_visible()


def log_in_as(page: Page, user: Any) -> None:
    """Give ``user`` the test password and log in as them."""
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    log_in(page, user.email)


def rerun_data_migrations(*app_labels: str) -> None:
    """Transactional tests empty the tables the data migrations fill: run those migrations'
    functions again."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for (app_label, _name), migration in sorted(loader.disk_migrations.items()):
        if app_label not in app_labels:
            continue
        for operation in migration.operations:
            if isinstance(operation, RunPython):
                cast(Any, operation.code)(apps, None)


def level_world(**kwargs: Any) -> LevelWorld:
    """The levels' world, on top of the organisations, bodies and default level model."""
    rerun_data_migrations("organisation", "governance", "levels")
    return build_world(**kwargs)
