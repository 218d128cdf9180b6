"""Fixtures for API tests: people, tokens and a client that sends a bearer token."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from os2gov.accounts.models import User
from os2gov.accounts.services import api_token_create
from tests.accounts.conftest import PASSWORD, english_client, organisation, other_person, person

__all__ = ["PASSWORD", "organisation", "other_person", "person"]


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client() -> Client:
    return english_client()


@pytest.fixture
def token(person: User) -> str:
    _token, plaintext = api_token_create(actor=person, name="Tests")
    return plaintext


def bearer(plaintext: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
