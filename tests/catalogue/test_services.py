"""Writes go through the services: validated, atomic, audited, safe from lost updates."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from os2gov.accounts.models import User
from os2gov.catalogue import services
from os2gov.catalogue.models import ConnectionAgreement, Product, ProductSupplier
from os2gov.core.models import AuditEvent
from os2gov.organisation.models import OrganisationType
from tests.catalogue.factories import (
    ConnectionAgreementFactory,
    ProductFactory,
    ProductSupplierFactory,
)
from tests.organisation.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

MANDATE = "secretariat (data maintenance)"
JAN_1 = datetime.date(2025, 1, 1)


# --- Products -------------------------------------------------------------------------


def test_product_create_makes_the_slug_and_is_audited(editor: User) -> None:
    product = services.product_create(
        actor=editor,
        data={
            "name": "OS2Ærø Kalender",
            "short_description": "Fælles kalender.",
            "licence": "EUPL-1.2",
            "status": "sandbox",
        },
    )
    assert product.slug == "os2aeroe-kalender"
    event = AuditEvent.objects.get(action="catalogue.product.create")
    assert event.actor == editor
    assert event.mandate == MANDATE
    assert event.object_type == "catalogue.product"
    assert event.object_id == str(product.pk)
    assert event.changes["licence"] == [None, "EUPL-1.2"]
    assert "website" not in event.changes


def test_product_create_with_unknown_licence_writes_nothing(editor: User) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.product_create(
            actor=editor,
            data={"name": "OS2fejl", "short_description": "x", "licence": "GPL-9"},
        )
    assert list(excinfo.value.message_dict) == ["licence"]
    assert not Product.objects.filter(name="OS2fejl").exists()
    assert not AuditEvent.objects.exists()


def test_product_create_refuses_unknown_fields(editor: User) -> None:
    with pytest.raises(ValueError, match="created_at"):
        services.product_create(actor=editor, data={"name": "X", "created_at": None})


def test_product_update_records_old_and_new(editor: User) -> None:
    product = ProductFactory(licence="MIT")
    updated = services.product_update(
        actor=editor,
        product=product,
        data={"licence": "MPL-2.0", "name": product.name},
        expected_updated_at=product.updated_at,
    )
    assert updated.licence == "MPL-2.0"
    product.refresh_from_db()
    assert product.licence == "MPL-2.0"
    event = AuditEvent.objects.get(action="catalogue.product.update")
    assert event.changes == {"licence": ["MIT", "MPL-2.0"]}
    assert event.mandate == MANDATE


def test_product_update_without_changes_records_nothing(editor: User) -> None:
    product = ProductFactory()
    services.product_update(
        actor=editor,
        product=product,
        data={"name": product.name},
        expected_updated_at=product.updated_at,
    )
    assert not AuditEvent.objects.exists()


def test_product_update_with_bad_licence_writes_nothing(editor: User) -> None:
    product = ProductFactory(licence="MIT")
    with pytest.raises(ValidationError):
        services.product_update(
            actor=editor,
            product=product,
            data={"licence": "Proprietary"},
            expected_updated_at=product.updated_at,
        )
    product.refresh_from_db()
    assert product.licence == "MIT"
    assert not AuditEvent.objects.exists()


def test_concurrent_product_edit_is_refused_and_keeps_the_first_change(editor: User) -> None:
    product = ProductFactory(short_description="Første")
    loaded_by_both = product.updated_at
    services.product_update(
        actor=editor,
        product=Product.objects.get(pk=product.pk),
        data={"short_description": "Anden"},
        expected_updated_at=loaded_by_both,
    )
    with pytest.raises(services.StaleEditError) as excinfo:
        services.product_update(
            actor=editor,
            product=product,
            data={"short_description": "Tredje"},
            expected_updated_at=loaded_by_both,
        )
    assert excinfo.value.code == "stale_edit"
    product.refresh_from_db()
    assert product.short_description == "Anden"
    assert AuditEvent.objects.filter(action="catalogue.product.update").count() == 1


# --- Connection agreements -----------------------------------------------------------


def test_agreement_create_is_audited_with_exact_money(editor: User) -> None:
    product = ProductFactory()
    municipality = MunicipalityFactory()
    agreement = services.agreement_create(
        actor=editor,
        product=product,
        organisation=municipality,
        starts_on=JAN_1,
        annual_contribution=Decimal("125000.50"),
        reference="TA-2025-7",
    )
    agreement.refresh_from_db()
    assert agreement.annual_contribution == Decimal("125000.50")
    event = AuditEvent.objects.get(action="catalogue.agreement.create")
    assert event.actor == editor
    assert event.mandate == MANDATE
    assert event.object_type == "catalogue.connectionagreement"
    assert event.changes["annual_contribution"] == [None, "125000.50"]
    assert event.changes["starts_on"] == [None, "2025-01-01"]
    assert event.changes["organisation"] == [None, municipality.slug]
    assert event.changes["product"] == [None, product.slug]
    assert "ends_on" not in event.changes


def test_agreement_create_refuses_float_money(editor: User) -> None:
    with pytest.raises(TypeError):
        services.agreement_create(
            actor=editor,
            product=ProductFactory(),
            organisation=MunicipalityFactory(),
            starts_on=JAN_1,
            annual_contribution=1.5,  # type: ignore[arg-type]
        )
    assert not ConnectionAgreement.objects.exists()


@pytest.mark.parametrize("holder_type", [OrganisationType.SUPPLIER, OrganisationType.ASSOCIATION])
def test_agreement_holder_must_be_a_public_authority(editor: User, holder_type: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_create(
            actor=editor,
            product=ProductFactory(),
            organisation=OrganisationFactory(type=holder_type),
            starts_on=JAN_1,
        )
    assert list(excinfo.value.message_dict) == ["organisation"]
    assert not ConnectionAgreement.objects.exists()
    assert not AuditEvent.objects.exists()


def test_agreement_ending_before_start_names_the_field_and_writes_nothing(editor: User) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_create(
            actor=editor,
            product=ProductFactory(),
            organisation=MunicipalityFactory(),
            starts_on=JAN_1,
            ends_on=datetime.date(2024, 12, 31),
        )
    assert list(excinfo.value.message_dict) == ["ends_on"]
    assert not ConnectionAgreement.objects.exists()
    assert not AuditEvent.objects.exists()


def test_overlapping_agreement_is_refused_and_writes_nothing(editor: User) -> None:
    existing = ConnectionAgreementFactory(starts_on=JAN_1, ends_on=datetime.date(2025, 12, 31))
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_create(
            actor=editor,
            product=existing.product,
            organisation=existing.organisation,
            starts_on=datetime.date(2025, 12, 31),
        )
    assert excinfo.value.error_dict[NON_FIELD_ERRORS][0].code == "overlapping_agreement"
    assert ConnectionAgreement.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_a_new_agreement_may_follow_an_ended_one(editor: User) -> None:
    existing = ConnectionAgreementFactory(starts_on=JAN_1, ends_on=datetime.date(2025, 12, 31))
    services.agreement_create(
        actor=editor,
        product=existing.product,
        organisation=existing.organisation,
        starts_on=datetime.date(2026, 1, 1),
    )
    assert ConnectionAgreement.objects.count() == 2


def test_agreement_end_is_audited(editor: User) -> None:
    agreement = ConnectionAgreementFactory(starts_on=JAN_1)
    ended = services.agreement_end(
        actor=editor,
        agreement=agreement,
        ends_on=datetime.date(2025, 6, 30),
        expected_updated_at=agreement.updated_at,
    )
    assert ended.ends_on == datetime.date(2025, 6, 30)
    agreement.refresh_from_db()
    assert agreement.ends_on == datetime.date(2025, 6, 30)
    event = AuditEvent.objects.get(action="catalogue.agreement.end")
    assert event.changes == {"ends_on": [None, "2025-06-30"]}
    assert event.mandate == MANDATE


def test_agreement_end_before_start_names_the_field_and_writes_nothing(editor: User) -> None:
    agreement = ConnectionAgreementFactory(starts_on=JAN_1)
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_end(
            actor=editor,
            agreement=agreement,
            ends_on=datetime.date(2024, 12, 31),
            expected_updated_at=agreement.updated_at,
        )
    assert list(excinfo.value.message_dict) == ["ends_on"]
    agreement.refresh_from_db()
    assert agreement.ends_on is None
    assert not AuditEvent.objects.exists()


def test_moving_an_end_into_a_later_agreement_is_refused(editor: User) -> None:
    first = ConnectionAgreementFactory(starts_on=JAN_1, ends_on=datetime.date(2025, 6, 30))
    ConnectionAgreementFactory(
        product=first.product, organisation=first.organisation, starts_on=datetime.date(2025, 7, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_end(
            actor=editor,
            agreement=first,
            ends_on=datetime.date(2025, 7, 1),
            expected_updated_at=first.updated_at,
        )
    assert excinfo.value.error_dict[NON_FIELD_ERRORS][0].code == "overlapping_agreement"
    first.refresh_from_db()
    assert first.ends_on == datetime.date(2025, 6, 30)


def test_concurrent_agreement_end_is_refused(editor: User) -> None:
    agreement = ConnectionAgreementFactory(starts_on=JAN_1)
    loaded = agreement.updated_at
    services.agreement_end(
        actor=editor,
        agreement=agreement,
        ends_on=datetime.date(2025, 3, 31),
        expected_updated_at=loaded,
    )
    with pytest.raises(services.StaleEditError):
        services.agreement_end(
            actor=editor,
            agreement=agreement,
            ends_on=datetime.date(2025, 9, 30),
            expected_updated_at=loaded,
        )
    agreement.refresh_from_db()
    assert agreement.ends_on == datetime.date(2025, 3, 31)


# --- Suppliers ------------------------------------------------------------------------


def test_supplier_add_is_audited(editor: User) -> None:
    product = ProductFactory()
    supplier_org = OrganisationFactory(name="Kodehuset A/S")
    supplier = services.supplier_add(
        actor=editor,
        product=product,
        organisation=supplier_org,
        data={
            "delivers_operation": True,
            "delivers_support": True,
            "offers_data_processing_agreement": True,
        },
    )
    assert [role.value for role in supplier.roles()] == ["operation", "support"]
    event = AuditEvent.objects.get(action="catalogue.supplier.add")
    assert event.actor == editor
    assert event.mandate == MANDATE
    assert event.changes["organisation"] == [None, "kodehuset-as"]
    assert event.changes["delivers_operation"] == [None, True]
    assert "delivers_hosting" not in event.changes


def test_supplier_must_be_of_supplier_type_and_nothing_is_written(editor: User) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.supplier_add(
            actor=editor,
            product=ProductFactory(),
            organisation=MunicipalityFactory(),
            data={"delivers_development": True},
        )
    assert list(excinfo.value.message_dict) == ["organisation"]
    assert not ProductSupplier.objects.exists()
    assert not AuditEvent.objects.exists()


def test_supplier_needs_at_least_one_role_and_nothing_is_written(editor: User) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.supplier_add(
            actor=editor,
            product=ProductFactory(),
            organisation=OrganisationFactory(),
            data={"contract_reference": "K-1"},
        )
    assert excinfo.value.error_dict[NON_FIELD_ERRORS][0].code == "no_role"
    assert not ProductSupplier.objects.exists()
    assert not AuditEvent.objects.exists()


def test_supplier_update_is_audited_and_cannot_drop_every_role(editor: User) -> None:
    supplier = ProductSupplierFactory(delivers_development=True)
    services.supplier_update(
        actor=editor,
        supplier=supplier,
        data={"delivers_hosting": True},
        expected_updated_at=supplier.updated_at,
    )
    event = AuditEvent.objects.get(action="catalogue.supplier.update")
    assert event.changes == {"delivers_hosting": [False, True]}
    supplier.refresh_from_db()
    with pytest.raises(ValidationError):
        services.supplier_update(
            actor=editor,
            supplier=supplier,
            data={"delivers_development": False, "delivers_hosting": False},
            expected_updated_at=supplier.updated_at,
        )
    supplier.refresh_from_db()
    assert supplier.delivers_development and supplier.delivers_hosting
    assert AuditEvent.objects.filter(action="catalogue.supplier.update").count() == 1


def test_concurrent_supplier_edit_is_refused(editor: User) -> None:
    supplier = ProductSupplierFactory()
    loaded = supplier.updated_at
    services.supplier_update(
        actor=editor,
        supplier=supplier,
        data={"contract_reference": "K-1"},
        expected_updated_at=loaded,
    )
    with pytest.raises(services.StaleEditError):
        services.supplier_update(
            actor=editor,
            supplier=supplier,
            data={"contract_reference": "K-2"},
            expected_updated_at=loaded,
        )
    supplier.refresh_from_db()
    assert supplier.contract_reference == "K-1"


def test_supplier_update_refuses_unknown_fields(editor: User) -> None:
    supplier = ProductSupplierFactory()
    with pytest.raises(ValueError, match="product"):
        services.supplier_update(
            actor=editor,
            supplier=supplier,
            data={"product": ProductFactory()},
            expected_updated_at=supplier.updated_at,
        )
