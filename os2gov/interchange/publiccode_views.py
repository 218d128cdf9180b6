"""publiccode.yml import (upload with progress) and export pages (PRD-08).

The upload page reads and checks every file in the request, so that a file with a problem
is refused there, naming the file, the field path and the problem, and nothing is written.
The checked files are then imported as a background job (``os2gov.core.jobs``), each its
own all-or-nothing unit, under the mandate of the person uploading; the job page shows the
progress and then the result. The export is public, like the product page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from os2gov.catalogue.models import Product
from os2gov.core.jobs import JobFailed, Progress, Work, start_job
from os2gov.governance.forms import DKFDSForm
from os2gov.interchange.publiccode.exporter import ExportInvalid, export_publiccode
from os2gov.interchange.publiccode.importer import import_files
from os2gov.interchange.publiccode.reader import MAX_FILE_SIZE, InvalidPubliccode, read_publiccode

MAX_FILES = 100
RESULT_TEMPLATE = "interchange/publiccode/result.html"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-file-input"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if not data:
            return [single(None, initial)]  # "required" when no file was chosen
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class PubliccodeUploadForm(DKFDSForm):
    publiccode = MultipleFileField(
        label=gettext_lazy("publiccode.yml files"),
        help_text=gettext_lazy(
            "One or more files, at most 100 and 1 MB each. A product is found by its "
            "repository URL (url) and updated; a new repository registers a product in the "
            "sandbox."
        ),
        error_messages={"required": gettext_lazy("Choose a publiccode.yml file to import.")},
    )

    def clean_publiccode(self) -> list[tuple[str, bytes]]:
        uploads: list[UploadedFile] = self.cleaned_data["publiccode"]
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(
                _("Choose at most %(max)s files at a time.") % {"max": MAX_FILES}, code="too_many"
            )
        documents: list[tuple[str, bytes]] = []
        errors: list[forms.ValidationError] = []
        for upload in uploads:
            name = upload.name or "publiccode.yml"
            if (upload.size or 0) > MAX_FILE_SIZE:
                errors.append(
                    forms.ValidationError(
                        _("%(file)s: the file is larger than %(size)s kB.")
                        % {"file": name, "size": MAX_FILE_SIZE // 1024},
                        code="too_large",
                    )
                )
                continue
            data = upload.read()
            try:
                read_publiccode(data)
            except InvalidPubliccode as invalid:
                errors.extend(
                    forms.ValidationError(f"{name}: {problem}", code="invalid")
                    for problem in invalid.problems
                )
                continue
            documents.append((name, data))
        if errors:
            raise forms.ValidationError(errors)
        return documents


def import_work(files: list[tuple[str, bytes]], actor: Any, language: str) -> Work:
    """The job: everything it needs is passed in, never the request."""

    def work(progress: Progress) -> dict[str, Any]:
        with translation.override(language):
            report = import_files(
                actor=actor,
                files=files,
                progress=lambda done, total, note: progress(done, total, note),
            )
            result = report.as_dict()
            if report.files and len(report.rejected) == len(report.files):
                raise JobFailed(
                    _("No file was imported: every file was rejected. Nothing was written."),
                    result,
                )
            return result

    return work


@require_http_methods(["GET", "POST"])
@login_required
def upload(request: HttpRequest) -> HttpResponse:
    bound = request.method == "POST"
    form = PubliccodeUploadForm(request.POST, request.FILES) if bound else PubliccodeUploadForm()
    if bound and form.is_valid():
        files: list[tuple[str, bytes]] = form.cleaned_data["publiccode"]
        title = (
            _("Import of %(file)s") % {"file": files[0][0]}
            if len(files) == 1
            else _("Import of %(count)s publiccode.yml files") % {"count": len(files)}
        )
        job = start_job(
            kind="publiccode.import",
            title=title,
            actor=request.user,
            work=import_work(files, request.user, translation.get_language() or "da"),
            result_template=RESULT_TEMPLATE,
            back_url=reverse("interchange:publiccode-upload"),
        )
        return redirect(reverse("jobs:detail", args=[job.pk]))
    return render(request, "interchange/publiccode/upload.html", {"form": form})


@require_safe
def export(request: HttpRequest, slug: str) -> HttpResponse:
    product = get_object_or_404(Product, slug=slug)
    try:
        text = export_publiccode(product)
    except ExportInvalid as invalid:
        return render(
            request,
            "interchange/publiccode/not_exportable.html",
            {"product": product, "problems": invalid.problems},
            status=409,
        )
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="publiccode.yml"'
    return response


urlpatterns = [
    path("publiccode/", upload, name="publiccode-upload"),
    path("publiccode/<slug:slug>/publiccode.yml", export, name="publiccode-export"),
]
