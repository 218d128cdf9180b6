"""Deviations accepted by the business committee and evaluations of a product: both are
decisions of a body or group, recorded as such (a Decision plus an audit event)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from os2gov.authority import service as authority
from os2gov.catalogue.models import Product
from os2gov.governance.models import DecisionMethod
from os2gov.levels.compliance import coverable_criteria
from os2gov.levels.models import Criterion, Deviation, Evaluation
from os2gov.levels.services._common import Errors, check_decision_fields, decide, today
from os2gov.levels.structural import date_text

DEVIATION_ACTION = "deviation.accept"
EVALUATION_ACTION = "evaluation.record"


def deviation_accept(
    *,
    actor: Any,
    product: Product,
    criterion: Criterion,
    reason: str,
    expires_on: datetime.date | None,
    decided_on: datetime.date | None = None,
    method: str = DecisionMethod.IN_WRITING,
    meeting_reference: str = "",
    on: datetime.date | None = None,
) -> Deviation:
    """Record the business committee's acceptance of ``product`` not meeting
    ``criterion``, for ``reason``, until ``expires_on`` (the last day it covers). A
    deviation covers the criterion by its key, also in later versions of the level model."""
    day = on or today()
    decided_on = decided_on or day
    mandate = authority.require(actor, DEVIATION_ACTION, product=product, on=day)
    errors = Errors()
    # Only a required criterion the product does not meet on its own needs covering; one
    # covered now stays coverable so the deviation can be renewed.
    if criterion.pk not in {c.pk for c in coverable_criteria(product)}:
        errors.add(
            "criterion",
            _(
                "A deviation covers only a required criterion the product does not meet; "
                "%(key)s is not one for %(product)s."
            )
            % {"key": criterion.key, "product": product.name},
            "not_coverable",
        )
    reason = (reason or "").strip()
    if not reason:
        errors.add("reason", _("A deviation needs a documented reason."), "reason_required")
    if expires_on is None:
        errors.add(
            "expires_on",
            _("A deviation needs an expiry date; it is accepted for a limited time."),
            "expiry_required",
        )
    elif expires_on < decided_on:
        errors.add(
            "expires_on",
            _("The deviation would expire before it is accepted."),
            "expires_before_decision",
        )
    check_decision_fields(
        errors, decided_on=decided_on, day=day, method=method, meeting_reference=meeting_reference
    )
    errors.raise_if_any()
    assert expires_on is not None
    with transaction.atomic():
        text = _(
            "Accepted a deviation of %(product)s from %(key)s until %(date)s. Reason: %(reason)s"
        ) % {
            "product": product.name,
            "key": criterion.key,
            "date": date_text(expires_on),
            "reason": reason,
        }
        decision = decide(
            actor=actor,
            mandate=mandate,
            audit_action="level_deviation.accept",
            text=text,
            target=product,
            subjects=[product],
            decided_on=decided_on,
            product=product,
            changes={
                "criterion": [None, criterion.key],
                "expires_on": [None, expires_on.isoformat()],
            },
            method=method,
            meeting_reference=meeting_reference.strip(),
        )
        return Deviation.objects.create(
            product=product,
            criterion=criterion,
            reason=reason,
            expires_on=expires_on,
            decision=decision,
        )


_url_validator = URLValidator(schemes=["http", "https"])


def evaluation_record(
    *,
    actor: Any,
    product: Product,
    evaluated_on: datetime.date | None,
    summary: str,
    minutes_url: str,
    on: datetime.date | None = None,
) -> Evaluation:
    """Record an evaluation of ``product`` (PRD-04, MTG-04) by its steering group or the
    board, whichever's mandate the actor uses."""
    day = on or today()
    mandate = authority.require(actor, EVALUATION_ACTION, product=product, on=day)
    errors = Errors()
    summary = (summary or "").strip()
    minutes_url = (minutes_url or "").strip()
    if evaluated_on is None:
        errors.add("evaluated_on", _("Give the date of the evaluation."), "date_required")
    elif evaluated_on > day:
        errors.add(
            "evaluated_on",
            _("An evaluation cannot be recorded before it takes place."),
            "future_date",
        )
    if not summary:
        errors.add("summary", _("Summarise the evaluation."), "summary_required")
    if not minutes_url:
        errors.add("minutes_url", _("Link to the minutes of the evaluation."), "minutes_required")
    else:
        try:
            _url_validator(minutes_url)
        except ValidationError:
            errors.add("minutes_url", _("Give a web address (http or https)."), "invalid_url")
    errors.raise_if_any()
    assert evaluated_on is not None
    holder = mandate.holder
    with transaction.atomic():
        decision = decide(
            actor=actor,
            mandate=mandate,
            audit_action="level_evaluation.record",
            text=_("Evaluated %(product)s on %(date)s: %(summary)s")
            % {"product": product.name, "date": date_text(evaluated_on), "summary": summary},
            target=product,
            subjects=[product],
            decided_on=evaluated_on,
            product=product,
            changes={"evaluated_on": [None, evaluated_on.isoformat()]},
        )
        evaluation = Evaluation.objects.create(
            product=product,
            evaluated_on=evaluated_on,
            body=holder.body,
            group=holder.group if holder.body is None else None,
            summary=summary,
            minutes_url=minutes_url,
            decision=decision,
            recorded_by=actor,
        )
    return evaluation
