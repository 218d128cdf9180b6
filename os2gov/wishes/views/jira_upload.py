"""The Jira CSV upload page (WSH-11): the same import as the command, with progress.

The page is for the product's coordination group (the ``wish.import`` mandate); anyone else
is told who holds it. The form checks the file and the status mapping; submitting starts a
background job (os2gov.core.jobs) that runs ``import_jira_csv`` — which checks the mandate
again and writes everything or nothing — and the job page shows its progress and then
``wishes/jira/result.html`` with what was (or, in a dry run, would be) created, updated and
left unchanged, the unknown statuses and issue types, and every row error.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from os2gov.accounts.models import User
from os2gov.authority import service as authority
from os2gov.catalogue.models import Product
from os2gov.core.jobs import JobFailed, Progress, start_job
from os2gov.wishes.forms.jira_upload import MAX_UPLOAD_SIZE, JiraUploadForm
from os2gov.wishes.jira.importer import (
    IMPORT_ACTION,
    ImportReport,
    field_label,
    import_jira_csv,
    value_label,
)
from os2gov.wishes.jira.mapping import MappingError
from os2gov.wishes.jira.parser import JiraFileError
from os2gov.wishes.models import WishState
from os2gov.wishes.views._common import get_product, product_crumbs

JOB_KIND = "wishes.jira_import"
RESULT_TEMPLATE = "wishes/jira/result.html"


def import_refusal(user: Any, product: Product) -> str | None:
    """None when ``user`` may import into the product's backlog; otherwise who may."""
    outcome = authority.check(user, IMPORT_ACTION, product=product, on=timezone.localdate())
    return str(outcome) if isinstance(outcome, authority.MandateRefused) else None


# --- what the job returns (JSON for the job row; rendered by wishes/jira/result.html) -------


def _links(product: Product) -> dict[str, str]:
    return {
        "backlog_url": reverse("wishes:backlog", args=[product.slug]),
        "upload_url": reverse("wishes:jira-upload", args=[product.slug]),
        "product": product.name,
    }


def _state_name(code: str) -> str:
    return value_label("state", code) if code in WishState.values else code


def report_result(report: ImportReport, file_name: str) -> dict[str, Any]:
    """The report as the result page shows it: plain JSON, labels in the job's language."""
    product = report.product
    issues = []
    for issue in report.issues:
        wish = issue.wish if issue.wish is not None and issue.wish.pk else None
        issues.append(
            {
                "key": issue.key,
                "row": issue.row.row,
                "outcome": str(issue.outcome),
                "title": issue.values.get("title", ""),
                "state": _state_name(str(issue.values.get("state", ""))),
                "url": (
                    reverse("wishes:detail", args=[product.slug, wish.pk])
                    if wish is not None and report.written
                    else ""
                ),
                "changes": [
                    {
                        "field": field_label(name),
                        "old": value_label(name, old),
                        "new": value_label(name, new),
                    }
                    for name, (old, new) in issue.changes.items()
                ],
                "kept": [field_label(name) for name in issue.kept],
            }
        )
    return {
        **_links(product),
        "file": file_name,
        "dry_run": report.dry_run,
        "written": report.written,
        "counts": report.counts(),
        "created": [issue for issue in issues if issue["outcome"] == "create"],
        "updated": [issue for issue in issues if issue["outcome"] == "update"],
        "kept": [issue for issue in issues if issue["kept"]],
        "unknown_statuses": [
            {"name": name, "issue_keys": keys} for name, keys in report.unknown_statuses.items()
        ],
        "unknown_types": [
            {"name": name, "issue_keys": keys} for name, keys in report.unknown_types.items()
        ],
        "errors": [
            {"row": error.row, "column": error.column, "key": error.key, "message": error.message}
            for error in report.errors
        ],
        "warnings": list(report.warnings),
    }


def import_work(
    *,
    product: Product,
    data: bytes,
    file_name: str,
    actor: User,
    status_map: dict[str, str],
    dry_run: bool,
    language: str,
) -> Any:
    """The job's work: the import, in the language of the request that started it. Given
    the bytes and the actor, never the request (it runs in a thread of its own)."""

    def work(progress: Progress) -> dict[str, Any]:
        with translation.override(language):
            try:
                report = import_jira_csv(
                    product=product,
                    data=data,
                    actor=actor,
                    status_map=status_map,
                    dry_run=dry_run,
                    progress=progress,
                )
            except authority.MandateRefused as refusal:
                raise JobFailed(
                    f"{refusal} {_('Nothing was imported.')}", _links(product)
                ) from None
            except JiraFileError as error:
                raise JobFailed(
                    _("%(file)s cannot be read as a Jira export: %(error)s Nothing was imported.")
                    % {"file": file_name, "error": error},
                    {**_links(product), "file": file_name},
                ) from None
            except MappingError as error:
                raise JobFailed(f"{error} {_('Nothing was imported.')}", _links(product)) from None
            result = report_result(report, file_name)
            if report.errors:
                raise JobFailed(
                    ngettext(
                        "%(count)s row error: nothing was imported. Correct the row and "
                        "upload the file again.",
                        "%(count)s row errors: nothing was imported. Correct the rows and "
                        "upload the file again.",
                        len(report.errors),
                    )
                    % {"count": len(report.errors)},
                    result,
                )
            return result

    return work


# --- the page -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def jira_upload(request: HttpRequest, product: str) -> HttpResponse:
    """The upload form for those who may import; the others see who may."""
    found = get_product(product)
    template = "wishes/jira/upload.html"
    context: dict[str, Any] = {
        "product": found,
        "max_size": MAX_UPLOAD_SIZE,
        "states": [(state.value, state.label) for state in WishState],
        "breadcrumbs": product_crumbs(found, (_("Import from Jira"), None)),
    }
    refusal = import_refusal(request.user, found)
    if refusal is not None:
        return render(request, template, {**context, "refusal": refusal}, status=403)
    if request.method != "POST":
        return render(request, template, {**context, "form": JiraUploadForm()})
    form = JiraUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, template, {**context, "form": form}, status=400)
    dry_run: bool = form.cleaned_data["dry_run"]
    # The job may outlive the request: it gets a user of its own, not the request's.
    actor = User.objects.get(pk=cast(int, request.user.pk))
    title = (
        _("Dry run of a Jira import into %(product)s")
        if dry_run
        else _("Jira import into %(product)s")
    ) % {"product": found.name}
    job = start_job(
        kind=JOB_KIND,
        title=title,
        actor=request.user,
        work=import_work(
            product=found,
            data=form.cleaned_data["file"],
            file_name=form.file_name,
            actor=actor,
            status_map=form.cleaned_data["status_map"],
            dry_run=dry_run,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        ),
        result_template=RESULT_TEMPLATE,
        back_url=reverse("wishes:backlog", args=[found.slug]),
    )
    return redirect(reverse("jobs:detail", args=[job.pk]))


urlpatterns: list[URLPattern] = [
    path("<slug:product>/jira-import/", jira_upload, name="jira-upload"),
]
