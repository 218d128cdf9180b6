"""THE STATE MACHINE OF A WISH, AS DATA (WSH-02…09, WSH-12).

    submitted → under_review → prioritised → started
                                          ↘ recommended → approved → started
                                                        ↘ rejected
    started → in_delivery → delivered → accepted → follow_up → realised
                                     ↘ delivery_rejected → in_delivery
    closed (with a reason) from any state before the start; parked, and back.

``TRANSITIONS`` is the whole table: (from, to) → who may (a code of the mandate catalogue,
or a participation right of participation.py) and the guards that must hold. One service,
``services.transitions.wish_transition``, moves a wish; it refuses every pair that is not
in this table. Nothing else writes ``Wish.state``.

A guard looks at the wish (locked, with the details of the move applied) and adds a field
error when the move may not happen; it never writes.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from os2gov.economy.models import ZERO
from os2gov.economy.selectors import FrameStatus, frame_share
from os2gov.economy.validation import FieldErrors, format_dkk
from os2gov.wishes import participation
from os2gov.wishes.models import CloseReason, Wish, WishState

S = WishState

# Before the start: what the coordination group may still close (WSH-03, WSH-12).
BEFORE_START: frozenset[str] = frozenset(
    {S.SUBMITTED, S.UNDER_REVIEW, S.PRIORITISED, S.RECOMMENDED, S.APPROVED, S.PARKED}
)
# The backlog the coordination group ranks (WSH-02); local wishes are never ranked (WSH-05).
RANKED: frozenset[str] = frozenset({S.SUBMITTED, S.UNDER_REVIEW, S.PRIORITISED})
# Where municipalities may still declare support or pledge co-financing (WSH-01, WSH-10).
OPEN_FOR_SUPPORT: frozenset[str] = BEFORE_START
OPEN_FOR_PLEDGES: frozenset[str] = BEFORE_START
# Where the estimate and the definition of DONE may still change.
BEFORE_COMMITMENT: frozenset[str] = frozenset(
    {S.SUBMITTED, S.UNDER_REVIEW, S.PRIORITISED, S.RECOMMENDED, S.PARKED}
)
DONE_EDITABLE: frozenset[str] = BEFORE_START
# The way back out of "parked".
PARKABLE: frozenset[str] = frozenset({S.SUBMITTED, S.UNDER_REVIEW, S.PRIORITISED})
FINAL: frozenset[str] = frozenset({S.REALISED, S.CLOSED, S.REJECTED})

DEFAULT_FOLLOW_UP_MONTHS = 6


@dataclass
class Move:
    """One attempted move, as the guards see it."""

    wish: Wish  # locked, with the details of the move applied
    source: str
    target: str
    actor: Any
    day: datetime.date
    errors: FieldErrors
    values: dict[str, Any] = field(default_factory=dict)  # the move's parsed details
    economy: FrameStatus | None = None  # the year's economy (frame row locked)
    pledged: Decimal = ZERO  # co-financing pledged to the wish
    suggested_state: str | None = None  # where the wish could go instead

    @property
    def frame_share(self) -> Decimal | None:
        """What the frame would pay: the cost less the pledges (WSH-10)."""
        return frame_share(self.wish.cost, self.pledged)


Guard = Callable[[Move], None]


# --- guards -------------------------------------------------------------------------------


def general_scope(move: Move) -> None:
    """WSH-05: the group prioritises, recommends and starts general wishes only."""
    if not move.wish.is_general:
        move.errors.add(
            "scope",
            _(
                "This is a local wish: the municipality orders and pays it itself, and the "
                "coordination group does not prioritise or start it."
            ),
            "local_wish",
        )


def has_estimate(move: Move) -> None:
    if move.wish.estimate is None:
        move.errors.add(
            "estimate", _("Record the estimated cost of the wish first."), "estimate_required"
        )


def has_done_definition(move: Move) -> None:
    """WSH-06: the definition of DONE (at least one acceptance criterion)."""
    if not move.wish.done_criteria.exists():
        move.errors.add(
            "done_definition",
            _("Set the definition of DONE (at least one acceptance criterion) before the start."),
            "done_required",
        )


def has_orderer(move: Move) -> None:
    """WSH-07: who orders it."""
    if move.wish.orderer_id is None:
        move.errors.add("orderer", _("Record who orders the wish."), "orderer_required")


def has_delivering_supplier(move: Move) -> None:
    """WSH-07: which supplier delivers it."""
    if move.wish.delivering_supplier_id is None:
        move.errors.add(
            "delivering_supplier",
            _("Record the supplier that delivers the wish."),
            "supplier_required",
        )


def has_delivery_approver(move: Move) -> None:
    """WSH-07: who approves the delivery."""
    if move.wish.delivery_approver_id is None:
        move.errors.add(
            "delivery_approver",
            _("Record who approves the delivery."),
            "approver_required",
        )


def _no_frame(move: Move) -> bool:
    economy = move.economy
    if economy is None or economy.frame is None:
        move.errors.add(
            "economic_frame",
            _(
                "No economic frame is set for %(product)s in %(year)s: the steering group "
                "sets it first."
            )
            % {"product": move.wish.product.name, "year": move.day.year},
            "no_frame",
        )
        return True
    return False


def fits_frame_and_own_limit(move: Move) -> None:
    """WSH-03, WSH-04, ECO-02: the coordination group starts a wish only when what the
    frame pays of it (the cost less pledges) fits both what the frame has left and what is
    left of the group's own limit; otherwise it suggests recommending it."""
    share = move.frame_share
    if share is None or _no_frame(move):
        return
    economy = move.economy
    assert economy is not None
    suggestion = _("Recommend the wish to the steering group, which can approve it beyond that.")
    if share > economy.available:
        move.errors.add(
            "estimate",
            _(
                "The frame pays %(share)s of this wish, but the %(year)s frame has only "
                "%(available)s left."
            )
            % {
                "share": format_dkk(share),
                "year": economy.year,
                "available": format_dkk(max(economy.available, ZERO)),
            }
            + " "
            + suggestion,
            "over_frame",
        )
        move.suggested_state = S.RECOMMENDED
    elif share > economy.coordination_group_remaining:
        move.errors.add(
            "estimate",
            _(
                "The frame pays %(share)s of this wish, more than the %(remaining)s left of "
                "the coordination group's own limit in %(year)s."
            )
            % {
                "share": format_dkk(share),
                "remaining": format_dkk(economy.coordination_group_remaining),
                "year": economy.year,
            }
            + " "
            + suggestion,
            "over_own_limit",
        )
        move.suggested_state = S.RECOMMENDED


