"""The schema at /api/v1/openapi.json and the docs page at /api/v1/docs."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client: Client) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []


def test_schema_is_well_formed_openapi(schema: dict[str, Any]) -> None:
    assert re.fullmatch(r"3\.\d+\.\d+", schema["openapi"])
    assert schema["info"]["title"] and schema["info"]["version"]
    assert schema["paths"]
    for ref in _refs(schema):
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[1] in schema["components"]["schemas"], ref
    operation_ids = [
        operation["operationId"]
        for path_item in schema["paths"].values()
        for operation in path_item.values()
        if isinstance(operation, dict) and "operationId" in operation
    ]
    assert len(operation_ids) == len(set(operation_ids))


def test_error_schema_is_declared(schema: dict[str, Any]) -> None:
    error = schema["components"]["schemas"]["ErrorOut"]
    assert set(error["required"]) >= {"detail"}
    assert set(error["properties"]) == {"detail", "errors"}
    field_error = schema["components"]["schemas"]["FieldError"]
    assert set(field_error["properties"]) == {"field", "message"}


@pytest.mark.parametrize(
    ("path", "method", "codes"),
    [
        ("/api/v1/me", "get", {"200", "401"}),
        ("/api/v1/me/tokens", "get", {"200", "401"}),
        ("/api/v1/me/tokens", "post", {"201", "400", "401", "413", "422"}),
        ("/api/v1/me/tokens/{token_id}", "delete", {"204", "401", "404"}),
    ],
)
def test_me_operations_declare_errors(
    schema: dict[str, Any], path: str, method: str, codes: set[str]
) -> None:
    responses = schema["paths"][path][method]["responses"]
    assert codes <= set(responses)
    for code in codes - {"200", "201", "204"}:
        ref = responses[code]["content"]["application/json"]["schema"]["$ref"]
        assert ref == "#/components/schemas/ErrorOut"


def test_me_operations_declare_token_and_session_security(schema: dict[str, Any]) -> None:
    security = schema["paths"]["/api/v1/me"]["get"]["security"]
    names = {name for requirement in security for name in requirement}
    schemes = schema["components"]["securitySchemes"]
    assert {schemes[name]["type"] for name in names} == {"http", "apiKey"}


def test_schema_ignores_missing_credentials_but_refuses_a_bad_token(client: Client) -> None:
    assert client.get("/api/v1/openapi.json", **bearer("os2g_bad")).status_code == 401


def test_docs_page_loads_only_own_assets(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(source.startswith("/") and not source.startswith("//") for source in sources)
    # No inline executable script: the only inline <script> is JSON data.
    for attributes in re.findall(r"<script([^>]*)>", html):
        assert "src=" in attributes or 'type="application/json"' in attributes
    assert '"validatorUrl": null' in html
