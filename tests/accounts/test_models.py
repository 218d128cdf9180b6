from __future__ import annotations

import hashlib
import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import IntegrityError

from os2gov.accounts.models import ApiToken, User
from os2gov.organisation.models import Organisation
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_create_user_by_email_without_username(organisation: Organisation) -> None:
    user = User.objects.create_user("Mixed.Case@Testby.Example", PASSWORD, name="Mette Mikkelsen")
    assert user.email == "mixed.case@testby.example"
    assert user.check_password(PASSWORD)
    assert not user.is_staff and not user.is_superuser
    assert str(user) == "Mette Mikkelsen"
    assert user.get_short_name() == "Mette"
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(User, "username") or User.username is None


def test_user_without_name_shows_email() -> None:
    user = User.objects.create_user("noname@testby.example", PASSWORD)
    assert str(user) == "noname@testby.example"
    assert user.get_full_name() == "noname@testby.example"


def test_create_user_requires_email() -> None:
    with pytest.raises(ValueError, match="e-mail"):
        User.objects.create_user("", PASSWORD)


def test_email_is_unique(person: User) -> None:
    with pytest.raises(IntegrityError):
        User.objects.create_user(person.email, PASSWORD)


def test_operator_created_address_is_verified_and_primary(person: User) -> None:
    address = EmailAddress.objects.get(user=person)
    assert address.email == person.email
    assert address.verified and address.primary


def test_createsuperuser_command_works_with_email(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    out = io.StringIO()
    call_command(
        "createsuperuser", "--noinput", "--email", "chef@os2.example", stdout=out, stderr=out
    )
    admin = User.objects.get(email="chef@os2.example")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(PASSWORD)
    assert EmailAddress.objects.filter(user=admin, verified=True, primary=True).exists()


def test_token_hash_is_sha256_hex() -> None:
    assert ApiToken.hash("os2g_abc") == hashlib.sha256(b"os2g_abc").hexdigest()
