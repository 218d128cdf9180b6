"""The one mandate check every state-changing action calls (ACC-01).

    from os2gov.authority import service as authority

    mandate = authority.require(actor, "wish.start", product=product, on=day)
    # allowed: a Mandate(action, holder); holder.body / holder.group is the body or group
    #          whose mandate was used, holder.label says so in words
    # refused: raises authority.MandateRefused (a PermissionDenied) naming the holder:
    #          "Only the steering group of OS2mo can approve this."
    authority.allows(actor, "wish.start", product=product)  # -> bool

The calling service writes the Decision (deciding body or group = ``mandate.holder``) and
the audit event (``mandate=mandate.audit_text``) in the same transaction.

* ``product`` / ``group`` / ``body`` say what the action is about. A group implies its
  product. ``body`` (or a Body given as ``group``) is for "the body itself", e.g. a body
  recording its own decision.
* ``on`` is the day whose memberships count (default: today).
* An unknown action code raises KeyError; an action held by a product's group called
  without a product (or group), or by "the group itself" without a group (or body), raises
  ValueError: both are programming errors, not refusals.
* Roles are remembered on the user object (see roles.py): ``roles.forget_roles([user])``
  after changing memberships with ``QuerySet.update()`` in the same request.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from os2gov.authority.actions import GovernedAction, get_action
from os2gov.authority.holders import Holder
from os2gov.authority.predicates import Context, ResolvedHolder, describe, held_by
from os2gov.authority.roles import roles_of
from os2gov.catalogue.models import Product
from os2gov.governance.models import Body, Group


class MandateRefused(PermissionDenied):
    """The actor does not hold the mandate; ``str()`` names who does."""

    def __init__(
        self, message: str, *, action: GovernedAction, holders: Sequence[ResolvedHolder]
    ) -> None:
        super().__init__(message)
        self.message = message
        self.action = action
        self.holders = tuple(holders)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Mandate:
    """The mandate an allowed action is taken under."""

    action: GovernedAction
    holder: ResolvedHolder
    day: datetime.date

    @property
    def body(self) -> Body | None:
        return self.holder.body

    @property
    def group(self) -> Group | None:
        return self.holder.group

    @property
    def audit_text(self) -> str:
        """For the audit trail's ``mandate``: the action's code, label and holder."""
        return f"{self.action.code}: {self.action.label} ({self.holder.label})"[:300]

    def __str__(self) -> str:
        return self.audit_text


def build_context(
    action: GovernedAction,
    *,
    product: Product | None = None,
    group: Group | Body | None = None,
    body: Body | None = None,
) -> Context:
    if isinstance(group, Body):  # "the group itself" may be a body
        group, body = None, group
    if group is not None:
        if product is None:
            product = group.product
        elif group.product_id != product.pk:
            raise ValueError(f"{group} is not a group of {product}.")
    if action.needs_product and product is None:
        raise ValueError(f"{action.code!r} is held by a product's group: pass product= or group=.")
    if action.needs_group and group is None and body is None:
        raise ValueError(f"{action.code!r} concerns one group: pass group= (or body=).")
    return Context(product=product, group=group, body=body)


def holders_of(action: GovernedAction, context: Context) -> list[tuple[Holder, ResolvedHolder]]:
    """(holder, resolved holder) for each of the action's holders that applies here."""
    found = []
    for holder in action.holders:
        resolved = describe(holder, context)
        if resolved is not None:
            found.append((holder, resolved))
    return found


def join_holders(labels: Sequence[str]) -> str:
    """ "A", "A or B", "A, B or C" """
    if len(labels) <= 1:
        return "".join(labels)
    return _("%(holders)s or %(last)s") % {"holders": ", ".join(labels[:-1]), "last": labels[-1]}


def refusal_message(action: GovernedAction, holders: Sequence[ResolvedHolder]) -> str:
    who = join_holders([holder.label for holder in holders])
    verb = str(action.verb) if action.verb is not None else _("do this")
    message = _("Only %(holders)s can %(verb)s.") % {"holders": who, "verb": verb}
    return message[:1].upper() + message[1:]


def check(
    actor: Any,
    code: str,
    *,
    product: Product | None = None,
    group: Group | Body | None = None,
    body: Body | None = None,
    on: datetime.date | None = None,
) -> Mandate | MandateRefused:
    """The mandate, or the refusal (not raised)."""
    action = get_action(code)
    day = on or timezone.localdate()
    context = build_context(action, product=product, group=group, body=body)
    roles = roles_of(actor, day)
    resolved_holders = holders_of(action, context)
    for holder, resolved in resolved_holders:
        used = held_by(roles, holder, resolved)
        if used is not None:
            return Mandate(action=action, holder=used, day=day)
    described = [resolved for _holder, resolved in resolved_holders]
    return MandateRefused(refusal_message(action, described), action=action, holders=described)


def require(
    actor: Any,
    code: str,
    *,
    product: Product | None = None,
    group: Group | Body | None = None,
    body: Body | None = None,
    on: datetime.date | None = None,
) -> Mandate:
    """The mandate under which ``actor`` may take the action ``code``; raises
    MandateRefused (naming who holds the mandate) when they may not."""
    outcome = check(actor, code, product=product, group=group, body=body, on=on)
    if isinstance(outcome, MandateRefused):
        raise outcome
    return outcome


def allows(
    actor: Any,
    code: str,
    *,
    product: Product | None = None,
    group: Group | Body | None = None,
    body: Body | None = None,
    on: datetime.date | None = None,
) -> bool:
    """Whether ``actor`` may take the action ``code`` (the same check as ``require``)."""
    outcome = check(actor, code, product=product, group=group, body=body, on=on)
    return isinstance(outcome, Mandate)
