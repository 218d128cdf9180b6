"""Recording, by hand, a decision a body or group took at a meeting or in writing (MTG-02).

Decisions written by the other services (a membership added, settings changed) are made
there, with the change itself; this one is for what the platform did not do itself."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from os2gov.authority import service as authority
from os2gov.authority.actions import get_action
from os2gov.core.audit import record_event
from os2gov.governance.models import Body, Decision, DecisionMethod, Group
from os2gov.governance.services._trail import mandate_text, today, write_decision
from os2gov.governance.services.labels import group_label, subject_label
from os2gov.governance.services.memberships import _Errors

DECISION_RECORD_ACTION = "decision.record"


def decision_record(
    *,
    actor: Any,
    body: Body | None = None,
    group: Group | None = None,
    decided_on: datetime.date,
    text: str,
    action: str,
    method: str = DecisionMethod.IN_WRITING,
    meeting_reference: str = "",
    subjects: Iterable[models.Model] = (),
    on: datetime.date | None = None,
) -> Decision:
    """Record what ``body`` or ``group`` (exactly one) decided on ``decided_on`` under the
    mandate ``action`` (a code of the mandate catalogue). ``actor`` needs the mandate to
    record decisions of that body or group."""
    if (body is None) == (group is None):
        raise ValueError("Name exactly one deciding body or group.")
    day = on or today()
    mandate = authority.require(
        actor,
        DECISION_RECORD_ACTION,
        group=group,
        body=body,
        on=day,
    )
    errors = _Errors()
    if not text.strip():
        errors.add("text", _("Write what was decided."), "text_required")
    if decided_on > day:
        errors.add(
            "decided_on", _("A decision cannot be recorded before it is taken."), "future_date"
        )
    try:
        get_action(action)
    except KeyError:
        errors.add(
            "action",
            _("Choose the mandate the decision was taken under."),
            "unknown_mandate",
        )
    if method not in DecisionMethod.values:
        errors.add("method", _("Choose how the decision was taken."), "invalid_method")
    if method == DecisionMethod.MEETING and not meeting_reference.strip():
        errors.add(
            "meeting_reference",
            _("Name the meeting the decision was taken at."),
            "meeting_required",
        )
    errors.raise_if_any()
    subject_list = list(subjects)
    decider: Body | Group = body if body is not None else group  # type: ignore[assignment]
    with transaction.atomic():
        decision = write_decision(
            actor=actor,
            decider=decider,
            action=action,
            text=text.strip(),
            decided_on=decided_on,
            subjects=[(obj, subject_label(obj)) for obj in subject_list],
            method=method,
            meeting_reference=meeting_reference.strip(),
        )
        decider_label = group_label(group) if group is not None else decider.name
        record_event(
            actor=actor,
            action="decision.record",
            target=decision,
            mandate=mandate_text(mandate),
            summary=_("Recorded a decision of %(decider)s.") % {"decider": decider_label},
            changes={
                "decided_on": [None, decided_on.isoformat()],
                "action": [None, action],
                "method": [None, method],
            },
        )
    return decision
