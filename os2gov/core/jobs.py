"""Run long work — imports of many rows or files — as a background job with progress.

``start_job`` records a :class:`Job` and runs ``work(progress)`` after the request's
transaction has committed: in a thread of its own, or at once when the setting
``JOBS_RUN_INLINE`` is true (the test settings, where each test is one transaction).
The work keeps its own all-or-nothing transaction, so the progress it reports goes to
the cache, which the job page polls; the outcome (the work's result, or why it stopped)
is written to the job row when it ends.

The work raises :class:`JobFailed` to stop with a message the person can act on; any
other exception stops the job with a generic message and is logged.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from os2gov.core.models import Job, JobState

logger = logging.getLogger(__name__)

PROGRESS_TIMEOUT = 24 * 60 * 60  # seconds a finished job's last progress stays readable


class JobFailed(Exception):
    """The work stopped for a reason the person can act on; ``result`` says what was read."""

    def __init__(self, message: str, result: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.result = result or {}


def _progress_key(job_id: int) -> str:
    return f"job:{job_id}:progress"


@dataclass(frozen=True)
class Progress:
    """Handed to the work: call it with how far it has come."""

    job_id: int

    def __call__(self, done: int, total: int | None = None, note: str = "") -> None:
        cache.set(
            _progress_key(self.job_id),
            {"done": done, "total": total, "note": note},
            PROGRESS_TIMEOUT,
        )


@dataclass(frozen=True)
class JobProgress:
    done: int
    total: int | None
    note: str

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        # Never 100 before the job has ended: the last rows may still be committing.
        return min(99, self.done * 100 // self.total)


def job_progress(job: Job) -> JobProgress:
    value = cache.get(_progress_key(job.pk)) or {}
    return JobProgress(
        done=int(value.get("done") or 0),
        total=value.get("total"),
        note=str(value.get("note") or ""),
    )


Work = Callable[[Progress], dict[str, Any]]


def _finish(job_id: int, *, state: str, result: dict[str, Any], error: str = "") -> None:
    Job.objects.filter(pk=job_id).update(
        state=state, result=result, error=error, finished_at=timezone.now()
    )


def _run(job_id: int, work: Work) -> None:
    Job.objects.filter(pk=job_id).update(state=JobState.RUNNING, started_at=timezone.now())
    try:
        result = work(Progress(job_id))
    except JobFailed as failure:
        _finish(job_id, state=JobState.FAILED, result=failure.result, error=failure.message)
    except Exception:
        logger.exception("Background job %s stopped", job_id)
        _finish(
            job_id,
            state=JobState.FAILED,
            result={},
            error=_("The job stopped because of an unexpected error. Nothing was written."),
        )
    else:
        _finish(job_id, state=JobState.SUCCEEDED, result=result)


def _run_in_thread(job_id: int, work: Work) -> None:
    try:
        close_old_connections()
        _run(job_id, work)
    finally:
        # Connections are per thread: close this thread's so none is left open.
        connections.close_all()


def start_job(
    *,
    kind: str,
    title: str,
    actor: Any,
    work: Work,
    result_template: str,
    back_url: str = "",
) -> Job:
    """Record a job started by ``actor`` and run ``work`` once the current transaction
    commits. The work checks the mandates itself, through the services it calls."""
    job = Job.objects.create(
        kind=kind,
        title=title[:300],
        created_by=actor,
        result_template=result_template,
        back_url=back_url,
    )
    if getattr(settings, "JOBS_RUN_INLINE", False):
        _run(job.pk, work)
        job.refresh_from_db()
        return job

    def launch() -> None:
        thread = threading.Thread(
            target=_run_in_thread, args=(job.pk, work), name=f"job-{job.pk}", daemon=True
        )
        thread.start()

    transaction.on_commit(launch)
    return job
