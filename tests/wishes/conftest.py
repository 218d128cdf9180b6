"""Fixtures of the wish tests: the world of tests/wishes/world.py, messages in English."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from tests.wishes.world import WishWorld, build_wish_world

# Two real concurrent transactions need a database that runs them concurrently: the module
# is collected (and run) when the suite runs on PostgreSQL; on SQLite, which serialises
# every writer, test_concurrency.py checks the same rules one after the other.
collect_ignore = [] if connection.vendor == "postgresql" else ["test_concurrency_postgres.py"]


@pytest.fixture
def world(db: None) -> WishWorld:
    return build_wish_world()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages in English, the source texts, whatever the Danish catalogue says."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()
