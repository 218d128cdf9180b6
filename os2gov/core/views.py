"""Health check and the site's own error pages."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database answers a query, 503 when it does not. Needs no login."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: the database does not answer.", exc_info=True)
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else ""
    return render(request, "errors/403.html", {"message": message}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form (expired or foreign CSRF token), in the site's layout."""
    message = _(
        "The form had expired or did not come from this site. "
        "Go back, reload the page and try again."
    )
    return render(request, "errors/403.html", {"message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered with the request so the page keeps the site's layout and language. When even
    # that fails (the layout reads the session, which may be what broke), answer plainly.
    try:
        return render(request, "errors/500.html", status=500)
    except Exception:
        logger.exception("The error page itself failed; answering with plain text.")
        return HttpResponseServerError(
            _("Something went wrong. Please try again in a moment."),
            content_type="text/plain; charset=utf-8",
        )
