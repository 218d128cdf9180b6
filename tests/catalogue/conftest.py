from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import translation

from os2gov.accounts.models import User
from tests.accounts.conftest import english_client


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # Assertions name the English source texts, whatever the Danish catalogue says.
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    return english_client()


@pytest.fixture
def editor(db: None) -> User:
    return User.objects.create_user(email="redaktoer@example.org", password="x", name="Redaktør")


@pytest.fixture
def staff(db: None) -> User:
    return User.objects.create_superuser(email="sekretariat@example.org", password="x")
