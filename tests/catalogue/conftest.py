"""The people the catalogue tests act as.

The catalogue is kept by the secretariat (``product.create``, ``product.update``,
``catalogue.agreement.manage``, ``catalogue.supplier.manage``); the tovholder of a
product's coordination group may also update the product (``product.update``). Django's
staff status grants no mandate, so a superuser without a membership is refused (ACC-01).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import translation

from os2gov.accounts.models import User
from os2gov.governance.models import BodyKind, BodyPosition
from tests.accounts.conftest import english_client
from tests.governance import factories as f


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # Assertions name the English source texts, whatever the Danish catalogue says.
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    return english_client()


@pytest.fixture
def secretariat_member(db: None) -> User:
    """Works for OS2 and is active in the secretariat: holds the catalogue's mandates."""
    return f.secretariat_staff("Sara Sekretariat")


@pytest.fixture
def secretariat_admin(db: None) -> User:
    """A secretariat member who may also use the admin (a superuser)."""
    who = f.person(f.association(), "Sune Sekretariat", is_staff=True, is_superuser=True)
    f.body_member(BodyKind.SECRETARIAT, who, BodyPosition.STAFF)
    return who


@pytest.fixture
def superuser(db: None) -> User:
    """May use every page of the admin, but sits in no body or group: no mandate."""
    return User.objects.create_superuser(email="superbruger@example.org", password="x")


@pytest.fixture
def municipality_user(db: None) -> User:
    """Works for a municipality, with no membership: no mandate."""
    return f.person(f.municipality(), "Kim Kommune")
