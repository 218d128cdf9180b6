"""What every governed change writes besides itself: a Decision of the body or group whose
mandate was used, and an audit event, in the caller's transaction (ACC-03)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from os2gov.authority import service as authority
from os2gov.catalogue.models import Product
from os2gov.core.audit import record_event
from os2gov.governance.models import (
    Body,
    Decision,
    DecisionMethod,
    DecisionSubject,
    Group,
)


def today() -> datetime.date:
    return timezone.localdate()


def mandate_text(mandate: authority.Mandate) -> str:
    """The audit trail's "under which mandate": the action and the body or group holding it."""
    return mandate.audit_text


def subject_rows(
    decision: Decision, subjects: Iterable[tuple[models.Model, str]]
) -> list[DecisionSubject]:
    rows = [
        DecisionSubject(
            decision=decision,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            label=label[:300],
        )
        for obj, label in subjects
    ]
    return DecisionSubject.objects.bulk_create(rows)


def write_decision(
    *,
    actor: Any,
    decider: Body | Group,
    action: str,
    text: str,
    decided_on: datetime.date,
    subjects: Iterable[tuple[models.Model, str]],
    method: str = DecisionMethod.IN_WRITING,
    meeting_reference: str = "",
    product: Product | None = None,
) -> Decision:
    """One decision row with its subjects. ``subjects`` are (object, public label) pairs.
    ``product`` is the product the decision concerns (a group's own product by default)."""
    if product is None and isinstance(decider, Group):
        product = decider.product
    decision = Decision.objects.create(
        body=decider if isinstance(decider, Body) else None,
        group=decider if isinstance(decider, Group) else None,
        product=product,
        decided_on=decided_on,
        action=action,
        text=text,
        method=method,
        meeting_reference=meeting_reference,
        recorded_by=actor,
    )
    subject_rows(decision, subjects)
    return decision


def governed_change(
    *,
    actor: Any,
    mandate: authority.Mandate,
    audit_action: str,
    text: str,
    target: models.Model,
    subjects: Iterable[tuple[models.Model, str]],
    decided_on: datetime.date | None = None,
    changes: Mapping[str, Any] | None = None,
    product: Product | None = None,
) -> Decision:
    """Record a change made under ``mandate``: the decision of its holder and the audit
    event. Call inside the transaction that made the change."""
    holder = mandate.holder
    decider: Body | Group | None = holder.body or holder.group
    if decider is None:  # pragma: no cover - the mandate module always resolves a holder
        raise RuntimeError(f"The mandate {mandate.action.code} resolved to no body or group.")
    decision = write_decision(
        actor=actor,
        decider=decider,
        action=mandate.action.code,
        text=text,
        decided_on=decided_on or today(),
        subjects=subjects,
        product=product,
    )
    record_event(
        actor=actor,
        action=audit_action,
        target=target,
        mandate=mandate_text(mandate),
        summary=text,
        changes=dict(changes or {}),
    )
    return decision
