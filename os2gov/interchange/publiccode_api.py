"""publiccode.yml in and out through the API (/api/v1/interchange/…), PRD-08.

``POST /interchange/publiccode`` takes a publiccode.yml document as the request body
(``application/yaml``) and imports it, the same way and with the same checks as the command
and the upload page: 201 for a new product (registered in the sandbox), 200 for an updated
or unchanged one; 422 with ``errors`` naming each field path (``legal.license``) when the
document is invalid or the catalogue refuses it, and nothing is written; 403 naming who
holds the mandate. ``GET /interchange/publiccode/{slug}`` answers the product's
publiccode.yml (version 0.4), public like the product itself.
"""

# No `from __future__ import annotations`: ninja reads the parameter annotations at import.
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from os2gov.accounts.auth import api_auth
from os2gov.catalogue.models import Product
from os2gov.core.api import ERROR_RESPONSES, ErrorOut, error_body
from os2gov.interchange.publiccode.exporter import ExportInvalid, export_publiccode
from os2gov.interchange.publiccode.importer import Outcome, import_document
from os2gov.interchange.publiccode.reader import InvalidPubliccode, Problem, read_publiccode

router = Router(tags=["interchange"])

YAML_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/yaml": {
                "schema": {"type": "string", "description": "A publiccode.yml document."}
            }
        },
    }
}
YAML_RESPONSE = {
    "responses": {
        200: {
            "description": "The product's publiccode.yml, version 0.4.",
            "content": {"application/yaml": {"schema": {"type": "string"}}},
        }
    }
}


class PubliccodeImportOut(Schema):
    outcome: str = Field(description="imported (a new product), updated or unchanged.")
    product: str = Field(description="The slug of the product.")
    product_name: str
    warnings: list[str] = Field(
        description="Unknown keys and a missing or unsupported publiccodeYmlVersion."
    )


def _invalid(problems: list[Problem]) -> dict[str, Any]:
    return error_body(
        _("The publiccode.yml document is invalid; nothing was imported."),
        [
            {
                "field": problem.path or "body",
                "message": problem.message
                + (f" (line {problem.line})" if problem.line is not None else ""),
            }
            for problem in problems
        ],
    )


@router.post(
    "/publiccode",
    response={200: PubliccodeImportOut, 201: PubliccodeImportOut, **ERROR_RESPONSES},
    auth=api_auth,
    summary="Import a publiccode.yml document",
    operation_id="publiccode_import",
    openapi_extra=YAML_BODY,
)
def import_publiccode(request: HttpRequest) -> Any:
    """The body is the publiccode.yml itself. A product with the document's repository URL
    is updated; otherwise a product is registered in the sandbox (the secretariat). 422
    names each invalid field by its path; 403 names who may import."""
    try:
        document = read_publiccode(request.body)
    except InvalidPubliccode as invalid:
        return Status(422, _invalid(invalid.problems))
    try:
        outcome = import_document(actor=request.user, document=document)
    except InvalidPubliccode as invalid:
        return Status(422, _invalid(invalid.problems))
    body = {
        "outcome": outcome.outcome.value,
        "product": outcome.product_slug,
        "product_name": outcome.product_name,
        "warnings": outcome.warnings,
    }
    return Status(201 if outcome.outcome == Outcome.IMPORTED else 200, body)


@router.get(
    "/publiccode/{slug}",
    response={401: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    auth=None,
    summary="A product's publiccode.yml",
    operation_id="publiccode_export",
    openapi_extra=YAML_RESPONSE,
)
def get_publiccode(request: HttpRequest, slug: str) -> Any:
    """Version 0.4, checked against the schema; 409 names the fields the product lacks for
    a valid document."""
    product = get_object_or_404(Product, slug=slug)
    try:
        text = export_publiccode(product)
    except ExportInvalid as invalid:
        return Status(
            409,
            error_body(
                _("The product lacks what a valid publiccode.yml needs."),
                [{"field": p.path or "body", "message": p.message} for p in invalid.problems],
            ),
        )
    return HttpResponse(text, content_type="application/yaml; charset=utf-8")
