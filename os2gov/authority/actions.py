"""THE MANDATE CATALOGUE: who may decide what, stated once, as data (ACC-01).

Every state-changing action of the platform has one row here. A row names the holders of
its mandate (a tuple means "any of these"), an optional condition and what it concerns
(its scope: the association, a product, or a group). The mandate matrix page, the API, the
django-rules permissions ("authority.<code>") and ``service.require()`` are all built from
this table; nothing else grants a governance mandate. Codes are stable: other modules and
recorded decisions refer to them. Add rows; never rename a code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from os2gov.authority.holders import (
    BOARD,
    BUSINESS_COMMITTEE,
    COMMUNITY_MANAGER,
    COORDINATION_COMMITTEE,
    COORDINATION_GROUP,
    GENERAL_ASSEMBLY,
    SECRETARIAT,
    STEERING_GROUP,
    THE_GROUP,
    TOVHOLDER,
    Holder,
    HolderKind,
    HolderScope,
)
from os2gov.governance.models import GroupKind


class Scope(StrEnum):
    ASSOCIATION = "association"
    PRODUCT = "product"
    GROUP = "group"


class Area(models.TextChoices):
    ASSOCIATION = "association", _("The association")
    PRODUCTS = "products", _("Products and product levels")
    MEMBERSHIPS = "memberships", _("Memberships")
    GROUPS = "groups", _("Groups and decisions")
    ECONOMY = "economy", _("Economy")
    WISHES = "wishes", _("Development wishes")
    COMMUNICATION = "communication", _("Reporting and communication")


# Development and economy: professional groups hold no mandate here (GRP-09), and the
# holders are limited to the product's steering and coordination groups and the bodies.
DEVELOPMENT_AND_ECONOMY = frozenset({Area.ECONOMY, Area.WISHES})
DEVELOPMENT_AND_ECONOMY_HOLDERS = frozenset(
    {
        HolderKind.STEERING_GROUP,
        HolderKind.COORDINATION_GROUP,
        HolderKind.GENERAL_ASSEMBLY,
        HolderKind.BOARD,
        HolderKind.BUSINESS_COMMITTEE,
        HolderKind.COORDINATION_COMMITTEE,
    }
)


@dataclass(frozen=True)
class GovernedAction:
    code: str
    label: Promise
    holders: tuple[Holder, ...]
    scope: Scope
    area: Area
    condition: Promise | str = ""
    # Completes "Only <holders> can …" in a refusal: "approve this", "recommend this".
    verb: Promise | None = None

    @property
    def development_or_economic(self) -> bool:
        return self.area in DEVELOPMENT_AND_ECONOMY

    @property
    def holder_kinds(self) -> tuple[HolderKind, ...]:
        return tuple(holder.kind for holder in self.holders)

    @property
    def needs_product(self) -> bool:
        """Whether resolving a holder needs the product (or a group of it)."""
        return any(holder.scope == HolderScope.PRODUCT for holder in self.holders)

    @property
    def needs_group(self) -> bool:
        """Whether resolving a holder needs the group (or body) the action is about."""
        return any(
            holder.scope == HolderScope.GROUP or holder.group_kinds for holder in self.holders
        )

    def __str__(self) -> str:
        return str(self.label)


APPROVE = _("approve this")
RECOMMEND = _("recommend this")
REJECT = _("reject this")

ACTIONS: tuple[GovernedAction, ...] = (
    # --- The association (GOV-01, GOV-02, GOV-03, GOV-05) ---------------------------------
    GovernedAction(
        "general_assembly.decide",
        _("Decide the statutes and the licence forms"),
        (GENERAL_ASSEMBLY,),
        Scope.ASSOCIATION,
        Area.ASSOCIATION,
        verb=_("decide this"),
    ),
    GovernedAction(
        "board_guidelines.set",
        _("Set the guidelines for the business committee and the coordination committee"),
        (BOARD,),
        Scope.ASSOCIATION,
        Area.ASSOCIATION,
    ),
    GovernedAction(
        "criteria.edit",
        _("Edit the product criteria"),
        (BUSINESS_COMMITTEE,),
        Scope.ASSOCIATION,
        Area.ASSOCIATION,
    ),
    GovernedAction(
        "operations_criteria.recommend",
        _("Recommend operations criteria (architecture, SLA, test) to the board"),
        (COORDINATION_COMMITTEE,),
        Scope.ASSOCIATION,
        Area.ASSOCIATION,
        verb=RECOMMEND,
    ),
    GovernedAction(
        "operations_criteria.approve",
        _("Approve operations criteria"),
        (BOARD,),
        Scope.ASSOCIATION,
        Area.ASSOCIATION,
        condition=_("On the coordination committee's recommendation."),
        verb=APPROVE,
    ),
    GovernedAction(
        "body.update",
        _("Maintain a body's name and purpose text"),
        (SECRETARIAT,),
        Scope.ASSOCIATION,
        Area.ASSOCIATION,
    ),
    GovernedAction(
        "organisation.manage",
        _("Maintain the organisation registry"),
        (SECRETARIAT,),
        Scope.ASSOCIATION,
        Area.ASSOCIATION,
    ),
    # --- Products and product levels (GOV-02, GOV-03, PRD-06) -----------------------------
    GovernedAction(
        "product.create",
        _("Register a proposed product"),
        (SECRETARIAT,),
        Scope.ASSOCIATION,
        Area.PRODUCTS,
        condition=_("The product starts in the sandbox."),
    ),
    GovernedAction(
        "product.recommend",
        _("Recommend a new product to the board"),
        (BUSINESS_COMMITTEE,),
        Scope.PRODUCT,
        Area.PRODUCTS,
        verb=RECOMMEND,
    ),
    GovernedAction(
        "product.approve",
        _("Approve a new product"),
        (BOARD,),
        Scope.PRODUCT,
        Area.PRODUCTS,
        condition=_("On the business committee's recommendation."),
        verb=APPROVE,
    ),
    GovernedAction(
        "product.update",
        _("Update a product's catalogue entry"),
        (SECRETARIAT, TOVHOLDER),
        Scope.PRODUCT,
        Area.PRODUCTS,
    ),
    GovernedAction(
        "level.recommend",
        _("Recommend a product level to the board"),
        (BUSINESS_COMMITTEE,),
        Scope.PRODUCT,
        Area.PRODUCTS,
        verb=RECOMMEND,
    ),
    GovernedAction(
        "level.approve",
        _("Approve a product level"),
        (BOARD,),
        Scope.PRODUCT,
        Area.PRODUCTS,
        condition=_("On the business committee's recommendation."),
        verb=APPROVE,
    ),
    GovernedAction(
        "catalogue.agreement.manage",
        _("Record connection agreements"),
        (SECRETARIAT,),
        Scope.PRODUCT,
        Area.PRODUCTS,
    ),
    GovernedAction(
        "catalogue.supplier.manage",
        _("Record a product's suppliers"),
        (SECRETARIAT,),
        Scope.PRODUCT,
        Area.PRODUCTS,
    ),
    # --- The blue stamp: answers, verification, deviations, evaluations (PRD-02…05) -------
    GovernedAction(
        "criteria.answer",
        _("Answer the product's level criteria (self-assessment)"),
        (TOVHOLDER,),
        Scope.PRODUCT,
        Area.PRODUCTS,
    ),
    GovernedAction(
        "criteria.verify",
        _("Verify a product's answers to the level criteria"),
        (SECRETARIAT,),
        Scope.PRODUCT,
        Area.PRODUCTS,
        verb=_("verify this"),
    ),
    GovernedAction(
        "deviation.accept",
        _("Accept a documented deviation from a level criterion"),
        (BUSINESS_COMMITTEE,),
        Scope.PRODUCT,
        Area.PRODUCTS,
        condition=_("With a reason and an expiry date."),
        verb=_("accept this"),
    ),
    GovernedAction(
        "evaluation.record",
        _("Record the evaluation of a product"),
        (STEERING_GROUP, BOARD),
        Scope.PRODUCT,
        Area.PRODUCTS,
    ),
    # --- Memberships (GOV-04, GRP-05, GRP-09) ---------------------------------------------
    GovernedAction(
        "membership.body.manage",
        _("Record the composition of the association's bodies"),
        (SECRETARIAT,),
        Scope.ASSOCIATION,
        Area.MEMBERSHIPS,
    ),
    GovernedAction(
        "membership.steering.manage",
        _("Manage the steering group's members"),
        (STEERING_GROUP, SECRETARIAT),
        Scope.PRODUCT,
        Area.MEMBERSHIPS,
    ),
    GovernedAction(
        "membership.coordination.manage",
        _("Manage the coordination group's members"),
        (TOVHOLDER, SECRETARIAT),
        Scope.PRODUCT,
        Area.MEMBERSHIPS,
    ),
    GovernedAction(
        "membership.professional.manage",
        _("Manage a professional group's members"),
        (SECRETARIAT,),
        Scope.GROUP,
        Area.MEMBERSHIPS,
        condition=_("The secretariat serves the professional groups."),
    ),
    GovernedAction(
        "membership.secretariat_exception.grant",
        _("Let secretariat staff take part in a steering or coordination group"),
        (STEERING_GROUP,),
        Scope.PRODUCT,
        Area.MEMBERSHIPS,
        condition=_("An exception, with the reason recorded."),
    ),
    # --- Groups and decisions (KOM-03, MTG-02) --------------------------------------------
    GovernedAction(
        "group.create",
        _("Set up a product's steering, coordination or professional group"),
        (SECRETARIAT,),
        Scope.PRODUCT,
        Area.GROUPS,
        condition=_("After the deciding body's decision."),
    ),
    GovernedAction(
        "group.settings.edit",
        _("Edit a group's settings (meeting cadence, member cap, focus, working basis)"),
        (THE_GROUP, SECRETARIAT.for_groups(GroupKind.PROFESSIONAL)),
        Scope.GROUP,
        Area.GROUPS,
    ),
    GovernedAction(
        "kommissorium.adopt",
        _("Adopt the group's kommissorium"),
        (THE_GROUP,),
        Scope.GROUP,
        Area.GROUPS,
        verb=_("adopt this"),
    ),
    GovernedAction(
        "decision.record",
        _("Record a decision of a group or body"),
        (THE_GROUP, SECRETARIAT),
        Scope.GROUP,
        Area.GROUPS,
    ),
    # --- Economy (ECO-02, GRP-08) ---------------------------------------------------------
    GovernedAction(
        "economic_frame.set",
        _("Set the product's economic frame"),
        (STEERING_GROUP,),
        Scope.PRODUCT,
        Area.ECONOMY,
        condition=_("Sets the frame and the part of it the coordination group may commit."),
    ),
    # --- Development wishes (WSH-02…08) ---------------------------------------------------
    GovernedAction(
        "wish.prioritise",
        _("Prioritise development wishes"),
        (COORDINATION_GROUP,),
        Scope.PRODUCT,
        Area.WISHES,
    ),
    GovernedAction(
        "wish.start",
        _("Start a development wish"),
        (COORDINATION_GROUP,),
        Scope.PRODUCT,
        Area.WISHES,
        condition=_("Within the economic frame and the coordination group's own limit."),
    ),
    GovernedAction(
        "wish.close",
        _("Close a development wish"),
        (COORDINATION_GROUP,),
        Scope.PRODUCT,
        Area.WISHES,
    ),
    GovernedAction(
        "wish.recommend",
        _("Recommend a wish to the steering group"),
        (COORDINATION_GROUP,),
        Scope.PRODUCT,
        Area.WISHES,
        condition=_("When its cost is beyond what the frame has left."),
        verb=RECOMMEND,
    ),
    GovernedAction(
        "wish.approve",
        _("Approve a wish beyond the frame"),
        (STEERING_GROUP,),
        Scope.PRODUCT,
        Area.WISHES,
        verb=APPROVE,
    ),
    GovernedAction(
        "wish.reject",
        _("Reject a wish beyond the frame"),
        (STEERING_GROUP,),
        Scope.PRODUCT,
        Area.WISHES,
        verb=REJECT,
    ),
    GovernedAction(
        "wish.accept_delivery",
        _("Accept or reject a delivery against its definition of DONE"),
        (COORDINATION_GROUP,),
        Scope.PRODUCT,
        Area.WISHES,
    ),
    GovernedAction(
        "wish.follow_up",
        _("Follow up a delivered wish and record its realised benefits"),
        (COORDINATION_GROUP, STEERING_GROUP),
        Scope.PRODUCT,
        Area.WISHES,
    ),
    GovernedAction(
        "wish.import",
        _("Import wishes into the product's backlog from a Jira CSV export"),
        (COORDINATION_GROUP,),
        Scope.PRODUCT,
        Area.WISHES,
        verb=_("import wishes into this backlog"),
    ),
    # --- Reporting and communication (REP-01, COM-01, GRP-07) -----------------------------
    GovernedAction(
        "status_report.submit",
        _("Submit the product's status report"),
        (TOVHOLDER,),
        Scope.PRODUCT,
        Area.COMMUNICATION,
    ),
    GovernedAction(
        "news.forward",
        _("Forward product news to the users"),
        (COMMUNITY_MANAGER,),
        Scope.PRODUCT,
        Area.COMMUNICATION,
    ),
)


def check_catalogue(actions: Iterable[GovernedAction]) -> None:
    """Refuse a catalogue that breaks the rules every row must follow.

    Run at import, so a wrong row stops the application from starting."""
    seen: set[str] = set()
    for action in actions:
        if action.code in seen:
            raise ImproperlyConfigured(f"Mandate {action.code!r} is listed twice.")
        seen.add(action.code)
        if not action.holders:
            raise ImproperlyConfigured(f"Mandate {action.code!r} has no holder.")
        if action.development_or_economic:
            # GRP-09: nothing here may resolve to a professional group.
            foreign = set(action.holder_kinds) - DEVELOPMENT_AND_ECONOMY_HOLDERS
            if foreign:
                raise ImproperlyConfigured(
                    f"Mandate {action.code!r} is a development or economic mandate; "
                    f"{sorted(foreign)} cannot hold it (GRP-09)."
                )
        if action.needs_product and action.scope == Scope.ASSOCIATION:
            raise ImproperlyConfigured(
                f"Mandate {action.code!r} is held by a product's group, so it concerns a "
                "product or a group, not the whole association."
            )
        if action.needs_group and action.scope != Scope.GROUP:
            raise ImproperlyConfigured(
                f"Mandate {action.code!r} is held by the group it concerns: its scope is 'group'."
            )


check_catalogue(ACTIONS)

ACTIONS_BY_CODE: dict[str, GovernedAction] = {action.code: action for action in ACTIONS}


def get_action(code: str) -> GovernedAction:
    """The catalogue row for ``code``; an unknown code is a programming error (KeyError)."""
    try:
        return ACTIONS_BY_CODE[code]
    except KeyError:
        raise KeyError(f"No governed action {code!r} in the mandate catalogue.") from None


def actions_by_area() -> list[tuple[Area, list[GovernedAction]]]:
    """The catalogue grouped by area, in the areas' order."""
    return [
        (area, [action for action in ACTIONS if action.area == area])
        for area in Area
        if any(action.area == area for action in ACTIONS)
    ]
