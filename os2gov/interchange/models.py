"""What a publiccode.yml file says about a product that the catalogue has no field for (PRD-08).

The catalogue's own fields (name, repository, website, descriptions, licence) live on
``catalogue.Product``; suppliers and organisations in their own registries. The rest of the
standard — development status, software type, platforms, categories, maintenance and its
contacts, dependencies, the version of the standard read — is kept here, one profile per
product, so that an export gives back what an import read. ``usedBy`` names organisations
that the file says use the product: they are kept as *unconfirmed* users, never turned into
connection agreements, which only the secretariat records.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DevelopmentStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    DEVELOPMENT = "development", _("In development")
    BETA = "beta", _("Beta")
    STABLE = "stable", _("Stable")
    OBSOLETE = "obsolete", _("Obsolete")


class SoftwareType(models.TextChoices):
    MOBILE = "standalone/mobile", _("Mobile app")
    IOT = "standalone/iot", _("Internet of things")
    DESKTOP = "standalone/desktop", _("Desktop application")
    WEB = "standalone/web", _("Web application")
    BACKEND = "standalone/backend", _("Back-end application")
    OTHER = "standalone/other", _("Other standalone software")
    ADDON = "addon", _("Add-on")
    LIBRARY = "library", _("Library")
    CONFIGURATION = "configurationFiles", _("Configuration files")


class MaintenanceType(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    CONTRACT = "contract", _("By contract")
    COMMUNITY = "community", _("By the community")
    NONE = "none", _("Not maintained")


class PubliccodeProfile(models.Model):
    """The publiccode.yml facts of one product that the catalogue has no field for."""

    product = models.OneToOneField(
        "catalogue.Product",
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="publiccode",
    )
    standard_version = models.CharField(
        _("publiccode.yml version read"), max_length=16, blank=True, default=""
    )
    development_status = models.CharField(
        _("development status"), max_length=16, choices=DevelopmentStatus.choices
    )
    software_type = models.CharField(
        _("software type"), max_length=32, choices=SoftwareType.choices
    )
    platforms = models.JSONField(_("platforms"), default=list, blank=True)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    software_version = models.CharField(
        _("software version"), max_length=100, blank=True, default=""
    )
    release_date = models.DateField(_("release date"), null=True, blank=True)
    licence_expression = models.CharField(
        _("licence expression"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("The SPDX expression of the file, when it names more than one licence."),
    )
    description_language = models.CharField(
        _("language of the description"), max_length=35, blank=True, default=""
    )
    features = models.JSONField(_("features"), default=list, blank=True)
    maintenance_type = models.CharField(
        _("maintenance"), max_length=16, choices=MaintenanceType.choices
    )
    # [{"name", "until", "email", "website"}] as in the file; the contractors are also
    # the product's suppliers (maintenance) in the catalogue.
    contractors = models.JSONField(_("contractors"), default=list, blank=True)
    # [{"name", "email", "phone", "affiliation"}]: the technical contacts of the file.
    contacts = models.JSONField(_("maintenance contacts"), default=list, blank=True)
    # {"open": [...], "proprietary": [...], "hardware": [...]}, each a list of
    # {"name", "versionMin", "versionMax", "version", "optional"}.
    depends_on = models.JSONField(_("depends on"), default=dict, blank=True)
    localisation_ready = models.BooleanField(_("ready for localisation"), default=False)
    available_languages = models.JSONField(_("available languages"), default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last imported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("publiccode.yml profile")
        verbose_name_plural = _("publiccode.yml profiles")
        ordering = ["product__name"]

    def __str__(self) -> str:
        return str(self.product)

    def dependency_rows(self) -> list[tuple[str, dict[str, object]]]:
        """(kind, dependency) for every dependency, open ones first."""
        depends_on = self.depends_on if isinstance(self.depends_on, dict) else {}
        return [
            (kind, dependency)
            for kind in ("open", "proprietary", "hardware")
            for dependency in depends_on.get(kind) or []
            if isinstance(dependency, dict)
        ]


class UnconfirmedUser(models.Model):
    """An organisation a publiccode.yml file names under ``usedBy``: reported, not confirmed
    by a connection agreement. Linked to the registry's organisation of that name, if any."""

    product = models.ForeignKey(
        "catalogue.Product",
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="unconfirmed_users",
    )
    name = models.CharField(_("name in the file"), max_length=300)
    organisation = models.ForeignKey(
        "organisation.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveIntegerField(_("position in the file"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("unconfirmed user")
        verbose_name_plural = _("unconfirmed users")
        ordering = ["product__name", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "name"], name="one_unconfirmed_user_per_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.product}"
