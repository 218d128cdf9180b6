"""The people side of OS2's model: the association's bodies, the groups around each product,
their memberships, and the decisions they take.

Memberships carry from/to dates and are never deleted when they end: history is kept and
roles on a given day are derived from the memberships active that day.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> MembershipQuerySet:
        """Memberships in force on ``day`` (the end day still counts)."""
        return self.filter(Q(starts_on__lte=day), Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def _dates_in_order(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
        name=f"{prefix}_ends_after_start",
    )


# --- The association's bodies (GOV-01…05) ------------------------------------------------


class BodyKind(models.TextChoices):
    GENERAL_ASSEMBLY = "general_assembly", _("General assembly")
    BOARD = "board", _("Board")
    BUSINESS_COMMITTEE = "business_committee", _("Business committee")
    SECRETARIAT = "secretariat", _("Secretariat")
    COORDINATION_COMMITTEE = "coordination_committee", _("Coordination committee")


class Body(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=BodyKind.choices, unique=True)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    purpose = models.TextField(_("purpose"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class BodyPosition(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")
    DELEGATE = "delegate", _("Delegate")
    HEAD = "head", _("Head of the secretariat")
    STAFF = "staff", _("Staff")
    COMMUNITY_MANAGER = "community_manager", _("Community manager")


class BodyMembership(models.Model):
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="memberships"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="body_memberships",
    )
    organisation = models.ForeignKey(
        "organisation.Organisation",
        verbose_name=_("represents"),
        on_delete=models.PROTECT,
        related_name="body_memberships",
    )
    position = models.CharField(_("position"), max_length=32, choices=BodyPosition.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("body membership")
        verbose_name_plural = _("body memberships")
        ordering = ["body__position", "starts_on", "id"]
        constraints = [_dates_in_order("body_membership")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_position_display()}, {self.body})"


# --- The groups around a product (GRP-01…09, GRP-12) --------------------------------------


class GroupKind(models.TextChoices):
    STEERING = "steering", _("Steering group")
    COORDINATION = "coordination", _("Coordination group")
    PROFESSIONAL = "professional", _("Professional group")


class CoordinationLead(models.TextChoices):
    """Who runs a coordination group (GRP-04)."""

    MUNICIPAL_TOVHOLDER = "municipal_tovholder", _("A municipal tovholder")
    SUPPLIER = "supplier", _("A supplier representative")
    PRODUCT_COORDINATOR = (
        "product_coordinator",
        _("A paid product coordinator (funded from the connection agreements)"),
    )


class GroupFocus(models.TextChoices):
    """What a coordination group works on (GRP-12)."""

    DEVELOPMENT = "development", _("Development only")
    DEVELOPMENT_AND_DISSEMINATION = (
        "development_and_dissemination",
        _("Development, dissemination and marketing"),
    )


class Group(models.Model):
    product = models.ForeignKey(
        "catalogue.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="groups",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=GroupKind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    # Settings; which apply depends on the kind (validated in the services).
    run_by = models.CharField(
        _("run by"), max_length=32, choices=CoordinationLead.choices, blank=True, default=""
    )
    member_cap_per_municipality = models.PositiveSmallIntegerField(
        _("maximum members per municipality"),
        null=True,
        blank=True,
        help_text=_("Empty means no limit."),
    )
    focus = models.CharField(
        _("focus"), max_length=32, choices=GroupFocus.choices, blank=True, default=""
    )
    min_meetings_per_year = models.PositiveSmallIntegerField(
        _("minimum meetings a year"), null=True, blank=True
    )
    working_basis = models.TextField(_("working basis"), blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["product__name", "kind", "name"]
        constraints = [
            # At most one steering group and one coordination group per product (GRP-01).
            models.UniqueConstraint(
                fields=["product", "kind"],
                condition=Q(kind__in=["steering", "coordination"]),
                name="one_steering_and_one_coordination_group_per_product",
            ),
            models.UniqueConstraint(fields=["product", "slug"], name="group_slug_per_product"),
        ]

    def __str__(self) -> str:
        return self.name


class GroupRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    TOVHOLDER = "tovholder", _("Tovholder")
    PRODUCT_COORDINATOR = "product_coordinator", _("Product coordinator")
    MEMBER = "member", _("Member")
    BOARD_MEMBER = "board_member", _("OS2 board member")
    BOARD_APPOINTEE = "board_appointee", _("Appointed by the OS2 board")
    SUPPLIER_REPRESENTATIVE = "supplier_representative", _("Supplier representative")
    SECRETARIAT = "secretariat", _("Secretariat (by exception)")


class SupplierParticipation(models.TextChoices):
    """On what terms a supplier sits in a coordination group (GRP-06)."""

    VOLUNTARY = "voluntary", _("Voluntary")
    WRITTEN_AGREEMENT = "written_agreement", _("Required by a written agreement")


class GroupMembership(models.Model):
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="memberships"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="group_memberships",
    )
    organisation = models.ForeignKey(
        "organisation.Organisation",
        verbose_name=_("represents"),
        on_delete=models.PROTECT,
        related_name="group_memberships",
    )
    role = models.CharField(_("role"), max_length=32, choices=GroupRole.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    secretariat_exception_reason = models.TextField(
        _("reason for the secretariat exception"), blank=True, default=""
    )
    supplier_participation = models.CharField(
        _("supplier participation"),
        max_length=32,
        choices=SupplierParticipation.choices,
        blank=True,
        default="",
    )
    agreement_reference = models.CharField(
        _("agreement reference"), max_length=200, blank=True, default=""
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["group", "starts_on", "id"]
        constraints = [_dates_in_order("group_membership")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}, {self.group})"


# --- Decisions (ACC-03, part of MTG-02) ---------------------------------------------------


class DecisionMethod(models.TextChoices):
    MEETING = "meeting", _("At a meeting")
    IN_WRITING = "in_writing", _("In writing")


class Decision(models.Model):
    """What a body or group decided, under which mandate (a governed action's code)."""

    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    product = models.ForeignKey(
        "catalogue.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    decided_on = models.DateField(_("decided on"))
    action = models.CharField(_("mandate used"), max_length=64)
    text = models.TextField(_("decision"))
    method = models.CharField(
        _("taken"), max_length=16, choices=DecisionMethod.choices, default=DecisionMethod.IN_WRITING
    )
    meeting_reference = models.CharField(_("meeting"), max_length=200, blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="recorded_decisions",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-id"]
        constraints = [
            # Exactly one deciding body or group.
            models.CheckConstraint(
                condition=(Q(body__isnull=False) & Q(group__isnull=True))
                | (Q(body__isnull=True) & Q(group__isnull=False)),
                name="decision_taken_by_one_body_or_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.decided_on} {self.decider}: {self.text[:60]}"

    @property
    def decider(self) -> Body | Group:
        decider = self.body or self.group
        assert decider is not None  # guaranteed by the check constraint
        return decider


class DecisionSubject(models.Model):
    """An object a decision concerns (a membership, a product, later a wish or a level)."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="subjects"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    label = models.CharField(_("concerns"), max_length=300)

    class Meta:
        verbose_name = _("decision subject")
        verbose_name_plural = _("decision subjects")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.label
