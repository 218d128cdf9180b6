"""/api/v1/me/tokens: list, create (plaintext once), revoke."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from os2gov.accounts.models import ApiToken, User
from os2gov.accounts.services import api_token_create
from os2gov.core.models import AuditEvent
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

TOKENS = "/api/v1/me/tokens"


def test_create_returns_plaintext_once_and_stores_hash(
    client: Client, person: User, token: str
) -> None:
    response = client.post(
        TOKENS,
        {"name": "Nightly export", "expires_at": "2999-01-01T00:00:00Z"},
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 201
    body = response.json()
    plaintext = body["token"]
    assert plaintext.startswith("os2g_") and body["prefix"] == plaintext[:8]
    created = ApiToken.objects.get(pk=body["id"])
    assert created.token_hash == ApiToken.hash(plaintext)
    assert created.expires_at is not None and created.expires_at.year == 2999
    assert AuditEvent.objects.filter(action="api_token.create", object_id=str(created.pk)).exists()
    # The new token works, and the list never shows a plaintext again.
    listing = client.get(TOKENS, **bearer(plaintext)).json()
    assert "token" not in listing["items"][0]
    assert plaintext not in str(listing)


def test_list_is_paginated_and_own_only(
    client: Client, person: User, other_person: User, token: str
) -> None:
    for number in range(3):
        api_token_create(actor=person, name=f"mine {number}")
    api_token_create(actor=other_person, name="not mine")
    body = client.get(TOKENS, {"page_size": 2}, **bearer(token)).json()
    assert body["count"] == 4
    assert len(body["items"]) == 2
    names = {item["name"] for item in client.get(TOKENS, **bearer(token)).json()["items"]}
    assert "not mine" not in names


def test_list_query_count_does_not_grow(
    client: Client, person: User, token: str, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_max_num_queries(10) as few:
        client.get(TOKENS, **bearer(token))
    for number in range(15):
        api_token_create(actor=person, name=f"token {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(TOKENS, **bearer(token))
    assert response.json()["count"] == 16


def test_revoke(client: Client, person: User, token: str) -> None:
    victim, plaintext = api_token_create(actor=person, name="old")
    response = client.delete(f"{TOKENS}/{victim.pk}", **bearer(token))
    assert response.status_code == 204
    victim.refresh_from_db()
    assert victim.revoked_at is not None
    assert client.get("/api/v1/me", **bearer(plaintext)).status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoke", actor=person).exists()


def test_revoke_someone_elses_token_is_404(client: Client, other_person: User, token: str) -> None:
    theirs, _plaintext = api_token_create(actor=other_person, name="theirs")
    response = client.delete(f"{TOKENS}/{theirs.pk}", **bearer(token))
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "errors"}
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_token_endpoints_need_credentials(client: Client, person: User) -> None:
    token, _plaintext = api_token_create(actor=person, name="x")
    assert client.get(TOKENS).status_code == 401
    assert client.post(TOKENS, {"name": "x"}, content_type="application/json").status_code == 401
    assert client.delete(f"{TOKENS}/{token.pk}").status_code == 401
