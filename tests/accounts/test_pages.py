"""Every django-allauth page we expose renders in the site's layout (DKFDS, one <h1>,
no inline script or style)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from os2gov.accounts.models import User

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
]
PERSON_PAGES = [
    "account_logout",
    "account_change_password",
    "account_email",
    "account_reauthenticate",
    "mfa_index",
    "socialaccount_connections",
    "accounts:profile",
    "accounts:tokens",
]


def _assert_in_layout(html: str) -> None:
    assert 'class="skipnav"' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert 'style="' not in html
    for attributes in re.findall(r"<script([^>]*)>", html):
        assert "src=" in attributes or 'type="application/json"' in attributes


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_anonymous_pages(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200
    _assert_in_layout(response.content.decode())


@pytest.mark.parametrize("name", PERSON_PAGES)
def test_pages_of_a_logged_in_person(client: Client, person: User, name: str) -> None:
    client.force_login(person)
    response = client.get(reverse(name))
    assert response.status_code == 200
    _assert_in_layout(response.content.decode())


def test_manage_pages_have_a_breadcrumb_to_my_account(client: Client, person: User) -> None:
    client.force_login(person)
    html = client.get(reverse("account_change_password")).content.decode()
    assert f'href="{reverse("accounts:profile")}" class="breadcrumbs__link"' in html
