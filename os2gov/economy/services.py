"""Every write to the product economy: the frame the steering group sets (ECO-01, ECO-02,
ECO-05) and the co-financing municipalities pledge to wishes (WSH-10)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from os2gov.authority import service as authority
from os2gov.catalogue.models import Product
from os2gov.core.errors import StaleEditError as StaleEditError  # re-exported
from os2gov.core.locking import refuse_if_changed
from os2gov.economy.models import (
    ZERO,
    EconomicFrame,
    FundingLine,
    FundingLineKind,
    Pledge,
    PledgeState,
)
from os2gov.economy.selectors import contributions
from os2gov.economy.validation import FieldErrors, format_dkk, parse_amount
from os2gov.governance.services._trail import governed_change
from os2gov.wishes import participation
from os2gov.wishes.models import Wish, WishEventKind
from os2gov.wishes.services._trail import lock_wish, record
from os2gov.wishes.workflow import OPEN_FOR_PLEDGES

FRAME_SET = "economic_frame.set"
FIRST_YEAR, LAST_YEAR = 2000, 2100
LABEL_MAX = 200


def _lines(
    funding_lines: Sequence[Mapping[str, Any]], errors: FieldErrors
) -> list[tuple[str, str, Decimal]]:
    """(kind, label, amount) for each line, each error named by the line's place."""
    lines = []
    for place, line in enumerate(funding_lines):
        prefix = f"funding_lines.{place}"
        kind = line.get("kind", FundingLineKind.OTHER)
        if kind not in FundingLineKind.values:
            errors.add(f"{prefix}.kind", _("Choose the kind of funding."), "invalid_choice")
        label = (line.get("label") or "").strip()
        if not label:
            label = str(FundingLineKind(kind).label) if kind in FundingLineKind.values else ""
        if not label:
            errors.add(f"{prefix}.label", _("Name the funding line."), "required")
        elif len(label) > LABEL_MAX:
            errors.add(f"{prefix}.label", _("At most 200 characters."), "too_long")
        amount = parse_amount(line.get("amount"), field=f"{prefix}.amount", errors=errors)
        if amount is not None:
            lines.append((kind, label, amount))
    return lines


def frame_set(
    *,
    product: Product,
    year: int,
    actor: Any,
    coordination_group_limit: Any,
    funding_lines: Sequence[Mapping[str, Any]] = (),
    note: str = "",
    expected_version: int | None = None,
    on: datetime.date | None = None,
) -> EconomicFrame:
    """The steering group (or, where the product has none, its coordination group — GRP-08)
    sets ``product``'s economic frame for ``year`` (ECO-01, ECO-02): the funding lines
    besides the connection agreements' contributions, among them the paid product
    coordinator taken from those contributions (ECO-05), and the part of the frame the
    coordination group may commit on its own. Replacing an existing frame needs the
    ``expected_version`` the editor loaded: no edit silently overwrites another. ``on``:
    the day it is decided (default today)."""
    mandate = authority.require(actor, FRAME_SET, product=product, on=on)
    errors = FieldErrors()
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        errors.add("year", _("Give a year from 2000 to 2100."), "invalid_year")
        errors.raise_if_any()
    limit = parse_amount(coordination_group_limit, field="coordination_group_limit", errors=errors)
    lines = _lines(funding_lines, errors)
    coordinator_lines = [line for line in lines if line[0] == FundingLineKind.PRODUCT_COORDINATOR]
    if len(coordinator_lines) > 1:
        errors.add(
            "funding_lines",
            _("A frame has at most one line for the paid product coordinator."),
            "two_coordinator_lines",
        )
    contributed = sum((c.amount for c in contributions(product, year)), ZERO)
    coordinator = sum((line[2] for line in coordinator_lines), ZERO)
    if coordinator > contributed:
        errors.add(
            "funding_lines",
            _(
                "The paid product coordinator is funded from the connection agreements, "
                "which contribute %(contributed)s in %(year)s."
            )
            % {"contributed": format_dkk(contributed), "year": year},
            "coordinator_over_contributions",
        )
    other = sum((line[2] for line in lines if line[0] == FundingLineKind.OTHER), ZERO)
    total = contributed + other - coordinator
    if limit is not None and limit > max(total, ZERO):
        errors.add(
            "coordination_group_limit",
            _("The coordination group's own limit cannot exceed the frame (%(total)s).")
            % {"total": format_dkk(max(total, ZERO))},
            "limit_over_frame",
        )
    errors.raise_if_any()
    assert limit is not None
    with transaction.atomic():
        frame = EconomicFrame.objects.select_for_update().filter(product=product, year=year).first()
        if frame is None:
            frame = EconomicFrame.objects.create(
                product=product,
                year=year,
                coordination_group_limit=limit,
                note=(note or "").strip(),
                set_by=actor,
            )
            old_limit = None
        else:
            refuse_if_changed(
                frame,
                expected_version,
                field="version",
                code="stale",
                message=_(
                    "Someone changed the %(year)s frame after you opened it. Reload it "
                    "to see the change, then make your edit again."
                )
                % {"year": year},
            )
            old_limit = frame.coordination_group_limit
            frame.coordination_group_limit = limit
            frame.note = (note or "").strip()
            frame.set_by = actor
            frame.version += 1
            frame.save()
            frame.funding_lines.all().delete()
        FundingLine.objects.bulk_create(
            FundingLine(frame=frame, kind=kind, label=label, amount=amount, position=place)
            for place, (kind, label, amount) in enumerate(lines)
        )
        text = _(
            "Set the economic frame of %(product)s for %(year)s at %(total)s (contributions "
            "%(contributed)s, other funding %(other)s, paid product coordinator %(coordinator)s); "
            "the coordination group may commit %(limit)s on its own."
        ) % {
            "product": product.name,
            "year": year,
            "total": format_dkk(total),
            "contributed": format_dkk(contributed),
            "other": format_dkk(other),
            "coordinator": format_dkk(coordinator),
            "limit": format_dkk(limit),
        }
        governed_change(
            actor=actor,
            mandate=mandate,
            audit_action="economic_frame.set",
            text=text,
            target=frame,
            subjects=[(frame, f"{product.name} {year}")],
            decided_on=on,
            changes={
                "coordination_group_limit": [
                    str(old_limit) if old_limit is not None else None,
                    str(limit),
                ],
                "funding_lines": [None, [[k, lab, str(a)] for k, lab, a in lines]],
            },
            product=product,
        )
    return frame


