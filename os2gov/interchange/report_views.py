"""Governance-report import (upload with progress) and export pages.

The upload page is the tovholder's (``criteria.answer``, the same mandate as answering a
criterion on the product's level page): the mandate is checked before the file is read. The
file is read and checked at once, so that a file that is no report, a row that cannot be
read or an answer that breaks a criterion's rules is a form error naming its line; a report
that passes is imported as a background job, whose page shows the progress and then what
was read. The export is public, like the answers on the product's level page (COM-02).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from os2gov.authority import service as authority
from os2gov.authority.service import MandateRefused
from os2gov.catalogue.models import Product
from os2gov.core.jobs import JobFailed, Progress, start_job
from os2gov.governance.forms import DKFDSForm
from os2gov.interchange.reports.exporter import export_governance_report
from os2gov.interchange.reports.importer import import_governance_report
from os2gov.interchange.reports.reader import ReportFileError
from os2gov.levels.services.answers import ANSWER_ACTION

MAX_REPORT_SIZE = 2 * 1024 * 1024  # a report is a few pages of Markdown
SHOWN_PROBLEMS = 50
RESULT_TEMPLATE = "interchange/reports/result.html"


class ReportUploadForm(DKFDSForm):
    file = forms.FileField(
        label=gettext_lazy("Governance report"),
        help_text=gettext_lazy(
            "The Markdown file (.md) with the criteria tables, as kept in the product's repository."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_REPORT_SIZE:
            raise forms.ValidationError(
                _("The file is %(size)s MB; a governance report can be at most %(limit)s MB.")
                % {
                    "size": f"{upload.size / 1024 / 1024:.1f}",
                    "limit": MAX_REPORT_SIZE // 1024 // 1024,
                },
                code="too_large",
            )
        return upload


def _crumbs(product: Product, label: str) -> list[dict[str, str]]:
    return [
        {"label": _("Products"), "url": reverse("products:list")},
        {"label": product.name, "url": reverse("products:detail", args=[product.slug])},
        {"label": label},
    ]


def _problems(messages: list[str]) -> list[str]:
    if len(messages) <= SHOWN_PROBLEMS:
        return messages
    more = _("… and %(count)s more problems.") % {"count": len(messages) - SHOWN_PROBLEMS}
    return [*messages[:SHOWN_PROBLEMS], more]


def _import_work(product_pk: int, data: bytes, actor: Any, file_name: str, language: str) -> Any:
    """The job's work: everything it needs is given, nothing is read from the request."""

    def work(progress: Progress) -> dict[str, Any]:
        with translation.override(language):
            product = Product.objects.get(pk=product_pk)
            try:
                report = import_governance_report(
                    product=product, data=data, actor=actor, file_name=file_name, progress=progress
                )
            except (ReportFileError, MandateRefused) as error:
                raise JobFailed(str(error)) from None
            result = report.as_result()
            if report.errors:
                raise JobFailed(
                    _("The report has %(count)s problems: nothing was imported.")
                    % {"count": len(report.errors)},
                    result,
                )
            return result

    return work


@login_required
@require_http_methods(["GET", "POST"])
def report_import(request: HttpRequest, slug: str) -> HttpResponse:
    product = get_object_or_404(Product, slug=slug)
    template = "interchange/reports/import.html"
    context: dict[str, Any] = {
        "product": product,
        "breadcrumbs": _crumbs(product, _("Import a governance report")),
        "export_url": reverse("interchange:report-export", args=[product.slug]),
        "compliance_url": reverse("levels:compliance", args=[product.slug]),
    }
    outcome = authority.check(request.user, ANSWER_ACTION, product=product)
    if isinstance(outcome, MandateRefused):
        context["form"] = ReportUploadForm()
        return render(request, template, {**context, "refusal": str(outcome)}, status=403)
    if request.method != "POST":
        context["form"] = ReportUploadForm()
        return render(request, template, context)
    form = ReportUploadForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, template, context, status=400)
    upload = form.cleaned_data["file"]
    upload.seek(0)
    data = upload.read()
    name = (upload.name or "")[:200]
    try:
        checked = import_governance_report(
            product=product, data=data, actor=request.user, file_name=name, dry_run=True
        )
    except MandateRefused as refusal:
        return render(request, template, {**context, "refusal": str(refusal)}, status=403)
    except ReportFileError as error:
        form.add_error("file", str(error))
        return render(request, template, context, status=400)
    if checked.errors:
        for message in _problems([str(problem) for problem in checked.errors]):
            form.add_error("file", message)
        context["notes"] = checked.as_result()["notes"]
        return render(request, template, context, status=400)
    job = start_job(
        kind="governance_report.import",
        title=_("Import of a governance report into %(product)s") % {"product": product.name},
        actor=request.user,
        work=_import_work(product.pk, data, request.user, name, translation.get_language() or "da"),
        result_template=RESULT_TEMPLATE,
        back_url=reverse("levels:compliance", args=[product.slug]),
    )
    return redirect(reverse("jobs:detail", args=[job.pk]))


@require_GET
def report_export(request: HttpRequest, slug: str) -> HttpResponse:
    product = get_object_or_404(Product, slug=slug)
    response = HttpResponse(
        export_governance_report(product), content_type="text/markdown; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="styringsrapport-{product.slug}.md"'
    return response


urlpatterns = [
    path("<slug:slug>/styringsrapport/", report_import, name="report-import"),
    path("<slug:slug>/styringsrapport.md", report_export, name="report-export"),
]
