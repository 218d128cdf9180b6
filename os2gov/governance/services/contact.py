"""Interested parties write to a product's tovholder from the product page (COM-03, GRP-07).

The message goes by e-mail to the tovholder; the platform keeps no copy of it, and the audit
trail records only that a message was sent (never its text). Each client address may send a
few messages in a window; more are refused until the window has passed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.utils.translation import gettext as _

from os2gov.catalogue.models import Product
from os2gov.core.audit import record_event
from os2gov.governance import selectors

RATE_LIMIT_MESSAGES = 3
RATE_LIMIT_WINDOW_SECONDS = 10 * 60


class NoTovholder(Exception):
    """The product has no active tovholder or product coordinator to write to."""


class RateLimited(Exception):
    """This client address has sent too many messages lately."""


@dataclass(frozen=True)
class ContactMessage:
    name: str
    email: str
    message: str


def _rate_key(client_address: str) -> str:
    return f"governance:contact:{client_address or 'unknown'}"


def contact_rate_check(*, client_address: str) -> None:
    """Count one attempt from ``client_address``; raise ``RateLimited`` past the limit."""
    key = _rate_key(client_address)
    # add() only sets the counter when it is missing, so the window starts at the first
    # attempt and is not extended by later ones.
    cache.add(key, 0, timeout=RATE_LIMIT_WINDOW_SECONDS)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=RATE_LIMIT_WINDOW_SECONDS)
        attempts = 1
    if attempts > RATE_LIMIT_MESSAGES:
        raise RateLimited


def contact_tovholder(*, product: Product, message: ContactMessage) -> None:
    """Send ``message`` to the product's tovholder. Raises ``NoTovholder`` when there is
    none."""
    lead = selectors.product_tovholder(product)
    if lead is None:
        raise NoTovholder
    subject = _("Question about %(product)s from %(name)s") % {
        "product": product.name,
        "name": message.name,
    }
    body = _(
        "%(name)s (%(email)s) wrote to you as the contact person of %(product)s through "
        "%(site)s:\n\n%(message)s\n\nAnswer by replying to this e-mail."
    ) % {
        "name": message.name,
        "email": message.email,
        "product": product.name,
        "site": settings.SITE_NAME,
        "message": message.message,
    }
    EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[lead.person.email],
        reply_to=[message.email],
    ).send()
    record_event(
        actor=None,
        action="product.contact_tovholder",
        target=product,
        summary=_("A message from %(name)s was sent to the contact person of %(product)s.")
        % {"name": message.name, "product": product.name},
    )
