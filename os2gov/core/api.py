"""The API object and its error contract.

Every error body has the same shape, declared in the schema as ``ErrorOut``:
``{"detail": "<one sentence>", "errors": [{"field": "...", "message": "..."}]}``.
Validation errors answer 422 and name each field; a body that is not JSON answers 400;
a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE answers 413; missing, unknown, revoked or
expired credentials answer 401.

Authentication: protected endpoints use ``os2gov.accounts.auth.api_auth`` (personal API
token or browser session). Public endpoints use ``auth=None``. ``OS2govAPI`` wraps every
URL of the API so that a request presenting an Authorization header that does not
identify anyone gets 401 even on a public endpoint: a client with a bad token must learn
it. The check sits at the URL level (not in each endpoint's auth) because ninja runs no
auth callbacks on public endpoints, and so that no router can forget it.
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from asgiref.sync import sync_to_async
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from os2gov.accounts.auth import InvalidCredentials, bearer_token_from

logger = logging.getLogger(__name__)

BODY_LOCATIONS = {"query", "path", "body", "header", "cookie", "form", "file"}


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


# Declare these on every operation: response={200: X, **ERROR_RESPONSES} or a subset.
ERROR_RESPONSES: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
}


def error_body(detail: str, errors: Iterable[dict[str, str]] = ()) -> dict[str, Any]:
    return {"detail": str(detail), "errors": list(errors)}


def _field_name(location: tuple[Any, ...]) -> str:
    # Ninja prefixes the location with where the value came from ("query", "body"...)
    # and the schema's parameter name; the user cares about the field itself.
    parts = [str(part) for part in location]
    if parts and parts[0] in BODY_LOCATIONS:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in {"payload", "filters", "data"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


def _django_validation_errors(exc: DjangoValidationError) -> list[dict[str, str]]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": "body", "message": message} for message in exc.messages]


class OS2govAPI(NinjaAPI):
    """NinjaAPI whose every URL speaks the error contract (see the module docstring)."""

    def error_response(
        self,
        request: HttpRequest,
        status: int,
        detail: str,
        errors: Iterable[dict[str, str]] = (),
    ) -> HttpResponse:
        response = self.create_response(request, error_body(detail, errors), status=status)
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="OS2gov"'
        return response

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls: list[URLResolver | URLPattern] = []
        for pattern in super()._get_urls():
            if isinstance(pattern, URLPattern):
                pattern = URLPattern(
                    pattern.pattern,
                    self._guard(pattern.callback),
                    pattern.default_args,
                    pattern.name,
                )
            urls.append(pattern)
        # Unknown paths below /api/v1/ answer with the error body too, not an HTML page.
        urls.append(path("<path:unknown>", self._guard(self._unknown_path), name="api-unknown"))
        return urls

    def _unknown_path(self, request: HttpRequest, unknown: str) -> HttpResponse:
        return self.error_response(request, 404, _("Not found."))

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        try:
            bearer_token_from(request)
        except InvalidCredentials:
            return self.error_response(
                request, 401, _("The API token is unknown, revoked or expired.")
            )
        return None

    def _finish(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        # Ninja answers a method it does not route with a plain-text 405.
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            refused = self.error_response(request, 405, _("This method is not allowed here."))
            refused["Allow"] = allowed
            return refused
        return response

    def _guard(self, view: Callable[..., Any]) -> Callable[..., Any]:
        if inspect.iscoroutinefunction(view):

            @functools.wraps(view)
            async def async_guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
                refusal = await sync_to_async(self._refusal)(request)
                if refusal is not None:
                    return refusal
                return self._finish(request, await view(request, *args, **kwargs))

            async_guarded.csrf_exempt = True  # type: ignore[attr-defined]
            return async_guarded

        @functools.wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            refusal = self._refusal(request)
            if refusal is not None:
                return refusal
            return self._finish(request, view(request, *args, **kwargs))

        # Ninja's views skip Django's CSRF middleware; the session auth checks CSRF itself.
        guarded.csrf_exempt = True  # type: ignore[attr-defined]
        return guarded


def build_api() -> NinjaAPI:
    api = OS2govAPI(
        title="OS2gov API",
        version="1",
        description=(
            "Read and change OS2 governance data. Authenticate with a browser session or a "
            "personal API token (`Authorization: Bearer <token>`, created under *My account*). "
            "Every error has the same body: `detail`, a sentence, and `errors`, a list of "
            "`{field, message}` naming each invalid field (422). A body that is not JSON "
            "answers 400, a body that is too large 413, and missing or bad credentials 401 "
            "(also on public endpoints when a bad token is sent)."
        ),
        urls_namespace="api",
        openapi_url="/openapi.json",
        docs_url="/docs",
        # Served from ninja's own static files; the online validator badge would call a
        # third-party host, so it is switched off.
        docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    )

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {"field": _field_name(tuple(item.get("loc", ()))), "message": item.get("msg", "")}
            for item in exc.errors
        ]
        return api.error_response(request, 422, _("The request has invalid fields."), errors)

    @api.exception_handler(DjangoValidationError)
    def model_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return api.error_response(
            request, 422, _("The request has invalid fields."), _django_validation_errors(exc)
        )

    @api.exception_handler(json.JSONDecodeError)
    def parse_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.error_response(request, 400, _("The request body is not valid JSON."))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.error_response(request, 413, _("The request body is too large."))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.error_response(
            request, 401, _("Authentication required: log in or send a valid API token.")
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.error_response(request, 403, str(exc) or _("You may not do this."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.error_response(request, 404, _("Not found."))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
            # Ninja wraps a body it cannot parse (bad JSON, bad UTF-8) in HttpError(400).
            return api.error_response(request, 400, _("The request body is not valid JSON."))
        if exc.status_code == 403 and "CSRF" in str(exc):
            return api.error_response(
                request, 403, _("The CSRF check failed: send the X-CSRFToken header.")
            )
        return api.error_response(request, exc.status_code, str(exc))

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Logged with its traceback and signalled like any unhandled error (the test
        # client re-raises it), but the client still gets the documented body.
        logger.exception("Unhandled error in %s %s", request.method, request.path)
        got_request_exception.send(sender=None, request=request)
        return api.error_response(request, 500, _("An unexpected error occurred."))

    from os2gov.accounts.api import router as accounts_router
    from os2gov.authority.api import router as authority_router
    from os2gov.catalogue.api import router as catalogue_router
    from os2gov.economy.api import router as economy_router
    from os2gov.governance.api import bodies_router, decisions_router, groups_router
    from os2gov.interchange.publiccode_api import router as publiccode_router
    from os2gov.interchange.report_api import router as report_router
    from os2gov.levels.api import router as levels_router
    from os2gov.levels.decision_api import router as levels_decision_router
    from os2gov.levels.model_api import router as levels_model_router
    from os2gov.organisation.api import router as organisation_router
    from os2gov.wishes.api import router as wishes_router
    from os2gov.wishes.api_editing import router as wishes_editing_router
    from os2gov.wishes.api_lists import router as wishes_lists_router

    api.add_router("/organisations", organisation_router)
    api.add_router("/products", catalogue_router)
    api.add_router("/me", accounts_router)
    api.add_router("/mandates", authority_router)
    api.add_router("/bodies", bodies_router)
    api.add_router("/groups", groups_router)
    api.add_router("/decisions", decisions_router)
    api.add_router("/levels", levels_router)
    api.add_router("/levels", levels_model_router)
    api.add_router("/levels", levels_decision_router)
    api.add_router("/wishes", wishes_editing_router)
    api.add_router("/wishes", wishes_lists_router)
    api.add_router("/wishes", wishes_router)
    api.add_router("/economy", economy_router)
    api.add_router("/interchange", publiccode_router)
    api.add_router("/interchange", report_router)
    return api
