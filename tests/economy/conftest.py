"""The economy tests share the wish tests' world (tests/wishes/world.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from tests.wishes.world import WishWorld, build_wish_world


@pytest.fixture
def world(db: None) -> WishWorld:
    return build_wish_world()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages in English, the source texts, whatever the Danish catalogue says."""
    with translation.override("en"):
        yield
