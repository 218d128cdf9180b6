"""The priority score of a wish and its visible components (WSH-02).

Each component is a share from 0 to 1:

* support: the share of the product's user municipalities that support the wish;
* benefit, strategic fit, urgency: the coordination group's assessment, 0 to 5, as a share;
* cost: 1 minus estimate / cost reference (cheaper is better; an unestimated wish, or a
  product without a cost reference, gets no credit for cost).

The score is the weighted mean of the components, 0 to 100, with one decimal, the weights
being the ones the product's coordination group set (all 1 by default). Decimal only.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from os2gov.wishes.models import MAX_ASSESSMENT, PriorityWeights, Wish

ONE = Decimal(1)
ZERO = Decimal(0)
SHARE = Decimal("0.001")
SCORE = Decimal("0.1")
COMPONENTS = ("support", "benefit", "cost", "strategic_fit", "urgency")


@dataclass(frozen=True)
class Weights:
    support: int = 1
    benefit: int = 1
    cost: int = 1
    strategic_fit: int = 1
    urgency: int = 1
    cost_reference: Decimal = ZERO

    @classmethod
    def of(cls, row: PriorityWeights | None) -> Weights:
        if row is None:
            return cls()
        return cls(
            support=row.support,
            benefit=row.benefit,
            cost=row.cost,
            strategic_fit=row.strategic_fit,
            urgency=row.urgency,
            cost_reference=row.cost_reference,
        )

    def weight(self, component: str) -> int:
        return int(getattr(self, component))


def _assessed(value: int | None) -> Decimal:
    return ZERO if value is None else Decimal(value) / Decimal(MAX_ASSESSMENT)


def components(
    wish: Wish, *, supporters: Collection[int], user_count: int, weights: Weights
) -> dict[str, Decimal]:
    """The components of ``wish``'s score. ``supporters``: the ids of the user
    municipalities supporting it; ``user_count``: how many user municipalities there are."""
    support = Decimal(len(supporters)) / Decimal(user_count) if user_count else ZERO
    if wish.estimate is None or not weights.cost_reference:
        cost = ZERO
    else:
        cost = max(ONE - Decimal(wish.estimate) / weights.cost_reference, ZERO)
    values = {
        "support": min(support, ONE),
        "benefit": _assessed(wish.benefit_score),
        "cost": cost,
        "strategic_fit": _assessed(wish.strategic_fit),
        "urgency": _assessed(wish.urgency),
    }
    return {name: value.quantize(SHARE, rounding=ROUND_HALF_UP) for name, value in values.items()}


def score(values: dict[str, Decimal], weights: Weights) -> Decimal:
    total_weight = sum(weights.weight(name) for name in COMPONENTS)
    if total_weight == 0:
        return ZERO.quantize(SCORE)
    weighted = sum((values[name] * weights.weight(name) for name in COMPONENTS), ZERO)
    return (weighted * 100 / total_weight).quantize(SCORE, rounding=ROUND_HALF_UP)


def stored_components(
    values: dict[str, Decimal], weights: Weights, *, supporters: int, user_count: int
) -> dict[str, object]:
    """What the backlog shows beside the score: each component, its weight, and the counts
    the support share comes from."""
    return {
        "components": {
            name: {"value": str(values[name]), "weight": weights.weight(name)}
            for name in COMPONENTS
        },
        "supporters": supporters,
        "user_municipalities": user_count,
    }


def ordered(wishes: list[Wish]) -> list[Wish]:
    """The backlog's order (WSH-02): by score, highest first (then oldest first); a wish
    whose rank the group set is put at that place, with its reason kept on the wish."""
    by_score = sorted(
        (w for w in wishes if w.rank_override is None),
        key=lambda w: (-(w.priority_score or ZERO), w.created_at, w.pk),
    )
    overridden = sorted(
        (w for w in wishes if w.rank_override is not None),
        key=lambda w: (w.rank_override or 0, w.created_at, w.pk),
    )
    result = list(by_score)
    for wish in overridden:
        place = min(max((wish.rank_override or 1) - 1, 0), len(result))
        result.insert(place, wish)
    return result
