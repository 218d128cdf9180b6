"""OpenID Connect login (e.g. a municipality's Keycloak) against a fake identity provider.

allauth calls the provider with ``requests``; ``responses`` serves the discovery
document, the token endpoint (an HS256-signed id_token) and userinfo."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import responses
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user
from django.test import Client, override_settings

from os2gov.accounts.models import User
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ISSUER = "https://idp.testby.example/realms/testby"
CLIENT_ID = "os2gov-test"
KEY = "a-signing-key-for-tests-that-is-long-enough-0123456789"
PROVIDER_ID = "testby"
LOGIN_URL = f"/accounts/oidc/{PROVIDER_ID}/login/"
CALLBACK_URL = f"/accounts/oidc/{PROVIDER_ID}/login/callback/"

PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": PROVIDER_ID,
                "name": "Testby Keycloak",
                "client_id": CLIENT_ID,
                "secret": "client-secret-for-tests",
                "settings": {"server_url": f"{ISSUER}/.well-known/openid-configuration"},
            }
        ],
    }
}


class FakeIdP:
    def __init__(self, mock: responses.RequestsMock) -> None:
        self.mock = mock
        self.claims: dict[str, Any] = {
            "sub": "f3c1b0a2-0000-4000-8000-000000000001",
            "email": "carl.christensen@testby.example",
            "email_verified": True,
            "name": "Carl Christensen",
            "given_name": "Carl",
            "family_name": "Christensen",
        }
        mock.get(
            f"{ISSUER}/.well-known/openid-configuration",
            json={
                "issuer": ISSUER,
                "authorization_endpoint": f"{ISSUER}/protocol/openid-connect/auth",
                "token_endpoint": f"{ISSUER}/protocol/openid-connect/token",
                "userinfo_endpoint": f"{ISSUER}/protocol/openid-connect/userinfo",
                "jwks_uri": f"{ISSUER}/protocol/openid-connect/certs",
            },
        )
        mock.add_callback(
            responses.POST, f"{ISSUER}/protocol/openid-connect/token", callback=self._token
        )
        mock.add_callback(
            responses.GET, f"{ISSUER}/protocol/openid-connect/userinfo", callback=self._userinfo
        )

    def _token(self, request: Any) -> tuple[int, dict[str, str], str]:
        now = int(time.time())
        id_token = jwt.encode(
            {"iss": ISSUER, "aud": CLIENT_ID, "iat": now, "exp": now + 300, **self.claims},
            KEY,
            algorithm="HS256",
        )
        body = {"access_token": "access-123", "token_type": "Bearer", "id_token": id_token}
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _userinfo(self, request: Any) -> tuple[int, dict[str, str], str]:
        userinfo = {key: value for key, value in self.claims.items() if key != "aud"}
        return 200, {"Content-Type": "application/json"}, json.dumps(userinfo)


@pytest.fixture
def idp() -> Iterator[FakeIdP]:
    with (
        override_settings(SOCIALACCOUNT_PROVIDERS=PROVIDERS),
        responses.RequestsMock(assert_all_requests_are_fired=False) as mock,
    ):
        yield FakeIdP(mock)


def _start(client: Client) -> str:
    response = client.post(LOGIN_URL)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        f"{ISSUER}/protocol/openid-connect/auth"
    )
    query = parse_qs(location.query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["redirect_uri"][0].endswith(CALLBACK_URL)
    assert query["code_challenge_method"] == ["S256"]
    return query["state"][0]


def test_login_page_offers_the_configured_provider(client: Client, idp: FakeIdP) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert "Log in with Testby Keycloak" in html
    assert f'action="{LOGIN_URL}' in html


def test_login_page_without_provider_has_no_oidc_button(client: Client) -> None:
    with override_settings(SOCIALACCOUNT_PROVIDERS={"openid_connect": {"APPS": []}}):
        html = client.get("/accounts/login/").content.decode()
    assert "/accounts/oidc/" not in html


def test_new_person_is_created_and_logged_in(client: Client, idp: FakeIdP) -> None:
    state = _start(client)
    response = client.get(CALLBACK_URL, {"code": "code-1", "state": state})
    assert response.status_code == 302
    user = User.objects.get(email="carl.christensen@testby.example")
    assert user.name == "Carl Christensen"
    assert get_user(client).pk == user.pk
    assert SocialAccount.objects.filter(user=user, provider=PROVIDER_ID).exists()
    assert EmailAddress.objects.filter(user=user, email=user.email, verified=True).exists()


def test_existing_person_with_same_verified_email_is_connected(
    client: Client, idp: FakeIdP, person: User
) -> None:
    idp.claims["email"] = person.email.upper()
    state = _start(client)
    response = client.get(CALLBACK_URL, {"code": "code-2", "state": state})
    assert response.status_code == 302
    assert get_user(client).pk == person.pk
    assert User.objects.filter(email__iexact=person.email).count() == 1
    assert SocialAccount.objects.filter(user=person, provider=PROVIDER_ID).exists()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)  # verified address: the password is kept


def test_bad_state_is_refused(client: Client, idp: FakeIdP) -> None:
    _start(client)
    response = client.get(CALLBACK_URL, {"code": "code-3", "state": "forged-state"})
    assert not get_user(client).is_authenticated
    assert not User.objects.filter(email="carl.christensen@testby.example").exists()
    assert response.status_code == 401
    assert 'class="skipnav"' in response.content.decode()  # the error page is in our layout


def test_wrong_audience_is_refused(client: Client, idp: FakeIdP) -> None:
    idp.claims["aud"] = "someone-else"
    state = _start(client)
    client.get(CALLBACK_URL, {"code": "code-4", "state": state})
    assert not get_user(client).is_authenticated
    assert not User.objects.filter(email="carl.christensen@testby.example").exists()


def test_unverified_email_does_not_take_over_local_account(
    client: Client, idp: FakeIdP, person: User
) -> None:
    idp.claims["email"] = person.email
    idp.claims["email_verified"] = False
    state = _start(client)
    client.get(CALLBACK_URL, {"code": "code-5", "state": state})
    user = get_user(client)
    assert user.pk != person.pk
    assert not SocialAccount.objects.filter(user=person).exists()
