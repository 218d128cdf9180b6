"""Every write to the organisation registry: checked against the mandate catalogue,
validated, atomic and audited (ACC-01, ACC-03).

The secretariat maintains the registry (``organisation.manage``); anyone else, Django
staff and superusers included, is refused with ``MandateRefused`` and nothing is written.
``on`` is the day whose memberships count (today by default)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from os2gov.authority import service as authority
from os2gov.core.audit import record_event
from os2gov.core.errors import StaleEditError as StaleEditError  # re-exported
from os2gov.core.locking import lock_unchanged
from os2gov.organisation.models import Organisation
from os2gov.organisation.slugs import danish_slugify

MANAGE_ACTION = "organisation.manage"

EDITABLE_FIELDS = (
    "name",
    "slug",
    "type",
    "municipality_code",
    "region_code",
    "region",
    "cvr",
    "website",
    "contact_email",
)


def _audit_value(value: Any) -> Any:
    """A JSON-friendly form of a field value for the audit trail."""
    if isinstance(value, Organisation):
        return value.slug
    return value


def _check_fields(data: Mapping[str, Any]) -> None:
    unknown = sorted(set(data) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValueError(f"Not editable organisation fields: {', '.join(unknown)}")


@transaction.atomic
def organisation_create(
    *, actor: Any, data: Mapping[str, Any], on: date | None = None
) -> Organisation:
    """Register an organisation. ``data`` holds model fields (``region`` as an
    Organisation); a missing slug is made from the name. Raises ``MandateRefused`` when
    ``actor`` may not maintain the registry."""
    mandate = authority.require(actor, MANAGE_ACTION, on=on)
    _check_fields(data)
    organisation = Organisation(**data)
    if not organisation.slug and organisation.name:
        organisation.slug = danish_slugify(organisation.name)
    organisation.full_clean()
    organisation.save()
    changes = {
        field: [None, _audit_value(getattr(organisation, field))]
        for field in EDITABLE_FIELDS
        if getattr(organisation, field) not in ("", None)
    }
    record_event(
        actor=actor,
        action="organisation.create",
        target=organisation,
        mandate=mandate.audit_text,
        summary=f"Registered the organisation {organisation.name}.",
        changes=changes,
    )
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: Any,
    organisation: Organisation,
    data: Mapping[str, Any],
    expected_updated_at: datetime,
    on: date | None = None,
) -> Organisation:
    """Change an organisation. ``expected_updated_at`` is the ``updated_at`` the editor
    loaded: if the row changed since, the edit is refused with ``StaleEditError`` rather
    than silently overwriting the other change. Returns the saved organisation. Raises
    ``MandateRefused`` when ``actor`` may not maintain the registry."""
    mandate = authority.require(actor, MANAGE_ACTION, on=on)
    _check_fields(data)
    current = lock_unchanged(
        Organisation,
        organisation.pk,
        expected=expected_updated_at,
        message=_(
            "Someone else changed this organisation after you opened it. "
            "Reload it to see their change, then make yours again."
        ),
    )
    changes: dict[str, list[Any]] = {}
    for field, new in data.items():
        old = getattr(current, field)
        if old != new:
            changes[field] = [_audit_value(old), _audit_value(new)]
            setattr(current, field, new)
    if not changes:
        return current
    current.full_clean()
    current.save()
    record_event(
        actor=actor,
        action="organisation.update",
        target=current,
        mandate=mandate.audit_text,
        summary=f"Changed {', '.join(changes)} of the organisation {current.name}.",
        changes=changes,
    )
    return current
