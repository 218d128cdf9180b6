"""Prioritisation (WSH-02): the weights a product's coordination group sets, its
assessment of each wish, the rank it overrides with a reason, and the stored score and rank
every backlog reads (so that sorting by them costs no extra query)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from os2gov.authority import service as authority
from os2gov.catalogue.models import ConnectionAgreement, Product
from os2gov.core.errors import StaleEditError
from os2gov.core.locking import refuse_if_changed
from os2gov.economy.validation import FieldErrors, format_dkk, parse_amount
from os2gov.governance.services._trail import governed_change
from os2gov.wishes import priority
from os2gov.wishes.models import (
    MAX_ASSESSMENT,
    PriorityWeights,
    Support,
    Wish,
    WishEventKind,
    WishScope,
)
from os2gov.wishes.services._trail import check_version, lock_product, lock_wish, record
from os2gov.wishes.workflow import BEFORE_COMMITMENT, RANKED

PRIORITISE = "wish.prioritise"
MAX_WEIGHT = 10

_deferred: ContextVar[set[int] | None] = ContextVar("os2gov_priority_deferred", default=None)


@contextmanager
def priority_refresh_deferred() -> Iterator[None]:
    """Inside the block, note the products whose backlog changed instead of recomputing it
    after every change; recompute each once when the block ends (loading many wishes at
    once, e.g. the demo data). The ranks read inside the block may be stale."""
    pending: set[int] = set()
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    for product in Product.objects.filter(pk__in=pending).order_by("pk"):
        priority_refresh(product)


def priority_refresh(product: Product, *, on: datetime.date | None = None) -> None:
    """Recompute the score, its components and the rank of every wish in ``product``'s
    backlog (general wishes that are submitted, under review or prioritised); every other
    wish of the product has no rank. Five queries however many wishes there are."""
    pending = _deferred.get()
    if pending is not None:
        pending.add(product.pk)
        return
    day = on or timezone.localdate()
    weights = priority.Weights.of(PriorityWeights.objects.filter(product=product).first())
    users = set(
        ConnectionAgreement.objects.active_on(day)
        .filter(product=product)
        .values_list("organisation_id", flat=True)
    )
    backlog = list(
        Wish.objects.filter(product=product, state__in=RANKED, scope=WishScope.GENERAL).order_by(
            "pk"
        )
    )
    supporters: dict[int, set[int]] = {wish.pk: set() for wish in backlog}
    for wish_id, municipality_id in Support.objects.filter(
        wish__in=backlog, withdrawn_at__isnull=True
    ).values_list("wish_id", "municipality_id"):
        if municipality_id in users:
            supporters[wish_id].add(municipality_id)
    for wish in backlog:
        values = priority.components(
            wish, supporters=supporters[wish.pk], user_count=len(users), weights=weights
        )
        wish.priority_score = priority.score(values, weights)
        wish.priority_components = priority.stored_components(
            values, weights, supporters=len(supporters[wish.pk]), user_count=len(users)
        )
    for place, wish in enumerate(priority.ordered(backlog), start=1):
        wish.rank = place
    if backlog:
        Wish.objects.bulk_update(backlog, ["priority_score", "priority_components", "rank"])
    Wish.objects.filter(product=product, rank__isnull=False).exclude(
        pk__in=[w.pk for w in backlog]
    ).update(rank=None)


def _weight(value: Any, field: str, errors: FieldErrors) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_WEIGHT:
        errors.add(field, _("Give a weight from 0 to 10."), "invalid_weight")
        return 0
    return value


def priority_weights_set(
    *,
    product: Product,
    actor: Any,
    support: int,
    benefit: int,
    cost: int,
    strategic_fit: int,
    urgency: int,
    cost_reference: Any = "0",
    expected_version: int | None = None,
) -> PriorityWeights:
    """Set how ``product``'s coordination group weighs the score's components (WSH-02),
    and recompute the backlog. ``expected_version``: the version the editor loaded (needed
    once weights exist, so that no edit silently overwrites another)."""
    mandate = authority.require(actor, PRIORITISE, product=product)
    errors = FieldErrors()
    values = {
        name: _weight(value, name, errors)
        for name, value in (
            ("support", support),
            ("benefit", benefit),
            ("cost", cost),
            ("strategic_fit", strategic_fit),
            ("urgency", urgency),
        )
    }
    if not errors and not any(values.values()):
        errors.add("support", _("At least one component needs a weight above 0."), "all_zero")
    reference = parse_amount(cost_reference, field="cost_reference", errors=errors)
    errors.raise_if_any()
    with transaction.atomic():
        lock_product(product.pk)
        row = PriorityWeights.objects.select_for_update().filter(product=product).first()
        if row is None:
            row = PriorityWeights(product=product)
        else:
            refuse_if_changed(
                row,
                expected_version,
                field="version",
                code="stale",
                message=_(
                    "Someone changed the weights after you opened them. Reload and try again."
                ),
            )
            row.version += 1
        old = {name: getattr(row, name, None) for name in values} if row.pk else {}
        for name, value in values.items():
            setattr(row, name, value)
        row.cost_reference = reference
        row.save()
        text = _(
            "Set the priority weights of %(product)s: support %(support)s, benefit "
            "%(benefit)s, cost %(cost)s, strategic fit %(strategic_fit)s, urgency "
            "%(urgency)s (cost reference %(reference)s)."
        ) % {**values, "product": product.name, "reference": format_dkk(reference)}
        governed_change(
            actor=actor,
            mandate=mandate,
            audit_action="wish.priority_weights.set",
            text=text,
            target=row,
            subjects=[(product, product.name)],
            changes={name: [old.get(name), value] for name, value in values.items()},
            product=product,
        )
        priority_refresh(product)
    return row


def _assessment(value: Any, field: str, errors: FieldErrors) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ASSESSMENT:
        errors.add(field, _("Give a value from 0 to 5."), "invalid_assessment")
        return None
    return value


def wish_assess(
    *,
    wish: Wish,
    actor: Any,
    benefit_score: int | None,
    strategic_fit: int | None,
    urgency: int | None,
    expected_version: int | None = None,
) -> Wish:
    """The coordination group's assessment of a wish's benefit, strategic fit and urgency
    (each 0 to 5, or None for not assessed), the inputs of its score (WSH-02)."""
    mandate = authority.require(actor, PRIORITISE, product=wish.product)
    errors = FieldErrors()
    values = {
        "benefit_score": _assessment(benefit_score, "benefit_score", errors),
        "strategic_fit": _assessment(strategic_fit, "strategic_fit", errors),
        "urgency": _assessment(urgency, "urgency", errors),
    }
    errors.raise_if_any()
    with transaction.atomic():
        current = lock_wish(wish)
        check_version(current, expected_version)
        changes = {name: [getattr(current, name), value] for name, value in values.items()}
        for name, value in values.items():
            setattr(current, name, value)
        current.version += 1
        current.save(update_fields=[*values, "version", "updated_at"])
        record(
            wish=current,
            actor=actor,
            kind=WishEventKind.ASSESSED,
            text=_("Assessed: benefit %(b)s, strategic fit %(s)s, urgency %(u)s (of 5).")
            % {
                "b": "–" if values["benefit_score"] is None else values["benefit_score"],
                "s": "–" if values["strategic_fit"] is None else values["strategic_fit"],
                "u": "–" if values["urgency"] is None else values["urgency"],
            },
            audit_action="wish.assess",
            mandate=mandate,
            changes=changes,
            decide=False,
        )
        priority_refresh(current.product)
    wish.refresh_from_db()
    return wish


def wish_rank_set(*, wish: Wish, actor: Any, rank: int | None, reason: str = "") -> Wish:
    """The coordination group puts ``wish`` at place ``rank`` of the backlog, with the
    reason, recorded as its decision (WSH-02); ``rank=None`` gives the place back to the
    score."""
    mandate = authority.require(actor, PRIORITISE, product=wish.product)
    errors = FieldErrors()
    reason = (reason or "").strip()
    if rank is not None and (isinstance(rank, bool) or not isinstance(rank, int) or rank < 1):
        errors.add("rank", _("Give a place from 1 and up."), "invalid_rank")
    if rank is not None and not reason:
        errors.add("reason", _("Give the reason for the place."), "reason_required")
    if wish.state not in RANKED or not wish.is_general:
        errors.add(
            "rank",
            _("Only a general wish in the backlog (not yet started or closed) has a place."),
            "not_in_backlog",
        )
    errors.raise_if_any()
    with transaction.atomic():
        current = lock_wish(wish)
        old = [current.rank_override, current.rank_override_reason]
        current.rank_override = rank
        current.rank_override_reason = reason if rank is not None else ""
        current.version += 1
        current.save(
            update_fields=["rank_override", "rank_override_reason", "version", "updated_at"]
        )
        if rank is None:
            text = _("The place of “%(title)s” in the backlog follows its score again.") % {
                "title": current.title
            }
        else:
            text = _("Put “%(title)s” at place %(rank)s of the backlog. Reason: %(reason)s") % {
                "title": current.title,
                "rank": rank,
                "reason": reason,
            }
        record(
            wish=current,
            actor=actor,
            kind=WishEventKind.RANK_SET,
            text=text,
            audit_action="wish.rank.set",
            mandate=mandate,
            changes={"rank_override": [old[0], rank], "reason": [old[1], reason]},
        )
        priority_refresh(current.product)
    wish.refresh_from_db()
    return wish


def wish_estimate(
    *,
    wish: Wish,
    actor: Any,
    amount: Any,
    estimated_by: Any = None,
    estimated_on: datetime.date | None = None,
    expected_version: int | None = None,
) -> Wish:
    """Record the estimated cost of a wish (Decimal DKK), who estimated it (an
    organisation, typically the supplier) and when. The coordination group records it,
    until the wish is approved or started."""
    mandate = authority.require(actor, PRIORITISE, product=wish.product)
    errors = FieldErrors()
    value = parse_amount(amount, field="amount", errors=errors)
    day = estimated_on or timezone.localdate()
    if day > timezone.localdate():
        errors.add("estimated_on", _("An estimate cannot be dated in the future."), "future")
    if wish.state not in BEFORE_COMMITMENT:
        errors.add(
            "amount",
            _("The cost is committed: the estimate can no longer change."),
            "committed",
        )
    errors.raise_if_any()
    with transaction.atomic():
        current = lock_wish(wish)
        check_version(current, expected_version)
        if current.state not in BEFORE_COMMITMENT:
            raise StaleEditError(
                _("The wish moved on meanwhile; its estimate can no longer change."),
                code="stale",
            )
        old = current.estimate
        current.estimate = value
        current.estimated_by = estimated_by
        current.estimated_on = day
        current.version += 1
        current.save(
            update_fields=["estimate", "estimated_by", "estimated_on", "version", "updated_at"]
        )
        who = f" ({estimated_by})" if estimated_by is not None else ""
        record(
            wish=current,
            actor=actor,
            kind=WishEventKind.ESTIMATED,
            text=_("Estimated at %(amount)s%(who)s.") % {"amount": format_dkk(value), "who": who},
            audit_action="wish.estimate",
            mandate=mandate,
            changes={"estimate": [old, value]},
            decide=False,
        )
        priority_refresh(current.product)
    wish.refresh_from_db()
    return wish


__all__ = [
    "priority_refresh",
    "priority_refresh_deferred",
    "priority_weights_set",
    "wish_assess",
    "wish_estimate",
    "wish_rank_set",
]
