"""The person a management command acts for, named with ``--actor EMAIL``.

A command that writes under someone's mandate takes their e-mail address; the services it
calls check that person's mandate as they would on a page."""

from __future__ import annotations

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
