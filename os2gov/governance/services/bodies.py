"""Editing a body's own record: its name, purpose text and place in lists."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from os2gov.authority import service as authority
from os2gov.core.locking import lock_unchanged
from os2gov.governance.models import Body
from os2gov.governance.services._trail import governed_change, today

BODY_UPDATE_ACTION = "body.update"
EDITABLE_FIELDS = ("name", "purpose", "position")


def body_update(
    *,
    actor: Any,
    body: Body,
    expected_updated_at: datetime.datetime,
    name: str,
    purpose: str,
    position: int,
    on: datetime.date | None = None,
) -> Body:
    """Change a body's name, purpose or order. The body's kind and slug never change: other
    records and the mandate catalogue refer to them."""
    day = on or today()
    mandate = authority.require(actor, BODY_UPDATE_ACTION, body=body, on=day)
    new = {"name": name.strip(), "purpose": purpose.strip(), "position": position}
    errors = {
        field: _("This field cannot be empty.") for field in ("name", "purpose") if not new[field]
    }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = lock_unchanged(
            Body,
            body.pk,
            expected=expected_updated_at,
            message=_(
                "Someone else changed this body after you opened it. "
                "Reload to see their change, then make yours again."
            ),
        )
        changes = {
            field: [getattr(current, field), value]
            for field, value in new.items()
            if getattr(current, field) != value
        }
        if not changes:
            return current
        for field, value in new.items():
            setattr(current, field, value)
        current.full_clean()
        current.save()
        governed_change(
            actor=actor,
            mandate=mandate,
            audit_action="body.update",
            text=_("Changed %(fields)s of %(body)s.")
            % {"fields": ", ".join(changes), "body": current.name},
            target=current,
            subjects=[(current, current.name)],
            decided_on=day,
            changes=changes,
        )
    return current
