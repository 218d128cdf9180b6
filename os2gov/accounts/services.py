"""Writes for accounts: personal API tokens."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from os2gov.accounts.models import ApiToken, User
from os2gov.core.audit import record_event

MAX_ACTIVE_TOKENS = 20
MANDATE_OWN_ACCOUNT = "The account holder manages their own API tokens."
# last_used_at is written at most this often per token, not on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


def _new_plaintext() -> str:
    return ApiToken.PREFIX + secrets.token_urlsafe(32)


def api_token_create(
    *, actor: User, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a personal API token for ``actor``. Returns the token and its plaintext;
    the plaintext is not stored and cannot be shown again."""
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied(_("Only an active, logged-in person can create API tokens."))
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Give the token a name, so you can recognise it later.")
    elif len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        errors["name"] = _("The name can be at most 100 characters long.")
    if expires_at is not None:
        if timezone.is_naive(expires_at):
            expires_at = timezone.make_aware(expires_at)
        if expires_at <= timezone.now():
            errors["expires_at"] = _("The expiry must be in the future.")
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        # Lock the person's row so two parallel requests cannot pass the limit together.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        if ApiToken.objects.usable().filter(user=actor).count() >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                {
                    "name": _("You already have %(count)d active tokens. Revoke one first.")
                    % {"count": MAX_ACTIVE_TOKENS}
                }
            )
        plaintext = _new_plaintext()
        token = ApiToken.objects.create(
            user=actor,
            name=name,
            prefix=plaintext[:8],
            token_hash=ApiToken.hash(plaintext),
            expires_at=expires_at,
        )
        record_event(
            actor=actor,
            action="api_token.create",
            target=token,
            mandate=MANDATE_OWN_ACCOUNT,
            summary=f"Created the API token {token.name!r} ({token.prefix}…).",
            changes={
                "name": [None, token.name],
                "expires_at": [None, expires_at.isoformat() if expires_at else None],
            },
        )
    return token, plaintext


def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke one of ``actor``'s own tokens. Revoking a revoked token changes nothing."""
    if not actor.is_authenticated or token.user_id != actor.pk:
        raise PermissionDenied(_("You can only revoke your own API tokens."))
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        record_event(
            actor=actor,
            action="api_token.revoke",
            target=locked,
            mandate=MANDATE_OWN_ACCOUNT,
            summary=f"Revoked the API token {locked.name!r} ({locked.prefix}…).",
            changes={"revoked_at": [None, locked.revoked_at.isoformat()]},
        )
    token.revoked_at = locked.revoked_at
    return locked


def api_token_touch(token: ApiToken) -> None:
    """Note that ``token`` was used, writing at most once per LAST_USED_PRECISION."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def person_vouch_for_email(*, user: User) -> None:
    """Record ``user.email`` as the person's verified, primary login address.

    Used when a trusted operator creates or edits the account (the secretariat in the
    admin, ``createsuperuser``): they vouch for the address, so the person can log in
    without a verification mail, and a later OpenID Connect login with the same address
    connects to this account instead of wiping its password.
    """
    from allauth.account.models import EmailAddress

    email = user.email.lower()
    with transaction.atomic():
        EmailAddress.objects.filter(user=user).exclude(email__iexact=email).update(primary=False)
        address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
        if address is None:
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        elif not (address.verified and address.primary):
            address.verified = True
            address.primary = True
            address.save(update_fields=["verified", "primary"])
