"""The error contract: one body shape for every error, declared in the schema."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from os2gov.accounts.models import ApiToken, User
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

TOKENS = "/api/v1/me/tokens"


def _body(response, status: int) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return body


def test_422_names_the_field(client: Client, token: str) -> None:
    body = _body(
        client.post(
            TOKENS, {"expires_at": "soon"}, content_type="application/json", **bearer(token)
        ),
        422,
    )
    fields = {error["field"] for error in body["errors"]}
    assert fields == {"name", "expires_at"}
    assert all(error["message"] for error in body["errors"])


def test_422_for_service_validation_names_the_field(client: Client, token: str) -> None:
    body = _body(
        client.post(
            TOKENS,
            {"name": "x", "expires_at": "2001-01-01T00:00:00Z"},
            content_type="application/json",
            **bearer(token),
        ),
        422,
    )
    assert [error["field"] for error in body["errors"]] == ["expires_at"]


def test_422_for_bad_query_parameter(client: Client, token: str) -> None:
    body = _body(client.get(TOKENS, {"page": "zero"}, **bearer(token)), 422)
    assert body["errors"][0]["field"] == "page"


def test_non_json_body_is_400(client: Client, token: str) -> None:
    body = _body(
        client.post(TOKENS, "name=x", content_type="application/json", **bearer(token)), 400
    )
    assert "JSON" in body["detail"]
    assert ApiToken.objects.count() == 1


def test_oversized_body_is_413(client: Client, token: str) -> None:
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
        response = client.post(
            TOKENS, {"name": "x" * 2000}, content_type="application/json", **bearer(token)
        )
    _body(response, 413)
    assert ApiToken.objects.count() == 1


def test_oversized_form_body_is_413_for_session(client: Client, person: User) -> None:
    client.force_login(person)
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
        response = client.post(TOKENS, {"name": "x" * 2000})
    _body(response, 413)


def test_unknown_api_path_is_json_404(client: Client) -> None:
    _body(client.get("/api/v1/no-such-thing"), 404)


def test_wrong_method_is_json_405(client: Client, token: str) -> None:
    response = client.put(TOKENS, {}, content_type="application/json", **bearer(token))
    _body(response, 405)
    assert "GET" in response["Allow"]


def test_unhandled_error_is_json_500(client: Client, token: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def explode(**kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("os2gov.accounts.api.api_tokens_of", explode)
    client.raise_request_exception = False
    body = _body(client.get(TOKENS, **bearer(token)), 500)
    assert "boom" not in body["detail"]
