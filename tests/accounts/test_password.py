"""Password reset by e-mail and password change, in the site's layout."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user
from django.core import mail
from django.test import Client
from django.urls import reverse

from os2gov.accounts.models import User
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Ny-Sikker-Adgangskode-2026"


def test_password_reset_pages_render_in_layout(client: Client) -> None:
    for name in ("account_reset_password", "account_reset_password_done"):
        response = client.get(reverse(name))
        html = response.content.decode()
        assert response.status_code == 200
        assert 'class="skipnav"' in html
        assert html.count("<h1") == 1


def test_password_reset_by_email(client: Client, person: User) -> None:
    response = client.post(reverse("account_reset_password"), {"email": person.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    match = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", message.body)
    assert match, message.body

    key_page = client.get(match.group(1), follow=True)
    assert key_page.status_code == 200
    set_password_url = key_page.redirect_chain[-1][0] if key_page.redirect_chain else match[1]
    html = key_page.content.decode()
    assert 'for="id_password1"' in html and 'class="skipnav"' in html

    done = client.post(
        set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True
    )
    assert done.status_code == 200
    assert done.redirect_chain[-1][0] == reverse("account_reset_password_from_key_done")
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    # ACCOUNT_LOGIN_ON_PASSWORD_RESET is off: the person logs in themselves.
    assert not get_user(client).is_authenticated
    response = client.post("/accounts/login/", {"login": person.email, "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_password_reset_with_bad_key_is_refused(client: Client, person: User) -> None:
    response = client.get("/accounts/password/reset/key/1-not-a-real-key/", follow=True)
    html = response.content.decode()
    assert "bad token" in html.lower()
    assert 'id="id_password1"' not in html
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_unknown_address_reveals_nothing(client: Client) -> None:
    response = client.post(reverse("account_reset_password"), {"email": "nobody@testby.example"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")


def test_password_change(client: Client, person: User) -> None:
    client.force_login(person)
    page = client.get(reverse("account_change_password"))
    assert page.status_code == 200
    assert 'for="id_oldpassword"' in page.content.decode()

    wrong = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200
    assert 'id="id_oldpassword-error"' in wrong.content.decode()

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_email_management_page(client: Client, person: User) -> None:
    client.force_login(person)
    response = client.get(reverse("account_email"))
    html = response.content.decode()
    assert response.status_code == 200
    assert person.email in html
    assert 'class="skipnav"' in html
    assert "<script>" not in html
