"""Every read of the product economy (ECO-01…05, WSH-10).

* Contributions are computed from the connection agreements in force during the year
  (ECO-01): an agreement in force all year contributes its annual contribution; one in
  force part of the year contributes that share of it, by days.
* The frame = contributions + other funding lines minus the paid product coordinator's line,
  which is taken from the contributions (ECO-05).
* Committed = what the frame pays for the approved and started wishes committed against it;
  available = frame minus committed (ECO-02). The coordination group's own limit is spent only
  by what it started on its own mandate.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from os2gov.authority.roles import roles_of
from os2gov.catalogue.models import ConnectionAgreement, Product
from os2gov.economy.models import (
    ZERO,
    EconomicFrame,
    FundingLine,
    FundingLineKind,
    Pledge,
    PledgeState,
)
from os2gov.governance.models import BodyKind, GroupKind
from os2gov.organisation.models import Organisation

CENT = Decimal("0.01")
# The wishes whose cost the frame carries (ECO-02): approved, started and everything after.
COMMITTED_STATES: frozenset[str] = frozenset(
    {
        "approved",
        "started",
        "in_delivery",
        "delivered",
        "delivery_rejected",
        "accepted",
        "follow_up",
        "realised",
    }
)
OWN_MANDATE = "wish.start"  # committed by the coordination group within its own limit
STEERING_MANDATE = "wish.approve"  # committed by the steering group's approval


@dataclass(frozen=True)
class Contribution:
    """What one connection agreement contributes to one year's frame."""

    organisation: Organisation
    agreement: ConnectionAgreement
    annual_contribution: Decimal
    days: int  # days of the year the agreement is in force
    amount: Decimal


@dataclass(frozen=True)
class FrameStatus:
    """A product's economy in one year. ``frame`` is None when none is set."""

    product: Product
    year: int
    frame: EconomicFrame | None
    contributions: Sequence[Contribution] = ()
    funding_lines: Sequence[FundingLine] = ()
    committed: Decimal = ZERO
    committed_by_coordination_group: Decimal = ZERO
    open_pledges: Decimal = ZERO

    @property
    def contributions_total(self) -> Decimal:
        return sum((c.amount for c in self.contributions), ZERO)

    @property
    def other_funding(self) -> Decimal:
        return sum(
            (line.amount for line in self.funding_lines if line.kind == FundingLineKind.OTHER),
            ZERO,
        )

    @property
    def product_coordinator(self) -> Decimal:
        """ECO-05: the part of the contributions that pays the paid product coordinator."""
        return sum(
            (
                line.amount
                for line in self.funding_lines
                if line.kind == FundingLineKind.PRODUCT_COORDINATOR
            ),
            ZERO,
        )

    @property
    def total(self) -> Decimal:
        """The money the frame holds for wishes (zero where no frame is set)."""
        if self.frame is None:
            return ZERO
        return self.contributions_total + self.other_funding - self.product_coordinator

    @property
    def available(self) -> Decimal:
        """ECO-02: frame minus committed (negative when the steering group approved beyond it)."""
        return self.total - self.committed

    @property
    def coordination_group_limit(self) -> Decimal:
        return self.frame.coordination_group_limit if self.frame is not None else ZERO

    @property
    def coordination_group_remaining(self) -> Decimal:
        """What is left of the coordination group's own limit."""
        return max(self.coordination_group_limit - self.committed_by_coordination_group, ZERO)

    @property
    def coordination_group_can_commit(self) -> Decimal:
        """What the coordination group may still commit on its own: its remaining limit,
        and never more than the frame has left (WSH-03, WSH-04)."""
        return max(min(self.available, self.coordination_group_remaining), ZERO)


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def agreements_in_year(year: int) -> QuerySet[ConnectionAgreement]:
    """Agreements in force on at least one day of ``year``."""
    first, last = year_bounds(year)
    return ConnectionAgreement.objects.filter(starts_on__lte=last).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=first)
    )


def contribution_of(agreement: ConnectionAgreement, year: int) -> Contribution:
    first, last = year_bounds(year)
    start = max(agreement.starts_on, first)
    end = min(agreement.ends_on or last, last)
    days = max((end - start).days + 1, 0)
    total_days = days_in_year(year)
    annual = agreement.annual_contribution
    if days >= total_days:
        amount = annual
    else:
        amount = (annual * days / total_days).quantize(CENT, rounding=ROUND_HALF_UP)
    return Contribution(
        organisation=agreement.organisation,
        agreement=agreement,
        annual_contribution=annual,
        days=days,
        amount=amount,
    )


def contributions(product: Product, year: int) -> list[Contribution]:
    """ECO-01: what each connection agreement on ``product`` contributes in ``year``, by
    organisation. One query."""
    agreements = (
        agreements_in_year(year)
        .filter(product=product)
        .select_related("organisation")
        .order_by("organisation__name", "starts_on", "pk")
    )
    return [contribution_of(agreement, year) for agreement in agreements]


def _commitments(frames: Iterable[EconomicFrame]) -> dict[int, tuple[Decimal, Decimal]]:
    """frame id -> (committed, committed on the coordination group's own mandate). One query."""
    from os2gov.wishes.models import Wish

    frame_ids = [frame.pk for frame in frames]
    if not frame_ids:
        return {}
    rows = (
        Wish.objects.filter(committed_frame_id__in=frame_ids, state__in=COMMITTED_STATES)
        .values("committed_frame_id")
        .annotate(
            committed=Coalesce(Sum("frame_commitment"), ZERO),
            own=Coalesce(
                Sum("frame_commitment", filter=Q(commitment_mandate=OWN_MANDATE)),
                ZERO,
            ),
        )
        .order_by()
    )
    return {row["committed_frame_id"]: (row["committed"], row["own"]) for row in rows}


