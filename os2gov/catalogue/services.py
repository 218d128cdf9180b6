"""Every write to the product catalogue: checked against the mandate catalogue, validated,
atomic, and recorded as a decision of the mandate's holder plus an audit event (ACC-01,
ACC-03).

Each service first asks the mandate module (``authority.require``); a refusal raises
``MandateRefused`` naming the holder, and nothing is written. The codes:

* ``product.create``: the secretariat registers a product;
* ``product.update``: the secretariat, or the tovholder of the product's coordination group
  (this includes naming the product's documentation owner and its contact person);
* ``catalogue.agreement.manage``: the secretariat records connection agreements;
* ``catalogue.supplier.manage``: the secretariat records a product's suppliers.

``on`` is the day of the decision, whose memberships count (today by default).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from os2gov.accounts.models import User
from os2gov.authority import service as authority
from os2gov.catalogue.models import ConnectionAgreement, Product, ProductSupplier
from os2gov.core.locking import lock_row, lock_unchanged
from os2gov.governance.services._trail import governed_change
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

PRODUCT_CREATE_ACTION = "product.create"
PRODUCT_UPDATE_ACTION = "product.update"
AGREEMENT_ACTION = "catalogue.agreement.manage"
SUPPLIER_ACTION = "catalogue.supplier.manage"

PRODUCT_FIELDS = (
    "name",
    "slug",
    "short_description",
    "description",
    "repository_url",
    "licence",
    "status",
    "website",
    "documentation_owner",
    "documentation_contact",
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
    """A JSON-friendly form of a field value for the audit trail (money stays exact; a
    person is their id, never their e-mail address)."""
    if isinstance(value, Organisation | Product):
        return value.slug
    if isinstance(value, User):
        return value.pk
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _check_fields(data: Mapping[str, Any], allowed: tuple[str, ...], what: str) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValueError(f"Not editable {what} fields: {', '.join(unknown)}")


def _stale_message(_current: models.Model) -> str:
    return _(
        "Someone else changed this record after you opened it. "
        "Reload it to see their change, then make yours again."
    )


def _lock_product(product_id: int) -> None:
    """Lock the product row for the rest of the transaction, so that two writers cannot
    both pass the overlap check of agreements on it at the same time."""
    lock_row(Product, product_id)


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _field_names(model: type[models.Model], fields: Mapping[str, Any]) -> str:
    """The changed fields by their names as shown ("licence, website")."""
    names = []
    for field in fields:
        model_field = model._meta.get_field(field)
        assert isinstance(model_field, models.Field)
        names.append(str(model_field.verbose_name))
    return ", ".join(names)


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
def product_create(
    *, actor: Any, data: Mapping[str, Any], on: datetime.date | None = None
) -> Product:
    """Add a product to the catalogue. ``data`` holds model fields (the documentation owner
    as an Organisation, its contact person as a User of it); a missing slug is made from
    the name. The licence must be a known SPDX identifier. Raises ``MandateRefused`` when
    ``actor`` may not register products."""
    mandate = authority.require(actor, PRODUCT_CREATE_ACTION, on=on)
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
    governed_change(
        actor=actor,
        mandate=mandate,
        audit_action="catalogue.product.create",
        text=_("Added the product %(product)s to the catalogue.") % {"product": product.name},
        target=product,
        subjects=[(product, product.name)],
        decided_on=mandate.day,
        changes=changes,
        product=product,
    )
    return product


@transaction.atomic
def product_update(
    *,
    actor: Any,
    product: Product,
    data: Mapping[str, Any],
    expected_updated_at: datetime.datetime,
    on: datetime.date | None = None,
) -> Product:
    """Change a product. ``expected_updated_at`` is the ``updated_at`` the editor loaded:
    if the product changed since, ``StaleEditError`` refuses the edit rather than silently
    overwriting the other change. An empty slug is made from the name. Setting
    ``documentation_owner`` (and ``documentation_contact``) to None clears them; a contact
    person must work for the documentation owner (ValidationError naming the field). Raises
    ``MandateRefused`` when ``actor`` may not update this product's catalogue entry."""
    mandate = authority.require(actor, PRODUCT_UPDATE_ACTION, product=product, on=on)
    _check_fields(data, PRODUCT_FIELDS, "product")
    current = lock_unchanged(
        Product, product.pk, expected=expected_updated_at, message=_stale_message
    )
    data = dict(data)
    if "slug" in data and not data["slug"]:
        data["slug"] = danish_slugify(data.get("name") or current.name)
    changes = _apply(current, data)
    if not changes:
        return current
    current.full_clean()
    current.save()
    governed_change(
        actor=actor,
        mandate=mandate,
        audit_action="catalogue.product.update",
        text=_("Changed %(fields)s of the product %(product)s.")
        % {"fields": _field_names(Product, changes), "product": current.name},
        target=current,
        subjects=[(current, current.name)],
        decided_on=mandate.day,
        changes=changes,
        product=current,
    )
    return current


# --- Connection agreements -----------------------------------------------------------


