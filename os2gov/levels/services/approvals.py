"""New products and changes of level (PRD-06): the business committee recommends, the board
approves, in that order. Each step is a Decision of its body; the board cannot approve what
the business committee has not recommended."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from os2gov.authority import service as authority
from os2gov.catalogue.models import Product, ProductStatus
from os2gov.governance.models import DecisionMethod
from os2gov.levels.models import (
    ApprovedLevel,
    Level,
    LevelModel,
    LevelRecommendation,
    RecommendationKind,
    RecommendationStatus,
)
from os2gov.levels.selectors import approved_level_of
from os2gov.levels.services._common import Errors, check_decision_fields, decide, today

RECOMMEND_ACTIONS = {
    RecommendationKind.NEW_PRODUCT: "product.recommend",
    RecommendationKind.LEVEL_CHANGE: "level.recommend",
}
APPROVE_ACTIONS = {
    RecommendationKind.NEW_PRODUCT: "product.approve",
    RecommendationKind.LEVEL_CHANGE: "level.approve",
}


def _current_level(code: str) -> Level | None:
    return Level.objects.filter(model__is_current=True, code=code).first()


def _recommend(
    *,
    kind: RecommendationKind,
    actor: Any,
    product: Product,
    level_code: str,
    text: str,
    decided_on: datetime.date | None,
    method: str,
    meeting_reference: str,
    on: datetime.date | None,
) -> LevelRecommendation:
    day = on or today()
    decided_on = decided_on or day
    mandate = authority.require(actor, RECOMMEND_ACTIONS[kind], product=product, on=day)
    errors = Errors()
    level = _current_level(level_code)
    if level is None:
        codes = ", ".join(
            LevelModel.objects.get(is_current=True).levels.values_list("code", flat=True)
        )
        errors.add(
            "level_code",
            _("%(code)s is not a level of the current level model (%(codes)s).")
            % {"code": level_code, "codes": codes},
            "unknown_level",
        )
    check_decision_fields(
        errors, decided_on=decided_on, day=day, method=method, meeting_reference=meeting_reference
    )
    with transaction.atomic():
        Product.objects.select_for_update().filter(pk=product.pk).exists()
        approved = approved_level_of(product)
        if kind == RecommendationKind.NEW_PRODUCT and approved is not None:
            errors.add(
                "product",
                _(
                    "%(product)s is already approved (at %(code)s): recommend a change of "
                    "level instead."
                )
                % {"product": product.name, "code": approved.level_code},
                "already_approved",
            )
        if kind == RecommendationKind.LEVEL_CHANGE:
            if approved is None:
                errors.add(
                    "product",
                    _(
                        "%(product)s has not been approved as a product yet: recommend it as "
                        "a new product first."
                    )
                    % {"product": product.name},
                    "not_yet_approved",
                )
            elif approved.level_code == level_code:
                errors.add(
                    "level_code",
                    _("%(product)s is already approved at %(code)s.")
                    % {"product": product.name, "code": level_code},
                    "same_level",
                )
        pending = LevelRecommendation.objects.filter(
            product=product, status=RecommendationStatus.PENDING
        ).first()
        if pending is not None:
            errors.add(
                "product",
                _(
                    "The recommendation of %(code)s for %(product)s is still awaiting the "
                    "board's decision."
                )
                % {"code": pending.level_code, "product": product.name},
                "recommendation_pending",
            )
        errors.raise_if_any()
        assert level is not None
        if kind == RecommendationKind.NEW_PRODUCT:
            summary = _("Recommends the board to approve %(product)s as a new product at %(code)s.")
        else:
            summary = _("Recommends the board to approve %(product)s at %(code)s.")
        summary = summary % {"product": product.name, "code": level.code}
        if text.strip():
            summary = f"{summary} {text.strip()}"
        decision = decide(
            actor=actor,
            mandate=mandate,
            audit_action=f"level.recommend.{kind}",
            text=summary,
            target=product,
            subjects=[product],
            decided_on=decided_on,
            product=product,
            changes={"level": [approved.level_code if approved else None, level.code]},
            method=method,
            meeting_reference=meeting_reference.strip(),
        )
        return LevelRecommendation.objects.create(
            product=product, kind=kind, level_code=level.code, decision=decision
        )


def _approve(
    *,
    kind: RecommendationKind,
    actor: Any,
    product: Product,
    level_code: str,
    text: str,
    decided_on: datetime.date | None,
    method: str,
    meeting_reference: str,
    on: datetime.date | None,
) -> ApprovedLevel:
    day = on or today()
    decided_on = decided_on or day
    mandate = authority.require(actor, APPROVE_ACTIONS[kind], product=product, on=day)
    errors = Errors()
    check_decision_fields(
        errors, decided_on=decided_on, day=day, method=method, meeting_reference=meeting_reference
    )
    with transaction.atomic():
        Product.objects.select_for_update().filter(pk=product.pk).exists()
        recommendation = (
            LevelRecommendation.objects.filter(
                product=product,
                status=RecommendationStatus.PENDING,
                kind=kind,
                level_code=level_code,
            )
            .select_related("decision")
            .first()
        )
        if recommendation is None:
            if kind == RecommendationKind.NEW_PRODUCT:
                message = _(
                    "The board approves a new product only on the business committee's "
                    "recommendation, and %(product)s has not been recommended at %(code)s."
                )
            else:
                message = _(
                    "The board approves a change of level only on the business committee's "
                    "recommendation, and %(product)s has not been recommended for %(code)s."
                )
            errors.add(
                "recommendation",
                message % {"product": product.name, "code": level_code},
                "recommendation_required",
            )
        elif decided_on is not None and decided_on < recommendation.decision.decided_on:
            errors.add(
                "decided_on",
                _("The board's approval cannot come before the recommendation (%(date)s).")
                % {"date": recommendation.decision.decided_on.isoformat()},
                "before_recommendation",
            )
        errors.raise_if_any()
        assert recommendation is not None and decided_on is not None
        previous = approved_level_of(product)
        summary = _("Approved %(product)s at %(code)s on the business committee's recommendation.")
        summary = summary % {"product": product.name, "code": level_code}
        if text.strip():
            summary = f"{summary} {text.strip()}"
        changes: dict[str, Any] = {"level": [previous.level_code if previous else None, level_code]}
        if kind == RecommendationKind.NEW_PRODUCT and product.status == ProductStatus.SANDBOX:
            # An approved product leaves the sandbox it was registered in.
            product.status = ProductStatus.ACTIVE
            product.save(update_fields=["status", "updated_at"])
            changes["status"] = [ProductStatus.SANDBOX.value, ProductStatus.ACTIVE.value]
        decision = decide(
            actor=actor,
            mandate=mandate,
            audit_action=f"level.approve.{kind}",
            text=summary,
            target=product,
            subjects=[product],
            decided_on=decided_on,
            product=product,
            changes=changes,
            method=method,
            meeting_reference=meeting_reference.strip(),
        )
        recommendation.status = RecommendationStatus.APPROVED
        recommendation.save(update_fields=["status"])
        return ApprovedLevel.objects.create(
            product=product,
            level_code=level_code,
            approved_on=decided_on,
            recommendation=recommendation,
            decision=decision,
        )


def product_recommend(
    *,
    actor: Any,
    product: Product,
    level_code: str,
    text: str = "",
    decided_on: datetime.date | None = None,
    method: str = DecisionMethod.IN_WRITING,
    meeting_reference: str = "",
    on: datetime.date | None = None,
) -> LevelRecommendation:
    """The business committee recommends ``product`` to the board as a new product at
    ``level_code`` (PRD-06)."""
    return _recommend(
        kind=RecommendationKind.NEW_PRODUCT,
        actor=actor,
        product=product,
        level_code=level_code,
        text=text,
        decided_on=decided_on,
        method=method,
        meeting_reference=meeting_reference,
        on=on,
    )


def product_approve(
    *,
    actor: Any,
    product: Product,
    level_code: str,
    text: str = "",
    decided_on: datetime.date | None = None,
    method: str = DecisionMethod.IN_WRITING,
    meeting_reference: str = "",
    on: datetime.date | None = None,
) -> ApprovedLevel:
    """The board approves the recommended new product at ``level_code``; refused without
    the business committee's recommendation."""
    return _approve(
        kind=RecommendationKind.NEW_PRODUCT,
        actor=actor,
        product=product,
        level_code=level_code,
        text=text,
        decided_on=decided_on,
        method=method,
        meeting_reference=meeting_reference,
        on=on,
    )


