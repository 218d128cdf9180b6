"""Every write to the product catalogue: validated, atomic and audited.

Each service has one marked spot (``# mandate: <action code>``) where the mandate check
goes once the mandate module decides who may do what. Until then the catalogue is kept by
the secretariat as data maintenance, and the audit trail says so.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from os2gov.catalogue.models import ConnectionAgreement, Product, ProductSupplier
from os2gov.core.audit import record_event
from os2gov.organisation.models import Organisation
from os2gov.organisation.services import StaleEditError
from os2gov.organisation.slugs import danish_slugify

__all__ = [
    "AGREEMENT_FIELDS",
    "PRODUCT_FIELDS",
    "SUPPLIER_FIELDS",
    "StaleEditError",
    "agreement_create",
    "agreement_end",
    "product_create",
    "product_update",
    "supplier_add",
    "supplier_update",
]

# Until mandates are modelled, the catalogue is maintained by the secretariat.
MANDATE = "secretariat (data maintenance)"

PRODUCT_FIELDS = (
    "name",
    "slug",
    "short_description",
    "description",
    "repository_url",
    "licence",
    "status",
    "website",
)
AGREEMENT_FIELDS = ("starts_on", "ends_on", "annual_contribution", "reference")
SUPPLIER_FIELDS = (
    "delivers_development",
    "delivers_operation",
    "delivers_support",
    "delivers_maintenance",
    "delivers_hosting",
    "contract_reference",
    "offers_data_processing_agreement",
)


def _audit_value(value: Any) -> Any:
    """A JSON-friendly form of a field value for the audit trail (money stays exact)."""
    if isinstance(value, Organisation | Product):
        return value.slug
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _check_fields(data: Mapping[str, Any], allowed: tuple[str, ...], what: str) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValueError(f"Not editable {what} fields: {', '.join(unknown)}")


def _refuse_stale(current: models.Model, expected_updated_at: datetime.datetime) -> None:
    if getattr(current, "updated_at", None) != expected_updated_at:
        raise StaleEditError(
            _(
                "Someone else changed this record after you opened it. "
                "Reload it to see their change, then make yours again."
            ),
            code="stale_edit",
        )


def _lock_product(product_id: int) -> None:
    """Lock the product row for the rest of the transaction, so that two writers cannot
    both pass the overlap check of agreements on it at the same time."""
    Product.objects.select_for_update().filter(pk=product_id).exists()


def _apply(instance: models.Model, data: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Set the changed fields of ``data`` on ``instance``; return {field: [old, new]}."""
    changes: dict[str, list[Any]] = {}
    for field, new in data.items():
        old = getattr(instance, field)
        if old != new:
            changes[field] = [_audit_value(old), _audit_value(new)]
            setattr(instance, field, new)
    return changes


# --- Products -------------------------------------------------------------------------


@transaction.atomic
def product_create(*, actor: Any, data: Mapping[str, Any]) -> Product:
    """Add a product to the catalogue. ``data`` holds model fields; a missing slug is made
    from the name. The licence must be a known SPDX identifier."""
    # mandate: catalogue.product.create
    _check_fields(data, PRODUCT_FIELDS, "product")
    product = Product(**data)
    if not product.slug and product.name:
        product.slug = danish_slugify(product.name)
    product.full_clean()
    product.save()
    changes = {
        field: [None, _audit_value(getattr(product, field))]
        for field in PRODUCT_FIELDS
        if getattr(product, field) not in ("", None)
    }
    record_event(
        actor=actor,
        action="catalogue.product.create",
        target=product,
        mandate=MANDATE,
        summary=f"Added the product {product.name} to the catalogue.",
        changes=changes,
    )
    return product


@transaction.atomic
def product_update(
    *,
    actor: Any,
    product: Product,
    data: Mapping[str, Any],
    expected_updated_at: datetime.datetime,
) -> Product:
    """Change a product. ``expected_updated_at`` is the ``updated_at`` the editor loaded:
    if the product changed since, ``StaleEditError`` refuses the edit rather than silently
    overwriting the other change. An empty slug is made from the name."""
    # mandate: catalogue.product.update
    _check_fields(data, PRODUCT_FIELDS, "product")
    current = Product.objects.select_for_update().get(pk=product.pk)
    _refuse_stale(current, expected_updated_at)
    data = dict(data)
    if "slug" in data and not data["slug"]:
        data["slug"] = danish_slugify(data.get("name") or current.name)
    changes = _apply(current, data)
    if not changes:
        return current
    current.full_clean()
    current.save()
    record_event(
        actor=actor,
        action="catalogue.product.update",
        target=current,
        mandate=MANDATE,
        summary=f"Changed {', '.join(changes)} of the product {current.name}.",
        changes=changes,
    )
    return current


# --- Connection agreements -----------------------------------------------------------


