"""The person a management command acts for, named with ``--actor EMAIL``.

A command that writes under someone's mandate takes their e-mail address; the services it
calls check that person's mandate as they would on a page."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from os2gov.accounts.models import User

ERROR_EXIT = 2


def actor_from_option(email: str | None, *, missing_message: str) -> User:
    """The active user with the e-mail ``email`` (case and surrounding blanks ignored).
    Raises ``CommandError`` (exit code 2) with ``missing_message`` when no e-mail was given,
    or naming the address when no active user has it."""
    if not email:
        raise CommandError(missing_message, returncode=ERROR_EXIT)
    actor = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if actor is None:
        raise CommandError(
            _("There is no active user with the e-mail %(email)s.") % {"email": email},
            returncode=ERROR_EXIT,
        )
    return actor


def product_from_slug(slug: str) -> Any:
    """The product a command works on, named by its slug; CommandError (exit code 2) if none."""
    from os2gov.catalogue.models import Product  # core stays importable without the catalogue

    product = Product.objects.filter(slug=slug).first()
    if product is None:
        raise CommandError(
            _("There is no product with the slug %(slug)s.") % {"slug": slug},
            returncode=ERROR_EXIT,
        )
    return product
