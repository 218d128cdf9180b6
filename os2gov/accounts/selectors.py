"""Reads for accounts and personal API tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from os2gov.accounts.models import ApiToken, User


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """Every token of ``user``, newest first, revoked and expired ones included."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_of(*, user: User, token_id: int) -> ApiToken | None:
    """One of ``user``'s own tokens, or None (also when it belongs to someone else)."""
    return ApiToken.objects.filter(user=user, pk=token_id).first()


def api_token_by_plaintext(plaintext: str) -> ApiToken | None:
    """The usable token (not revoked, not expired, active owner) matching ``plaintext``."""
    if not plaintext.startswith(ApiToken.PREFIX) or len(plaintext) > 200:
        return None
    return (
        ApiToken.objects.usable()
        .select_related("user", "user__organisation")
        .filter(token_hash=ApiToken.hash(plaintext), user__is_active=True)
        .first()
    )
