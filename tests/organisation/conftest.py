from __future__ import annotations

import pytest

from os2gov.accounts.models import User


@pytest.fixture
def editor(db: None) -> User:
    return User.objects.create_user(email="redaktoer@example.org", password="x", name="Redaktør")


@pytest.fixture
def staff(db: None) -> User:
    return User.objects.create_superuser(email="sekretariat@example.org", password="x")
