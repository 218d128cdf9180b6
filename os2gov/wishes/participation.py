"""Who may take part in a wish without deciding anything: submit it, support it, pledge
co-financing to it, report its delivery.

These are not mandates. Nobody takes them on behalf of a body or a group, so they write no
Decision; they are the rights of the people around a product, stated once, here:

* ``wish.submit``, ``wish.support``, ``pledge.make``: a person from an organisation that
  uses the product on the day (a holder of a connection agreement in force, WSH-01). The
  organisation, never the person, is what counts.
* ``wish.deliver``: a person from the wish's delivering supplier ("the supplier reports
  deliveries"; WSH-07).

A refusal is a PermissionDenied that says who may.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from os2gov.catalogue.models import ConnectionAgreement, Product
from os2gov.organisation.models import Organisation

if TYPE_CHECKING:
    from os2gov.wishes.models import Wish

SUBMIT = "wish.submit"
SUPPORT = "wish.support"
PLEDGE = "pledge.make"
DELIVER = "wish.deliver"


@dataclass(frozen=True)
class Participation:
    code: str
    label: Promise
    who: Promise  # completes "Only … can …"


PARTICIPATION: dict[str, Participation] = {
    SUBMIT: Participation(
        SUBMIT,
        gettext_lazy("Submit a development wish"),
        gettext_lazy("people from an organisation that uses the product"),
    ),
    SUPPORT: Participation(
        SUPPORT,
        gettext_lazy("Declare that the municipality wants a wish too"),
        gettext_lazy("people from an organisation that uses the product"),
    ),
    PLEDGE: Participation(
        PLEDGE,
        gettext_lazy("Pledge co-financing to a wish"),
        gettext_lazy("people from an organisation that uses the product"),
    ),
    DELIVER: Participation(
        DELIVER,
        gettext_lazy("Report the progress and delivery of a started wish"),
        gettext_lazy("people from the wish's delivering supplier"),
    ),
}


class ParticipationRefused(PermissionDenied):
    """The person may not take part this way; ``str()`` says who may."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message


def is_participation(code: str) -> bool:
    return code in PARTICIPATION


def _person(actor: Any) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active


def user_organisation(
    actor: Any, product: Product, *, on: datetime.date | None = None
) -> Organisation | None:
    """The actor's organisation when it uses ``product`` on ``on`` (default today): it
    holds a connection agreement in force that day. One query."""
    if not _person(actor) or getattr(actor, "organisation_id", None) is None:
        return None
    day = on or timezone.localdate()
    uses = (
        ConnectionAgreement.objects.active_on(day)
        .filter(product=product, organisation_id=actor.organisation_id)
        .exists()
    )
    return actor.organisation if uses else None


def require_user_organisation(
    actor: Any, code: str, product: Product, *, on: datetime.date | None = None
) -> Organisation:
    """The actor's organisation, when it uses the product; otherwise ParticipationRefused."""
    organisation = user_organisation(actor, product, on=on)
    if organisation is None:
        raise ParticipationRefused(
            _("Only people from an organisation that uses %(product)s can do this.")
            % {"product": product.name},
            code=code,
        )
    return organisation


def is_delivering_supplier(actor: Any, wish: Wish) -> bool:
    supplier = wish.delivering_supplier
    return (
        _person(actor)
        and supplier is not None
        and getattr(actor, "organisation_id", None) == supplier.organisation_id
    )


def require_delivering_supplier(actor: Any, wish: Wish) -> Organisation:
    if not is_delivering_supplier(actor, wish):
        supplier = wish.delivering_supplier
        if supplier is None:
            message = _("Only the delivering supplier can do this, and none is recorded yet.")
        else:
            message = _("Only people from %(supplier)s, the delivering supplier, can do this.") % {
                "supplier": supplier.organisation.name
            }
        raise ParticipationRefused(message, code=DELIVER)
    assert wish.delivering_supplier is not None
    return wish.delivering_supplier.organisation


def label_of(code: str) -> str:
    """For the audit trail's "under which right": the code and what it is."""
    return f"{code}: {PARTICIPATION[code].label} ({PARTICIPATION[code].who})"
