"""{% organisation_products organisation %}: what an organisation uses and supplies."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from os2gov.organisation.models import Organisation, OrganisationType
from tests.catalogue.factories import (
    ConnectionAgreementFactory,
    ProductFactory,
    ProductSupplierFactory,
)
from tests.organisation.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def render(organisation: Organisation) -> str:
    template = Template("{% load catalogue_tags %}{% organisation_products organisation %}")
    return template.render(Context({"organisation": organisation}))


def test_municipality_lists_the_products_it_uses_today(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    today = timezone.localdate()
    municipality = MunicipalityFactory()
    used = ConnectionAgreementFactory(organisation=municipality, starts_on=today).product
    ConnectionAgreementFactory(
        organisation=municipality,
        product=ProductFactory(name="OS2fremtid"),
        starts_on=today + datetime.timedelta(days=1),
    )
    with django_assert_max_num_queries(2):
        html = render(municipality)
    listing = html.split('data-testid="organisation-products-used"', 1)[1].split("</ul>", 1)[0]
    assert f'<a href="/produkter/{used.slug}/">{used.name}</a>' in listing
    assert "OS2fremtid" not in html
    assert "Products it supplies" not in html


def test_municipality_without_agreements_says_so() -> None:
    html = render(MunicipalityFactory())
    assert "Products it uses" in html
    assert "no connection agreement on a product in force today" in html


def test_supplier_lists_what_it_supplies() -> None:
    supplier = OrganisationFactory()
    row = ProductSupplierFactory(
        organisation=supplier, product=ProductFactory(name="OS2drift"), delivers_operation=True
    )
    html = render(supplier)
    listing = html.split('data-testid="organisation-products-supplied"', 1)[1].split("</ul>")[0]
    assert f'<a href="/produkter/{row.product.slug}/">OS2drift</a>: development, operation' in (
        listing
    )
    assert "Products it uses" not in html


def test_supplier_without_products_says_so_and_association_shows_nothing() -> None:
    assert "not registered as the supplier of any product" in render(OrganisationFactory())
    association = OrganisationFactory(type=OrganisationType.ASSOCIATION)
    assert render(association).strip() == ""
