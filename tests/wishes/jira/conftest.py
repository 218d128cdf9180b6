"""Fixtures of the Jira import tests: the fictional world of the mandate tests (OS2alfa with
a steering, coordination and professional group, OS2beta with a coordination group only,
and a person in each role)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from tests.authority.conftest import World, build_world


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages in English, the source texts."""
    with translation.override("en"):
        yield


@pytest.fixture
def world(db: None) -> World:
    return build_world()
