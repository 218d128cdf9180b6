"""A product's money: the economic frame per year, its funding lines, and pledges of
co-financing to single wishes (ECO-01…05, WSH-10).

What the connection agreements contribute is never stored here: it is computed from the
agreements in force during the year (selectors.py). What is committed is computed from the
wishes that were approved or started against the frame (``Wish.committed_frame``).
Every amount is a Decimal with two decimals.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MONEY_DIGITS = 12
ZERO = Decimal("0.00")


def money_field(verbose_name: Any, **extra: Any) -> Any:
    """A DKK amount: Decimal, two decimals, never negative."""
    return models.DecimalField(
        verbose_name,
        max_digits=MONEY_DIGITS,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
        **extra,
    )


class EconomicFrame(models.Model):
    """The money a product has for one year (ECO-01), set by the steering group (ECO-02).

    The frame is the connection agreements' contributions (computed) plus the other funding
    lines, less the part of the contributions that pays a paid product coordinator (ECO-05).
    ``coordination_group_limit`` is the part the coordination group may commit on its own
    mandate; beyond it a wish goes to the steering group (WSH-04)."""

    product = models.ForeignKey(
        "catalogue.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="economic_frames",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    coordination_group_limit = money_field(
        _("the coordination group's own limit (DKK)"),
        default=ZERO,
        help_text=_("The part of the frame the coordination group may commit on its own."),
    )
    note = models.TextField(_("note"), blank=True, default="")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Raised by every change: an editor who loaded an older version is refused (no silent
    # overwrite).
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("economic frame")
        verbose_name_plural = _("economic frames")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "year"], name="one_frame_per_product_year"),
            models.CheckConstraint(
                condition=Q(coordination_group_limit__gte=0),
                name="frame_limit_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.year}"


class FundingLineKind(models.TextChoices):
    OTHER = "other", _("Other funding")
    # ECO-05: taken from the connection agreements' contributions, not added to them.
    PRODUCT_COORDINATOR = (
        "product_coordinator",
        _("Paid product coordinator (funded from the connection agreements)"),
    )


class FundingLine(models.Model):
    """One line of a frame besides the contributions: other funding (added to the frame),
    or the paid product coordinator (ECO-05), which is taken from the contributions and so
    is not available for wishes."""

    frame = models.ForeignKey(
        EconomicFrame,
        verbose_name=_("economic frame"),
        on_delete=models.CASCADE,
        related_name="funding_lines",
    )
    kind = models.CharField(
        _("kind"), max_length=32, choices=FundingLineKind.choices, default=FundingLineKind.OTHER
    )
    label = models.CharField(_("label"), max_length=200)
    amount = money_field(_("amount (DKK)"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_line_not_negative"),
            models.UniqueConstraint(
                fields=["frame"],
                condition=Q(kind="product_coordinator"),
                name="one_product_coordinator_line_per_frame",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.amount}"

    @property
    def adds_to_frame(self) -> bool:
        return self.kind == FundingLineKind.OTHER


class PledgeState(models.TextChoices):
    PLEDGED = "pledged", _("Pledged")
    COMMITTED = "committed", _("Committed")  # the wish started: the money is spent on it
    WITHDRAWN = "withdrawn", _("Withdrawn")
    RELEASED = "released", _("Released")  # the wish was closed or rejected


class Pledge(models.Model):
    """Co-financing a municipality promises to one wish (WSH-10): who pledged, how much, on
    which conditions. It becomes a commitment when the wish starts."""

    wish = models.ForeignKey(
        "wishes.Wish", verbose_name=_("wish"), on_delete=models.PROTECT, related_name="pledges"
    )
    organisation = models.ForeignKey(
        "organisation.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="pledges",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pledged by"),
        on_delete=models.PROTECT,
        related_name="pledges",
    )
    amount = money_field(_("amount (DKK)"))
    conditions = models.TextField(_("conditions"), blank=True, default="")
    state = models.CharField(
        _("state"), max_length=16, choices=PledgeState.choices, default=PledgeState.PLEDGED
    )
    committed_on = models.DateField(_("committed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("pledged"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="pledge_amount_positive"),
        ]
        indexes = [models.Index(fields=["wish", "state"])]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.amount}"
