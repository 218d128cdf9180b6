"""Background jobs: long imports run outside the request and show their progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Stopped")


class Job(models.Model):
    """One run of a long piece of work, such as an import, started by a person.

    The work itself runs in one transaction, so its progress cannot be read from the
    database while it runs; it is reported through the cache (see ``os2gov.core.jobs``).
    Only the outcome is written here."""

    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=16, choices=JobState.choices, default=JobState.QUEUED
    )
    # The template that renders ``result`` when the job has ended, and where to go next.
    result_template = models.CharField(_("result template"), max_length=200)
    back_url = models.CharField(_("back to"), max_length=500, blank=True, default="")
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def has_ended(self) -> bool:
        return self.state in (JobState.SUCCEEDED, JobState.FAILED)