def pledge_make(
    *,
    wish: Wish,
    actor: Any,
    amount: Any,
    conditions: str = "",
    on: datetime.date | None = None,
) -> Pledge:
    """A person from an organisation that uses the product pledges co-financing to
    ``wish`` on the organisation's behalf, with any conditions (WSH-10). Refused once the
    wish has started, been closed or rejected."""
    day = on or timezone.localdate()
    organisation = participation.require_user_organisation(
        actor, participation.PLEDGE, wish.product, on=day
    )
    errors = FieldErrors()
    value = parse_amount(amount, field="amount", errors=errors, positive=True)
    if wish.state not in OPEN_FOR_PLEDGES:
        errors.add(
            "wish",
            _("Co-financing can be pledged only to a wish that has not started or been closed."),
            "not_open",
        )
    errors.raise_if_any()
    assert value is not None
    with transaction.atomic():
        current = lock_wish(wish)
        if current.state not in OPEN_FOR_PLEDGES:
            errors.add(
                "wish",
                _(
                    "Co-financing can be pledged only to a wish that has not started or been "
                    "closed."
                ),
                "not_open",
            )
            errors.raise_if_any()
        pledge = Pledge.objects.create(
            wish=current,
            organisation=organisation,
            person=actor,
            amount=value,
            conditions=(conditions or "").strip(),
        )
        record(
            wish=current,
            actor=actor,
            kind=WishEventKind.PLEDGED,
            text=_("%(organisation)s pledged %(amount)s in co-financing.")
            % {"organisation": organisation.name, "amount": format_dkk(value)},
            audit_action="pledge.make",
            participation_code=participation.PLEDGE,
            changes={"amount": [None, str(value)], "conditions": [None, pledge.conditions]},
        )
    return pledge


def pledge_withdraw(*, pledge: Pledge, actor: Any) -> Pledge:
    """Someone from the pledging organisation withdraws a pledge not yet committed."""
    if (
        not getattr(actor, "is_authenticated", False)
        or getattr(actor, "organisation_id", None) != pledge.organisation_id
    ):
        raise participation.ParticipationRefused(
            _("Only people from %(organisation)s can withdraw its pledge.")
            % {"organisation": pledge.organisation.name},
            code=participation.PLEDGE,
        )
    errors = FieldErrors()
    with transaction.atomic():
        current_wish = lock_wish(pledge.wish)
        updated = Pledge.objects.filter(pk=pledge.pk, state=PledgeState.PLEDGED).update(
            state=PledgeState.WITHDRAWN
        )
        if not updated:
            errors.add(
                "pledge",
                _("Only a pledge that is not yet committed can be withdrawn."),
                "not_withdrawable",
            )
            errors.raise_if_any()
        record(
            wish=current_wish,
            actor=actor,
            kind=WishEventKind.PLEDGE_WITHDRAWN,
            text=_("%(organisation)s withdrew its pledge of %(amount)s.")
            % {"organisation": pledge.organisation.name, "amount": format_dkk(pledge.amount)},
            audit_action="pledge.withdraw",
            participation_code=participation.PLEDGE,
            changes={"state": [PledgeState.PLEDGED, PledgeState.WITHDRAWN]},
        )
    pledge.refresh_from_db()
    return pledge
