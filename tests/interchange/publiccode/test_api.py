"""publiccode.yml through the API (PRD-08): POST imports with the same checks (422 naming
the field path, 403 naming the holder), GET answers a product's publiccode.yml."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from django.test import Client

from os2gov.accounts.services import api_token_create
from os2gov.catalogue.models import Product
from os2gov.interchange.publiccode.exporter import check_export
from tests.interchange.publiccode.conftest import sample

pytestmark = pytest.mark.django_db

URL = "/api/v1/interchange/publiccode"


def _bearer(user: Any) -> dict[str, str]:
    _token, plaintext = api_token_create(actor=user, name="publiccode")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def _post(client: Client, user: Any, data: bytes) -> Any:
    return client.post(URL, data=data, content_type="application/yaml", **_bearer(user))


def test_prd08_post_imports_then_updates(client: Client, secretariat: Any) -> None:
    created = _post(client, secretariat, sample("bookingportal.yml"))
    assert created.status_code == 201, created.content
    assert created.json() == {
        "outcome": "imported",
        "product": "os2bookingportal",
        "product_name": "OS2bookingportal",
        "warnings": [],
    }
    again = _post(client, secretariat, sample("bookingportal.yml"))
    assert again.status_code == 200 and again.json()["outcome"] == "unchanged"


def test_prd08_post_invalid_answers_422_naming_the_field_path(
    client: Client, secretariat: Any
) -> None:
    response = _post(client, secretariat, sample("bad-licence.yml"))
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "legal.license"
    assert body["errors"][0]["message"].startswith("not an SPDX expression")
    dates = _post(client, secretariat, sample("impossible-date.yml")).json()["errors"]
    assert {"releaseDate", "maintenance.contractors[0].until"} <= {e["field"] for e in dates}
    syntax = _post(client, secretariat, sample("syntax-error.yml")).json()["errors"]
    assert syntax[0]["field"] == "body" and "(line 5)" in syntax[0]["message"]
    assert not Product.objects.exists()


def test_prd08_post_without_the_mandate_answers_403_naming_the_holder(
    client: Client, outsider: Any
) -> None:
    response = _post(client, outsider, sample("bookingportal.yml"))
    assert response.status_code == 403
    assert response.json()["detail"] == "Only the secretariat can do this."
    assert not Product.objects.exists()


def test_post_needs_credentials(client: Client) -> None:
    response = client.post(URL, data=sample("bookingportal.yml"), content_type="application/yaml")
    assert response.status_code == 401


def test_prd08_get_answers_the_publiccode_yml(client: Client, secretariat: Any) -> None:
    _post(client, secretariat, sample("bookingportal.yml"))
    response = client.get(f"{URL}/os2bookingportal")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/yaml")
    assert check_export(yaml.safe_load(response.content)) == []
    assert client.get(f"{URL}/findes-ikke").status_code == 404


def test_the_operations_are_in_the_openapi_schema(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "application/yaml" in paths[URL]["post"]["requestBody"]["content"]
    assert "post" in paths[URL] and "get" in paths[URL + "/{slug}"]
