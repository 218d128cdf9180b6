"""The concurrency scenarios, shared by the sequential check (every database) and the
check with two real concurrent transactions (PostgreSQL only).

Two starts that the available frame covers only once: OS2alfa's frame has DKK 100,000.00
left and the coordination group may commit all of it; each wish costs DKK 60,000.00.
Parallel supports: five people from four user municipalities support one wish.
"""

from __future__ import annotations

from decimal import Decimal

from os2gov.economy.models import EconomicFrame
from os2gov.wishes.models import Wish, WishState
from tests.wishes.world import FRAME_TOTAL, WishWorld, commit, make_wish

EACH = Decimal("60000.00")
LEFT = Decimal("100000.00")
SUPPORTERS = ("municipality_user", "nordby_user", "nordby_colleague", "sydby_user", "ostby_user")
SUPPORTING_MUNICIPALITIES = 4


def two_starts_the_frame_covers_once(world: WishWorld) -> tuple[Wish, Wish]:
    EconomicFrame.objects.filter(pk=world.alfa_frame.pk).update(
        coordination_group_limit=FRAME_TOTAL
    )
    spent = make_wish(world, state=WishState.APPROVED, approved_amount=FRAME_TOTAL - LEFT)
    commit(world, spent, mandate="wish.approve")
    first = make_wish(world, state=WishState.PRIORITISED, estimate=EACH, ready_to_start=True)
    second = make_wish(world, state=WishState.PRIORITISED, estimate=EACH, ready_to_start=True)
    return first, second
