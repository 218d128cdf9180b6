"""A product as a publiccode.yml 0.4 document, checked against EXPORT_SCHEMA (PRD-08).

    text = export_publiccode(product)   # raises ExportInvalid naming what is missing

The catalogue gives the name, repository, website, descriptions and licence; the profile
(when the product was imported, or has one) the rest. A product without a profile gets
what the catalogue can say: the development status from its status, ``standalone/other``,
``web``, no categories, and maintenance by contract by its maintaining suppliers (``until``:
the end of the current year, as OS2gov records no end date for a supplier), or ``none``.
The document is validated on the way out: an invalid one is never written.
"""

from __future__ import annotations

import datetime
from typing import Any

import yaml
from django.utils import timezone
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker

from os2gov.catalogue.models import Product, ProductStatus, ProductSupplier
from os2gov.interchange.models import PubliccodeProfile, UnconfirmedUser
from os2gov.interchange.publiccode.reader import Problem, path_text
from os2gov.interchange.publiccode.schema import EXPORT_SCHEMA, EXPORT_VERSION

SHORT_DESCRIPTION_MAX = 150
STATUS_AS_DEVELOPMENT: dict[str, str] = {
    ProductStatus.SANDBOX: "development",
    ProductStatus.ACTIVE: "stable",
    ProductStatus.ARCHIVED: "obsolete",
}
_VALIDATOR = Draft202012Validator(EXPORT_SCHEMA, format_checker=FormatChecker())


class ExportInvalid(Exception):
    """The product cannot be written as a valid publiccode.yml: ``problems`` say why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


def _short(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SHORT_DESCRIPTION_MAX:
        return text
    cut = text[: SHORT_DESCRIPTION_MAX - 1].rsplit(" ", 1)[0]
    return cut + "…"


def _profile(product: Product) -> PubliccodeProfile | None:
    return PubliccodeProfile.objects.filter(product=product).first()


def _maintenance(product: Product, profile: PubliccodeProfile | None) -> dict[str, Any]:
    if profile is not None:
        maintenance: dict[str, Any] = {"type": profile.maintenance_type}
        if profile.contractors:
            maintenance["contractors"] = profile.contractors
        if profile.contacts:
            maintenance["contacts"] = profile.contacts
        return maintenance
    suppliers = ProductSupplier.objects.filter(
        product=product, delivers_maintenance=True
    ).select_related("organisation")
    if product.status == ProductStatus.ARCHIVED or not suppliers:
        return {"type": "none"}
    until = datetime.date(timezone.localdate().year, 12, 31).isoformat()
    contractors = []
    for supplier in suppliers:
        contractor: dict[str, Any] = {"name": supplier.organisation.name, "until": until}
        if supplier.organisation.website:
            contractor["website"] = supplier.organisation.website
        contractors.append(contractor)
    return {"type": "contract", "contractors": contractors}


def publiccode_data(product: Product) -> dict[str, Any]:
    """The document as a dict, not yet checked."""
    profile = _profile(product)
    language = (profile.description_language if profile else "") or "da"
    text: dict[str, Any] = {"shortDescription": _short(product.short_description)}
    if product.description:
        text["longDescription"] = product.description
    if profile is not None and profile.features:
        text["features"] = profile.features
    data: dict[str, Any] = {
        "publiccodeYmlVersion": EXPORT_VERSION,
        "name": product.name,
        "url": product.repository_url,
    }
    if product.website:
        data["landingURL"] = product.website
    if profile is not None and profile.software_version:
        data["softwareVersion"] = profile.software_version
    if profile is not None and profile.release_date is not None:
        data["releaseDate"] = profile.release_date.isoformat()
    data["platforms"] = profile.platforms if profile is not None else ["web"]
    data["categories"] = profile.categories if profile is not None else []
    users = list(
        UnconfirmedUser.objects.filter(product=product)
        .order_by("position", "id")
        .values_list("name", flat=True)
    )
    if users:
        data["usedBy"] = users
    data["developmentStatus"] = (
        profile.development_status if profile else STATUS_AS_DEVELOPMENT[product.status]
    )
    data["softwareType"] = profile.software_type if profile else "standalone/other"
    data["description"] = {language: text}
    licence = product.licence
    if profile is not None and profile.licence_expression:
        licence = profile.licence_expression
    data["legal"] = {"license": licence} if licence else {}
    data["maintenance"] = _maintenance(product, profile)
    data["localisation"] = {
        "localisationReady": profile.localisation_ready if profile else False,
        "availableLanguages": (profile.available_languages if profile else []) or [language],
    }
    if profile is not None and profile.depends_on:
        data["dependsOn"] = profile.depends_on
    return data


def check_export(data: dict[str, Any]) -> list[Problem]:
    problems = []
    for error in _VALIDATOR.iter_errors(data):
        path = list(error.absolute_path)
        if error.validator == "required":
            missing = [key for key in error.validator_value if key not in error.instance]
            for key in missing:
                problems.append(
                    Problem(path_text((*path, key)), _("missing: register it on the product."))
                )
            continue
        problems.append(Problem(path_text(tuple(path)), str(error.message)))
    return problems


def export_publiccode(product: Product) -> str:
    """The product's publiccode.yml; raises ExportInvalid rather than write an invalid one."""
    data = publiccode_data(product)
    if not product.repository_url:
        raise ExportInvalid([Problem("url", _("missing: register the product's repository."))])
    problems = check_export(data)
    if problems:
        raise ExportInvalid(problems)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
