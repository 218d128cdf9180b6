"""API authentication: personal tokens, the session, and 401 for bad credentials."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from os2gov.accounts.models import ApiToken, User
from os2gov.accounts.services import api_token_create, api_token_revoke
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"
PUBLIC = "/api/v1/organisations"


def _assert_error_body(response, status: int) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["errors"], list)
    return body


def test_me_with_token(client: Client, person: User, token: str) -> None:
    response = client.get(ME, **bearer(token))
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == person.email
    assert body["name"] == "Anna Andersen"
    assert body["organisation"]["slug"] == "testby-kommune"
    assert body["authenticated_by"] == "token"


def test_me_with_session(client: Client, person: User) -> None:
    client.force_login(person)
    body = client.get(ME).json()
    assert body["email"] == person.email
    assert body["authenticated_by"] == "session"


def test_me_without_credentials_is_401(client: Client) -> None:
    response = client.get(ME)
    _assert_error_body(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("url", [ME, PUBLIC])
def test_unknown_token_is_401_also_on_public_endpoints(client: Client, url: str) -> None:
    _assert_error_body(client.get(url, **bearer("os2g_" + "x" * 43)), 401)


@pytest.mark.parametrize("url", [ME, PUBLIC])
def test_revoked_token_is_401(client: Client, person: User, url: str) -> None:
    token, plaintext = api_token_create(actor=person, name="x")
    api_token_revoke(actor=person, token=token)
    _assert_error_body(client.get(url, **bearer(plaintext)), 401)


@pytest.mark.parametrize("url", [ME, PUBLIC])
def test_expired_token_is_401(client: Client, person: User, url: str) -> None:
    token, plaintext = api_token_create(
        actor=person, name="x", expires_at=timezone.now() + timedelta(minutes=5)
    )
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    _assert_error_body(client.get(url, **bearer(plaintext)), 401)


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Token abc", "os2g_abc"])
def test_malformed_authorization_is_401_even_on_public_endpoints(
    client: Client, header: str
) -> None:
    _assert_error_body(client.get(PUBLIC, HTTP_AUTHORIZATION=header), 401)


def test_public_endpoint_without_credentials_or_with_good_token(client: Client, token: str) -> None:
    assert client.get(PUBLIC).status_code == 200
    assert client.get(PUBLIC, **bearer(token)).status_code == 200


def test_bad_token_wins_over_a_valid_session(client: Client, person: User) -> None:
    client.force_login(person)
    _assert_error_body(client.get(ME, **bearer("os2g_nope")), 401)


def test_inactive_owner_token_is_401(client: Client, person: User, token: str) -> None:
    person.is_active = False
    person.save()
    _assert_error_body(client.get(ME, **bearer(token)), 401)


def test_token_use_updates_last_used_at_once_a_minute(
    client: Client, person: User, token: str
) -> None:
    client.get(ME, **bearer(token))
    first = ApiToken.objects.get(user=person).last_used_at
    assert first is not None
    client.get(ME, **bearer(token))
    assert ApiToken.objects.get(user=person).last_used_at == first


def test_session_post_needs_csrf_token_post(person: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    response = client.post(f"{ME}/tokens", {"name": "x"}, content_type="application/json")
    _assert_error_body(response, 403)
    assert not ApiToken.objects.exists()


def test_token_post_needs_no_csrf_token(person: User, token: str) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"{ME}/tokens", {"name": "second"}, content_type="application/json", **bearer(token)
    )
    assert response.status_code == 201


def test_anonymous_post_is_401_not_csrf_403(person: User) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{ME}/tokens", {"name": "x"}, content_type="application/json")
    _assert_error_body(response, 401)
