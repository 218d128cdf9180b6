"""Catalogue pieces for other apps' pages: ``{% load catalogue_tags %}``."""

from __future__ import annotations

from typing import Any

from django import template

from os2gov.catalogue import selectors
from os2gov.catalogue.models import AGREEMENT_HOLDER_TYPES
from os2gov.organisation.models import Organisation, OrganisationType

register = template.Library()


@register.inclusion_tag("catalogue/includes/organisation_products.html")
def organisation_products(organisation: Organisation) -> dict[str, Any]:
    """The products ``organisation`` uses today and supplies. A public authority always
    gets the "uses" section and a supplier the "supplies" section (saying so when empty);
    any other list shows only when it has rows. Two queries."""
    used = list(selectors.products_used_by(organisation))
    supplied = list(selectors.products_supplied_by(organisation))
    return {
        "organisation": organisation,
        "used": used,
        "supplied": supplied,
        "show_used": bool(used) or organisation.type in AGREEMENT_HOLDER_TYPES,
        "show_supplied": bool(supplied) or organisation.type == OrganisationType.SUPPLIER,
    }
