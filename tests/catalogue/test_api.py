"""GET /api/v1/products, /{slug}, /{slug}/agreements and /{slug}/suppliers."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from tests.catalogue.factories import (
    ConnectionAgreementFactory,
    ProductFactory,
    ProductSupplierFactory,
)
from tests.organisation.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/products"
LIST_FIELDS = {
    "id",
    "slug",
    "name",
    "short_description",
    "status",
    "licence",
    "repository_url",
    "website",
    "user_count",
}


def test_list_is_public_paginated_and_ordered_by_name(client: Client) -> None:
    ProductFactory.create_batch(55)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 55
    assert len(body["items"]) == 50
    assert set(body["items"][0]) == LIST_FIELDS
    names = [item["name"] for item in body["items"]]
    assert names == sorted(names)
    assert len(client.get(URL, {"page": 2}).json()["items"]) == 5
    assert len(client.get(URL, {"page_size": 10}).json()["items"]) == 10


def test_list_user_count_is_today(client: Client) -> None:
    today = timezone.localdate()
    product = ProductFactory()
    ConnectionAgreementFactory(product=product, starts_on=today)
    ConnectionAgreementFactory(product=product, starts_on=today + datetime.timedelta(days=1))
    ConnectionAgreementFactory(
        product=product,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today - datetime.timedelta(days=1),
    )
    [item] = client.get(URL).json()["items"]
    assert item["user_count"] == 1


def test_list_filters_by_status_search_and_municipality(client: Client) -> None:
    ProductFactory(name="OS2kalender", short_description="Booking.", status="active")
    sandbox = ProductFactory(name="OS2rolle", status="sandbox")
    holder = MunicipalityFactory()
    ConnectionAgreementFactory(product=sandbox, organisation=holder)
    assert [i["name"] for i in client.get(URL, {"status": "sandbox"}).json()["items"]] == [
        "OS2rolle"
    ]
    assert [i["name"] for i in client.get(URL, {"search": "booking"}).json()["items"]] == [
        "OS2kalender"
    ]
    body = client.get(URL, {"municipality": holder.slug}).json()
    assert [i["name"] for i in body["items"]] == ["OS2rolle"]
    assert client.get(URL, {"municipality": "findes-ikke"}).json()["count"] == 0


def test_unknown_status_is_422_naming_the_field(client: Client) -> None:
    response = client.get(URL, {"status": "planet"})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"]
    assert body["errors"][0]["field"] == "status"
    assert "sandbox" in body["errors"][0]["message"]


def test_detail_with_suppliers_and_active_agreements(client: Client) -> None:
    today = timezone.localdate()
    product = ProductFactory(
        name="OS2kalender", description="Lang tekst.", licence="EUPL-1.2", status="active"
    )
    supplier = ProductSupplierFactory(
        product=product,
        organisation=OrganisationFactory(name="Kodehuset A/S"),
        delivers_development=True,
        delivers_support=True,
        contract_reference="K-2025-1",
        offers_data_processing_agreement=True,
    )
    agreement = ConnectionAgreementFactory(
        product=product,
        organisation=MunicipalityFactory(name="Testkommune Nord"),
        starts_on=datetime.date(2024, 1, 1),
        ends_on=today,
        annual_contribution=Decimal("125000.00"),
        reference="TA-1",
    )
    ConnectionAgreementFactory(product=product, starts_on=today + datetime.timedelta(days=1))
    response = client.get(f"{URL}/{product.slug}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "OS2kalender"
    assert body["description"] == "Lang tekst."
    assert body["licence"] == "EUPL-1.2"
    assert body["suppliers"] == [
        {
            "organisation": supplier.organisation.slug,
            "organisation_name": "Kodehuset A/S",
            "delivers": ["development", "support"],
            "contract_reference": "K-2025-1",
            "offers_data_processing_agreement": True,
        }
    ]
    assert body["agreements"] == [
        {
            "id": agreement.pk,
            "organisation": agreement.organisation.slug,
            "organisation_name": "Testkommune Nord",
            "organisation_type": "municipality",
            "starts_on": "2024-01-01",
            "ends_on": today.isoformat(),
            "annual_contribution": "125000.00",
            "reference": "TA-1",
        }
    ]


def test_unknown_product_is_404_with_the_error_body(client: Client) -> None:
    for path in ("/findes-ikke", "/findes-ikke/agreements", "/findes-ikke/suppliers"):
        response = client.get(URL + path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Not found.", "errors": []}


def test_agreements_on_a_date(client: Client) -> None:
    product = ProductFactory()
    early = ConnectionAgreementFactory(
        product=product,
        organisation=MunicipalityFactory(name="Testkommune A"),
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
        annual_contribution=Decimal("10000.5"),
    )
    late = ConnectionAgreementFactory(
        product=product,
        organisation=MunicipalityFactory(name="Testkommune B"),
        starts_on=datetime.date(2024, 12, 31),
    )
    url = f"{URL}/{product.slug}/agreements"
    body = client.get(url, {"on": "2024-12-31"}).json()
    assert body["count"] == 2
    assert [i["id"] for i in body["items"]] == [early.pk, late.pk]
    assert body["items"][0]["annual_contribution"] == "10000.50"
    assert [i["id"] for i in client.get(url, {"on": "2025-01-01"}).json()["items"]] == [late.pk]
    assert client.get(url, {"on": "2023-06-01"}).json()["count"] == 0
    # Without `on`: today.
    assert [i["id"] for i in client.get(url).json()["items"]] == [late.pk]


def test_agreements_with_a_bad_date_is_422_naming_on(client: Client) -> None:
    product = ProductFactory()
    response = client.get(f"{URL}/{product.slug}/agreements", {"on": "31-12-2024"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "on"


def test_suppliers(client: Client) -> None:
    product = ProductFactory()
    ProductSupplierFactory(product=product, organisation=OrganisationFactory(name="B-huset A/S"))
    ProductSupplierFactory(
        product=product,
        organisation=OrganisationFactory(name="A-huset A/S"),
        delivers_development=False,
        delivers_hosting=True,
    )
    body = client.get(f"{URL}/{product.slug}/suppliers").json()
    assert [(s["organisation_name"], s["delivers"]) for s in body] == [
        ("A-huset A/S", ["hosting"]),
        ("B-huset A/S", ["development"]),
    ]


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def _add_rows(n: int) -> None:
    for _ in range(n):
        agreement = ConnectionAgreementFactory()
        ConnectionAgreementFactory(product=agreement.product)
        ProductSupplierFactory(product=agreement.product)


def test_list_query_count_does_not_grow_with_rows(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    _add_rows(2)
    few = _queries(client, URL)
    _add_rows(20)
    assert _queries(client, URL) == few
    with django_assert_max_num_queries(2):
        client.get(URL)


def test_detail_and_agreements_query_counts_do_not_grow_with_rows(client: Client) -> None:
    product = ProductFactory()
    ConnectionAgreementFactory(product=product)
    ProductSupplierFactory(product=product)
    few = (
        _queries(client, f"{URL}/{product.slug}"),
        _queries(client, f"{URL}/{product.slug}/agreements"),
        _queries(client, f"{URL}/{product.slug}/suppliers"),
    )
    for _ in range(10):
        ConnectionAgreementFactory(product=product)
        ProductSupplierFactory(product=product)
    many = (
        _queries(client, f"{URL}/{product.slug}"),
        _queries(client, f"{URL}/{product.slug}/agreements"),
        _queries(client, f"{URL}/{product.slug}/suppliers"),
    )
    assert few == many


def test_schema_declares_money_as_a_decimal_string(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    agreement = schema["components"]["schemas"]["AgreementOut"]["properties"]
    assert agreement["annual_contribution"]["type"] == "string"
    assert agreement["annual_contribution"]["pattern"] == r"^-?[0-9]+\.[0-9]{2}$"
    responses = schema["paths"]["/api/v1/products"]["get"]["responses"]
    assert responses["422"]["content"]["application/json"]["schema"]["$ref"] == (
        "#/components/schemas/ErrorOut"
    )
