"""/api/v1/me: who the caller is, and their personal API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from os2gov.accounts.auth import REQUEST_TOKEN_ATTR, api_auth
from os2gov.accounts.models import ApiToken, User
from os2gov.accounts.selectors import api_token_of, api_tokens_of
from os2gov.accounts.services import api_token_create, api_token_revoke
from os2gov.core.api import ErrorOut

router = Router(tags=["me"], auth=api_auth)


class OrganisationRef(Schema):
    id: int
    slug: str
    name: str
    type: str


class MeOut(Schema):
    id: int
    email: str
    name: str
    title: str
    organisation: OrganisationRef | None
    authenticated_by: str = Field(description='"token" or "session"')


class ApiTokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters of the token, for recognition.")
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None
    is_usable: bool


class ApiTokenCreatedOut(ApiTokenOut):
    token: str = Field(description="The token itself. Shown this once; it is not stored.")


class ApiTokenIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    expires_at: datetime | None = None


def _user(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


@router.get("", response={200: MeOut, 401: ErrorOut}, summary="Who am I")
def me(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    organisation = user.organisation
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.name,
        "title": user.title,
        "organisation": organisation,
        "authenticated_by": "token" if getattr(request, REQUEST_TOKEN_ATTR, None) else "session",
    }


@router.get("/tokens", response={200: list[ApiTokenOut], 401: ErrorOut}, summary="My API tokens")
@paginate(PageNumberPagination)
def token_list(request: HttpRequest) -> Any:
    return api_tokens_of(user=_user(request))


@router.post(
    "/tokens",
    response={201: ApiTokenCreatedOut, 400: ErrorOut, 401: ErrorOut, 413: ErrorOut, 422: ErrorOut},
    summary="Create an API token",
    description="Answers with the token's plaintext in `token`. It is shown this once.",
)
def token_create(request: HttpRequest, payload: ApiTokenIn) -> Status[dict[str, Any]]:
    token, plaintext = api_token_create(
        actor=_user(request), name=payload.name, expires_at=payload.expires_at
    )
    return Status(201, {**_token_dict(token), "token": plaintext})


@router.delete(
    "/tokens/{token_id}",
    response={204: None, 401: ErrorOut, 404: ErrorOut},
    summary="Revoke an API token",
)
def token_revoke(request: HttpRequest, token_id: int) -> Status[None]:
    user = _user(request)
    token = api_token_of(user=user, token_id=token_id)
    if token is None:
        raise Http404
    api_token_revoke(actor=user, token=token)
    return Status(204, None)


def _token_dict(token: ApiToken) -> dict[str, Any]:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "expires_at": token.expires_at,
        "revoked_at": token.revoked_at,
        "is_usable": token.is_usable,
    }
