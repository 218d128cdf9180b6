"""What the level services share: field errors, the day, and the governed-change record."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.utils import timezone

from os2gov.authority import service as authority
from os2gov.catalogue.models import Product
from os2gov.core.audit import record_event
from os2gov.governance.models import Body, Decision, DecisionMethod, Group
from os2gov.governance.services._trail import write_decision
from os2gov.governance.services.labels import subject_label
from os2gov.levels.field_errors import Errors

__all__ = ["Errors", "check_decision_fields", "decide", "today"]


def today() -> datetime.date:
    return timezone.localdate()


def decide(
    *,
    actor: Any,
    mandate: authority.Mandate,
    audit_action: str,
    text: str,
    target: models.Model,
    subjects: Iterable[models.Model],
    decided_on: datetime.date,
    product: Product | None = None,
    changes: Mapping[str, Any] | None = None,
    method: str = DecisionMethod.IN_WRITING,
    meeting_reference: str = "",
) -> Decision:
    """The Decision of the body or group whose mandate was used, and the audit event (call
    inside the transaction that made the change)."""
    decider: Body | Group | None = mandate.holder.body or mandate.holder.group
    if decider is None:  # pragma: no cover - the mandate module always resolves a holder
        raise RuntimeError(f"The mandate {mandate.action.code} resolved to no body or group.")
    decision = write_decision(
        actor=actor,
        decider=decider,
        action=mandate.action.code,
        text=text,
        decided_on=decided_on,
        subjects=[(obj, subject_label(obj)) for obj in subjects],
        method=method,
        meeting_reference=meeting_reference,
        product=product,
    )
    record_event(
        actor=actor,
        action=audit_action,
        target=target,
        mandate=mandate.audit_text,
        summary=text,
        changes=dict(changes or {}),
    )
    return decision


def check_decision_fields(
    errors: Errors,
    *,
    decided_on: datetime.date | None,
    day: datetime.date,
    method: str,
    meeting_reference: str,
) -> None:
    from django.utils.translation import gettext as _

    if decided_on is None:
        errors.add("decided_on", _("Give the date of the decision."), "date_required")
    elif decided_on > day:
        errors.add(
            "decided_on", _("A decision cannot be recorded before it is taken."), "future_date"
        )
    if method not in DecisionMethod.values:
        errors.add("method", _("Choose how the decision was taken."), "invalid_method")
    elif method == DecisionMethod.MEETING and not meeting_reference.strip():
        errors.add(
            "meeting_reference",
            _("Name the meeting the decision was taken at."),
            "meeting_required",
        )
