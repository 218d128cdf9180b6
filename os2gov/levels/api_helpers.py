"""What the level API modules share: the error responses they declare, the product lookup
and how a field error, a stale edit and a body's decision travel."""

# No `from __future__ import annotations`: ninja reads the schemas' annotations at import.
from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Schema, Status

from os2gov.catalogue.models import Product
from os2gov.core.api import ERROR_RESPONSES, ErrorOut, error_body
from os2gov.core.errors import StaleEditError

READ_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {**ERROR_RESPONSES, 409: ErrorOut}


def product_or_404(slug: str) -> Product:
    return get_object_or_404(Product, slug=slug)


def field_error(field: str, message: str, code: str) -> ValidationError:
    """A 422 on ``field``, as the services raise them."""
    return ValidationError({field: ValidationError(message, code=code)})


def stale(error: StaleEditError) -> Status[dict[str, Any]]:
    """Changed since the caller read it: 409, on no field in particular."""
    return Status(409, error_body(error.messages[0]))


def decision_fields(payload: Any) -> dict[str, Any]:
    """The day and manner of the body's decision, as the services take them."""
    return {
        "decided_on": payload.decided_on,
        "method": payload.method,
        "meeting_reference": payload.meeting_reference,
    }
