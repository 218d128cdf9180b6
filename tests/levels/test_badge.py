"""The level badge (PRD-05): SVG with an accessible title, its JSON twin, and the lookup by
repository URL (404 when none, 409 when several)."""

from __future__ import annotations

import pytest
from django.test import Client

from os2gov.levels.compliance import recompute_product_level
from tests.governance import factories as f
from tests.levels.conftest import LevelWorld, approve, satisfy_manual

pytestmark = pytest.mark.django_db


def test_prd05_the_badge_shows_the_approved_level_and_that_it_is_held(
    world: LevelWorld, client: Client
) -> None:
    satisfy_manual(world, "N1", "N2")
    recompute_product_level(world.product)
    approve(world, "N2")
    response = client.get("/produkter/os2niveau/badge.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert 'role="img"' in svg
    assert '<title id="badge-title">OS2 product level of OS2niveau: N2, held</title>' in svg
    assert ">N2</text>" in svg
    data = client.get("/produkter/os2niveau/badge.json").json()
    assert data == {
        "schemaVersion": 1,
        "label": "OS2",
        "message": "N2",
        "color": "#0b5394",
        "product": "os2niveau",
        "approved_level": "N2",
        "held_level": "N2",
        "state": "held",
        "title": "OS2 product level of OS2niveau: N2, held",
    }


def test_prd05_the_badge_changes_when_a_board_member_leaves_the_steering_group(
    world: LevelWorld, client: Client
) -> None:
    satisfy_manual(world, "N1", "N2")
    recompute_product_level(world.product)
    approve(world, "N2")
    world.memberships["steering_board_a"].delete()
    world.memberships["steering_board_b"].delete()
    recompute_product_level(world.product)
    data = client.get("/produkter/os2niveau/badge.json").json()
    assert (data["state"], data["message"], data["held_level"]) == (
        "not_held",
        "N2 not held",
        "N1",
    )
    svg = client.get("/produkter/os2niveau/badge.svg").content.decode()
    assert "approved at N2, which it does not hold at present (it holds N1)" in svg


def test_a_product_without_an_approved_level(db: None, client: Client) -> None:
    f.product("OS2sandkasse")
    data = client.get("/produkter/os2sandkasse/badge.json").json()
    assert (data["state"], data["message"], data["approved_level"]) == ("none", "no level", None)
    assert client.get("/produkter/ukendt/badge.svg").status_code == 404


def test_the_badge_text_is_escaped(db: None, client: Client) -> None:
    f.product("OS2<script>")
    product_slug = "os2script"
    svg = client.get(f"/produkter/{product_slug}/badge.svg").content.decode()
    assert "<script>" not in svg
    assert "OS2&lt;script&gt;" in svg


def test_the_badge_lookup_by_repository(world: LevelWorld, client: Client) -> None:
    satisfy_manual(world, "N1")
    recompute_product_level(world.product)
    approve(world, "N1")
    for asked in (
        "https://git.example.org/os2/os2niveau",
        "http://git.example.org/os2/os2niveau/",
        "https://www.git.example.org/OS2/os2niveau.git",
    ):
        response = client.get("/api/v1/levels/badge", {"repository": asked})
        assert response.status_code == 200, asked
        assert response.json()["product"] == "os2niveau"
        assert response.json()["state"] == "held"


def test_the_badge_lookup_answers_404_when_no_product_matches(db: None, client: Client) -> None:
    response = client.get(
        "/api/v1/levels/badge", {"repository": "https://git.example.org/os2/ingen"}
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "No product has this repository.", "errors": []}


def test_the_badge_lookup_answers_409_when_several_products_match(db: None, client: Client) -> None:
    for name in ("OS2tvilling", "OS2tvilling to"):
        product = f.product(name)
        product.repository_url = "https://git.example.org/os2/tvilling"
        product.save()
    response = client.get(
        "/api/v1/levels/badge", {"repository": "https://git.example.org/os2/tvilling"}
    )
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Several products have this repository: OS2tvilling, OS2tvilling to."
    )


def test_the_badge_lookup_needs_the_repository(db: None, client: Client) -> None:
    response = client.get("/api/v1/levels/badge")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "repository"
