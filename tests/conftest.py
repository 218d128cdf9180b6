"""Shared fixtures.

Playwright's sync API runs an asyncio loop in the test thread; Django would then refuse
ORM calls from that thread. The test thread and the live server use the database one after
the other, so allowing it here is safe. Never set this outside the test suite.
"""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Every test under tests/browser/ drives a real browser.
    for item in items:
        if "/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)
