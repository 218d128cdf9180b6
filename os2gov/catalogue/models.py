"""The product catalogue: products, who uses them (connection agreements) and who supplies them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from os2gov.catalogue.licences import validate_spdx_licence
from os2gov.organisation.models import OrganisationType

# Only these kinds of organisation can hold a connection agreement (use and co-fund a product).
AGREEMENT_HOLDER_TYPES: tuple[str, ...] = (
    OrganisationType.MUNICIPALITY,
    OrganisationType.REGION,
    OrganisationType.PUBLIC_AUTHORITY,
)


class ProductStatus(models.TextChoices):
    SANDBOX = "sandbox", _("Sandbox")
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


class Product(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    short_description = models.CharField(_("short description"), max_length=300)
    description = models.TextField(_("description"), blank=True, default="")
    repository_url = models.URLField(_("repository URL"), blank=True, default="")
    licence = models.CharField(
        _("licence"),
        max_length=64,
        blank=True,
        default="",
        validators=[validate_spdx_licence],
        help_text=_("An SPDX licence identifier, e.g. MPL-2.0 or EUPL-1.2."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProductStatus.choices, default=ProductStatus.SANDBOX
    )
    website = models.URLField(_("website"), blank=True, default="")
    documentation_owner = models.ForeignKey(
        "organisation.Organisation",
        verbose_name=_("documentation owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documented_products",
        help_text=_(
            "The organisation responsible for the product's documentation being made and "
            "kept current, typically a supplier or a municipality."
        ),
    )
    documentation_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("documentation contact person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documented_products",
        help_text=_("Optional: a named person of the documentation owner."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """A documentation contact person works for the documentation owner (a person
        belongs to one organisation), so a contact needs an owner, and their own."""
        super().clean()
        if self.documentation_contact_id is None:
            return
        if self.documentation_owner_id is None:
            raise ValidationError(
                {
                    "documentation_owner": ValidationError(
                        _("Choose the organisation the documentation contact person works for."),
                        code="contact_without_owner",
                    )
                }
            )
        contact = self.documentation_contact
        assert contact is not None
        if contact.organisation_id != self.documentation_owner_id:
            raise ValidationError(
                {
                    "documentation_contact": ValidationError(
                        _(
                            "%(person)s does not work for %(organisation)s. Choose a person "
                            "of the documentation owner, or leave the contact person empty."
                        ),
                        params={
                            "person": contact.name or _("The chosen person"),
                            "organisation": self.documentation_owner,
                        },
                        code="contact_not_of_owner",
                    )
                }
            )


class ConnectionAgreementQuerySet(models.QuerySet["ConnectionAgreement"]):
    def active_on(self, day: datetime.date) -> ConnectionAgreementQuerySet:
        """Agreements in force on ``day``: started, and not yet ended (the end day counts)."""
        return self.filter(Q(starts_on__lte=day), Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class ConnectionAgreement(models.Model):
    """A tilslutningsaftale: an organisation uses and co-funds a product."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="agreements"
    )
    organisation = models.ForeignKey(
        "organisation.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="connection_agreements",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    annual_contribution = models.DecimalField(
        _("annual contribution (DKK)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    reference = models.CharField(_("reference"), max_length=200, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ConnectionAgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("connection agreement")
        verbose_name_plural = _("connection agreements")
        ordering = ["product__name", "organisation__name", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.product}"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)

    def clean(self) -> None:
        """The holder must be a public authority, the period must run forwards, and the
        same organisation cannot hold two agreements on one product for overlapping periods."""
        super().clean()
        errors: dict[str, list[ValidationError]] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors.setdefault("ends_on", []).append(
                ValidationError(
                    _("The agreement cannot end before it starts."), code="ends_before_start"
                )
            )
        if self.organisation_id is not None and (
            self.organisation.type not in AGREEMENT_HOLDER_TYPES
        ):
            errors.setdefault("organisation", []).append(
                ValidationError(
                    _(
                        "Only a municipality, a region or another public authority can hold "
                        "a connection agreement."
                    ),
                    code="not_a_public_authority",
                )
            )
        if not errors and self.overlapping().exists():
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                ValidationError(
                    _(
                        "This organisation already has a connection agreement on this product "
                        "for part of this period."
                    ),
                    code="overlapping_agreement",
                )
            )
        if errors:
            raise ValidationError(errors)

    def overlapping(self) -> ConnectionAgreementQuerySet:
        """Other agreements of the same organisation on the same product whose period
        shares at least one day with this one's (an open end runs for ever)."""
        if self.product_id is None or self.organisation_id is None or self.starts_on is None:
            return ConnectionAgreement.objects.none()
        others = ConnectionAgreement.objects.filter(
            product_id=self.product_id, organisation_id=self.organisation_id
        ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=self.starts_on))
        if self.ends_on is not None:
            others = others.filter(starts_on__lte=self.ends_on)
        if self.pk is not None:
            others = others.exclude(pk=self.pk)
        return others


class SupplierRole(models.TextChoices):
    DEVELOPMENT = "development", _("Development")
    OPERATION = "operation", _("Operation")
    SUPPORT = "support", _("Support")
    MAINTENANCE = "maintenance", _("Maintenance")
    HOSTING = "hosting", _("Hosting")


class ProductSupplier(models.Model):
    """A supplier of a product and what it delivers."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="suppliers"
    )
    organisation = models.ForeignKey(
        "organisation.Organisation",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="supplied_products",
    )
    delivers_development = models.BooleanField(_("development"), default=False)
    delivers_operation = models.BooleanField(_("operation"), default=False)
    delivers_support = models.BooleanField(_("support"), default=False)
    delivers_maintenance = models.BooleanField(_("maintenance"), default=False)
    delivers_hosting = models.BooleanField(_("hosting"), default=False)
    contract_reference = models.CharField(
        _("contract reference"), max_length=200, blank=True, default=""
    )
    offers_data_processing_agreement = models.BooleanField(
        _("offers a data-processing agreement"),
        default=False,
        help_text=_("Whether the supplier offers municipalities a GDPR art. 28 agreement."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("product supplier")
        verbose_name_plural = _("product suppliers")
        ordering = ["product__name", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "organisation"], name="one_supplier_row_per_product"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.product}"

    def roles(self) -> list[SupplierRole]:
        return [role for role in SupplierRole if getattr(self, f"delivers_{role.value}")]

    def clean(self) -> None:
        """The organisation must be a supplier, and it must deliver something."""
        super().clean()
        errors: dict[str, list[ValidationError]] = {}
        if self.organisation_id is not None and self.organisation.type != OrganisationType.SUPPLIER:
            errors.setdefault("organisation", []).append(
                ValidationError(
                    _("Only an organisation of the type supplier can supply a product."),
                    code="not_a_supplier",
                )
            )
        if not self.roles():
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                ValidationError(
                    _(
                        "Choose at least one thing the supplier delivers: development, "
                        "operation, support, maintenance or hosting."
                    ),
                    code="no_role",
                )
            )
        if errors:
            raise ValidationError(errors)
