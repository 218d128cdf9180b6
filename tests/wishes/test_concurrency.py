"""The concurrency rules, checked one after the other on every database. The same
scenarios run as two real concurrent transactions in test_concurrency_postgres.py, which is
collected only when the tests run on PostgreSQL (SQLite serialises every writer, so there
is nothing concurrent to test there)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from os2gov.economy.selectors import frame_status
from os2gov.wishes.models import Support, WishState
from os2gov.wishes.services import TransitionRefused, wish_start, wish_support
from tests.wishes.concurrency import (
    EACH,
    SUPPORTERS,
    SUPPORTING_MUNICIPALITIES,
    two_starts_the_frame_covers_once,
)
from tests.wishes.world import FRAME_TOTAL, WishWorld, make_wish, this_year


def test_eco02_wsh04_of_two_starts_the_frame_covers_once_the_second_is_refused(
    world: WishWorld,
) -> None:
    first, second = two_starts_the_frame_covers_once(world)
    actor = world["coordination_group_member"]
    assert wish_start(wish=first, actor=actor).state == WishState.STARTED
    with pytest.raises(TransitionRefused) as refusal:
        wish_start(wish=second, actor=world["tovholder"])
    assert [e.code for e in refusal.value.error_dict["estimate"]] == ["over_frame"]
    assert "has only DKK 40,000.00 left" in refusal.value.error_dict["estimate"][0].messages[0]
    status = frame_status(world.alfa, this_year())
    assert status.committed == FRAME_TOTAL - Decimal("40000.00")
    assert status.committed == FRAME_TOTAL - Decimal("100000.00") + EACH


def test_wsh01_supports_give_the_exact_count_one_per_municipality(world: WishWorld) -> None:
    wish = make_wish(world)
    refused = 0
    for role in SUPPORTERS:
        try:
            wish_support(wish=wish, actor=world[role])
        except ValidationError:
            refused += 1
    assert refused == len(SUPPORTERS) - SUPPORTING_MUNICIPALITIES
    assert Support.objects.filter(wish=wish, withdrawn_at__isnull=True).count() == (
        SUPPORTING_MUNICIPALITIES
    )
