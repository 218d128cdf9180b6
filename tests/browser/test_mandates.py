"""The mandate pages in a real browser: accessible (axe-core) and own host only."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from os2gov.authority.actions import ACTIONS
from tests.authority.conftest import build_world
from tests.browser.conftest import RecordedPage, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world() -> None:
    build_world()


def test_acc01_matrix_page_is_accessible(recorded_page: RecordedPage, world: None) -> None:
    page = recorded_page.page
    page.goto("/mandater/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.get_by_test_id("mandate-matrix").locator("tr[data-action]")).to_have_count(
        len(ACTIONS)
    )
    assert axe_violations(page) == []
    assert recorded_page.foreign_requests() == []


def test_grp08_product_page_is_accessible(recorded_page: RecordedPage, world: None) -> None:
    page = recorded_page.page
    page.goto("/mandater/")
    page.get_by_test_id("product-mandate-links").get_by_role("link", name="OS2beta").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("OS2beta")
    expect(page.get_by_test_id("grp08-notice")).to_be_visible()
    assert axe_violations(page) == []
    page.goto("/mandater/produkt/os2alfa/")
    expect(page.get_by_test_id("grp08-notice")).to_have_count(0)
    assert axe_violations(page) == []
    assert recorded_page.foreign_requests() == []
