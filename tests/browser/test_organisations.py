"""The organisation registry in a real browser: renders, filters, accessible, own host only.

Whether the reference data of the migration is still there depends on the order of the
transactional tests (each one ends with a flush), so these tests create what they need with
names and codes no real organisation has, and filter on types the reference data lacks.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from os2gov.organisation.models import OrganisationType
from tests.browser.conftest import RecordedPage, axe_violations
from tests.organisation.factories import MunicipalityFactory, OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registry() -> None:
    region = RegionFactory(name="Testregion Nord", region_code="9081")
    MunicipalityFactory(name="Testby Kommune", municipality_code="951", region=region)
    MunicipalityFactory(name="Prøveby Kommune", municipality_code="960", region=region)
    OrganisationFactory(name="Testmyndigheden", type=OrganisationType.PUBLIC_AUTHORITY)
    OrganisationFactory(name="Prøvestyrelsen", type=OrganisationType.PUBLIC_AUTHORITY)
    OrganisationFactory(name="Kodehuset A/S")
    OrganisationFactory.create_batch(30)  # 31 suppliers: two pages


def test_list_renders_filters_by_type_and_is_accessible(
    recorded_page: RecordedPage, registry: None
) -> None:
    page = recorded_page.page
    page.goto("/organisationer/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    table = page.get_by_test_id("organisation-table")
    expect(table.locator("tbody tr")).to_have_count(25)
    expect(page.get_by_test_id("pagination")).to_be_visible()
    assert axe_violations(page) == []

    page.locator("#id_type").select_option("public_authority")
    page.get_by_test_id("organisation-filter").locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"type=public_authority"))
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("Testmyndigheden")
    expect(table).to_contain_text("Prøvestyrelsen")
    expect(table).not_to_contain_text("Kodehuset")
    expect(page.locator("#id_type")).to_have_value("public_authority")
    expect(page.get_by_test_id("pagination")).to_have_count(0)
    assert axe_violations(page) == []
    assert recorded_page.foreign_requests() == []


def test_pagination_keeps_the_filter(recorded_page: RecordedPage, registry: None) -> None:
    page = recorded_page.page
    page.goto("/organisationer/?type=supplier")
    pagination = page.get_by_test_id("pagination")
    pagination.locator('a[rel="next"]').click()
    page.wait_for_url(re.compile(r"type=supplier.*page=2|page=2.*type=supplier"))
    expect(page.get_by_test_id("organisation-table").locator("tbody tr")).to_have_count(6)
    expect(pagination.locator('[aria-current="page"]')).to_have_text("2")
    assert axe_violations(page) == []
    assert recorded_page.foreign_requests() == []


def test_detail_pages_are_accessible(recorded_page: RecordedPage, registry: None) -> None:
    page = recorded_page.page
    page.goto("/organisationer/testregion-nord/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Testregion Nord")
    expect(page.get_by_test_id("region-municipalities").locator("li")).to_have_count(2)
    assert axe_violations(page) == []

    page.get_by_role("link", name="Testby Kommune").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Testby Kommune")
    expect(page.get_by_test_id("organisation-facts")).to_contain_text("951")
    assert axe_violations(page) == []

    page.goto("/organisationer/kodehuset-as/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kodehuset A/S")
    assert axe_violations(page) == []
    assert recorded_page.foreign_requests() == []


def test_unknown_organisation_is_a_404_page(recorded_page: RecordedPage) -> None:
    response = recorded_page.page.goto("/organisationer/findes-ikke/")
    assert response is not None
    assert response.status == 404
