"""The page of a background job: its progress while it runs, its outcome when it ends.

Only the person who started a job sees it; to everyone else it does not exist (404)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from os2gov.core.jobs import job_progress
from os2gov.core.models import Job


def _context(request: HttpRequest, pk: int) -> dict[str, object]:
    job = get_object_or_404(Job, pk=pk, created_by=request.user)
    return {"job": job, "progress": job_progress(job)}


@require_safe
@login_required
@never_cache
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "core/job.html", _context(request, pk))


@require_safe
@login_required
@never_cache
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    # The part of the page htmx swaps in every second while the job runs.
    return render(request, "core/includes/job_status.html", _context(request, pk))


app_name = "jobs"
urlpatterns = [
    path("<int:pk>/", job_page, name="detail"),
    path("<int:pk>/status/", job_status, name="status"),
]
