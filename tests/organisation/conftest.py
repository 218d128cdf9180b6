"""The people the registry tests act as.

The registry is maintained by the secretariat (``organisation.manage``): the actor of a
write is a member of the secretariat. Django's staff status grants no mandate, so a
superuser without that membership is refused like anyone else (ACC-01).
"""

from __future__ import annotations

import pytest

from os2gov.accounts.models import User
from os2gov.governance.models import BodyKind, BodyPosition
from tests.governance import factories as f


@pytest.fixture
def secretariat_member(db: None) -> User:
    """Works for OS2 and is active in the secretariat: holds the mandate."""
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
