"""How API clients authenticate: a personal API token or the browser session.

``api_auth`` is the list to give protected endpoints (``auth=api_auth``): a bearer token
is tried first, then the session. Session requests that change data must carry the CSRF
token; token requests need none (a token is never sent by a browser on its own).

Public endpoints (``auth=None``) must still refuse a *bad* token: a client that sends an
unknown, revoked or expired token has to learn that its token no longer works instead of
silently reading as an anonymous visitor. Ninja does not run auth callbacks on endpoints
without auth, so that check lives in ``reject_invalid_credentials`` which
``os2gov.core.api`` wraps around every URL of the API (operations, schema and docs alike).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie

from os2gov.accounts.models import ApiToken
from os2gov.accounts.selectors import api_token_by_plaintext
from os2gov.accounts.services import api_token_touch

# Set on the request once the Authorization header has been checked.
REQUEST_TOKEN_ATTR = "os2gov_api_token"  # noqa: S105 - an attribute name


class InvalidCredentials(Exception):
    """The request carried an Authorization header that does not identify anyone."""


def bearer_token_from(request: HttpRequest) -> ApiToken | None:
    """The usable token named by the request's Authorization header.

    Returns None when there is no Authorization header. Raises InvalidCredentials when
    there is one, but it is not ``Bearer <a usable token>``. The answer is cached on the
    request, so the database is asked once however often this is called.
    """
    if hasattr(request, REQUEST_TOKEN_ATTR):
        cached: ApiToken | None = getattr(request, REQUEST_TOKEN_ATTR)
        if cached is None and request.headers.get("Authorization"):
            raise InvalidCredentials
        return cached
    header = request.headers.get("Authorization", "").strip()
    if not header:
        setattr(request, REQUEST_TOKEN_ATTR, None)
        return None
    scheme, _sep, plaintext = header.partition(" ")
    token = None
    if scheme.lower() == "bearer":
        token = api_token_by_plaintext(plaintext.strip())
    setattr(request, REQUEST_TOKEN_ATTR, token)
    if token is None:
        raise InvalidCredentials
    api_token_touch(token)
    return token


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer os2g_...`` with a personal API token."""

    def __call__(self, request: HttpRequest) -> Any:
        try:
            token = bearer_token_from(request)
        except InvalidCredentials:
            return None
        if token is None:
            return None
        # Code that reads request.user (permission rules, audit) sees the token's owner.
        request.user = token.user
        return token.user

    def authenticate(self, request: HttpRequest, token: str) -> Any:  # pragma: no cover
        # Not reached: __call__ does the work so the header is parsed in one place.
        return None


class SessionAuth(APIKeyCookie):
    """The logged-in browser session. Unlike ninja's own SessionAuth, an anonymous
    request gets 401 (not a CSRF 403); a logged-in one must pass the CSRF check for
    unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        if request.headers.get("Authorization"):
            # A request that names a token is judged by the token alone.
            return None
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)  # runs the CSRF check, then authenticate()

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


token_auth = ApiTokenAuth()
session_auth = SessionAuth(csrf=True)
api_auth = [token_auth, session_auth]
