"""What the wish services announce besides the rows they write.

Every change of a wish already leaves a ``WishEvent`` (its ``post_save`` is how listeners
such as notifications.py hear of changes). A move that a guard refuses writes nothing,
so it is announced here instead: ``transition_refused`` is sent after the refused move's
transaction has been rolled back, so a listener can still act on it (e.g. register work
with ``transaction.on_commit``, which then runs at once outside a transaction, or when the
caller's own transaction commits).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.dispatch import Signal

# Sent with: wish (as the caller passed it), to_state, actor, day and refusal (the
# TransitionRefused raised, whose error_dict names each field and error code).
transition_refused = Signal()


@contextmanager
def refusals_announced(
    *, wish: Any, to_state: str, actor: Any, day: datetime.date
) -> Iterator[None]:
    """Wrap the transaction of a move: a refusal by a guard leaving it is announced with
    ``transition_refused`` (after the rollback) and raised on."""
    try:
        yield
    except ValidationError as error:
        from os2gov.wishes.services.transitions import TransitionRefused

        if isinstance(error, TransitionRefused):
            transition_refused.send(
                sender=type(wish), wish=wish, to_state=to_state, actor=actor, day=day, refusal=error
            )
        raise
