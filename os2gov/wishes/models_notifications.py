"""Notifications about development wishes, in the app and by e-mail (notifications.py
writes them), and each person's choice of how each kind reaches them: at once, or in one
daily digest."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    STATE_CHANGED = "state_changed", _("My wish changed state")
    NEW_WISH = "new_wish", _("A new wish for a product my coordination group handles")
    SUPPORTED = "supported", _("A municipality supports a wish my coordination group handles")
    RECOMMENDED = "recommended", _("A wish is recommended to my steering group")
    ORDERED = "ordered", _("A wish is ordered from my organisation")
    DELIVERY_REJECTED = "delivery_rejected", _("A delivery from my organisation is rejected")
    START_REFUSED = "start_refused", _("A start is refused for lack of economic frame")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("At once")
    DIGEST = "digest", _("In a daily digest")


# What a person gets who has not chosen: what concerns them alone, or needs a decision or
# work from them, at once; what a whole group hears of in numbers, once a day.
DEFAULT_DELIVERY: dict[str, str] = {
    NotificationKind.STATE_CHANGED: Delivery.IMMEDIATE,
    NotificationKind.NEW_WISH: Delivery.DIGEST,
    NotificationKind.SUPPORTED: Delivery.DIGEST,
    NotificationKind.RECOMMENDED: Delivery.IMMEDIATE,
    NotificationKind.ORDERED: Delivery.IMMEDIATE,
    NotificationKind.DELIVERY_REJECTED: Delivery.IMMEDIATE,
    NotificationKind.START_REFUSED: Delivery.IMMEDIATE,
}


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="wish_notifications",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    wish = models.ForeignKey(
        "wishes.Wish",
        verbose_name=_("wish"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    text = models.TextField(_("text"))
    link = models.CharField(_("link"), max_length=500, blank=True, default="")
    delivery = models.CharField(
        _("delivery"), max_length=16, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # When it went out by e-mail (at once, or in a digest); empty until then.
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["delivery", "emailed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.text[:60]}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How one kind of notification reaches one person (see DEFAULT_DELIVERY otherwise)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="wish_notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    delivery = models.CharField(_("delivery"), max_length=16, choices=Delivery.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["person", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"], name="one_notification_preference_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.kind} → {self.delivery}"
