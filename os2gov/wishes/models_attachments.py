"""Files attached to a development wish: screenshots, specifications, an estimate. Only
services/attachments.py writes these rows. A removed attachment leaves the wish page but
keeps its row (and file): the timeline and the audit trail still name it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from os2gov.wishes.models import Wish


def attachment_path(instance: WishAttachment, filename: str) -> str:
    # Stored under the product and the wish; the storage makes the name unique.
    wish: Wish = instance.wish
    return f"wishes/attachments/{wish.product_id}/{wish.pk}/{get_valid_filename(filename)}"


class WishAttachmentQuerySet(models.QuerySet["WishAttachment"]):
    def shown(self) -> WishAttachmentQuerySet:
        """The attachments the wish page lists: not removed, oldest first, with the
        uploader (one query)."""
        return self.filter(removed_at__isnull=True).select_related("uploaded_by")


class WishAttachment(models.Model):
    wish = models.ForeignKey(
        "wishes.Wish",
        verbose_name=_("wish"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = WishAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["wish", "removed_at"])]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None
