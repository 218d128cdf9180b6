"""The full transition-by-role matrix (WSH-02…09, WSH-12, GRP-06, GRP-08).

For every pair of the workflow table, a wish is put in the "from" state with everything the
guards need, and every role tries the move. The expected holders are written out here by
hand, not read from the table: a changed row in the table makes these tests fail until the
expectation below is changed too. Each attempt runs in a savepoint that is rolled back, so
every role meets the same wish.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from os2gov.governance.models import Decision
from os2gov.wishes.models import DoneCriterion, Wish, WishEvent, WishState
from os2gov.wishes.services import wish_transition
from os2gov.wishes.workflow import TRANSITIONS
from tests.wishes.world import (
    LARGE,
    MATRIX_ROLES,
    WishWorld,
    commit,
    make_frame,
    make_wish,
)

S = WishState
COORDINATION = {"coordination_group_member", "tovholder"}  # its public-authority members
STEERING = {"steering_group_member"}
SUPPLIER = {"supplier_representative"}  # from the wish's delivering supplier
FOLLOW_UP = COORDINATION | STEERING

EXPECTED: dict[tuple[str, str], set[str]] = {
    (S.SUBMITTED, S.UNDER_REVIEW): COORDINATION,
    (S.UNDER_REVIEW, S.PRIORITISED): COORDINATION,
    (S.PRIORITISED, S.STARTED): COORDINATION,
    (S.PRIORITISED, S.RECOMMENDED): COORDINATION,
    (S.RECOMMENDED, S.APPROVED): STEERING,
    (S.RECOMMENDED, S.REJECTED): STEERING,
    (S.APPROVED, S.STARTED): COORDINATION,
    (S.STARTED, S.IN_DELIVERY): SUPPLIER,
    (S.IN_DELIVERY, S.DELIVERED): SUPPLIER,
    (S.DELIVERED, S.ACCEPTED): COORDINATION,
    (S.DELIVERED, S.DELIVERY_REJECTED): COORDINATION,
    (S.DELIVERY_REJECTED, S.IN_DELIVERY): SUPPLIER,
    (S.ACCEPTED, S.FOLLOW_UP): FOLLOW_UP,
    (S.FOLLOW_UP, S.REALISED): FOLLOW_UP,
    (S.SUBMITTED, S.CLOSED): COORDINATION,
    (S.UNDER_REVIEW, S.CLOSED): COORDINATION,
    (S.PRIORITISED, S.CLOSED): COORDINATION,
    (S.RECOMMENDED, S.CLOSED): COORDINATION,
    (S.APPROVED, S.CLOSED): COORDINATION,
    (S.PARKED, S.CLOSED): COORDINATION,
    (S.SUBMITTED, S.PARKED): COORDINATION,
    (S.UNDER_REVIEW, S.PARKED): COORDINATION,
    (S.PRIORITISED, S.PARKED): COORDINATION,
    (S.PARKED, S.SUBMITTED): COORDINATION,
    (S.PARKED, S.UNDER_REVIEW): COORDINATION,
    (S.PARKED, S.PRIORITISED): COORDINATION,
}

Arrange = Callable[[WishWorld], tuple[Wish, dict[str, Any]]]


def _in(state: str, **fields: Any) -> Arrange:
    def arrange(world: WishWorld) -> tuple[Wish, dict[str, Any]]:
        return make_wish(world, state=state, **fields), {}

    return arrange


def _prioritised_to_start(world: WishWorld) -> tuple[Wish, dict[str, Any]]:
    return make_wish(world, state=S.PRIORITISED, ready_to_start=True), {}


def _prioritised_to_recommend(world: WishWorld) -> tuple[Wish, dict[str, Any]]:
    return make_wish(world, state=S.PRIORITISED, estimate=LARGE), {}


def _recommended_to_approve(world: WishWorld) -> tuple[Wish, dict[str, Any]]:
    wish = make_wish(world, state=S.RECOMMENDED, estimate=LARGE)
    return wish, {"amount": "300000.00", "expected_benefit": "Færre manuelle opgørelser."}


def _recommended_to_reject(world: WishWorld) -> tuple[Wish, dict[str, Any]]:
    wish = make_wish(world, state=S.RECOMMENDED, estimate=LARGE)
    return wish, {"reason": "Ikke nu."}


def _approved_to_start(world: WishWorld) -> tuple[Wish, dict[str, Any]]:
    wish = make_wish(
        world, state=S.APPROVED, estimate=LARGE, approved_amount=LARGE, ready_to_start=True
    )
    return commit(world, wish, mandate="wish.approve"), {}


def _delivering(state: str) -> Arrange:
    def arrange(world: WishWorld) -> tuple[Wish, dict[str, Any]]:
        wish = make_wish(world, state=state, ready_to_start=True)
        return commit(world, wish), {}

    return arrange


def _delivered(all_met: bool) -> Arrange:
    def arrange(world: WishWorld) -> tuple[Wish, dict[str, Any]]:
        wish = commit(world, make_wish(world, state=S.DELIVERED, ready_to_start=True))
        criteria = DoneCriterion.objects.filter(wish=wish).order_by("position")
        results = {c.pk: (True, "") for c in criteria}
        if not all_met:
            results[criteria[0].pk] = (False, "Eksporten mangler datoer.")
        return wish, {"results": results}

    return arrange


def _follow_up(world: WishWorld) -> tuple[Wish, dict[str, Any]]:
    wish = commit(world, make_wish(world, state=S.FOLLOW_UP, ready_to_start=True))
    return wish, {"realised_benefit": "80 timer om året."}


def _closing(state: str) -> Arrange:
    def arrange(world: WishWorld) -> tuple[Wish, dict[str, Any]]:
        wish = make_wish(world, state=state, estimate=LARGE)
        if state == S.APPROVED:
            wish.approved_amount = LARGE
            commit(world, wish, mandate="wish.approve")
        return wish, {"close_reason": "no_broad_benefit", "note": "Kun én kommune har brug."}

    return arrange


def _unpark(target: str) -> Arrange:
    return _in(S.PARKED, parked_from=target)


ARRANGE: dict[tuple[str, str], Arrange] = {
    (S.SUBMITTED, S.UNDER_REVIEW): _in(S.SUBMITTED),
    (S.UNDER_REVIEW, S.PRIORITISED): _in(S.UNDER_REVIEW),
    (S.PRIORITISED, S.STARTED): _prioritised_to_start,
    (S.PRIORITISED, S.RECOMMENDED): _prioritised_to_recommend,
    (S.RECOMMENDED, S.APPROVED): _recommended_to_approve,
    (S.RECOMMENDED, S.REJECTED): _recommended_to_reject,
    (S.APPROVED, S.STARTED): _approved_to_start,
    (S.STARTED, S.IN_DELIVERY): _delivering(S.STARTED),
    (S.IN_DELIVERY, S.DELIVERED): _delivering(S.IN_DELIVERY),
    (S.DELIVERED, S.ACCEPTED): _delivered(all_met=True),
    (S.DELIVERED, S.DELIVERY_REJECTED): _delivered(all_met=False),
    (S.DELIVERY_REJECTED, S.IN_DELIVERY): _delivering(S.DELIVERY_REJECTED),
    (S.ACCEPTED, S.FOLLOW_UP): _delivering(S.ACCEPTED),
    (S.FOLLOW_UP, S.REALISED): _follow_up,
    **{(state, S.CLOSED): _closing(state) for state in (
        S.SUBMITTED, S.UNDER_REVIEW, S.PRIORITISED, S.RECOMMENDED, S.APPROVED, S.PARKED
    )},
    (S.SUBMITTED, S.PARKED): _in(S.SUBMITTED),
    (S.UNDER_REVIEW, S.PARKED): _in(S.UNDER_REVIEW),
    (S.PRIORITISED, S.PARKED): _in(S.PRIORITISED),
    (S.PARKED, S.SUBMITTED): _unpark(S.SUBMITTED),
    (S.PARKED, S.UNDER_REVIEW): _unpark(S.UNDER_REVIEW),
    (S.PARKED, S.PRIORITISED): _unpark(S.PRIORITISED),
}  # fmt: skip


def test_the_expected_table_covers_every_pair_of_the_workflow() -> None:
    assert set(EXPECTED) == set(TRANSITIONS)
    assert set(ARRANGE) == set(TRANSITIONS)


def _attempt(world: WishWorld, pair: tuple[str, str], role: str) -> tuple[bool, str]:
    """(allowed, what happened) for ``role`` trying the move; nothing is kept."""
    sid = transaction.savepoint()
    try:
        wish, details = ARRANGE[pair](world)
        events = WishEvent.objects.count()
        decisions = Decision.objects.count()
        try:
            moved = wish_transition(wish=wish, to_state=pair[1], actor=world[role], **details)
        except PermissionDenied as refusal:
            unchanged = Wish.objects.get(pk=wish.pk).state == pair[0]
            untouched = (
                WishEvent.objects.count() == events and Decision.objects.count() == decisions
            )
            assert str(refusal).startswith("Only "), refusal
            return False, f"refused (unchanged: {unchanged and untouched})"
        assert moved.state == pair[1]
        return True, "moved"
    finally:
        transaction.savepoint_rollback(sid)


@pytest.mark.parametrize("pair", sorted(EXPECTED), ids=lambda pair: f"{pair[0]}->{pair[1]}")
def test_wsh02_to_wsh12_each_role_may_take_each_move_exactly_as_the_table_says(
    world: WishWorld, pair: tuple[str, str]
) -> None:
    wrong = []
    for role in MATRIX_ROLES:
        allowed, happened = _attempt(world, pair, role)
        if allowed != (role in EXPECTED[pair]) or happened == "refused (unchanged: False)":
            wrong.append((role, happened))
    assert wrong == []


# GRP-08: on OS2beta (no steering group) the coordination group holds the steering group's
# mandate; on OS2alfa (with one) it does not.
@pytest.mark.parametrize("target", [S.APPROVED, S.REJECTED])
def test_grp08_the_coordination_group_decides_instead_of_a_missing_steering_group(
    world: WishWorld, target: str
) -> None:
    details = (
        {"amount": "300000.00", "expected_benefit": "Bred gevinst."}
        if target == S.APPROVED
        else {"reason": "Ikke nu."}
    )
    make_frame(world.beta, world["beta_coordination_member"])
    beta_wish = make_wish(world, product=world.beta, state=S.RECOMMENDED, estimate=LARGE)
    moved = wish_transition(
        wish=beta_wish, to_state=target, actor=world["beta_coordination_member"], **details
    )
    assert moved.state == target
    decision = Decision.objects.get(subjects__object_id=str(beta_wish.pk))
    assert decision.group == world.base.beta_coordination
    alfa_wish = make_wish(world, state=S.RECOMMENDED, estimate=LARGE)
    with pytest.raises(PermissionDenied, match="Only the steering group of OS2alfa"):
        wish_transition(
            wish=alfa_wish, to_state=target, actor=world["coordination_group_member"], **details
        )
