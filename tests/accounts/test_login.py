"""Logging in by e-mail with django-allauth, in the site's layout."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user
from django.test import Client
from django.urls import reverse

from os2gov.accounts.models import User
from tests.accounts.conftest import PASSWORD, english_client

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"


def _login(client: Client, email: str, password: str, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(LOGIN_URL, {"login": email, "password": password}, **extra)


def test_login_page_uses_site_layout_and_labels(client: Client) -> None:
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'class="skipnav"' in html  # the site's base.html
    assert 'for="id_login"' in html and 'for="id_password"' in html
    assert 'class="form-input' in html
    assert "<script>" not in html and 'style="' not in html
    # Sign-up is closed: no link to a sign-up page.
    assert reverse("account_signup") not in html


def test_login_by_email(client: Client, person: User) -> None:
    response = _login(client, "Anna.Andersen@Testby.Example", PASSWORD)
    assert response.status_code == 302
    assert get_user(client).pk == person.pk
    profile = client.get(reverse("accounts:profile"))
    assert "Anna Andersen" in profile.content.decode()


def test_wrong_password_shows_an_error_next_to_the_form(client: Client, person: User) -> None:
    response = _login(client, person.email, "wrong-password")
    assert response.status_code == 200
    assert not get_user(client).is_authenticated
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "alert-error" in html
    assert "e-mail" in html.lower() or "email" in html.lower()


def test_missing_email_names_the_field(client: Client) -> None:
    response = _login(client, "", "x")
    html = response.content.decode()
    assert 'id="id_login-error"' in html
    assert 'aria-invalid="true"' in html


def test_signup_is_closed(client: Client) -> None:
    response = client.get(reverse("account_signup"))
    assert "Sign-up is closed" in response.content.decode() or response.status_code in {302, 403}
    response = client.post(
        reverse("account_signup"),
        {"email": "new@testby.example", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert not User.objects.filter(email="new@testby.example").exists()


def test_logout(client: Client, person: User) -> None:
    client.force_login(person)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not get_user(client).is_authenticated


def test_inactive_person_cannot_log_in(client: Client, person: User) -> None:
    person.is_active = False
    person.save()
    _login(client, person.email, PASSWORD)
    assert not get_user(client).is_authenticated


# --- Rate limits ---------------------------------------------------------------------
# base.py: ACCOUNT_RATE_LIMITS["login_failed"] = "20/m/ip,5/5m/key"
LOCK_OUT_TEXT = "too many failed attempts"


def test_account_is_locked_after_five_wrong_passwords(client: Client, person: User) -> None:
    for _attempt in range(5):
        response = _login(client, person.email, "wrong-password")
        assert LOCK_OUT_TEXT not in response.content.decode().lower()
    response = _login(client, person.email, PASSWORD)
    html = response.content.decode()
    assert response.status_code == 200
    assert not get_user(client).is_authenticated
    assert LOCK_OUT_TEXT in html.lower()
    assert 'role="alert"' in html


def test_account_lock_applies_from_another_address(person: User) -> None:
    attacker = english_client(REMOTE_ADDR="203.0.113.7")
    for _attempt in range(5):
        _login(attacker, person.email, "wrong-password")
    owner = english_client(REMOTE_ADDR="198.51.100.20")
    response = _login(owner, person.email, PASSWORD)
    assert LOCK_OUT_TEXT in response.content.decode().lower()
    assert not get_user(owner).is_authenticated


def test_address_is_locked_after_twenty_failures_across_accounts(
    person: User, other_person: User
) -> None:
    victims = [
        User.objects.create_user(f"person{number}@testby.example", PASSWORD) for number in range(5)
    ]
    attacker = english_client(REMOTE_ADDR="203.0.113.9")
    # 4 failures per account stay below the per-account limit; 20 in all reach the per-address one.
    for victim in victims:
        for _attempt in range(4):
            response = _login(attacker, victim.email, "wrong-password")
            assert LOCK_OUT_TEXT not in response.content.decode().lower()
    response = _login(attacker, other_person.email, PASSWORD)
    assert LOCK_OUT_TEXT in response.content.decode().lower()
    assert not get_user(attacker).is_authenticated
    # Another address is not affected, nor is the account itself.
    elsewhere = english_client(REMOTE_ADDR="198.51.100.30")
    _login(elsewhere, other_person.email, PASSWORD)
    assert get_user(elsewhere).pk == other_person.pk


def test_successful_login_does_not_count_as_failure(client: Client, person: User) -> None:
    for _round in range(6):
        assert _login(client, person.email, PASSWORD).status_code == 302
        client.post(reverse("account_logout"))
    assert _login(client, person.email, PASSWORD).status_code == 302
