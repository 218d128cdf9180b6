"""Optimistic locking: an edit is refused when its row changed after the editor loaded it.

The editor's form carries what it loaded (the row's ``updated_at``, ``version`` or
``revision``). The write locks the row (``select_for_update``: PostgreSQL holds the lock until
the transaction ends; SQLite serialises writers anyway), compares, and refuses the edit with
``StaleEditError`` rather than silently overwrite the other change. Call inside
``transaction.atomic()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models
from django.db.models import QuerySet

from os2gov.core.errors import StaleEditError

M = TypeVar("M", bound=models.Model)


def lock_unchanged(
    rows: type[M] | QuerySet[M],
    pk: Any,
    *,
    expected: Any,
    message: str | Callable[[M], str],
    field: str = "updated_at",
    code: str = "stale_edit",
    of: tuple[str, ...] = ("self",),
) -> M:
    """The row ``pk`` of ``rows`` (a model, or a queryset such as one with select_related),
    locked until the transaction ends. Raises ``StaleEditError`` (``message``, or
    ``message(row)`` to name what the row is now; ``code``) when its ``field`` is no longer
    ``expected``. Only the row itself is locked (``of``): PostgreSQL cannot lock the nullable
    side of an outer join, which a select_related over a nullable relation makes."""
    queryset = rows._default_manager.all() if isinstance(rows, type) else rows
    current = queryset.select_for_update(of=of).get(pk=pk)
    refuse_if_changed(current, expected, message=message, field=field, code=code)
    return current


def refuse_if_changed(
    current: M | None,
    expected: Any,
    *,
    message: str | Callable[[M], str],
    field: str = "updated_at",
    code: str = "stale_edit",
) -> None:
    """Raise ``StaleEditError`` when the already locked ``current`` row's ``field`` is not
    ``expected``. A missing row (None) reads as None: an editor who expected no row yet
    may go on."""
    if getattr(current, field, None) == expected:
        return
    if callable(message):
        assert current is not None, "a missing row has nothing to describe"
        message = message(current)
    raise StaleEditError(message, code=code)


def lock_row(model: type[models.Model], pk: Any) -> None:
    """Lock the row ``pk`` of ``model`` for the rest of the transaction without loading it,
    e.g. a parent row that orders the writers of its children."""
    model._default_manager.select_for_update().filter(pk=pk).exists()
