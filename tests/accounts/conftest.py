"""Fixtures for account tests. The cache holds allauth's rate-limit counters, so it is
emptied around every test: one test's failed logins must not lock out the next."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from os2gov.accounts.models import User
from os2gov.organisation.models import Organisation, OrganisationType

PASSWORD = "Korrekt-Hest-Batteri-42"


def english_client(**defaults: str) -> Client:
    """A test client that chose English (the site is Danish first), so assertions can
    name the English source texts whatever the Danish catalogue says."""
    client = Client(**defaults)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def client() -> Client:
    return english_client()


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def organisation(db: None) -> Organisation:
    return Organisation.objects.create(
        name="Testby Kommune",
        slug="testby-kommune",
        type=OrganisationType.MUNICIPALITY,
        municipality_code="999",
    )


@pytest.fixture
def person(organisation: Organisation) -> User:
    return User.objects.create_user(
        "anna.andersen@testby.example",
        PASSWORD,
        name="Anna Andersen",
        title="IT-arkitekt",
        organisation=organisation,
    )


@pytest.fixture
def other_person(db: None) -> User:
    return User.objects.create_user("bo.berg@andenby.example", PASSWORD, name="Bo Berg")
