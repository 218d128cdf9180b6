"""How django-allauth treats OS2gov accounts."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _("The e-mail address or the password is not correct."),
        "too_many_login_attempts": _(
            "Logging in is paused: there have been too many failed attempts for this account "
            "or from your network address. For your security, wait a few minutes and try "
            "again, or reset your password."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by the secretariat or through OpenID Connect.
        return bool(settings.ACCOUNT_ALLOW_REGISTRATION)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        # A municipality's identity provider vouches for its people.
        return True

    def populate_user(self, request: HttpRequest, sociallogin: Any, data: dict[str, Any]) -> Any:
        user = super().populate_user(request, sociallogin, data)
        # The person model has one "name" field instead of first and last names.
        name = str(data.get("name") or "").strip()
        if not name:
            parts = [data.get("first_name") or "", data.get("last_name") or ""]
            name = " ".join(part.strip() for part in parts if part and part.strip())
        if name and not user.name:
            user.name = name[:200]
        if user.email:
            user.email = user.email.lower()
        return user
