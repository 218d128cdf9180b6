"""The API object and its error contract.

Every error body has the same shape, declared in the schema as ``ErrorOut``:
``{"detail": "<one sentence>", "errors": [{"field": "...", "message": "..."}]}``.
Validation errors answer 422 and name each field.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


def _error(api: NinjaAPI, request: HttpRequest, status: int, detail: str, errors: Any = ()):
    return api.create_response(request, {"detail": detail, "errors": list(errors)}, status=status)


def _field_name(location: tuple[Any, ...]) -> str:
    # Ninja prefixes the location with where the value came from ("query", "body"...)
    # and the schema's parameter name; the user cares about the field itself.
    parts = [str(part) for part in location]
    if parts and parts[0] in {"query", "path", "body", "header", "cookie", "form"}:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in {"payload", "filters", "data"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="OS2gov API",
        version="1",
        description=(
            "Read and change OS2 governance data. Authenticate with a browser session or a "
            "personal API token (`Authorization: Bearer <token>`). Errors share one body: "
            "`detail` and, for validation errors (422), `errors` naming each field."
        ),
        urls_namespace="api",
        openapi_url="/openapi.json",
        docs_url="/docs",
    )

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {"field": _field_name(tuple(item.get("loc", ()))), "message": item.get("msg", "")}
            for item in exc.errors
        ]
        return _error(api, request, 422, _("The request has invalid fields."), errors)

    @api.exception_handler(json.JSONDecodeError)
    def parse_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        return _error(api, request, 400, _("The request body is not valid JSON."))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
        return _error(api, request, 413, _("The request body is too large."))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return _error(api, request, 401, _("Authentication failed: log in or send a valid token."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return _error(api, request, 403, str(exc) or _("You may not do this."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return _error(api, request, 404, _("Not found."))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return _error(api, request, exc.status_code, str(exc))

    from os2gov.accounts.api import router as accounts_router
    from os2gov.organisation.api import router as organisation_router

    api.add_router("/organisations", organisation_router)
    api.add_router("/me", accounts_router)
    return api
