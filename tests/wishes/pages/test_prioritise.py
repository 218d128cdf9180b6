"""Prioritisation (WSH-02): the coordination group reorders the backlog with "move up" and
"move down" buttons (plain forms, so the keyboard alone is enough) or by dropping a row on
another (the same form, through wishes/prioritise.js). Every changed place needs a reason,
recorded with the group's decision."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from os2gov.governance.models import Decision
from os2gov.wishes.models import Wish, WishEvent, WishEventKind, WishState
from os2gov.wishes.services import priority_refresh
from os2gov.wishes.views import move_in_backlog
from tests.wishes.pages.helpers import client_for, text
from tests.wishes.world import WishWorld, make_wish

PRIORITISE = "/oensker/os2alfa/prioritering/"


def _backlog(world: WishWorld, count: int = 5) -> list[Wish]:
    """Wishes A, B, C, … whose scores put them in that order."""
    organisations = [world.municipality, world.nordby, world.sydby, world.ostby]
    wishes = []
    for number in range(count):
        wishes.append(
            make_wish(
                world,
                state=WishState.UNDER_REVIEW,
                title=chr(ord("A") + number),
                benefit_score=max(5 - number, 0),
                supported_by=tuple(organisations[: max(4 - number, 0)]),
            )
        )
    priority_refresh(world.alfa)
    return wishes


def _order(world: WishWorld) -> list[str]:
    return list(
        Wish.objects.filter(product=world.alfa, rank__isnull=False)
        .order_by("rank")
        .values_list("title", flat=True)
    )


def test_the_page_is_the_coordination_groups(world: WishWorld) -> None:
    _backlog(world)
    response = client_for(world, "steering_group_member").get(PRIORITISE)
    assert response.status_code == 403
    assert "Only the public-authority members of the coordination group of OS2alfa" in text(
        response.content.decode()
    )
    response = client_for(world, "supplier_representative").post(
        PRIORITISE, {"reason": "Vigtigt.", "move": "1:up"}
    )
    assert response.status_code == 403
    assert not WishEvent.objects.filter(kind=WishEventKind.RANK_SET).exists()
    html = client_for(world, "coordination_group_member").get(PRIORITISE).content.decode()
    assert re.findall(r'data-testid="place">(\d+)<', html) == ["1", "2", "3", "4", "5"]
    assert 'src="/static/wishes/prioritise.js"' in html
    # The first cannot move up and the last not down.
    assert html.count('data-testid="move-up"') == 4
    assert html.count('data-testid="move-down"') == 4


def test_wsh02_moving_up_needs_a_reason_which_is_recorded(world: WishWorld) -> None:
    _a, _b, c, _d, _e = _backlog(world)
    client = client_for(world, "coordination_group_member")
    response = client.post(PRIORITISE, {"reason": "", "move": f"{c.pk}:up"})
    assert response.status_code == 400
    assert "Give the reason for the place." in text(response.content.decode())
    assert _order(world) == ["A", "B", "C", "D", "E"]
    assert not WishEvent.objects.filter(kind=WishEventKind.RANK_SET).exists()

    response = client.post(PRIORITISE, {"reason": "Lovkrav fra 1. juli.", "move": f"{c.pk}:up"})
    assert response.status_code == 302
    assert response["Location"] == f"{PRIORITISE}?page=1#wish-{c.pk}"
    assert _order(world) == ["A", "C", "B", "D", "E"]
    c.refresh_from_db()
    assert c.rank_override == 2 and c.rank_override_reason == "Lovkrav fra 1. juli."
    event = WishEvent.objects.get(wish=c, kind=WishEventKind.RANK_SET)
    assert "Lovkrav fra 1. juli." in event.text
    assert event.decision is not None
    assert Decision.objects.filter(pk=event.decision.pk).exists()
    backlog = text(client.get("/oensker/os2alfa/").content.decode())
    assert "Place set by the coordination group: Lovkrav fra 1. juli." in backlog


def test_moving_down_and_back_to_the_score(world: WishWorld) -> None:
    a, *_rest = _backlog(world)
    client = client_for(world, "coordination_group_member")
    assert client.post(PRIORITISE, {"reason": "Kan vente.", "move": f"{a.pk}:down"}).status_code
    assert _order(world) == ["B", "A", "C", "D", "E"]
    response = client.post(PRIORITISE, {"reset": str(a.pk)})
    assert response.status_code == 302
    assert _order(world) == ["A", "B", "C", "D", "E"]


def test_a_dropped_row_takes_the_place_of_the_row_it_was_dropped_on(world: WishWorld) -> None:
    *_rest, e = _backlog(world)
    client = client_for(world, "coordination_group_member")
    response = client.post(PRIORITISE, {"reason": "Haster.", "place": f"{e.pk}:2"})
    assert response.status_code == 302
    assert _order(world) == ["A", "E", "B", "C", "D"]


def test_moves_keep_the_places_the_group_set_before(world: WishWorld) -> None:
    """Dragging D to the top pushes E, placed earlier, down with the rest; dragging A down
    past it pulls it up again. Each place the group set stays distinct."""
    a, _b, _c, d, e = _backlog(world)
    actor = world["coordination_group_member"]
    move_in_backlog(product=world.alfa, wish=e, to_rank=2, reason="1", actor=actor)
    assert _order(world) == ["A", "E", "B", "C", "D"]
    d.refresh_from_db()
    move_in_backlog(product=world.alfa, wish=d, to_rank=1, reason="2", actor=actor)
    assert _order(world) == ["D", "A", "E", "B", "C"]
    a.refresh_from_db()
    move_in_backlog(product=world.alfa, wish=a, to_rank=4, reason="3", actor=actor)
    assert _order(world) == ["D", "E", "B", "A", "C"]
    overrides = list(
        Wish.objects.filter(rank_override__isnull=False).values_list("rank_override", flat=True)
    )
    assert len(overrides) == len(set(overrides))


def test_a_wish_outside_the_backlog_cannot_be_moved(world: WishWorld) -> None:
    _backlog(world, 2)
    started = make_wish(world, state=WishState.STARTED)
    response = client_for(world, "coordination_group_member").post(
        PRIORITISE, {"reason": "Vigtigt.", "move": f"{started.pk}:up"}
    )
    assert response.status_code == 400
    assert "Only a general wish in the backlog" in text(response.content.decode())
    response = client_for(world, "coordination_group_member").post(PRIORITISE, {"reason": "x"})
    assert response.status_code == 400


@pytest.mark.parametrize("count", [30])
def test_the_prioritisation_page_is_paginated_with_constant_queries(
    world: WishWorld, count: int
) -> None:
    _backlog(world, count)
    client = client_for(world, "coordination_group_member")
    client.get(PRIORITISE)
    with CaptureQueriesContext(connection) as first:
        html = client.get(PRIORITISE).content.decode()
    assert html.count('data-testid="reorder-row"') == 25
    with CaptureQueriesContext(connection) as second:
        html = client.get(PRIORITISE, {"page": "2"}).content.decode()
    assert html.count('data-testid="reorder-row"') == 5
    assert len(first) == len(second)
