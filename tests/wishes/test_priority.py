"""Prioritisation with visible reasons (WSH-02)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from os2gov.governance.models import Decision
from os2gov.wishes.models import PriorityWeights, WishState
from os2gov.wishes.priority import Weights, components, score
from os2gov.wishes.selectors import backlog
from os2gov.wishes.services import (
    StaleEditError,
    priority_refresh,
    priority_weights_set,
    wish_assess,
    wish_estimate,
    wish_rank_set,
)
from tests.wishes.world import WishWorld, make_wish

S = WishState


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code or "" for e in errors] for field, errors in error.error_dict.items()}


def test_wsh02_the_score_is_the_weighted_mean_of_its_components(world: WishWorld) -> None:
    wish = make_wish(
        world,
        estimate=Decimal("25000.00"),
        benefit_score=5,
        strategic_fit=4,
        urgency=0,
    )
    weights = Weights(
        support=2, benefit=1, cost=1, strategic_fit=1, urgency=0, cost_reference=Decimal("100000")
    )
    values = components(wish, supporters={1, 2}, user_count=4, weights=weights)
    assert values == {
        "support": Decimal("0.500"),
        "benefit": Decimal("1.000"),
        "cost": Decimal("0.750"),
        "strategic_fit": Decimal("0.800"),
        "urgency": Decimal("0.000"),
    }
    # (2 * 0.5 + 1 + 0.75 + 0.8) / 5 * 100
    assert score(values, weights) == Decimal("71.0")


def test_wsh02_the_backlog_is_ranked_by_score_and_shows_its_components(world: WishWorld) -> None:
    broad = make_wish(world, title="Bred", supported_by=(world.nordby, world.sydby, world.ostby))
    narrow = make_wish(world, title="Smal", supported_by=(world.nordby,))
    local = make_wish(world, title="Lokal", scope="local", supported_by=(world.nordby,))
    started = make_wish(world, title="I gang", state=S.STARTED)
    priority_refresh(world.alfa)
    ranked = list(backlog(world.alfa, states=[S.SUBMITTED]))
    assert ranked[:2] == [broad, narrow]
    broad.refresh_from_db()
    assert broad.rank == 1
    assert broad.priority_components["components"]["support"] == {"value": "0.750", "weight": 1}
    assert broad.priority_components["supporters"] == 3
    local.refresh_from_db()
    started.refresh_from_db()
    assert local.rank is None and started.rank is None


def test_wsh02_the_group_sets_the_weights_as_a_decision(world: WishWorld) -> None:
    cheap = make_wish(world, title="Billig", estimate=Decimal("10000.00"))
    popular = make_wish(
        world,
        title="Populær",
        estimate=Decimal("140000.00"),
        supported_by=(world.nordby, world.sydby),
    )
    priority_weights_set(
        product=world.alfa,
        actor=world["tovholder"],
        support=0,
        benefit=0,
        cost=5,
        strategic_fit=0,
        urgency=0,
        cost_reference="150000",
    )
    cheap.refresh_from_db()
    popular.refresh_from_db()
    assert (cheap.rank, popular.rank) == (1, 2)
    decision = Decision.objects.get(action="wish.prioritise")
    assert decision.group == world.base.alfa_coordination
    assert "cost 5" in decision.text
    weights = PriorityWeights.objects.get(product=world.alfa)
    priority_weights_set(
        product=world.alfa,
        actor=world["tovholder"],
        support=5,
        benefit=0,
        cost=0,
        strategic_fit=0,
        urgency=0,
        expected_version=weights.version,
    )
    popular.refresh_from_db()
    assert popular.rank == 1
    with pytest.raises(StaleEditError):
        priority_weights_set(
            product=world.alfa,
            actor=world["tovholder"],
            support=1,
            benefit=1,
            cost=1,
            strategic_fit=1,
            urgency=1,
            expected_version=weights.version,
        )


def test_wsh02_weights_are_validated(world: WishWorld) -> None:
    with pytest.raises(ValidationError) as refusal:
        priority_weights_set(
            product=world.alfa,
            actor=world["tovholder"],
            support=11,
            benefit=-1,
            cost=0,
            strategic_fit=0,
            urgency=0,
            cost_reference="-10",
        )
    assert codes(refusal.value) == {
        "support": ["invalid_weight"],
        "benefit": ["invalid_weight"],
        "cost_reference": ["negative_amount"],
    }


@pytest.mark.parametrize("role", ["supplier_representative", "steering_group_member"])
def test_wsh02_grp06_only_the_coordination_groups_public_members_prioritise(
    world: WishWorld, role: str
) -> None:
    with pytest.raises(PermissionDenied):
        priority_weights_set(
            product=world.alfa,
            actor=world[role],
            support=1,
            benefit=1,
            cost=1,
            strategic_fit=1,
            urgency=1,
        )


def test_wsh02_the_group_overrides_the_rank_with_a_recorded_reason(world: WishWorld) -> None:
    first = make_wish(world, title="Først", supported_by=(world.nordby, world.sydby))
    second = make_wish(world, title="Anden", supported_by=(world.nordby,))
    third = make_wish(world, title="Tredje")
    priority_refresh(world.alfa)
    with pytest.raises(ValidationError) as refusal:
        wish_rank_set(wish=third, actor=world["tovholder"], rank=1, reason="")
    assert codes(refusal.value) == {"reason": ["reason_required"]}
    wish_rank_set(wish=third, actor=world["tovholder"], rank=1, reason="Lovkrav fra 1. januar.")
    ranks = {w.title: w.rank for w in backlog(world.alfa)}
    assert ranks == {"Tredje": 1, "Først": 2, "Anden": 3}
    third.refresh_from_db()
    assert third.rank_override_reason == "Lovkrav fra 1. januar."
    decision = Decision.objects.get(subjects__object_id=str(third.pk))
    assert decision.text.endswith("Reason: Lovkrav fra 1. januar.")
    wish_rank_set(wish=third, actor=world["tovholder"], rank=None)
    assert {w.title: w.rank for w in backlog(world.alfa)} == {"Først": 1, "Anden": 2, "Tredje": 3}
    del first, second


def test_wsh02_assessment_and_estimate_feed_the_score(world: WishWorld) -> None:
    wish = make_wish(world, estimate=None)
    wish_assess(
        wish=wish,
        actor=world["coordination_group_member"],
        benefit_score=5,
        strategic_fit=5,
        urgency=5,
    )
    assert wish.priority_score == Decimal("60.0")  # three of five components full
    with pytest.raises(ValidationError) as refusal:
        wish_assess(
            wish=wish,
            actor=world["coordination_group_member"],
            benefit_score=6,
            strategic_fit=None,
            urgency="high",
        )
    assert codes(refusal.value) == {
        "benefit_score": ["invalid_assessment"],
        "urgency": ["invalid_assessment"],
    }
    estimated = wish_estimate(
        wish=wish,
        actor=world["coordination_group_member"],
        amount="12500.50",
        estimated_by=world.base.supplier,
    )
    assert estimated.estimate == Decimal("12500.50")
    assert estimated.estimated_by == world.base.supplier


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("-100", "negative_amount"),
        ("hundrede", "invalid_amount"),
        (12.5, "invalid_amount"),
        ("10.005", "too_many_decimals"),
    ],
)
def test_a_bad_estimate_is_refused(world: WishWorld, amount: object, code: str) -> None:
    wish = make_wish(world, estimate=None)
    with pytest.raises(ValidationError) as refusal:
        wish_estimate(wish=wish, actor=world["coordination_group_member"], amount=amount)
    assert codes(refusal.value) == {"amount": [code]}


def test_a_committed_estimate_no_longer_changes(world: WishWorld) -> None:
    wish = make_wish(world, state=S.STARTED)
    with pytest.raises(ValidationError) as refusal:
        wish_estimate(wish=wish, actor=world["coordination_group_member"], amount="1")
    assert codes(refusal.value) == {"amount": ["committed"]}
