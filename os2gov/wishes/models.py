"""Development wishes (udviklingsønsker): what municipalities want from a product, from
intake to benefit realisation (WSH-01…12).

The states and the legal moves between them are in workflow.py; only the services in
services/ write these rows. Every change leaves a WishEvent (the wish's timeline) and an
audit event; a change made under a mandate also leaves the holder's Decision.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from os2gov.economy.models import ZERO, money_field

MAX_ASSESSMENT = 5


class WishState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    PRIORITISED = "prioritised", _("Prioritised")
    RECOMMENDED = "recommended", _("Recommended to the steering group")
    APPROVED = "approved", _("Approved by the steering group")
    REJECTED = "rejected", _("Rejected by the steering group")
    STARTED = "started", _("Started")
    IN_DELIVERY = "in_delivery", _("In delivery")
    DELIVERED = "delivered", _("Delivered")
    DELIVERY_REJECTED = "delivery_rejected", _("Delivery rejected")
    ACCEPTED = "accepted", _("Delivery accepted")
    FOLLOW_UP = "follow_up", _("Benefit follow-up")
    REALISED = "realised", _("Benefits realised")
    CLOSED = "closed", _("Closed")
    PARKED = "parked", _("Parked")


class WishCategory(models.TextChoices):
    NEW_FUNCTIONALITY = "new_functionality", _("New functionality")
    IMPROVEMENT = "improvement", _("Improvement")
    ERROR = "error", _("Error")
    MAINTENANCE = "maintenance", _("Maintenance")
    OPERATION = "operation", _("Operation")


class WishScope(models.TextChoices):
    # WSH-05: general wishes go through the coordination group; a local wish is one
    # municipality's to order and pay, shown but not prioritised by the group.
    GENERAL = "general", _("General: for all users of the product")
    LOCAL = "local", _("Local: one municipality orders and pays it")


class CloseReason(models.TextChoices):
    DUPLICATE = "duplicate", _("Duplicate of another wish")
    OUTSIDE_BUSINESS_NEED = "outside_business_need", _("Outside the business need")
    NO_BROAD_BENEFIT = "no_broad_benefit", _("No broad benefit")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECLINED = "declined", _("Declined")


def _assessment(verbose_name: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose_name,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_ASSESSMENT)],
        help_text=_("From 0 (none) to 5 (very high), as the coordination group assesses it."),
    )


class Wish(models.Model):
    product = models.ForeignKey(
        "catalogue.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="wishes",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    category = models.CharField(
        _("category"),
        max_length=32,
        choices=WishCategory.choices,
        default=WishCategory.NEW_FUNCTIONALITY,
    )
    scope = models.CharField(
        _("scope"), max_length=16, choices=WishScope.choices, default=WishScope.GENERAL
    )
    state = models.CharField(
        _("state"), max_length=32, choices=WishState.choices, default=WishState.SUBMITTED
    )
    # The state a parked wish returns to.
    parked_from = models.CharField(
        _("parked from"), max_length=32, choices=WishState.choices, blank=True, default=""
    )

    # --- who asked ---
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submitted_wishes",
    )
    submitter_municipality = models.ForeignKey(
        "organisation.Organisation",
        verbose_name=_("submitting municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submitted_wishes",
    )
    # Who reported it where no person of the platform did (e.g. a Jira reporter).
    reporter_label = models.CharField(_("reported by"), max_length=200, blank=True, default="")

    # --- links ---
    jira_key = models.CharField(
        _("Jira key"),
        max_length=50,
        blank=True,
        default="",
        help_text=_("The issue key in the product's Jira, e.g. ALFA-123."),
    )
    external_url = models.URLField(_("link"), blank=True, default="")

    # --- cost and benefit (WSH-09) ---
    estimate = money_field(_("estimate (DKK)"), null=True, blank=True)
    estimated_by = models.ForeignKey(
        "organisation.Organisation",
        verbose_name=_("estimated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    estimated_on = models.DateField(_("estimated on"), null=True, blank=True)
    expected_benefit = models.TextField(_("expected benefit"), blank=True, default="")
    expected_hours_per_year = models.DecimalField(
        _("expected hours saved per year"),
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    expected_dkk_per_year = money_field(_("expected DKK saved per year"), null=True, blank=True)

    # --- prioritisation (WSH-02) ---
    benefit_score = _assessment(_("benefit"))
    strategic_fit = _assessment(_("strategic fit"))
    urgency = _assessment(_("urgency"))
    priority_score = models.DecimalField(
        _("priority score"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    priority_components = models.JSONField(_("score components"), default=dict, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    rank_override = models.PositiveIntegerField(_("rank set by the group"), null=True, blank=True)
    rank_override_reason = models.TextField(_("reason for the rank"), blank=True, default="")

    # --- ordering and delivery (WSH-06, WSH-07, ECO-04) ---
    orderer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ordered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ordered_wishes",
    )
    delivering_supplier = models.ForeignKey(
        "catalogue.ProductSupplier",
        verbose_name=_("delivering supplier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wishes",
    )
    delivery_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approves the delivery"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wishes_to_approve",
    )
    order_reference = models.CharField(_("order reference"), max_length=200, blank=True, default="")
    invoice_reference = models.CharField(
        _("invoice reference"), max_length=200, blank=True, default=""
    )

    # --- the economy (ECO-02, WSH-04, WSH-10) ---
    committed_frame = models.ForeignKey(
        "economy.EconomicFrame",
        verbose_name=_("committed against"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committed_wishes",
    )
    # What the frame pays: the cost less the pledges (WSH-10).
    frame_commitment = money_field(_("committed from the frame (DKK)"), null=True, blank=True)
    # The mandate the money was committed under: wish.start (the coordination group's own
    # limit) or wish.approve (the steering group).
    commitment_mandate = models.CharField(
        _("committed under"), max_length=64, blank=True, default=""
    )
    approved_amount = money_field(_("approved amount (DKK)"), null=True, blank=True)
    approved_benefit = models.TextField(_("approved expected benefit"), blank=True, default="")
    approved_on = models.DateField(_("approved on"), null=True, blank=True)

    # --- dates of the way ---
    started_on = models.DateField(_("started on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)

    # --- benefit realisation (WSH-09) ---
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    realised_benefit = models.TextField(_("realised benefit"), blank=True, default="")
    realised_hours_per_year = models.DecimalField(
        _("realised hours saved per year"),
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    realised_dkk_per_year = money_field(_("realised DKK saved per year"), null=True, blank=True)
    realised_on = models.DateField(_("realised benefits recorded on"), null=True, blank=True)

    # --- closing and sprawl (WSH-12) ---
    close_reason = models.CharField(
        _("reason for closing"), max_length=32, choices=CloseReason.choices, blank=True, default=""
    )
    close_note = models.TextField(_("explanation"), blank=True, default="")
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )

    # Raised by every change, so an edit based on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("development wish")
        verbose_name_plural = _("development wishes")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "jira_key"],
                condition=~Q(jira_key=""),
                name="wish_jira_key_unique_per_product",
            ),
            models.CheckConstraint(
                condition=Q(estimate__isnull=True) | Q(estimate__gte=0),
                name="wish_estimate_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(duplicate_of__isnull=True) | ~Q(duplicate_of=F("id")),
                name="wish_not_duplicate_of_itself",
            ),
        ]
        indexes = [
            models.Index(fields=["product", "state"]),
            models.Index(fields=["product", "rank"]),
            models.Index(fields=["state", "follow_up_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_general(self) -> bool:
        return self.scope == WishScope.GENERAL

    @property
    def cost(self) -> Decimal | None:
        """What the wish costs: the approved amount once approved, else the estimate."""
        return self.approved_amount if self.approved_amount is not None else self.estimate


class DoneCriterion(models.Model):
    """One acceptance criterion of the wish's definition of DONE (WSH-06)."""

    wish = models.ForeignKey(
        Wish, verbose_name=_("wish"), on_delete=models.CASCADE, related_name="done_criteria"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("criterion"))

    class Meta:
        verbose_name = _("acceptance criterion")
        verbose_name_plural = _("definition of DONE")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["wish", "position"], name="done_criterion_position_per_wish"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Support(models.Model):
    """A municipality declares that it wants the wish too (WSH-01). One active declaration
    per municipality per wish; counts are per municipality, never per person."""

    wish = models.ForeignKey(
        Wish, verbose_name=_("wish"), on_delete=models.PROTECT, related_name="supports"
    )
    municipality = models.ForeignKey(
        "organisation.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="wish_supports",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declared by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wish_supports",
    )
    note = models.TextField(_("note"), blank=True, default="")
    expected_benefit = models.TextField(
        _("expected benefit for the municipality"), blank=True, default=""
    )
    # Moved here when the wish it was given to was closed as a duplicate (WSH-12).
    moved_from = models.ForeignKey(
        Wish,
        verbose_name=_("moved from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("declared"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["wish", "municipality"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_support_per_municipality_per_wish",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} → {self.wish}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class DeliveryReview(models.Model):
    """The coordination group's check of one delivery against DONE (WSH-08)."""

    wish = models.ForeignKey(
        Wish, verbose_name=_("wish"), on_delete=models.PROTECT, related_name="delivery_reviews"
    )
    round = models.PositiveSmallIntegerField(_("delivery round"))
    accepted = models.BooleanField(_("accepted"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_on = models.DateField(_("reviewed on"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery review")
        verbose_name_plural = _("delivery reviews")
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["wish", "round"], name="one_review_per_delivery_round")
        ]

    def __str__(self) -> str:
        return f"{self.wish} #{self.round}"


class CriterionResult(models.Model):
    review = models.ForeignKey(
        DeliveryReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="results"
    )
    criterion = models.ForeignKey(
        DoneCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    met = models.BooleanField(_("met"))
    reason = models.TextField(_("reason"), blank=True, default="")

    class Meta:
        verbose_name = _("criterion result")
        verbose_name_plural = _("criterion results")
        ordering = ["criterion__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="one_result_per_criterion_per_review"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {'met' if self.met else 'not met'}"


def _weight(verbose_name: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose_name, default=1, validators=[MaxValueValidator(10)]
    )


class PriorityWeights(models.Model):
    """How a product's coordination group weighs the components of the priority score
    (WSH-02). Each weight is 0 to 10; a product without a row weighs every component 1."""

    product = models.OneToOneField(
        "catalogue.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="priority_weights",
    )
    support = _weight(_("share of user municipalities supporting it"))
    benefit = _weight(_("expected benefit"))
    cost = _weight(_("low cost"))
    strategic_fit = _weight(_("strategic fit"))
    urgency = _weight(_("urgency"))
    # An estimate at or above this amount gets no credit for being cheap.
    cost_reference = money_field(_("cost reference (DKK)"), default=ZERO)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("priority weights")
        verbose_name_plural = _("priority weights")

    def __str__(self) -> str:
        return str(self.product)


class WishEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IMPORTED = "imported", _("Imported")
    EDITED = "edited", _("Edited")
    TRANSITION = "transition", _("State changed")
    SUPPORTED = "supported", _("Support declared")
    SUPPORT_WITHDRAWN = "support_withdrawn", _("Support withdrawn")
    SUPPORT_MOVED = "support_moved", _("Support moved")
    ESTIMATED = "estimated", _("Estimated")
    ASSESSED = "assessed", _("Assessed")
    RANK_SET = "rank_set", _("Rank set")
    DONE_SET = "done_set", _("Definition of DONE set")
    PLEDGED = "pledged", _("Co-financing pledged")
    PLEDGE_WITHDRAWN = "pledge_withdrawn", _("Pledge withdrawn")
    DELIVERY_REVIEWED = "delivery_reviewed", _("Delivery reviewed")


class WishEvent(models.Model):
    """One line of the wish's timeline: every change, who made it and when."""

    wish = models.ForeignKey(
        Wish, verbose_name=_("wish"), on_delete=models.PROTECT, related_name="events"
    )
    occurred_at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("who (as shown then)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=WishEventKind.choices)
    from_state = models.CharField(
        _("from"), max_length=32, choices=WishState.choices, blank=True, default=""
    )
    to_state = models.CharField(
        _("to"), max_length=32, choices=WishState.choices, blank=True, default=""
    )
    text = models.TextField(_("what happened"))
    data = models.JSONField(_("details"), default=dict, blank=True)
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("wish event")
        verbose_name_plural = _("wish events")
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.get_kind_display()}: {self.text[:60]}"


# The notifications' models live in their own module; importing them here registers them.
from os2gov.wishes.models_attachments import WishAttachment as WishAttachment  # noqa: E402
from os2gov.wishes.models_notifications import Notification as Notification  # noqa: E402
from os2gov.wishes.models_notifications import (  # noqa: E402
    NotificationPreference as NotificationPreference,
)