def _open_pledges(products: Iterable[Product]) -> dict[int, Decimal]:
    """product id -> pledges not yet committed, on wishes not yet started. One query."""
    rows = (
        Pledge.objects.filter(wish__product__in=list(products), state=PledgeState.PLEDGED)
        .values("wish__product_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {row["wish__product_id"]: row["total"] or ZERO for row in rows}


def frame_status(
    product: Product, year: int, *, frame: EconomicFrame | bool | None = True
) -> FrameStatus:
    """``product``'s economy in ``year``. Pass ``frame`` (or None) when the caller already
    holds it, e.g. locked with select_for_update; by default it is looked up. Five queries
    at most."""
    if frame is True:
        frame = (
            EconomicFrame.objects.filter(product=product, year=year)
            .prefetch_related("funding_lines")
            .first()
        )
    assert frame is not True and frame is not False
    lines: list[FundingLine] = list(frame.funding_lines.all()) if frame is not None else []
    committed, own = (
        _commitments([frame]).get(frame.pk, (ZERO, ZERO)) if frame is not None else (ZERO, ZERO)
    )
    return FrameStatus(
        product=product,
        year=year,
        frame=frame,
        contributions=contributions(product, year),
        funding_lines=lines,
        committed=committed,
        committed_by_coordination_group=own,
        open_pledges=_open_pledges([product]).get(product.pk, ZERO),
    )


def economy_overview(year: int, products: Iterable[Product] | None = None) -> list[FrameStatus]:
    """ECO-03: the economy of every product (or of ``products``) in ``year``, by product
    name. Five queries however many products, frames and agreements there are."""
    product_list = (
        list(products) if products is not None else list(Product.objects.order_by("name", "pk"))
    )
    frames = {
        frame.product_id: frame
        for frame in EconomicFrame.objects.filter(
            product__in=product_list, year=year
        ).prefetch_related("funding_lines")
    }
    by_product: dict[int, list[Contribution]] = defaultdict(list)
    for agreement in (
        agreements_in_year(year)
        .filter(product__in=product_list)
        .select_related("organisation")
        .order_by("organisation__name", "starts_on", "pk")
    ):
        by_product[agreement.product_id].append(contribution_of(agreement, year))
    commitments = _commitments(frames.values())
    pledges = _open_pledges(product_list)
    overview = []
    for product in product_list:
        frame = frames.get(product.pk)
        committed, own = commitments.get(frame.pk, (ZERO, ZERO)) if frame else (ZERO, ZERO)
        overview.append(
            FrameStatus(
                product=product,
                year=year,
                frame=frame,
                contributions=by_product.get(product.pk, []),
                funding_lines=list(frame.funding_lines.all()) if frame else [],
                committed=committed,
                committed_by_coordination_group=own,
                open_pledges=pledges.get(product.pk, ZERO),
            )
        )
    return overview


def pledged_total(wish: Any) -> Decimal:
    """What municipalities have pledged to ``wish`` and not withdrawn (pledged or
    committed). One query."""
    total = Pledge.objects.filter(
        wish=wish, state__in=[PledgeState.PLEDGED, PledgeState.COMMITTED]
    ).aggregate(total=Sum("amount"))["total"]
    return total or ZERO


def frame_share(cost: Decimal | None, pledged: Decimal) -> Decimal | None:
    """What the frame must pay of ``cost`` when ``pledged`` is co-financed (WSH-10)."""
    if cost is None:
        return None
    return max(cost - pledged, ZERO)


@dataclass(frozen=True)
class Fundability:
    """WSH-10: whether available frame + pledges cover a wish's cost."""

    cost: Decimal | None
    pledged: Decimal
    available: Decimal
    can_commit: Decimal  # the coordination group's own room

    @property
    def frame_share(self) -> Decimal | None:
        return frame_share(self.cost, self.pledged)

    @property
    def fundable(self) -> bool:
        return self.cost is not None and self.available + self.pledged >= self.cost

    @property
    def within_own_limit(self) -> bool:
        share = self.frame_share
        return share is not None and share <= self.can_commit


def fundability(wish: Any, *, year: int) -> Fundability:
    """Whether ``wish`` can be funded in ``year``'s frame with its pledges (WSH-10)."""
    status = frame_status(wish.product, year)
    return Fundability(
        cost=wish.cost,
        pledged=pledged_total(wish),
        available=status.available,
        can_commit=status.coordination_group_can_commit,
    )


def visible_products(viewer: Any, *, on: datetime.date | None = None) -> list[Product]:
    """The products whose economy ``viewer`` may see (ECO-03): every product for the
    secretariat, which reports the product economy; otherwise the products in whose
    steering or coordination group the viewer sits. By name."""
    roles = roles_of(viewer, on)
    if not roles.authenticated:
        return []
    if roles.body_membership(BodyKind.SECRETARIAT) is not None:
        return list(Product.objects.order_by("name", "pk"))
    seen: dict[int, Product] = {}
    for membership in roles.group_memberships:
        if membership.group.kind in (GroupKind.STEERING, GroupKind.COORDINATION):
            seen.setdefault(membership.group.product_id, membership.group.product)
    return sorted(seen.values(), key=lambda product: (product.name, product.pk))


def economy_overview_for(
    viewer: Any, year: int, *, on: datetime.date | None = None
) -> list[FrameStatus]:
    """ECO-03: the economy of every product ``viewer`` may see, in ``year``."""
    products = visible_products(viewer, on=on)
    return economy_overview(year, products) if products else []
