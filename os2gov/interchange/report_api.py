"""Governance reports in and out through the API (/api/v1/interchange/…).

``GET /products/{slug}/governance-report`` is the product's report in the emoji layout
(Markdown, public like the answers on the product's level page). ``POST`` to the same path
imports a report (a multipart upload, field ``file``) as the product's answers, under the
same rules as the command and the upload page: 403 names the mandate's holder, 422 names
each problem with its line number under the field ``file``, and then nothing is written.
``dry_run=true`` checks the report and writes nothing.
"""

# No `from __future__ import annotations`: ninja reads the parameter annotations at import.
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from os2gov.accounts.auth import api_auth
from os2gov.authority import service as authority
from os2gov.catalogue.models import Product
from os2gov.core.api import ERROR_RESPONSES, ErrorOut
from os2gov.interchange.reports.exporter import export_governance_report
from os2gov.interchange.reports.importer import import_governance_report
from os2gov.interchange.reports.reader import ReportFileError
from os2gov.levels.services.answers import ANSWER_ACTION

router = Router(tags=["interchange"])

MAX_REPORT_SIZE = 2 * 1024 * 1024


class MarkCountOut(Schema):
    status: str
    label: str
    count: int


class GovernanceReportImportOut(Schema):
    product: str
    file: str
    dry_run: bool
    written: bool
    layout: str
    model_version: int | None
    rows: int
    counts: list[MarkCountOut]
    created: list[str]
    changed: list[str]
    unchanged: list[str]
    not_answered: list[str]
    computed: list[str]
    notes: list[str]
    warnings: list[str]
    document_info: dict[str, str]


@router.get(
    "/products/{slug}/governance-report",
    response={404: ErrorOut},
    auth=None,
    summary="The product's governance report (Markdown, emoji layout)",
    operation_id="governance_report_export",
    openapi_extra={
        "responses": {
            200: {
                "description": "The report as Markdown.",
                "content": {"text/markdown": {"schema": {"type": "string"}}},
            }
        }
    },
)
def export_report(request: HttpRequest, slug: str) -> Any:
    """The product's answers to the current level model, one table per theme."""
    product = get_object_or_404(Product, slug=slug)
    return HttpResponse(
        export_governance_report(product), content_type="text/markdown; charset=utf-8"
    )


@router.post(
    "/products/{slug}/governance-report",
    response={200: GovernanceReportImportOut, **ERROR_RESPONSES},
    auth=api_auth,
    summary="Import a governance report as the product's answers (the tovholder)",
    operation_id="governance_report_import",
)
def import_report(
    request: HttpRequest, slug: str, file: File[UploadedFile], dry_run: bool = False
) -> Any:
    """Read the uploaded Markdown report into the product's answers. 403 names the
    mandate's holder; 422 lists every problem (`field` "file", the message naming the
    line); nothing is written then. An import that changes nothing writes nothing."""
    product = get_object_or_404(Product, slug=slug)
    authority.require(request.user, ANSWER_ACTION, product=product)
    if (file.size or 0) > MAX_REPORT_SIZE:
        raise ValidationError(
            {
                "file": [
                    _("A governance report can be at most %(limit)s MB.")
                    % {"limit": MAX_REPORT_SIZE // 1024 // 1024}
                ]
            }
        )
    try:
        report = import_governance_report(
            product=product,
            data=file.read(),
            actor=request.user,
            file_name=(file.name or "")[:200],
            dry_run=dry_run,
        )
    except ReportFileError as error:
        raise ValidationError({"file": [str(error)]}) from None
    if report.errors:
        raise ValidationError({"file": [str(problem) for problem in report.errors]})
    return report.as_result()
