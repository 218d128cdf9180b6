"""The level data is read-only in the admin: changes go through the services."""

from __future__ import annotations

import pytest
from django.test import Client

from os2gov.accounts.models import User
from tests.levels.conftest import LevelWorld, satisfy_manual

pytestmark = pytest.mark.django_db

PAGES = (
    "levelmodel",
    "criterion",
    "answer",
    "verification",
    "deviation",
    "evaluation",
    "levelstatus",
    "levelrecommendation",
    "approvedlevel",
)


def test_the_admin_lists_the_level_data_and_offers_no_changes(world: LevelWorld) -> None:
    satisfy_manual(world, "N1")
    operator = User.objects.create_superuser("drift@example.org", "x")
    client = Client()
    client.force_login(operator)
    for page in PAGES:
        response = client.get(f"/admin/levels/{page}/")
        assert response.status_code == 200, page
        assert f"/admin/levels/{page}/add/" not in response.content.decode()
    assert client.get("/admin/levels/criterion/add/").status_code == 403
