"""What every change of a wish writes besides itself: a line of the wish's timeline and an
audit event, and, when it was taken under a mandate, the holder's Decision (ACC-03). Call
inside the transaction that made the change."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from os2gov.authority import service as authority
from os2gov.catalogue.models import Product
from os2gov.core.audit import record_event
from os2gov.core.errors import StaleEditError
from os2gov.core.locking import lock_row, refuse_if_changed
from os2gov.governance.models import Decision
from os2gov.governance.services._trail import governed_change
from os2gov.wishes import participation
from os2gov.wishes.models import Wish, WishEvent

__all__ = [
    "StaleEditError",
    "check_version",
    "lock_product",
    "lock_wish",
    "record",
]


def _jsonable(changes: Mapping[str, Any] | None) -> dict[str, Any]:
    """Decimals and dates as strings, so the trail stores exactly what was written."""

    def plain(value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if value is None or isinstance(value, bool | int | str):
            return value
        return str(value)

    return {str(key): plain(value) for key, value in (changes or {}).items()}


def record(
    *,
    wish: Wish,
    actor: Any,
    kind: str,
    text: str,
    audit_action: str,
    mandate: authority.Mandate | None = None,
    participation_code: str = "",
    from_state: str = "",
    to_state: str = "",
    changes: Mapping[str, Any] | None = None,
    decided_on: datetime.date | None = None,
    decide: bool = True,
) -> WishEvent:
    """The timeline event, the audit event, and (``mandate`` given and ``decide``) the
    Decision of the body or group whose mandate was used."""
    data = _jsonable(changes)
    decision: Decision | None = None
    if mandate is not None and decide:
        decision = governed_change(
            actor=actor,
            mandate=mandate,
            audit_action=audit_action,
            text=text,
            target=wish,
            subjects=[(wish, f"{wish.product.name}: {wish.title}")],
            decided_on=decided_on,
            changes=data,
            product=wish.product,
        )
    else:
        if mandate is not None:
            under = mandate.audit_text
        elif participation_code:
            under = participation.label_of(participation_code)
        else:
            under = ""
        record_event(
            actor=actor,
            action=audit_action,
            target=wish,
            mandate=under[:300],
            summary=text,
            changes=data,
        )
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    return WishEvent.objects.create(
        wish=wish,
        actor=actor if is_person else None,
        actor_label=str(actor)[:200] if is_person else "system",
        kind=kind,
        from_state=from_state,
        to_state=to_state,
        text=text,
        data=data,
        decision=decision,
    )


def lock_wish(wish: Wish) -> Wish:
    """The wish's row, locked until the transaction ends (PostgreSQL; SQLite serialises
    writers anyway). Locks the product's row first: every change that recomputes the
    product's backlog (priority_refresh) takes that lock first, so changes of two wishes of
    one product never wait for each other's rows in opposite orders (no deadlock)."""
    lock_product(wish.product_id)
    return Wish.objects.select_for_update().select_related("product").get(pk=wish.pk)


def lock_product(product_id: int) -> None:
    """Lock order, everywhere: the product, then the wish, then the economic frame."""
    lock_row(Product, product_id)


def check_version(current: Wish, expected_version: int | None) -> None:
    """Refuse the edit when the locked wish moved past the version the editor loaded (no
    version given: no check)."""
    if expected_version is not None:
        refuse_if_changed(
            current,
            expected_version,
            field="version",
            code="stale",
            message=_(
                "Someone changed this wish after you opened it. Reload it to see the change, "
                "then make your edit again."
            ),
        )