def level_recommend(
    *,
    actor: Any,
    product: Product,
    level_code: str,
    text: str = "",
    decided_on: datetime.date | None = None,
    method: str = DecisionMethod.IN_WRITING,
    meeting_reference: str = "",
    on: datetime.date | None = None,
) -> LevelRecommendation:
    """The business committee recommends the board to change ``product``'s approved level
    to ``level_code`` (PRD-06)."""
    return _recommend(
        kind=RecommendationKind.LEVEL_CHANGE,
        actor=actor,
        product=product,
        level_code=level_code,
        text=text,
        decided_on=decided_on,
        method=method,
        meeting_reference=meeting_reference,
        on=on,
    )


def level_approve(
    *,
    actor: Any,
    product: Product,
    level_code: str,
    text: str = "",
    decided_on: datetime.date | None = None,
    method: str = DecisionMethod.IN_WRITING,
    meeting_reference: str = "",
    on: datetime.date | None = None,
) -> ApprovedLevel:
    """The board approves the recommended change of level; refused without the business
    committee's recommendation."""
    return _approve(
        kind=RecommendationKind.LEVEL_CHANGE,
        actor=actor,
        product=product,
        level_code=level_code,
        text=text,
        decided_on=decided_on,
        method=method,
        meeting_reference=meeting_reference,
        on=on,
    )
