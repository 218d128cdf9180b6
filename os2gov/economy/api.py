"""The product economy: /api/v1/economy (ECO-01…05, WSH-10).

A product's economy in a year is public: its frame, what the connection agreements
contribute (computed from the agreements, ECO-01), the other funding lines and the paid
product coordinator (ECO-05), what is committed and what is available (ECO-02), and for
every wish committed against the frame who ordered it, from which supplier, who approves
the delivery and the order and invoice references (ECO-04).

The steering group (or, where a product has none, its coordination group: GRP-08) sets the
frame with ``PUT``; the overview of every product's economy is the secretariat's (ECO-03;
members of a product's steering or coordination group see their products in it).

Amounts are exact decimal strings with two decimals, e.g. ``"125000.00"``; ``available`` is
negative when the steering group approved beyond the frame.
"""

# No `from __future__ import annotations`: ninja reads the parameter annotations at import.
import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from os2gov.accounts.auth import api_auth
from os2gov.catalogue.models import Product
from os2gov.core.api import ERROR_RESPONSES, ErrorOut, error_body
from os2gov.economy import services
from os2gov.economy.models import FundingLineKind
from os2gov.economy.selectors import (
    COMMITTED_STATES,
    Contribution,
    FrameStatus,
    economy_overview_for,
    frame_status,
)
from os2gov.governance.people import public_name
from os2gov.wishes.models import Wish

router = Router(tags=["economy"])

DECIMAL_PATTERN = r"^-?[0-9]+\.[0-9]{2}$"
MONEY_TEXT = "DKK, an exact decimal string with two decimals, e.g. 125000.00."
READ_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {**ERROR_RESPONSES, 409: ErrorOut}


def money(value: Decimal) -> str:
    return format(value, ".2f")


def _money(description: str = MONEY_TEXT) -> Any:
    return Field(description=description, pattern=DECIMAL_PATTERN)


class ContributionOut(Schema):
    organisation: str = Field(description="The slug of the organisation contributing.")
    organisation_name: str
    annual_contribution: str = _money("Its connection agreement's annual contribution.")
    days: int = Field(description="Days of the year the agreement is in force.")
    amount: str = _money("What it contributes to this year's frame.")

    @staticmethod
    def resolve_organisation(obj: Contribution) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj: Contribution) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_annual_contribution(obj: Contribution) -> str:
        return money(obj.annual_contribution)

    @staticmethod
    def resolve_amount(obj: Contribution) -> str:
        return money(obj.amount)


class FundingLineOut(Schema):
    kind: str = Field(description="One of: " + ", ".join(FundingLineKind.values))
    label: str
    amount: str = _money()

    @staticmethod
    def resolve_amount(obj: Any) -> str:
        return money(obj.amount)


class CommitmentOut(Schema):
    """A wish the frame pays for (ECO-02) and its ordering terms (ECO-04)."""

    wish: int
    title: str
    state: str
    frame_commitment: str = _money("What the frame pays of it.")
    committed_under: str = Field(
        description="wish.start (the coordination group's own limit) or wish.approve "
        "(the steering group)."
    )
    orderer: str | None = None
    delivering_supplier: str | None = Field(None, description="The supplier's slug.")
    delivery_approver: str | None = None
    order_reference: str
    invoice_reference: str
    approved_on: datetime.date | None = None
    started_on: datetime.date | None = None

    @staticmethod
    def resolve_wish(obj: Wish) -> int:
        return obj.pk

    @staticmethod
    def resolve_frame_commitment(obj: Wish) -> str:
        return money(obj.frame_commitment or Decimal("0.00"))

    @staticmethod
    def resolve_committed_under(obj: Wish) -> str:
        return obj.commitment_mandate

    @staticmethod
    def resolve_orderer(obj: Wish) -> str | None:
        return public_name(obj.orderer) if obj.orderer is not None else None

    @staticmethod
    def resolve_delivering_supplier(obj: Wish) -> str | None:
        supplier = obj.delivering_supplier
        return supplier.organisation.slug if supplier is not None else None

    @staticmethod
    def resolve_delivery_approver(obj: Wish) -> str | None:
        approver = obj.delivery_approver
        return public_name(approver) if approver is not None else None


