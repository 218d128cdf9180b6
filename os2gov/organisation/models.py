"""The registry of organisations every other record refers to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from os2gov.organisation.validators import validate_cvr

if TYPE_CHECKING:  # django-stubs is a development dependency only
    from django_stubs_ext import StrOrPromise


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
        validators=[RegexValidator(r"^[0-9]{3}$", _("A municipality code has three digits."))],
        help_text=_("The official three-digit kommunekode; municipalities only."),
    )
    region_code = models.CharField(
        _("region code"),
        max_length=4,
        blank=True,
        default="",
        validators=[RegexValidator(r"^[0-9]{4}$", _("A region code has four digits."))],
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

    def clean(self) -> None:
        """The codes and the region link must fit the type of organisation."""
        super().clean()
        errors: dict[str, list[ValidationError]] = {}

        def add(field: str, message: StrOrPromise, code: str) -> None:
            errors.setdefault(field, []).append(ValidationError(message, code=code))

        is_municipality = self.type == OrganisationType.MUNICIPALITY
        is_region = self.type == OrganisationType.REGION
        if is_municipality:
            if not self.municipality_code:
                add(
                    "municipality_code",
                    _("A municipality needs its three-digit municipality code."),
                    "municipality_code_required",
                )
            if self.region_id is None:
                add("region", _("A municipality belongs to a region."), "region_required")
        elif self.municipality_code:
            add(
                "municipality_code",
                _("Only a municipality has a municipality code."),
                "municipality_code_not_allowed",
            )
        if is_region:
            if not self.region_code:
                add(
                    "region_code",
                    _("A region needs its four-digit region code."),
                    "region_code_required",
                )
        elif self.region_code:
            add("region_code", _("Only a region has a region code."), "region_code_not_allowed")
        region = self.region if self.region_id is not None else None
        if region is not None:
            if not is_municipality:
                add(
                    "region",
                    _("Only a municipality belongs to a region."),
                    "region_not_allowed",
                )
            if region.type != OrganisationType.REGION:
                add("region", _("The chosen organisation is not a region."), "not_a_region")
        if errors:
            raise ValidationError(errors)
