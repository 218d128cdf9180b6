"""/api/v1/economy: a product's economy in a year (public), the frame the steering group sets,
and the secretariat's overview of every product (ECO-01…05)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from os2gov.accounts.models import User
from os2gov.accounts.services import api_token_create
from os2gov.economy.models import EconomicFrame
from os2gov.governance.models import Decision
from os2gov.wishes.models import WishState
from tests.authority.conftest import english_client
from tests.wishes.world import SMALL, WishWorld, commit, make_wish, this_year

pytestmark = pytest.mark.django_db

API = "/api/v1/economy"


@pytest.fixture
def client() -> Client:
    return english_client()


def bearer(user: User) -> dict[str, str]:
    _token, plaintext = api_token_create(actor=user, name="Tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def put(client: Client, url: str, data: dict[str, Any], user: User) -> Any:
    return client.put(url, json.dumps(data), content_type="application/json", **bearer(user))


def fields(response: Any) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


def test_eco01_eco02_eco04_a_products_economy_is_public(world: WishWorld, client: Client) -> None:
    wish = make_wish(world, state=WishState.STARTED, ready_to_start=True, order_reference="O-1")
    commit(world, wish)
    body = client.get(f"{API}/products/os2alfa/{this_year()}").json()
    assert body["frame_set"] is True and body["version"] == 1
    assert body["contributions_total"] == "400000.00"
    assert body["other_funding"] == "100000.00"
    assert body["product_coordinator"] == "50000.00"  # ECO-05
    assert body["total"] == "450000.00"
    assert body["committed"] == "50000.00"
    assert body["available"] == "400000.00"
    assert body["coordination_group_limit"] == "150000.00"
    assert body["coordination_group_remaining"] == "100000.00"
    assert body["coordination_group_can_commit"] == "100000.00"
    assert len(body["contributions"]) == 4
    assert body["contributions"][0]["amount"] == "100000.00"
    assert [line["kind"] for line in body["funding_lines"]] == ["other", "product_coordinator"]
    [commitment] = body["commitments"]
    assert commitment == {
        "wish": wish.pk,
        "title": wish.title,
        "state": "started",
        "frame_commitment": "50000.00",
        "committed_under": "wish.start",
        "orderer": "Tovholder",
        "delivering_supplier": world.base.supplier.slug,
        "delivery_approver": "Coordination Group Member",
        "order_reference": "O-1",
        "invoice_reference": "",
        "approved_on": None,
        "started_on": None,
    }


def test_a_year_without_a_frame_shows_the_contributions_only(
    world: WishWorld, client: Client
) -> None:
    body = client.get(f"{API}/products/os2alfa/{this_year() + 1}").json()
    assert body["frame_set"] is False and body["version"] is None
    assert body["contributions_total"] == "400000.00"
    assert body["total"] == "0.00"
    assert body["commitments"] == []
    assert client.get(f"{API}/products/os2ukendt/2026").status_code == 404


def test_the_steering_group_sets_the_frame(world: WishWorld, client: Client) -> None:
    steering = world["steering_group_member"]
    url = f"{API}/products/os2alfa/{this_year() + 1}"
    created = put(
        client,
        url,
        {
            "coordination_group_limit": "100000.00",
            "funding_lines": [
                {"label": "Pulje", "amount": "25000.00"},
                {"kind": "product_coordinator", "amount": "20000.00"},
            ],
            "note": "Rammen for næste år.",
        },
        steering,
    )
    assert created.status_code == 200, created.content
    body = created.json()
    assert body["total"] == "405000.00"
    assert body["version"] == 1 and body["note"] == "Rammen for næste år."
    assert [line["label"] for line in body["funding_lines"]] == [
        "Pulje",
        "Paid product coordinator (funded from the connection agreements)",
    ]
    decision = Decision.objects.get(action="economic_frame.set")
    assert decision.group == world.base.alfa_steering
    changed = put(
        client,
        url,
        {"coordination_group_limit": "120000.00", "expected_version": 1},
        steering,
    )
    assert changed.status_code == 200
    assert changed.json()["version"] == 2
    assert changed.json()["funding_lines"] == []
    stale = put(client, url, {"coordination_group_limit": "1.00", "expected_version": 1}, steering)
    assert stale.status_code == 409
    assert fields(stale) == {"expected_version"}
    unversioned = put(client, url, {"coordination_group_limit": "1.00"}, steering)
    assert unversioned.status_code == 409
    frame = EconomicFrame.objects.get(year=this_year() + 1, product=world.alfa)
    assert frame.coordination_group_limit == Decimal("120000.00")


def test_grp08_without_a_steering_group_the_coordination_group_sets_the_frame(
    world: WishWorld, client: Client
) -> None:
    response = put(
        client,
        f"{API}/products/os2beta/{this_year()}",
        {"coordination_group_limit": "10000.00"},
        world["product_coordinator_beta"],
    )
    assert response.status_code == 200, response.content
    assert response.json()["total"] == "100000.00"


def test_only_the_steering_group_sets_the_frame(world: WishWorld, client: Client) -> None:
    url = f"{API}/products/os2alfa/{this_year() + 1}"
    data = {"coordination_group_limit": "1.00"}
    refused = put(client, url, data, world["coordination_group_member"])
    assert refused.status_code == 403
    assert "steering group of OS2alfa" in refused.json()["detail"]
    assert put(client, url, data, world["secretariat_staff"]).status_code == 403
    anonymous = client.put(url, json.dumps(data), content_type="application/json")
    assert anonymous.status_code == 401
    assert not EconomicFrame.objects.filter(year=this_year() + 1).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"coordination_group_limit": "-1.00"}, "coordination_group_limit"),
        ({"coordination_group_limit": "mange"}, "coordination_group_limit"),
        ({"coordination_group_limit": 1000.5}, "coordination_group_limit"),
        ({"coordination_group_limit": "900000.00"}, "coordination_group_limit"),
        (
            {"coordination_group_limit": "1.00", "funding_lines": [{"amount": "x"}]},
            "funding_lines.0.amount",
        ),
        (
            {
                "coordination_group_limit": "1.00",
                "funding_lines": [{"kind": "gift", "amount": "1"}],
            },
            "funding_lines.0.kind",
        ),
        (
            {
                "coordination_group_limit": "1.00",
                "funding_lines": [
                    {"kind": "product_coordinator", "amount": "1.00"},
                    {"kind": "product_coordinator", "amount": "2.00"},
                ],
            },
            "funding_lines",
        ),
    ],
)
def test_a_bad_frame_answers_422_naming_the_field(
    world: WishWorld, client: Client, data: dict[str, Any], field: str
) -> None:
    response = put(
        client, f"{API}/products/os2alfa/{this_year() + 1}", data, world["steering_group_member"]
    )
    assert response.status_code == 422, response.content
    assert field in fields(response)
    assert not EconomicFrame.objects.filter(year=this_year() + 1).exists()


def test_a_year_out_of_range_answers_422(world: WishWorld, client: Client) -> None:
    response = put(
        client,
        f"{API}/products/os2alfa/1999",
        {"coordination_group_limit": "1.00"},
        world["steering_group_member"],
    )
    assert response.status_code == 422
    assert fields(response) == {"year"}


def test_eco03_the_secretariat_sees_every_products_economy(
    world: WishWorld, client: Client
) -> None:
    commit(world, make_wish(world, state=WishState.STARTED, estimate=SMALL))
    overview = client.get(f"{API}/overview", **bearer(world["secretariat_staff"]))
    assert overview.status_code == 200
    rows = {row["product"]: row for row in overview.json()}
    assert set(rows) == {"os2alfa", "os2beta"}
    assert rows["os2alfa"]["committed"] == "50000.00"
    assert rows["os2beta"]["frame_set"] is False
    assert "contributions" not in rows["os2alfa"]
    mine = client.get(f"{API}/overview", **bearer(world["coordination_group_member"])).json()
    assert [row["product"] for row in mine] == ["os2alfa"]
    last_year = client.get(
        f"{API}/overview", {"year": this_year() - 1}, **bearer(world["secretariat_staff"])
    ).json()
    assert all(row["frame_set"] is False for row in last_year)
    refused = client.get(f"{API}/overview", **bearer(world["municipality_user"]))
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("Only the secretariat")
    assert client.get(f"{API}/overview").status_code == 401
