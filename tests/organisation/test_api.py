"""GET /api/v1/organisations and /api/v1/organisations/<slug>."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from tests.organisation.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/organisations"
FIELDS = {
    "id",
    "slug",
    "name",
    "type",
    "municipality_code",
    "region_code",
    "region",
    "cvr",
    "website",
    "contact_email",
}


def test_list_is_public_paginated_and_ordered_by_name(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 104
    assert len(body["items"]) == 50
    assert set(body["items"][0]) == FIELDS
    names = [item["name"] for item in body["items"]]
    assert names == sorted(names)
    second = client.get(URL, {"page": 3}).json()
    assert len(second["items"]) == 4


def test_list_page_size(client: Client) -> None:
    body = client.get(URL, {"page_size": 10, "page": 2}).json()
    assert len(body["items"]) == 10
    assert body["count"] == 104


def test_list_filters_by_type_and_shows_region_slug(client: Client) -> None:
    body = client.get(URL, {"type": "municipality", "search": "Aalborg"}).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["name"] == "Aalborg Kommune"
    assert item["municipality_code"] == "851"
    assert item["region"] == "region-nordjylland"
    assert item["region_code"] == ""
    assert item["cvr"] == ""


def test_list_of_regions(client: Client) -> None:
    body = client.get(URL, {"type": "region"}).json()
    assert body["count"] == 5
    assert {item["region_code"] for item in body["items"]} == {
        "1081",
        "1082",
        "1083",
        "1084",
        "1085",
    }
    assert all(item["region"] is None for item in body["items"])


def test_list_searches_by_municipality_code(client: Client) -> None:
    body = client.get(URL, {"search": "461"}).json()
    assert [item["name"] for item in body["items"]] == ["Odense Kommune"]


def test_unknown_type_is_422_naming_the_field(client: Client) -> None:
    response = client.get(URL, {"type": "planet"})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"]
    assert body["errors"][0]["field"] == "type"
    assert "municipality" in body["errors"][0]["message"]


def test_detail(client: Client) -> None:
    supplier = OrganisationFactory(name="Kodehuset A/S")
    response = client.get(f"{URL}/{supplier.slug}")
    assert response.status_code == 200
    assert response.json() == {
        "id": supplier.pk,
        "slug": "kodehuset-as",
        "name": "Kodehuset A/S",
        "type": "supplier",
        "municipality_code": "",
        "region_code": "",
        "region": None,
        "cvr": supplier.cvr,
        "website": supplier.website,
        "contact_email": supplier.contact_email,
    }


def test_detail_of_unknown_slug_is_a_404_json_body(client: Client) -> None:
    response = client.get(f"{URL}/findes-ikke")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["detail"]
    assert body["errors"] == []


def _queries(client: Client, params: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL, params).status_code == 200
    return len(context)


@pytest.mark.parametrize("params", [{}, {"type": "municipality"}, {"page_size": "200"}])
def test_list_query_count_does_not_grow_with_rows(
    client: Client,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    params: dict[str, str],
) -> None:
    OrganisationFactory.create_batch(5)
    MunicipalityFactory.create_batch(2)
    few = _queries(client, params)
    OrganisationFactory.create_batch(40)
    MunicipalityFactory.create_batch(20)
    many = _queries(client, params)
    assert few == many
    with django_assert_max_num_queries(2):
        client.get(URL, params)


def test_schema_declares_the_paginated_response_and_errors(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/organisations"]["get"]
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/PagedOrganisationOut")
    paged = schema["components"]["schemas"]["PagedOrganisationOut"]
    assert set(paged["properties"]) == {"items", "count"}
    assert "422" in operation["responses"]
    parameters = {p["name"] for p in operation["parameters"]}
    assert {"type", "search", "page", "page_size"} <= parameters
    detail = schema["paths"]["/api/v1/organisations/{slug}"]["get"]
    assert "404" in detail["responses"]
