"""Background jobs: the outcome is recorded, progress is visible while running, and only the
person who started a job sees it."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from os2gov.core.jobs import JobFailed, Progress, job_progress, start_job
from os2gov.core.models import Job, JobState

RESULT = "core/includes/job_result.html"  # lists result["lines"]


@pytest.fixture
def person() -> Any:
    return get_user_model().objects.create_user(email="importer@example.org", password="x" * 20)


@pytest.fixture(autouse=True)
def _clean_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def _start(person: Any, work: Any) -> Job:
    return start_job(
        kind="test", title="Test import", actor=person, work=work, result_template=RESULT
    )


@pytest.mark.django_db
def test_a_finished_job_keeps_what_the_work_returned(person: Any) -> None:
    def work(progress: Progress) -> dict[str, Any]:
        progress(1, 2)
        progress(2, 2)
        return {"imported": 2}

    job = _start(person, work)
    assert job.state == JobState.SUCCEEDED
    assert job.result == {"imported": 2}
    assert job.started_at is not None and job.finished_at is not None
    assert job_progress(job).done == 2


@pytest.mark.django_db
def test_a_failed_job_keeps_its_message_and_what_was_read(person: Any) -> None:
    def work(progress: Progress) -> dict[str, Any]:
        raise JobFailed("Line 3: no ID column.", {"rows": 3})

    job = _start(person, work)
    assert job.state == JobState.FAILED
    assert job.error == "Line 3: no ID column."
    assert job.result == {"rows": 3}


@pytest.mark.django_db
def test_an_unexpected_error_stops_the_job_with_a_general_message(person: Any) -> None:
    def work(progress: Progress) -> dict[str, Any]:
        raise RuntimeError("boom")

    with translation.override("en"):
        job = _start(person, work)
    assert job.state == JobState.FAILED
    assert "unexpected error" in job.error
    assert "boom" not in job.error


def test_progress_never_reads_100_percent_before_the_end() -> None:
    Progress(991)(10, 10)
    job = Job(pk=991)
    assert job_progress(job).percent == 99
    Progress(991)(5, 10)
    assert job_progress(job).percent == 50
    Progress(991)(5)
    assert job_progress(job).percent is None


@pytest.mark.django_db
def test_the_status_part_polls_while_running_and_stops_when_ended(person: Any) -> None:
    job = Job.objects.create(
        kind="test", title="Running", created_by=person, result_template=RESULT
    )
    job.state = JobState.RUNNING
    job.save()
    Progress(job.pk)(3, 12, "reading")
    client = Client()
    client.force_login(person)
    client.cookies["os2gov_language"] = "en"
    running = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in running
    assert "3 of 12 done" in running and "reading" in running
    Job.objects.filter(pk=job.pk).update(
        state=JobState.FAILED, error="Stopped: bad file.", result={"lines": ["Line 4: no mark."]}
    )
    ended = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "hx-trigger" not in ended
    assert "Stopped: bad file." in ended
    assert "Line 4: no mark." in ended
    assert "Line 4: no mark." in ended


@pytest.mark.django_db
def test_only_the_person_who_started_a_job_sees_it(person: Any) -> None:
    job = _start(person, lambda progress: {})
    other = get_user_model().objects.create_user(email="other@example.org", password="y" * 20)
    client = Client()
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 302  # to login
    client.force_login(other)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:status", args=[job.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
@override_settings(JOBS_RUN_INLINE=False)
def test_outside_the_tests_a_job_runs_in_its_own_thread(person: Any) -> None:
    release = threading.Event()

    def work(progress: Progress) -> dict[str, Any]:
        progress(1, 4)
        release.wait(10)
        return {"done": True}

    job = _start(person, work)
    worker = next(t for t in threading.enumerate() if t.name == f"job-{job.pk}")
    assert job.state == JobState.QUEUED  # the request returned before the work ended
    release.set()
    worker.join(10)
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert job.result == {"done": True}
