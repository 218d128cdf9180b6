"""The product catalogue in a real browser: renders, filters, accessible, own host only."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import RecordedPage, axe_violations
from tests.catalogue.factories import (
    ConnectionAgreementFactory,
    ProductFactory,
    ProductSupplierFactory,
)
from tests.organisation.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalogue() -> None:
    today = timezone.localdate()
    kalender = ProductFactory(
        name="OS2testkalender",
        short_description="Booking af lokaler.",
        description="Et fælles bookingsystem.\n\nBruges af flere kommuner.",
        status="active",
        website="https://os2testkalender.example.org",
    )
    ProductFactory(
        name="OS2testrolle", short_description="Roller og rettigheder.", status="sandbox"
    )
    ProductFactory(name="OS2testarkiv", short_description="Udfaset.", status="archived")
    ProductSupplierFactory(
        product=kalender,
        organisation=OrganisationFactory(name="Testkodehuset A/S"),
        delivers_operation=True,
        offers_data_processing_agreement=True,
    )
    ConnectionAgreementFactory(
        product=kalender,
        organisation=MunicipalityFactory(name="Testby Kommune", municipality_code="951"),
        starts_on=today - datetime.timedelta(days=10),
    )


def test_list_filters_and_product_page_are_accessible(
    recorded_page: RecordedPage, catalogue: None
) -> None:
    page = recorded_page.page
    page.goto("/produkter/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    table = page.get_by_test_id("product-table")
    expect(table.locator("tbody tr")).to_have_count(3)
    assert axe_violations(page) == []

    page.locator("#id_status").select_option("sandbox")
    page.get_by_test_id("product-filter").locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"status=sandbox"))
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("OS2testrolle")
    expect(page.locator("#id_status")).to_have_value("sandbox")
    assert axe_violations(page) == []

    page.goto("/produkter/")
    page.locator("#id_municipality").select_option(label="Testby Kommune")
    page.get_by_test_id("product-filter").locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"municipality=testby-kommune"))
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table.get_by_test_id("user-count")).to_have_text("1")

    table.get_by_role("link", name="OS2testkalender").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("OS2testkalender")
    expect(page.get_by_test_id("product-suppliers")).to_contain_text("Testkodehuset A/S")
    expect(page.get_by_test_id("product-users")).to_contain_text("Testby Kommune")
    assert axe_violations(page) == []

    page.get_by_test_id("product-users").get_by_role("link", name="Testby Kommune").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Testby Kommune")
    assert recorded_page.foreign_requests() == []


def test_invalid_filter_is_accessible(recorded_page: RecordedPage, catalogue: None) -> None:
    page = recorded_page.page
    page.goto("/produkter/?status=planet")
    expect(page.locator("#id_status_error")).to_be_visible()
    assert axe_violations(page) == []
    assert recorded_page.foreign_requests() == []


def test_unknown_product_is_a_404_page(recorded_page: RecordedPage) -> None:
    response = recorded_page.page.goto("/produkter/findes-ikke/")
    assert response is not None
    assert response.status == 404
