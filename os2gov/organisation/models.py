"""The registry of organisations every other record refers to."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from os2gov.organisation.validators import validate_cvr


class OrganisationType(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    REGION = "region", _("Region")
    PUBLIC_AUTHORITY = "public_authority", _("Other public authority")
    SUPPLIER = "supplier", _("Supplier")
    ASSOCIATION = "association", _("The OS2 association")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=3,
        blank=True,
        default="",
        validators=[RegexValidator(r"^\d{3}$", _("A municipality code has three digits."))],
        help_text=_("The official three-digit kommunekode; municipalities only."),
    )
    region_code = models.CharField(
        _("region code"),
        max_length=4,
        blank=True,
        default="",
        validators=[RegexValidator(r"^\d{4}$", _("A region code has four digits."))],
        help_text=_("The official four-digit regionskode; regions only."),
    )
    region = models.ForeignKey(
        "self",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        limit_choices_to={"type": OrganisationType.REGION},
    )
    cvr = models.CharField(
        _("CVR number"), max_length=8, blank=True, default="", validators=[validate_cvr]
    )
    website = models.URLField(_("website"), blank=True, default="")
    contact_email = models.EmailField(_("contact e-mail"), blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code"],
                condition=~models.Q(municipality_code=""),
                name="organisation_unique_municipality_code",
            ),
            models.UniqueConstraint(
                fields=["cvr"], condition=~models.Q(cvr=""), name="organisation_unique_cvr"
            ),
        ]
        indexes = [models.Index(fields=["type", "name"])]

    def __str__(self) -> str:
        return self.name
