"""Model validation of products, connection agreements and suppliers."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from os2gov.catalogue.licences import SPDX_LICENCES, validate_spdx_licence
from os2gov.catalogue.models import ConnectionAgreement, Product, ProductSupplier, SupplierRole
from os2gov.organisation.models import OrganisationType
from tests.catalogue.factories import (
    ConnectionAgreementFactory,
    ProductFactory,
    ProductSupplierFactory,
)
from tests.organisation.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

JAN_1 = datetime.date(2025, 1, 1)


def test_known_spdx_identifiers_pass_and_empty_is_allowed() -> None:
    for identifier in ("MPL-2.0", "EUPL-1.2", "AGPL-3.0-or-later", ""):
        validate_spdx_licence(identifier)
    assert "MIT" in SPDX_LICENCES


@pytest.mark.parametrize("bad", ["MPL2", "mpl-2.0", "GPL", "Proprietary", "MIT "])
def test_unknown_spdx_identifier_is_refused_on_the_licence_field(bad: str) -> None:
    product = ProductFactory.build(licence=bad)
    with pytest.raises(ValidationError) as excinfo:
        product.full_clean()
    assert list(excinfo.value.message_dict) == ["licence"]
    assert excinfo.value.error_dict["licence"][0].code == "unknown_licence"
    assert bad in excinfo.value.message_dict["licence"][0]


def test_agreement_ending_before_it_starts_names_the_end_field() -> None:
    agreement = ConnectionAgreementFactory.build(
        product=ProductFactory(),
        organisation=MunicipalityFactory(),
        starts_on=JAN_1,
        ends_on=JAN_1 - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as excinfo:
        agreement.full_clean()
    assert list(excinfo.value.message_dict) == ["ends_on"]
    assert excinfo.value.error_dict["ends_on"][0].code == "ends_before_start"


def test_agreement_of_one_day_is_valid() -> None:
    agreement = ConnectionAgreementFactory.build(
        product=ProductFactory(), organisation=MunicipalityFactory(), starts_on=JAN_1, ends_on=JAN_1
    )
    agreement.full_clean()


def test_database_refuses_an_agreement_ending_before_it_starts() -> None:
    agreement = ConnectionAgreementFactory()
    agreement.ends_on = agreement.starts_on - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        agreement.save()


def test_negative_contribution_is_refused() -> None:
    agreement = ConnectionAgreementFactory.build(
        product=ProductFactory(),
        organisation=MunicipalityFactory(),
        annual_contribution=Decimal("-0.01"),
    )
    with pytest.raises(ValidationError) as excinfo:
        agreement.full_clean()
    assert list(excinfo.value.message_dict) == ["annual_contribution"]


@pytest.mark.parametrize(
    "holder_type",
    [OrganisationType.REGION, OrganisationType.PUBLIC_AUTHORITY],
)
def test_regions_and_other_public_authorities_can_hold_an_agreement(holder_type: str) -> None:
    holder = OrganisationFactory(
        type=holder_type,
        cvr="",
        region_code="9555" if holder_type == OrganisationType.REGION else "",
    )
    ConnectionAgreementFactory.build(product=ProductFactory(), organisation=holder).full_clean()


@pytest.mark.parametrize("holder_type", [OrganisationType.SUPPLIER, OrganisationType.ASSOCIATION])
def test_supplier_or_association_cannot_hold_an_agreement(holder_type: str) -> None:
    agreement = ConnectionAgreementFactory.build(
        product=ProductFactory(), organisation=OrganisationFactory(type=holder_type)
    )
    with pytest.raises(ValidationError) as excinfo:
        agreement.full_clean()
    assert list(excinfo.value.message_dict) == ["organisation"]
    assert excinfo.value.error_dict["organisation"][0].code == "not_a_public_authority"


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "overlaps"),
    [
        (datetime.date(2025, 6, 1), None, True),  # inside an open-ended one
        (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), False),  # ends the day before
        (datetime.date(2024, 1, 1), datetime.date(2025, 1, 1), True),  # shares the first day
    ],
)
def test_overlap_with_an_agreement_of_the_same_organisation(
    starts_on: datetime.date, ends_on: datetime.date | None, overlaps: bool
) -> None:
    existing = ConnectionAgreementFactory(starts_on=JAN_1, ends_on=None)
    agreement = ConnectionAgreement(
        product=existing.product,
        organisation=existing.organisation,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    if overlaps:
        with pytest.raises(ValidationError) as excinfo:
            agreement.full_clean()
        assert excinfo.value.error_dict[NON_FIELD_ERRORS][0].code == "overlapping_agreement"
    else:
        agreement.full_clean()


def test_other_organisations_and_products_do_not_overlap() -> None:
    existing = ConnectionAgreementFactory(starts_on=JAN_1)
    ConnectionAgreementFactory.build(
        product=existing.product, organisation=MunicipalityFactory(), starts_on=JAN_1
    ).full_clean()
    ConnectionAgreementFactory.build(
        product=ProductFactory(), organisation=existing.organisation, starts_on=JAN_1
    ).full_clean()


def test_supplier_must_be_of_the_type_supplier() -> None:
    supplier = ProductSupplierFactory.build(
        product=ProductFactory(), organisation=MunicipalityFactory()
    )
    with pytest.raises(ValidationError) as excinfo:
        supplier.full_clean()
    assert list(excinfo.value.message_dict) == ["organisation"]
    assert excinfo.value.error_dict["organisation"][0].code == "not_a_supplier"


def test_supplier_must_deliver_something() -> None:
    supplier = ProductSupplierFactory.build(
        product=ProductFactory(), organisation=OrganisationFactory(), delivers_development=False
    )
    with pytest.raises(ValidationError) as excinfo:
        supplier.full_clean()
    assert excinfo.value.error_dict[NON_FIELD_ERRORS][0].code == "no_role"


def test_supplier_roles_in_order() -> None:
    supplier = ProductSupplier(delivers_hosting=True, delivers_development=True)
    assert supplier.roles() == [SupplierRole.DEVELOPMENT, SupplierRole.HOSTING]


def test_one_supplier_row_per_product_and_organisation() -> None:
    first = ProductSupplierFactory()
    second = ProductSupplierFactory.build(product=first.product, organisation=first.organisation)
    with pytest.raises(ValidationError):
        second.full_clean()


def test_product_names_and_slugs_are_unique() -> None:
    ProductFactory(name="OS2unik", slug="os2unik")
    with pytest.raises(ValidationError) as excinfo:
        Product(name="OS2unik", slug="os2unik", short_description="x").full_clean()
    assert {"name", "slug"} <= set(excinfo.value.message_dict)