def exceeds_own_mandate(move: Move) -> None:
    """WSH-04: recommend to the steering group only what the coordination group cannot
    commit itself."""
    share = move.frame_share
    if share is None:
        return
    economy = move.economy
    can_commit = economy.coordination_group_can_commit if economy is not None else ZERO
    if share <= can_commit:
        move.errors.add(
            "estimate",
            _(
                "The coordination group can commit %(share)s itself (it may still commit "
                "%(can_commit)s): start the wish instead of recommending it."
            )
            % {"share": format_dkk(share), "can_commit": format_dkk(can_commit)},
            "within_own_mandate",
        )
        move.suggested_state = S.STARTED


def has_frame(move: Move) -> None:
    _no_frame(move)


def has_approval(move: Move) -> None:
    """WSH-09: an approval records the amount and the expected benefits."""
    if move.values.get("amount") is None and not move.errors.has("amount"):
        move.errors.add("amount", _("Enter the approved amount."), "required")
    if not move.values.get("expected_benefit"):
        move.errors.add(
            "expected_benefit",
            _("Record the expected benefits the approval is based on."),
            "benefit_required",
        )


def has_reason(move: Move) -> None:
    if not move.values.get("reason"):
        move.errors.add("reason", _("Give the reason."), "reason_required")


def has_close_reason(move: Move) -> None:
    """WSH-12: closed with a reason; a duplicate names its original; outside the business
    need (and every other refusal) is explained."""
    reason = move.values.get("close_reason")
    if reason not in CloseReason.values:
        move.errors.add("close_reason", _("Choose why the wish is closed."), "reason_required")
        return
    if reason == CloseReason.DUPLICATE:
        if move.values.get("duplicate_of") is None and not move.errors.has("duplicate_of"):
            move.errors.add(
                "duplicate_of",
                _("Choose the wish this one duplicates."),
                "original_required",
            )
    elif reason != CloseReason.WITHDRAWN and not move.values.get("note"):
        move.errors.add("note", _("Explain why the wish is closed."), "note_required")


def delivery_meets_done(move: Move) -> None:
    """WSH-08: accepted only when every criterion of DONE is met."""
    results = move.values.get("results") or {}
    if results and not all(met for met, _reason in results.values()):
        move.errors.add(
            "results",
            _("A delivery can be accepted only when every criterion of DONE is met."),
            "criteria_not_met",
        )


def delivery_misses_done(move: Move) -> None:
    """WSH-08: rejected only when a criterion of DONE is not met, with the reason."""
    results = move.values.get("results") or {}
    if results and all(met for met, _reason in results.values()):
        move.errors.add(
            "results",
            _("Every criterion of DONE is met: accept the delivery."),
            "criteria_met",
        )


def has_realised_benefit(move: Move) -> None:
    """WSH-09: realised benefits are recorded against the expected ones."""
    if not move.values.get("realised_benefit"):
        move.errors.add(
            "realised_benefit",
            _("Record the benefits that were realised."),
            "benefit_required",
        )


def returns_to_parked_from(move: Move) -> None:
    if move.wish.parked_from and move.target != move.wish.parked_from:
        move.errors.add(
            "to_state",
            _("A parked wish returns to the state it was parked from (%(state)s).")
            % {"state": WishState(move.wish.parked_from).label},
            "not_parked_from",
        )