@transaction.atomic
def agreement_create(
    *,
    actor: Any,
    product: Product,
    organisation: Organisation,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    annual_contribution: Decimal = Decimal("0.00"),
    reference: str = "",
) -> ConnectionAgreement:
    """Record that ``organisation`` (a municipality, region or other public authority)
    uses and co-funds ``product`` from ``starts_on`` (to ``ends_on``, inclusive, if given).
    An agreement overlapping another of the same organisation on the product is refused."""
    # mandate: catalogue.agreement.manage
    if isinstance(annual_contribution, float):
        raise TypeError("Money is a Decimal, never a float.")
    _lock_product(product.pk)
    agreement = ConnectionAgreement(
        product=product,
        organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        annual_contribution=annual_contribution,
        reference=reference,
    )
    agreement.full_clean()
    agreement.save()
    changes: dict[str, list[Any]] = {
        "product": [None, product.slug],
        "organisation": [None, organisation.slug],
    }
    for field in AGREEMENT_FIELDS:
        value = getattr(agreement, field)
        if value not in ("", None):
            changes[field] = [None, _audit_value(value)]
    period = f"from {starts_on.isoformat()}" + (f" to {ends_on.isoformat()}" if ends_on else "")
    record_event(
        actor=actor,
        action="catalogue.agreement.create",
        target=agreement,
        mandate=MANDATE,
        summary=(
            f"Recorded the connection agreement of {organisation.name} on {product.name} {period}."
        ),
        changes=changes,
    )
    return agreement


@transaction.atomic
def agreement_end(
    *,
    actor: Any,
    agreement: ConnectionAgreement,
    ends_on: datetime.date,
    expected_updated_at: datetime.datetime,
) -> ConnectionAgreement:
    """End an agreement on ``ends_on`` (the last day it is in force), or move its end.
    The end cannot be before the start; a concurrent change is refused (StaleEditError)."""
    # mandate: catalogue.agreement.manage
    _lock_product(agreement.product_id)
    current = (
        ConnectionAgreement.objects.select_for_update()
        .select_related("product", "organisation")
        .get(pk=agreement.pk)
    )
    _refuse_stale(current, expected_updated_at)
    changes = _apply(current, {"ends_on": ends_on})
    if not changes:
        return current
    current.full_clean()
    current.save()
    record_event(
        actor=actor,
        action="catalogue.agreement.end",
        target=current,
        mandate=MANDATE,
        summary=(
            f"Ended the connection agreement of {current.organisation.name} on "
            f"{current.product.name} on {ends_on.isoformat()}."
        ),
        changes=changes,
    )
    return current


# --- Suppliers ------------------------------------------------------------------------


@transaction.atomic
def supplier_add(
    *,
    actor: Any,
    product: Product,
    organisation: Organisation,
    data: Mapping[str, Any],
) -> ProductSupplier:
    """Record that ``organisation`` (of the type supplier) supplies ``product``. ``data``
    holds what it delivers (at least one ``delivers_*`` set), the contract reference and
    whether it offers a data-processing agreement."""
    # mandate: catalogue.supplier.manage
    _check_fields(data, SUPPLIER_FIELDS, "supplier")
    supplier = ProductSupplier(product=product, organisation=organisation, **data)
    supplier.full_clean()
    supplier.save()
    changes: dict[str, list[Any]] = {
        "product": [None, product.slug],
        "organisation": [None, organisation.slug],
    }
    for field in SUPPLIER_FIELDS:
        value = getattr(supplier, field)
        if value not in ("", None, False):
            changes[field] = [None, _audit_value(value)]
    record_event(
        actor=actor,
        action="catalogue.supplier.add",
        target=supplier,
        mandate=MANDATE,
        summary=f"Recorded {organisation.name} as a supplier of {product.name}.",
        changes=changes,
    )
    return supplier


@transaction.atomic
def supplier_update(
    *,
    actor: Any,
    supplier: ProductSupplier,
    data: Mapping[str, Any],
    expected_updated_at: datetime.datetime,
) -> ProductSupplier:
    """Change what a supplier delivers (or its contract reference, or its offer of a
    data-processing agreement). A concurrent change is refused with StaleEditError."""
    # mandate: catalogue.supplier.manage
    _check_fields(data, SUPPLIER_FIELDS, "supplier")
    current = (
        ProductSupplier.objects.select_for_update()
        .select_related("product", "organisation")
        .get(pk=supplier.pk)
    )
    _refuse_stale(current, expected_updated_at)
    changes = _apply(current, data)
    if not changes:
        return current
    current.full_clean()
    current.save()
    record_event(
        actor=actor,
        action="catalogue.supplier.update",
        target=current,
        mandate=MANDATE,
        summary=(
            f"Changed {', '.join(changes)} of {current.organisation.name} as a supplier of "
            f"{current.product.name}."
        ),
        changes=changes,
    )
    return current
