"""THE ONE SERVICE THAT MOVES A WISH: ``wish_transition``, and thin named wrappers.

It refuses every (from, to) pair that is not in ``workflow.TRANSITIONS``, checks the
mandate (or participation right) the table names before anything else, reads the move's
details, and then, in one transaction with the wish's row (and, where money is at stake,
the economic frame's row) locked:

* applies the details, runs the table's guards and refuses with every field error at
  once (``TransitionRefused``, which may suggest where the wish could go instead);
* writes the new state and what the move implies (money committed, pledges committed or
  released, supports moved, the delivery review, the follow-up date);
* writes the timeline event, the audit event and, for a move taken under a mandate, the
  Decision of the body or group whose mandate was used.

Two moves of the same wish, or two starts against the same frame, are serialised by the
row locks: the second sees the first's result (a changed state is refused as stale; a frame
spent by the first refuses the second).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from os2gov.accounts.models import User
from os2gov.authority import service as authority
from os2gov.catalogue.models import ProductSupplier
from os2gov.economy.models import ZERO, EconomicFrame, Pledge, PledgeState
from os2gov.economy.selectors import OWN_MANDATE, STEERING_MANDATE, frame_status, pledged_total
from os2gov.economy.validation import FieldErrors, format_dkk, parse_amount, parse_hours
from os2gov.wishes import participation
from os2gov.wishes.models import (
    CloseReason,
    CriterionResult,
    DeliveryReview,
    Support,
    Wish,
    WishEventKind,
    WishState,
)
from os2gov.wishes.services._trail import StaleEditError, lock_wish, record
from os2gov.wishes.services.priority import priority_refresh
from os2gov.wishes.services.submission import replace_done_definition
from os2gov.wishes.signals import refusals_announced
from os2gov.wishes.workflow import (
    DEFAULT_FOLLOW_UP_MONTHS,
    RANKED,
    Move,
    Transition,
    transition_for,
)

S = WishState
Verdict = tuple[bool, str]  # (criterion met, reason)


class TransitionNotAllowed(ValidationError):
    """The (from, to) pair is not in the table."""


class TransitionRefused(ValidationError):
    """A guard refused the move. ``suggested_state``: where the wish could go instead
    (e.g. recommended to the steering group when the start is over the limit)."""

    suggested_state: str | None = None


# The details each target state takes (anything else is a programming error).
DETAILS: dict[str, frozenset[str]] = {
    S.UNDER_REVIEW: frozenset({"note"}),
    S.PRIORITISED: frozenset({"note"}),
    S.SUBMITTED: frozenset({"note"}),
    S.PARKED: frozenset({"note"}),
    S.STARTED: frozenset(
        {
            "note",
            "done_definition",
            "orderer",
            "delivering_supplier",
            "delivery_approver",
            "order_reference",
        }
    ),
    S.RECOMMENDED: frozenset({"note"}),
    S.APPROVED: frozenset(
        {"note", "amount", "expected_benefit", "expected_hours_per_year", "expected_dkk_per_year"}
    ),
    S.REJECTED: frozenset({"reason"}),
    S.IN_DELIVERY: frozenset({"note"}),
    S.DELIVERED: frozenset({"note", "invoice_reference"}),
    S.ACCEPTED: frozenset({"note", "results", "follow_up_on"}),
    S.DELIVERY_REJECTED: frozenset({"note", "results"}),
    S.FOLLOW_UP: frozenset({"note"}),
    S.REALISED: frozenset(
        {"note", "realised_benefit", "realised_hours_per_year", "realised_dkk_per_year"}
    ),
    S.CLOSED: frozenset({"note", "close_reason", "duplicate_of"}),
}
REFERENCE_MAX = 200


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _text(value: Any) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else str(value)


# --- reading the details (before the transaction) -----------------------------------------


def _person(value: Any, field: str, errors: FieldErrors) -> User | None:
    if value is None:
        return None
    if not isinstance(value, User) or not value.is_active:
        errors.add(field, _("Choose an active person."), "invalid_person")
        return None
    return value


def _parse(wish: Wish, target: str, details: Mapping[str, Any], errors: FieldErrors) -> dict:
    values: dict[str, Any] = {"note": _text(details.get("note"))}
    if target == S.STARTED:
        if details.get("done_definition") is not None:
            given = details["done_definition"]
            given = [given] if isinstance(given, str) else list(given)
            texts = [_text(t) for t in given if _text(t)]
            if not texts:
                errors.add(
                    "done_definition",
                    _("Write at least one acceptance criterion."),
                    "required",
                )
            values["done_definition"] = texts
        for name in ("orderer", "delivery_approver"):
            if name in details:
                values[name] = _person(details[name], name, errors)
        supplier = details.get("delivering_supplier")
        if supplier is not None:
            if not isinstance(supplier, ProductSupplier) or supplier.product_id != wish.product_id:
                errors.add(
                    "delivering_supplier",
                    _("Choose one of the product's suppliers."),
                    "not_a_supplier_of_the_product",
                )
            else:
                values["delivering_supplier"] = supplier
        if details.get("order_reference") is not None:
            reference = _text(details["order_reference"])
            if len(reference) > REFERENCE_MAX:
                errors.add("order_reference", _("At most 200 characters."), "too_long")
            values["order_reference"] = reference
    elif target == S.APPROVED:
        values["amount"] = parse_amount(
            details.get("amount"), field="amount", errors=errors, positive=True
        )
        values["expected_benefit"] = _text(details.get("expected_benefit", wish.expected_benefit))
        values["expected_hours_per_year"] = parse_hours(
            details.get("expected_hours_per_year", wish.expected_hours_per_year),
            field="expected_hours_per_year",
            errors=errors,
        )
        values["expected_dkk_per_year"] = parse_amount(
            details.get("expected_dkk_per_year", wish.expected_dkk_per_year),
            field="expected_dkk_per_year",
            errors=errors,
            required=False,
        )
    elif target == S.REJECTED:
        values["reason"] = _text(details.get("reason"))
    elif target == S.DELIVERED:
        reference = _text(details.get("invoice_reference"))
        if len(reference) > REFERENCE_MAX:
            errors.add("invoice_reference", _("At most 200 characters."), "too_long")
        values["invoice_reference"] = reference
    elif target in (S.ACCEPTED, S.DELIVERY_REJECTED):
        values["raw_results"] = details.get("results")
        follow_up_on = details.get("follow_up_on")
        if follow_up_on is not None and not isinstance(follow_up_on, datetime.date):
            errors.add("follow_up_on", _("Enter a date."), "invalid_date")
        values["follow_up_on"] = follow_up_on
    elif target == S.REALISED:
        values["realised_benefit"] = _text(details.get("realised_benefit"))
        values["realised_hours_per_year"] = parse_hours(
            details.get("realised_hours_per_year"), field="realised_hours_per_year", errors=errors
        )
        values["realised_dkk_per_year"] = parse_amount(
            details.get("realised_dkk_per_year"),
            field="realised_dkk_per_year",
            errors=errors,
            required=False,
        )
    elif target == S.CLOSED:
        values["close_reason"] = details.get("close_reason")
        original = details.get("duplicate_of")
        if original is not None:
            if values["close_reason"] != CloseReason.DUPLICATE:
                errors.add(
                    "duplicate_of",
                    _("Only a wish closed as a duplicate names an original."),
                    "not_a_duplicate",
                )
            elif not isinstance(original, Wish) or original.product_id != wish.product_id:
                errors.add(
                    "duplicate_of",
                    _("Choose a wish of the same product."),
                    "other_product",
                )
            elif original.pk == wish.pk:
                errors.add("duplicate_of", _("A wish cannot duplicate itself."), "itself")
            elif original.state in (S.CLOSED, S.REJECTED):
                errors.add(
                    "duplicate_of",
                    _("The original is closed or rejected: choose an open wish."),
                    "original_closed",
                )
            else:
                values["duplicate_of"] = original
    return values


def _results(move: Move) -> None:
    """Read the delivery review: a verdict (met, reason) for every criterion of DONE, and a
    reason for each one not met (WSH-08)."""
    raw = move.values.pop("raw_results", None)
    criteria = {criterion.pk: criterion for criterion in move.wish.done_criteria.all()}
    if not isinstance(raw, Mapping) or not raw:
        move.errors.add("results", _("Assess every criterion of DONE."), "results_required")
        return
    results: dict[int, Verdict] = {}
    for key, verdict in raw.items():
        criterion_id = getattr(key, "pk", key)
        if criterion_id not in criteria:
            move.errors.add(
                "results", _("A result names a criterion this wish does not have."), "unknown"
            )
            return
        met, reason = verdict if isinstance(verdict, tuple) else (verdict, "")
        results[criterion_id] = (bool(met), _text(reason))
    missing = [criteria[pk].text for pk in criteria if pk not in results]
    if missing:
        move.errors.add(
            "results",
            _("Assess every criterion of DONE; missing: %(missing)s")
            % {"missing": "; ".join(missing)},
            "results_incomplete",
        )
    without_reason = [
        criteria[pk].text for pk, (met, reason) in results.items() if not met and not reason
    ]
    if without_reason:
        move.errors.add(
            "results",
            _("Give the reason each criterion is not met: %(criteria)s")
            % {"criteria": "; ".join(without_reason)},
            "reason_required",
        )
    move.values["results"] = results
    move.values["criteria"] = criteria


# --- applying the details before the guards (inside the transaction) ----------------------


def _prepare(move: Move) -> None:
    wish, values = move.wish, move.values
    if move.target == S.STARTED:
        if "done_definition" in values:
            replace_done_definition(wish, values["done_definition"])
        for name in ("orderer", "delivering_supplier", "delivery_approver"):
            if values.get(name) is not None:
                setattr(wish, name, values[name])
        if "order_reference" in values:
            wish.order_reference = values["order_reference"]
        approver = wish.delivery_approver
        supplier = wish.delivering_supplier
        if (
            approver is not None
            and supplier is not None
            and approver.organisation_id == supplier.organisation_id
        ):
            move.errors.add(
                "delivery_approver",
                _("The delivery is approved by the buyer, not by the delivering supplier."),
                "approver_is_supplier",
            )
    elif move.target in (S.ACCEPTED, S.DELIVERY_REJECTED):
        _results(move)


# --- what a move writes besides the state -------------------------------------------------


def _commit_pledges(move: Move) -> None:
    Pledge.objects.filter(wish=move.wish, state=PledgeState.PLEDGED).update(
        state=PledgeState.COMMITTED, committed_on=move.day
    )


def _release_pledges(move: Move) -> None:
    Pledge.objects.filter(wish=move.wish, state=PledgeState.PLEDGED).update(
        state=PledgeState.RELEASED
    )


def _move_supports(move: Move, original: Wish) -> list[str]:
    """WSH-12: the duplicate's supports move to the original, except where that
    organisation already supports the original (those stay, withdrawn by no one, on the
    closed duplicate: history kept). Returns the names of the organisations moved."""
    lock_wish(original)
    already = set(
        Support.objects.filter(wish=original, withdrawn_at__isnull=True).values_list(
            "municipality_id", flat=True
        )
    )
    moving = list(
        Support.objects.filter(wish=move.wish, withdrawn_at__isnull=True)
        .exclude(municipality_id__in=already)
        .select_related("municipality")
    )
    for support in moving:
        support.wish = original
        support.moved_from = move.wish
    Support.objects.bulk_update(moving, ["wish", "moved_from"])
    names = [support.municipality.name for support in moving]
    if names:
        record(
            wish=original,
            actor=move.actor,
            kind=WishEventKind.SUPPORT_MOVED,
            text=_("Support moved here from the duplicate “%(title)s”: %(names)s.")
            % {"title": move.wish.title, "names": ", ".join(names)},
            audit_action="wish.support.move",
            changes={"moved_from": [None, move.wish.pk], "municipalities": [None, names]},
            decide=False,
        )
    return names


def _effects(move: Move) -> list[str]:
    """Write what the move implies; returns the fields of the wish it changed."""
    wish, values, day = move.wish, move.values, move.day
    target = move.target
    changed: list[str] = []

    def put(name: str, value: Any) -> None:
        setattr(wish, name, value)
        changed.append(name)

    if target == S.PARKED:
        put("parked_from", move.source)
    elif move.source == S.PARKED:
        put("parked_from", "")
    if target == S.STARTED:
        put("started_on", day)
        changed.extend(["orderer", "delivering_supplier", "delivery_approver", "order_reference"])
        share = move.frame_share or ZERO
        if move.source == S.PRIORITISED:
            assert move.economy is not None and move.economy.frame is not None
            put("committed_frame", move.economy.frame)
            put("commitment_mandate", OWN_MANDATE)
        put("frame_commitment", share)
        _commit_pledges(move)
    elif target == S.APPROVED:
        assert move.economy is not None and move.economy.frame is not None
        amount: Decimal = values["amount"]
        put("approved_amount", amount)
        put("approved_benefit", values["expected_benefit"])
        put("expected_hours_per_year", values["expected_hours_per_year"])
        put("expected_dkk_per_year", values["expected_dkk_per_year"])
        put("approved_on", day)
        put("committed_frame", move.economy.frame)
        put("commitment_mandate", STEERING_MANDATE)
        put("frame_commitment", max(amount - move.pledged, ZERO))
    elif target == S.REJECTED:
        put("close_note", values["reason"])
        _release_pledges(move)
    elif target == S.DELIVERED:
        put("delivered_on", day)
        if values.get("invoice_reference"):
            put("invoice_reference", values["invoice_reference"])
    elif target in (S.ACCEPTED, S.DELIVERY_REJECTED):
        accepted = target == S.ACCEPTED
        review = DeliveryReview.objects.create(
            wish=wish,
            round=wish.delivery_reviews.count() + 1,
            accepted=accepted,
            reviewed_by=move.actor,
            reviewed_on=day,
        )
        CriterionResult.objects.bulk_create(
            CriterionResult(review=review, criterion_id=pk, met=met, reason=reason)
            for pk, (met, reason) in values["results"].items()
        )
        if accepted:
            put("accepted_on", day)
            put(
                "follow_up_on",
                values.get("follow_up_on") or add_months(day, DEFAULT_FOLLOW_UP_MONTHS),
            )
    elif target == S.REALISED:
        put("realised_benefit", values["realised_benefit"])
        put("realised_hours_per_year", values["realised_hours_per_year"])
        put("realised_dkk_per_year", values["realised_dkk_per_year"])
        put("realised_on", day)
    elif target == S.CLOSED:
        put("close_reason", values["close_reason"])
        put("close_note", values["note"])
        put("closed_on", day)
        put("rank_override", None)
        _release_pledges(move)
        original = values.get("duplicate_of")
        if original is not None:
            put("duplicate_of", original)
            values["moved"] = _move_supports(move, original)
    if target not in RANKED and wish.rank_override is not None:
        put("rank_override", None)
        put("rank_override_reason", "")
    return changed


def _summary(move: Move, transition: Transition) -> str:
    wish, values = move.wish, move.values
    names = {
        "title": wish.title,
        "from": WishState(move.source).label,
        "to": WishState(move.target).label,
    }
    target = move.target
    if target == S.STARTED:
        text = _("Started “%(title)s”; the frame pays %(share)s.") % {
            **names,
            "share": format_dkk(wish.frame_commitment),
        }
        text += " " + _(
            "Ordered by %(orderer)s from %(supplier)s; %(approver)s approves the delivery."
        ) % {
            "orderer": wish.orderer,
            "supplier": wish.delivering_supplier.organisation.name
            if wish.delivering_supplier
            else "",
            "approver": wish.delivery_approver,
        }
    elif target == S.RECOMMENDED:
        text = _("Recommended “%(title)s” to the steering group (estimate %(estimate)s).") % {
            **names,
            "estimate": format_dkk(wish.estimate),
        }
    elif target == S.APPROVED:
        text = _("Approved “%(title)s” for %(amount)s. Expected benefit: %(benefit)s") % {
            **names,
            "amount": format_dkk(values["amount"]),
            "benefit": values["expected_benefit"],
        }
    elif target == S.REJECTED:
        text = _("Rejected “%(title)s”. Reason: %(reason)s") % {**names, "reason": values["reason"]}
    elif target == S.ACCEPTED:
        text = _(
            "Accepted the delivery of “%(title)s”: every criterion of DONE is met. Benefits "
            "are followed up on %(date)s."
        ) % {**names, "date": _date(wish.follow_up_on) if wish.follow_up_on else ""}
    elif target == S.DELIVERY_REJECTED:
        results = values["results"]
        criteria = values["criteria"]
        not_met = [
            f"{criteria[pk].text} ({reason})" for pk, (met, reason) in results.items() if not met
        ]
        text = _("Rejected the delivery of “%(title)s”; not met: %(criteria)s") % {
            **names,
            "criteria": "; ".join(not_met),
        }
    elif target == S.REALISED:
        text = _("Recorded the realised benefits of “%(title)s”: %(benefit)s") % {
            **names,
            "benefit": values["realised_benefit"],
        }
    elif target == S.CLOSED:
        original = values.get("duplicate_of")
        if original is not None:
            text = _("Closed “%(title)s” as a duplicate of “%(original)s”.") % {
                **names,
                "original": original.title,
            }
        else:
            text = _("Closed “%(title)s”: %(reason)s.") % {
                **names,
                "reason": CloseReason(values["close_reason"]).label,
            }
    else:
        text = _("“%(title)s”: %(from)s → %(to)s.") % names
    if values.get("note"):
        text += " " + values["note"]
    return text


# --- the service --------------------------------------------------------------------------


def _refuse_pair(wish: Wish, to_state: str) -> TransitionNotAllowed:
    target = str(WishState(to_state).label) if to_state in WishState.values else str(to_state)
    return TransitionNotAllowed(
        {
            "to_state": [
                ValidationError(
                    _("A wish that is “%(from)s” cannot become “%(to)s”.")
                    % {"from": WishState(wish.state).label, "to": target},
                    code="not_in_table",
                )
            ]
        }
    )


def _check_permission(
    transition: Transition, wish: Wish, actor: Any, day: datetime.date
) -> authority.Mandate | None:
    if transition.by_mandate:
        return authority.require(actor, transition.permission, product=wish.product, on=day)
    if transition.permission == participation.DELIVER:
        participation.require_delivering_supplier(actor, wish)
        return None
    raise AssertionError(f"Unhandled participation {transition.permission}")  # pragma: no cover


def wish_transition(
    *,
    wish: Wish,
    to_state: str,
    actor: Any,
    on: datetime.date | None = None,
    **details: Any,
) -> Wish:
    """Move ``wish`` to ``to_state`` as ``actor``. See the module's docstring. Raises
    TransitionNotAllowed (pair not in the table), MandateRefused / ParticipationRefused (not
    theirs to do), ValidationError (bad details), TransitionRefused (a guard said no) or
    StaleEditError (someone moved the wish meanwhile)."""
    day = on or timezone.localdate()
    source = wish.state
    transition = transition_for(source, to_state)
    if transition is None:
        raise _refuse_pair(wish, to_state)
    unknown = set(details) - DETAILS[transition.target]
    if unknown:
        raise TypeError(f"Moving a wish to {to_state!r} takes no {sorted(unknown)}.")
    mandate = _check_permission(transition, wish, actor, day)
    errors = FieldErrors()
    values = _parse(wish, transition.target, details, errors)
    errors.raise_if_any()
    # A guard's refusal is announced after the rollback (signals.py: notifications).
    announce = refusals_announced(wish=wish, to_state=transition.target, actor=actor, day=day)
    with announce, transaction.atomic():
        current = lock_wish(wish)
        if current.state != source:
            raise StaleEditError(
                _("Someone moved this wish meanwhile: it is now “%(state)s”. Reload it.")
                % {"state": WishState(current.state).label},
                code="stale",
            )
        economy = None
        if transition.needs_frame:
            frame = (
                EconomicFrame.objects.select_for_update()
                .filter(product_id=current.product_id, year=day.year)
                .first()
            )
            economy = frame_status(current.product, day.year, frame=frame)
        move = Move(
            wish=current,
            source=source,
            target=transition.target,
            actor=actor,
            day=day,
            errors=errors,
            values=values,
            economy=economy,
            pledged=pledged_total(current),
        )
        _prepare(move)
        for guard in transition.guards:
            guard(move)
        if errors:
            refusal = TransitionRefused(errors.by_field)
            refusal.suggested_state = move.suggested_state
            raise refusal
        current.state = transition.target
        changed = _effects(move)
        current.version += 1
        current.save(update_fields=sorted({*changed, "state", "version", "updated_at"}))
        record(
            wish=current,
            actor=actor,
            kind=WishEventKind.TRANSITION,
            text=_summary(move, transition),
            audit_action=f"wish.transition.{transition.target}",
            mandate=mandate,
            participation_code="" if mandate is not None else transition.permission,
            from_state=source,
            to_state=transition.target,
            changes={
                "state": [source, transition.target],
                **{name: [None, getattr(current, name)] for name in changed if name != "state"},
            },
            decided_on=day,
        )
        if source in RANKED or transition.target in RANKED or values.get("moved"):
            priority_refresh(current.product, on=day)
    wish.refresh_from_db()
    return wish


# --- named wrappers -----------------------------------------------------------------------

Wrapper = Callable[..., Wish]


def _to(state: str) -> Wrapper:
    def move(*, wish: Wish, actor: Any, **details: Any) -> Wish:
        return wish_transition(wish=wish, to_state=state, actor=actor, **details)

    move.__name__ = f"wish_to_{state}"
    move.__doc__ = f"Move the wish to {state!r} through wish_transition()."
    return move


wish_review = _to(S.UNDER_REVIEW)
wish_prioritise = _to(S.PRIORITISED)
wish_recommend = _to(S.RECOMMENDED)
wish_approve = _to(S.APPROVED)
wish_reject = _to(S.REJECTED)
wish_begin_delivery = _to(S.IN_DELIVERY)
wish_deliver = _to(S.DELIVERED)
wish_begin_follow_up = _to(S.FOLLOW_UP)
wish_realise = _to(S.REALISED)
wish_park = _to(S.PARKED)


def wish_start(
    *,
    wish: Wish,
    actor: Any,
    done_definition: list[str] | None = None,
    orderer: User | None = None,
    delivering_supplier: ProductSupplier | None = None,
    delivery_approver: User | None = None,
    order_reference: str | None = None,
    note: str = "",
    on: datetime.date | None = None,
) -> Wish:
    """Start (order) the wish: the coordination group, within the frame and its own limit,
    with the definition of DONE, the orderer, the supplier and the approver (WSH-03, 06, 07).
    Arguments left None keep what the wish already records."""
    details: dict[str, Any] = {"note": note}
    if done_definition is not None:
        details["done_definition"] = done_definition
    if orderer is not None:
        details["orderer"] = orderer
    if delivering_supplier is not None:
        details["delivering_supplier"] = delivering_supplier
    if delivery_approver is not None:
        details["delivery_approver"] = delivery_approver
    if order_reference is not None:
        details["order_reference"] = order_reference
    return wish_transition(wish=wish, to_state=S.STARTED, actor=actor, on=on, **details)


def wish_review_delivery(
    *,
    wish: Wish,
    actor: Any,
    results: Mapping[Any, Verdict],
    follow_up_on: datetime.date | None = None,
    note: str = "",
    on: datetime.date | None = None,
) -> Wish:
    """The coordination group's check of a delivery, criterion by criterion against DONE
    (WSH-08): ``results`` maps each criterion (or its id) to (met, reason). All met:
    accepted, and the benefits are followed up on ``follow_up_on`` (default six months on,
    WSH-09); otherwise the delivery is rejected with the reasons."""
    all_met = bool(results) and all(
        (verdict[0] if isinstance(verdict, tuple) else verdict) for verdict in results.values()
    )
    if all_met:
        return wish_transition(
            wish=wish,
            to_state=S.ACCEPTED,
            actor=actor,
            on=on,
            results=results,
            follow_up_on=follow_up_on,
            note=note,
        )
    return wish_transition(
        wish=wish, to_state=S.DELIVERY_REJECTED, actor=actor, on=on, results=results, note=note
    )


def wish_close(
    *,
    wish: Wish,
    actor: Any,
    reason: str,
    note: str = "",
    on: datetime.date | None = None,
) -> Wish:
    """Close a wish before its start, with the reason (WSH-03, WSH-12)."""
    return wish_transition(
        wish=wish, to_state=S.CLOSED, actor=actor, on=on, close_reason=reason, note=note
    )


def wish_mark_duplicate(
    *, wish: Wish, original: Wish, actor: Any, note: str = "", on: datetime.date | None = None
) -> Wish:
    """Close ``wish`` as a duplicate of ``original``; its supports move to the original
    unless that organisation supports it already (WSH-12)."""
    return wish_transition(
        wish=wish,
        to_state=S.CLOSED,
        actor=actor,
        on=on,
        close_reason=CloseReason.DUPLICATE,
        duplicate_of=original,
        note=note,
    )


def wish_mark_outside_business_need(
    *, wish: Wish, actor: Any, reason: str, on: datetime.date | None = None
) -> Wish:
    """Close ``wish`` as outside the product's business need, with the reason (WSH-12)."""
    return wish_close(
        wish=wish, actor=actor, reason=CloseReason.OUTSIDE_BUSINESS_NEED, note=reason, on=on
    )


def wish_unpark(*, wish: Wish, actor: Any, note: str = "", on: datetime.date | None = None) -> Wish:
    """Take a parked wish back to the state it was parked from."""
    target = wish.parked_from or S.UNDER_REVIEW
    return wish_transition(wish=wish, to_state=target, actor=actor, on=on, note=note)
