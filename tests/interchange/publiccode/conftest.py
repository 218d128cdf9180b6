"""People and files for the publiccode.yml tests (PRD-08).

The samples under samples/ are fictional, written for these tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from os2gov.accounts.models import User
from tests.accounts.conftest import english_client
from tests.governance import factories as f

SAMPLES = Path(__file__).resolve().parent / "samples"
GOOD = ("bookingportal.yml", "journal-0.2.yml", "unknown-keys.yml")
BAD = (
    "syntax-error.yml",
    "wrong-types.yml",
    "missing-keys.yml",
    "bad-licence.yml",
    "impossible-date.yml",
)


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


@pytest.fixture
def client() -> Client:
    return english_client()


@pytest.fixture
def secretariat(db: None) -> User:
    """Active in the secretariat: registers and updates products and their suppliers."""
    return f.secretariat_staff("Sif Sekretariat")


@pytest.fixture
def outsider(db: None) -> User:
    """Works for a municipality, in no body or group: no mandate."""
    return f.person(f.municipality("Vestby Kommune"), "Mika Kommune")