def _agreement_label(agreement: ConnectionAgreement) -> str:
    return _("the connection agreement of %(organisation)s on %(product)s") % {
        "organisation": agreement.organisation.name,
        "product": agreement.product.name,
    }


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
    on: datetime.date | None = None,
) -> ConnectionAgreement:
    """Record that ``organisation`` (a municipality, region or other public authority)
    uses and co-funds ``product`` from ``starts_on`` (to ``ends_on``, inclusive, if given).
    An agreement overlapping another of the same organisation on the product is refused.
    Raises ``MandateRefused`` when ``actor`` may not record connection agreements."""
    mandate = authority.require(actor, AGREEMENT_ACTION, product=product, on=on)
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
    label = _agreement_label(agreement)
    if ends_on is None:
        text = _("Recorded %(agreement)s from %(starts)s.") % {
            "agreement": label,
            "starts": _date(starts_on),
        }
    else:
        text = _("Recorded %(agreement)s from %(starts)s to %(ends)s.") % {
            "agreement": label,
            "starts": _date(starts_on),
            "ends": _date(ends_on),
        }
    governed_change(
        actor=actor,
        mandate=mandate,
        audit_action="catalogue.agreement.create",
        text=text,
        target=agreement,
        subjects=[(agreement, capfirst(label))],
        decided_on=mandate.day,
        changes=changes,
        product=product,
    )
    return agreement


@transaction.atomic
def agreement_end(
    *,
    actor: Any,
    agreement: ConnectionAgreement,
    ends_on: datetime.date,
    expected_updated_at: datetime.datetime,
    on: datetime.date | None = None,
) -> ConnectionAgreement:
    """End an agreement on ``ends_on`` (the last day it is in force), or move its end.
    The end cannot be before the start; a concurrent change is refused (StaleEditError).
    Raises ``MandateRefused`` when ``actor`` may not record connection agreements."""
    mandate = authority.require(actor, AGREEMENT_ACTION, product=agreement.product, on=on)
    _lock_product(agreement.product_id)
    current = lock_unchanged(
        ConnectionAgreement.objects.select_related("product", "organisation"),
        agreement.pk,
        expected=expected_updated_at,
        message=_stale_message,
    )
    changes = _apply(current, {"ends_on": ends_on})
    if not changes:
        return current
    current.full_clean()
    current.save()
    label = _agreement_label(current)
    governed_change(
        actor=actor,
        mandate=mandate,
        audit_action="catalogue.agreement.end",
        text=_("Ended %(agreement)s on %(date)s.") % {"agreement": label, "date": _date(ends_on)},
        target=current,
        subjects=[(current, capfirst(label))],
        decided_on=mandate.day,
        changes=changes,
        product=current.product,
    )
    return current


# --- Suppliers ------------------------------------------------------------------------


def _supplier_label(supplier: ProductSupplier) -> str:
    return _("%(organisation)s as a supplier of %(product)s") % {
        "organisation": supplier.organisation.name,
        "product": supplier.product.name,
    }


@transaction.atomic
def supplier_add(
    *,
    actor: Any,
    product: Product,
    organisation: Organisation,
    data: Mapping[str, Any],
    on: datetime.date | None = None,
) -> ProductSupplier:
    """Record that ``organisation`` (of the type supplier) supplies ``product``. ``data``
    holds what it delivers (at least one ``delivers_*`` set), the contract reference and
    whether it offers a data-processing agreement. Raises ``MandateRefused`` when ``actor``
    may not record the product's suppliers."""
    mandate = authority.require(actor, SUPPLIER_ACTION, product=product, on=on)
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
    label = _supplier_label(supplier)
    governed_change(
        actor=actor,
        mandate=mandate,
        audit_action="catalogue.supplier.add",
        text=_("Recorded %(supplier)s.") % {"supplier": label},
        target=supplier,
        subjects=[(supplier, capfirst(label))],
        decided_on=mandate.day,
        changes=changes,
        product=product,
    )
    return supplier


@transaction.atomic
def supplier_update(
    *,
    actor: Any,
    supplier: ProductSupplier,
    data: Mapping[str, Any],
    expected_updated_at: datetime.datetime,
    on: datetime.date | None = None,
) -> ProductSupplier:
    """Change what a supplier delivers (or its contract reference, or its offer of a
    data-processing agreement). A concurrent change is refused with StaleEditError.
    Raises ``MandateRefused`` when ``actor`` may not record the product's suppliers."""
    mandate = authority.require(actor, SUPPLIER_ACTION, product=supplier.product, on=on)
    _check_fields(data, SUPPLIER_FIELDS, "supplier")
    current = lock_unchanged(
        ProductSupplier.objects.select_related("product", "organisation"),
        supplier.pk,
        expected=expected_updated_at,
        message=_stale_message,
    )
    changes = _apply(current, data)
    if not changes:
        return current
    current.full_clean()
    current.save()
    label = _supplier_label(current)
    governed_change(
        actor=actor,
        mandate=mandate,
        audit_action="catalogue.supplier.update",
        text=_("Changed %(fields)s of %(supplier)s.")
        % {"fields": _field_names(ProductSupplier, changes), "supplier": label},
        target=current,
        subjects=[(current, capfirst(label))],
        decided_on=mandate.day,
        changes=changes,
        product=current.product,
    )
    return current