class EconomySummaryOut(Schema):
    product: str = Field(description="The product's slug.")
    product_name: str
    year: int
    frame_set: bool = Field(description="Whether the steering group has set the frame.")
    version: int | None = Field(
        None, description="The frame's version; send it as expected_version to change it."
    )
    contributions_total: str = _money("The connection agreements' contributions (ECO-01).")
    other_funding: str = _money()
    product_coordinator: str = _money("Taken from the contributions (ECO-05).")
    total: str = _money("The frame: contributions + other funding - product coordinator.")
    committed: str = _money("Approved and started wishes (ECO-02).")
    available: str = _money("Frame - committed; negative when approved beyond it.")
    coordination_group_limit: str = _money("What the coordination group may commit itself.")
    committed_by_coordination_group: str = _money()
    coordination_group_remaining: str = _money()
    coordination_group_can_commit: str = _money("Its remaining limit, within what is left.")
    open_pledges: str = _money("Co-financing pledged to wishes not yet started (WSH-10).")

    @staticmethod
    def resolve_product(obj: FrameStatus) -> str:
        return obj.product.slug

    @staticmethod
    def resolve_product_name(obj: FrameStatus) -> str:
        return obj.product.name

    @staticmethod
    def resolve_frame_set(obj: FrameStatus) -> bool:
        return obj.frame is not None

    @staticmethod
    def resolve_version(obj: FrameStatus) -> int | None:
        return obj.frame.version if obj.frame is not None else None

    @staticmethod
    def resolve_contributions_total(obj: FrameStatus) -> str:
        return money(obj.contributions_total)

    @staticmethod
    def resolve_other_funding(obj: FrameStatus) -> str:
        return money(obj.other_funding)

    @staticmethod
    def resolve_product_coordinator(obj: FrameStatus) -> str:
        return money(obj.product_coordinator)

    @staticmethod
    def resolve_total(obj: FrameStatus) -> str:
        return money(obj.total)

    @staticmethod
    def resolve_committed(obj: FrameStatus) -> str:
        return money(obj.committed)

    @staticmethod
    def resolve_available(obj: FrameStatus) -> str:
        return money(obj.available)

    @staticmethod
    def resolve_coordination_group_limit(obj: FrameStatus) -> str:
        return money(obj.coordination_group_limit)

    @staticmethod
    def resolve_committed_by_coordination_group(obj: FrameStatus) -> str:
        return money(obj.committed_by_coordination_group)

    @staticmethod
    def resolve_coordination_group_remaining(obj: FrameStatus) -> str:
        return money(obj.coordination_group_remaining)

    @staticmethod
    def resolve_coordination_group_can_commit(obj: FrameStatus) -> str:
        return money(obj.coordination_group_can_commit)

    @staticmethod
    def resolve_open_pledges(obj: FrameStatus) -> str:
        return money(obj.open_pledges)


class EconomyOut(EconomySummaryOut):
    note: str
    contributions: list[ContributionOut]
    funding_lines: list[FundingLineOut]
    commitments: list[CommitmentOut]

    @staticmethod
    def resolve_note(obj: FrameStatus) -> str:
        return obj.frame.note if obj.frame is not None else ""

    @staticmethod
    def resolve_contributions(obj: FrameStatus) -> list[Contribution]:
        return list(obj.contributions)

    @staticmethod
    def resolve_funding_lines(obj: FrameStatus) -> list[Any]:
        return list(obj.funding_lines)

    @staticmethod
    def resolve_commitments(obj: FrameStatus) -> list[Wish]:
        if obj.frame is None:
            return []
        return list(
            Wish.objects.filter(committed_frame=obj.frame, state__in=COMMITTED_STATES)
            .select_related("orderer", "delivering_supplier__organisation", "delivery_approver")
            .order_by("started_on", "approved_on", "pk")
        )


class FundingLineIn(Schema):
    kind: FundingLineKind = FundingLineKind.OTHER
    label: str = Field("", description="Default: the kind's name.")
    amount: str = Field(description='DKK as a string, e.g. "100000.00".')


class FrameIn(Schema):
    coordination_group_limit: str = Field(
        description='What the coordination group may commit on its own, e.g. "150000.00".'
    )
    funding_lines: list[FundingLineIn] = Field(
        default_factory=list,
        description="Funding besides the connection agreements, and at most one line for "
        "the paid product coordinator (taken from the contributions, ECO-05).",
    )
    note: str = ""
    expected_version: int | None = Field(
        None, description="The version you read; required to change an existing frame (409)."
    )


def _product(slug: str) -> Product:
    return get_object_or_404(Product, slug=slug)


@router.get(
    "/products/{slug}/{year}",
    response={200: EconomyOut, **READ_ERRORS},
    auth=None,
    summary="A product's economy in a year",
    operation_id="economy_product_year",
)
def product_economy(request: HttpRequest, slug: str, year: int) -> FrameStatus:
    """The frame, its funding, what is committed and available (ECO-01, 02, 05), and the
    wishes committed against it with their ordering terms (ECO-04)."""
    return frame_status(_product(slug), year)


@router.put(
    "/products/{slug}/{year}",
    response={200: EconomyOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Set a product's economic frame for a year",
    operation_id="economy_frame_set",
)
def set_frame(
    request: HttpRequest, slug: str, year: int, payload: FrameIn
) -> FrameStatus | Status[dict[str, Any]]:
    """The steering group (or, where there is none, the coordination group: GRP-08) sets
    the frame and the coordination group's own limit (ECO-02). 403 names who may; 422 names
    each field (funding lines as `funding_lines.<n>.<field>`); 409 when the frame changed
    after `expected_version`."""
    product = _product(slug)
    try:
        services.frame_set(
            product=product,
            year=year,
            actor=request.user,
            coordination_group_limit=payload.coordination_group_limit,
            funding_lines=[
                {"kind": line.kind.value, "label": line.label, "amount": line.amount}
                for line in payload.funding_lines
            ],
            note=payload.note,
            expected_version=payload.expected_version,
        )
    except services.StaleEditError as stale:
        return Status(
            409,
            error_body(
                stale.messages[0],
                [{"field": "expected_version", "message": stale.messages[0]}],
            ),
        )
    return frame_status(product, year)


@router.get(
    "/overview",
    response={200: list[EconomySummaryOut], **READ_ERRORS, 403: ErrorOut},
    auth=api_auth,
    summary="Every product's economy in a year (the secretariat's overview)",
    operation_id="economy_overview",
)
def overview(request: HttpRequest, year: int | None = None) -> list[FrameStatus]:
    """ECO-03: the secretariat sees every product's economy in `year` (default this year);
    a member of a product's steering or coordination group sees those products."""
    statuses = economy_overview_for(request.user, year or timezone.localdate().year)
    if not statuses:
        raise PermissionDenied(
            _(
                "Only the secretariat, and the members of a product's steering or coordination "
                "group, can see the economy overview."
            )
        )
    return statuses