# --- the table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    permission: str  # a mandate code (actions.py) or a participation right (participation.py)
    label: Promise  # what the button says
    guards: tuple[Guard, ...] = ()
    # Whether the guards need the year's economy (the frame row is locked for the move).
    needs_frame: bool = False

    @property
    def by_mandate(self) -> bool:
        """Taken under a mandate (a Decision of the holder is written), or a participation
        right (no decision: a person reports)."""
        return not participation.is_participation(self.permission)


START_GUARDS: tuple[Guard, ...] = (
    general_scope,
    has_done_definition,
    has_orderer,
    has_delivering_supplier,
    has_delivery_approver,
)
CLOSE_LABEL = gettext_lazy("Close")
PARK_LABEL = gettext_lazy("Park")
UNPARK_LABEL = gettext_lazy("Take back from parked")


def _build(*transitions: Transition) -> Mapping[tuple[str, str], Transition]:
    table: dict[tuple[str, str], Transition] = {}
    for transition in transitions:
        key = (transition.source, transition.target)
        if key in table:  # pragma: no cover - a mistake in the table below
            raise AssertionError(f"Transition {key} is listed twice.")
        table[key] = transition
    return table


TRANSITIONS: Mapping[tuple[str, str], Transition] = _build(
    # --- collect, review and prioritise (WSH-02, WSH-05) ---
    Transition(S.SUBMITTED, S.UNDER_REVIEW, "wish.prioritise", gettext_lazy("Take up for review")),
    Transition(
        S.UNDER_REVIEW,
        S.PRIORITISED,
        "wish.prioritise",
        gettext_lazy("Prioritise"),
        (general_scope,),
    ),
    # --- start within the frame, or recommend beyond it (WSH-03, WSH-04, WSH-06, WSH-07) ---
    Transition(
        S.PRIORITISED,
        S.STARTED,
        "wish.start",
        gettext_lazy("Start"),
        (*START_GUARDS, has_estimate, fits_frame_and_own_limit),
        needs_frame=True,
    ),
    Transition(
        S.PRIORITISED,
        S.RECOMMENDED,
        "wish.recommend",
        gettext_lazy("Recommend to the steering group"),
        (general_scope, has_estimate, exceeds_own_mandate),
        needs_frame=True,
    ),
    Transition(
        S.RECOMMENDED,
        S.APPROVED,
        "wish.approve",
        gettext_lazy("Approve"),
        (has_approval, has_frame),
        needs_frame=True,
    ),
    Transition(S.RECOMMENDED, S.REJECTED, "wish.reject", gettext_lazy("Reject"), (has_reason,)),
    Transition(S.APPROVED, S.STARTED, "wish.start", gettext_lazy("Start"), START_GUARDS),
    # --- delivery (WSH-07, WSH-08) ---
    Transition(S.STARTED, S.IN_DELIVERY, participation.DELIVER, gettext_lazy("Begin the delivery")),
    Transition(
        S.IN_DELIVERY, S.DELIVERED, participation.DELIVER, gettext_lazy("Report as delivered")
    ),
    Transition(
        S.DELIVERED,
        S.ACCEPTED,
        "wish.accept_delivery",
        gettext_lazy("Accept the delivery"),
        (delivery_meets_done,),
    ),
    Transition(
        S.DELIVERED,
        S.DELIVERY_REJECTED,
        "wish.accept_delivery",
        gettext_lazy("Reject the delivery"),
        (delivery_misses_done,),
    ),
    Transition(
        S.DELIVERY_REJECTED,
        S.IN_DELIVERY,
        participation.DELIVER,
        gettext_lazy("Resume the delivery"),
    ),
    # --- benefit realisation (WSH-09) ---
    Transition(
        S.ACCEPTED, S.FOLLOW_UP, "wish.follow_up", gettext_lazy("Begin the benefit follow-up")
    ),
    Transition(
        S.FOLLOW_UP,
        S.REALISED,
        "wish.follow_up",
        gettext_lazy("Record the realised benefits"),
        (has_realised_benefit,),
    ),
    # --- close before the start (WSH-03, WSH-12) ---
    *(
        Transition(source, S.CLOSED, "wish.close", CLOSE_LABEL, (has_close_reason,))
        for source in sorted(BEFORE_START)
    ),
    # --- park, and back ---
    *(Transition(source, S.PARKED, "wish.prioritise", PARK_LABEL) for source in sorted(PARKABLE)),
    *(
        Transition(S.PARKED, target, "wish.prioritise", UNPARK_LABEL, (returns_to_parked_from,))
        for target in sorted(PARKABLE)
    ),
)


def transition_for(source: str, target: str) -> Transition | None:
    return TRANSITIONS.get((source, target))


def transitions_from(source: str) -> list[Transition]:
    """The moves the table allows out of ``source`` (whoever may take them)."""
    return [t for (from_state, _to), t in TRANSITIONS.items() if from_state == source]
