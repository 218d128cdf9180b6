"""The one function that writes to the audit trail."""

from __future__ import annotations

from typing import Any

from django.db import models

from os2gov.core.models import AuditEvent


def record_event(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    mandate: str = "",
    summary: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event: who (``actor``, a user or None for the system), what ``action``
    (a dotted name such as ``api_token.create``), on which ``target``, under which
    ``mandate``, with a human ``summary`` and the ``changes`` as {field: [old, new]}."""
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_person else None,
        actor_label=str(actor) if is_person else "system",
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_label=str(target)[:300] if target is not None else "",
        mandate=mandate,
        summary=summary,
        changes=changes or {},
    )
