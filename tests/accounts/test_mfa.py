"""Two-factor authentication with an authenticator app (TOTP) and recovery codes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user
from django.test import Client, override_settings
from django.urls import reverse

from os2gov.accounts.models import User
from tests.accounts.conftest import PASSWORD

pytestmark = [
    pytest.mark.django_db,
    # One step of tolerance, so a code computed just before a 30-second boundary still works.
    pytest.mark.usefixtures("_totp_tolerance"),
]


@pytest.fixture
def _totp_tolerance():  # type: ignore[no-untyped-def]
    with override_settings(MFA_TOTP_TOLERANCE=1):
        yield


def totp(secret: str, *, at: float | None = None) -> str:
    """RFC 6238 code computed independently of allauth: HMAC-SHA1, 30 s, 6 digits."""
    counter = int((time.time() if at is None else at) // 30)
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def _log_in(client: Client, person: User) -> None:
    """Log in, then confirm the password once more: allauth asks for that before
    two-factor settings can change."""
    client.force_login(person)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("account_reauthenticate"))
    form = client.get(page["Location"])
    assert 'for="id_password"' in form.content.decode()
    response = client.post(page["Location"], {"password": PASSWORD})
    assert response.status_code == 302


def _activate_totp(client: Client) -> str:
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    html = page.content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7=]+)"', html)
    if secret is None:
        secret = re.search(r'value="([A-Z2-7=]{16,})"[^>]*id="authenticator_secret"', html)
    assert secret, "the activation page shows the secret"
    response = client.post(reverse("mfa_activate_totp"), {"code": totp(secret.group(1))})
    assert response.status_code == 302, response.content.decode()
    return secret.group(1)


def test_mfa_pages_render_in_layout(client: Client, person: User) -> None:
    _log_in(client, person)
    for name in ("mfa_index", "mfa_activate_totp"):
        response = client.get(reverse(name))
        html = response.content.decode()
        assert response.status_code == 200
        assert 'class="skipnav"' in html
        assert html.count("<h1") == 1
        assert 'style="' not in html


def test_activate_totp_then_login_requires_code(client: Client, person: User) -> None:
    _log_in(client, person)
    secret = _activate_totp(client)
    assert Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()
    # Recovery codes are generated along with the first authenticator.
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert codes.status_code == 200
    client.post(reverse("account_logout"))

    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not get_user(client).is_authenticated

    page = client.get(reverse("mfa_authenticate"))
    assert 'for="id_code"' in page.content.decode()
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert not get_user(client).is_authenticated
    assert 'id="id_code-error"' in wrong.content.decode()

    # A fresh code (the next time step, which the tolerance accepts) logs in.
    response = client.post(reverse("mfa_authenticate"), {"code": totp(secret, at=time.time() + 30)})
    assert response.status_code == 302
    assert get_user(client).pk == person.pk


def test_wrong_activation_code_is_refused(client: Client, person: User) -> None:
    _log_in(client, person)
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "123456"})
    assert response.status_code == 200
    assert 'id="id_code-error"' in response.content.decode()
    assert not Authenticator.objects.filter(user=person).exists()


def test_deactivate_totp(client: Client, person: User) -> None:
    _log_in(client, person)
    _activate_totp(client)
    page = client.get(reverse("mfa_deactivate_totp"))
    assert page.status_code == 200
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()
