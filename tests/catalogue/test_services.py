"""Writes go through the services: checked against the mandate, validated, atomic, recorded
as a decision and an audit event, safe from lost updates."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from os2gov.accounts.models import User
from os2gov.authority.service import MandateRefused
from os2gov.catalogue import services
from os2gov.catalogue.models import ConnectionAgreement, Product, ProductSupplier
from os2gov.core.models import AuditEvent
from os2gov.governance.models import BodyKind, Decision, Group, GroupKind, GroupRole
from os2gov.organisation.models import OrganisationType
from tests.catalogue.factories import (
    ConnectionAgreementFactory,
    ProductFactory,
    ProductSupplierFactory,
)
from tests.governance import factories as f
from tests.organisation.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

# The audit trail's "under which mandate": the action's code, label and holder.
BY_THE_SECRETARIAT = {
    "product.create": "product.create: Register a proposed product (the secretariat)",
    "product.update": "product.update: Update a product's catalogue entry (the secretariat)",
    "catalogue.agreement.manage": (
        "catalogue.agreement.manage: Record connection agreements (the secretariat)"
    ),
    "catalogue.supplier.manage": (
        "catalogue.supplier.manage: Record a product's suppliers (the secretariat)"
    ),
}
JAN_1 = datetime.date(2025, 1, 1)


# --- Products -------------------------------------------------------------------------


def test_product_create_makes_the_slug_and_is_audited(secretariat_member: User) -> None:
    product = services.product_create(
        actor=secretariat_member,
        data={
            "name": "OS2Ærø Kalender",
            "short_description": "Fælles kalender.",
            "licence": "EUPL-1.2",
            "status": "sandbox",
        },
    )
    assert product.slug == "os2aeroe-kalender"
    event = AuditEvent.objects.get(action="catalogue.product.create")
    assert event.actor == secretariat_member
    assert event.mandate == BY_THE_SECRETARIAT["product.create"]
    assert event.object_type == "catalogue.product"
    assert event.object_id == str(product.pk)
    assert event.changes["licence"] == [None, "EUPL-1.2"]
    assert "website" not in event.changes


def test_product_create_with_unknown_licence_writes_nothing(secretariat_member: User) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.product_create(
            actor=secretariat_member,
            data={"name": "OS2fejl", "short_description": "x", "licence": "GPL-9"},
        )
    assert list(excinfo.value.message_dict) == ["licence"]
    assert not Product.objects.filter(name="OS2fejl").exists()
    assert not AuditEvent.objects.exists()


def test_product_create_refuses_unknown_fields(secretariat_member: User) -> None:
    with pytest.raises(ValueError, match="created_at"):
        services.product_create(actor=secretariat_member, data={"name": "X", "created_at": None})


def test_product_update_records_old_and_new(secretariat_member: User) -> None:
    product = ProductFactory(licence="MIT")
    updated = services.product_update(
        actor=secretariat_member,
        product=product,
        data={"licence": "MPL-2.0", "name": product.name},
        expected_updated_at=product.updated_at,
    )
    assert updated.licence == "MPL-2.0"
    product.refresh_from_db()
    assert product.licence == "MPL-2.0"
    event = AuditEvent.objects.get(action="catalogue.product.update")
    assert event.changes == {"licence": ["MIT", "MPL-2.0"]}
    assert event.mandate == BY_THE_SECRETARIAT["product.update"]


def test_product_update_without_changes_records_nothing(secretariat_member: User) -> None:
    product = ProductFactory()
    services.product_update(
        actor=secretariat_member,
        product=product,
        data={"name": product.name},
        expected_updated_at=product.updated_at,
    )
    assert not AuditEvent.objects.exists()


def test_product_update_with_bad_licence_writes_nothing(secretariat_member: User) -> None:
    product = ProductFactory(licence="MIT")
    with pytest.raises(ValidationError):
        services.product_update(
            actor=secretariat_member,
            product=product,
            data={"licence": "Proprietary"},
            expected_updated_at=product.updated_at,
        )
    product.refresh_from_db()
    assert product.licence == "MIT"
    assert not AuditEvent.objects.exists()


def test_concurrent_product_edit_is_refused_and_keeps_the_first_change(
    secretariat_member: User,
) -> None:
    product = ProductFactory(short_description="Første")
    loaded_by_both = product.updated_at
    services.product_update(
        actor=secretariat_member,
        product=Product.objects.get(pk=product.pk),
        data={"short_description": "Anden"},
        expected_updated_at=loaded_by_both,
    )
    with pytest.raises(services.StaleEditError) as excinfo:
        services.product_update(
            actor=secretariat_member,
            product=product,
            data={"short_description": "Tredje"},
            expected_updated_at=loaded_by_both,
        )
    assert excinfo.value.code == "stale_edit"
    product.refresh_from_db()
    assert product.short_description == "Anden"
    assert AuditEvent.objects.filter(action="catalogue.product.update").count() == 1


# --- Connection agreements -----------------------------------------------------------


def test_agreement_create_is_audited_with_exact_money(secretariat_member: User) -> None:
    product = ProductFactory()
    municipality = MunicipalityFactory()
    agreement = services.agreement_create(
        actor=secretariat_member,
        product=product,
        organisation=municipality,
        starts_on=JAN_1,
        annual_contribution=Decimal("125000.50"),
        reference="TA-2025-7",
    )
    agreement.refresh_from_db()
    assert agreement.annual_contribution == Decimal("125000.50")
    event = AuditEvent.objects.get(action="catalogue.agreement.create")
    assert event.actor == secretariat_member
    assert event.mandate == BY_THE_SECRETARIAT["catalogue.agreement.manage"]
    assert event.object_type == "catalogue.connectionagreement"
    assert event.changes["annual_contribution"] == [None, "125000.50"]
    assert event.changes["starts_on"] == [None, "2025-01-01"]
    assert event.changes["organisation"] == [None, municipality.slug]
    assert event.changes["product"] == [None, product.slug]
    assert "ends_on" not in event.changes


def test_agreement_create_refuses_float_money(secretariat_member: User) -> None:
    with pytest.raises(TypeError):
        services.agreement_create(
            actor=secretariat_member,
            product=ProductFactory(),
            organisation=MunicipalityFactory(),
            starts_on=JAN_1,
            annual_contribution=1.5,  # type: ignore[arg-type]
        )
    assert not ConnectionAgreement.objects.exists()


@pytest.mark.parametrize("holder_type", [OrganisationType.SUPPLIER, OrganisationType.ASSOCIATION])
def test_agreement_holder_must_be_a_public_authority(
    secretariat_member: User, holder_type: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_create(
            actor=secretariat_member,
            product=ProductFactory(),
            organisation=OrganisationFactory(type=holder_type),
            starts_on=JAN_1,
        )
    assert list(excinfo.value.message_dict) == ["organisation"]
    assert not ConnectionAgreement.objects.exists()
    assert not AuditEvent.objects.exists()


def test_agreement_ending_before_start_names_the_field_and_writes_nothing(
    secretariat_member: User,
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_create(
            actor=secretariat_member,
            product=ProductFactory(),
            organisation=MunicipalityFactory(),
            starts_on=JAN_1,
            ends_on=datetime.date(2024, 12, 31),
        )
    assert list(excinfo.value.message_dict) == ["ends_on"]
    assert not ConnectionAgreement.objects.exists()
    assert not AuditEvent.objects.exists()


def test_overlapping_agreement_is_refused_and_writes_nothing(secretariat_member: User) -> None:
    existing = ConnectionAgreementFactory(starts_on=JAN_1, ends_on=datetime.date(2025, 12, 31))
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_create(
            actor=secretariat_member,
            product=existing.product,
            organisation=existing.organisation,
            starts_on=datetime.date(2025, 12, 31),
        )
    assert excinfo.value.error_dict[NON_FIELD_ERRORS][0].code == "overlapping_agreement"
    assert ConnectionAgreement.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_a_new_agreement_may_follow_an_ended_one(secretariat_member: User) -> None:
    existing = ConnectionAgreementFactory(starts_on=JAN_1, ends_on=datetime.date(2025, 12, 31))
    services.agreement_create(
        actor=secretariat_member,
        product=existing.product,
        organisation=existing.organisation,
        starts_on=datetime.date(2026, 1, 1),
    )
    assert ConnectionAgreement.objects.count() == 2


def test_agreement_end_is_audited(secretariat_member: User) -> None:
    agreement = ConnectionAgreementFactory(starts_on=JAN_1)
    ended = services.agreement_end(
        actor=secretariat_member,
        agreement=agreement,
        ends_on=datetime.date(2025, 6, 30),
        expected_updated_at=agreement.updated_at,
    )
    assert ended.ends_on == datetime.date(2025, 6, 30)
    agreement.refresh_from_db()
    assert agreement.ends_on == datetime.date(2025, 6, 30)
    event = AuditEvent.objects.get(action="catalogue.agreement.end")
    assert event.changes == {"ends_on": [None, "2025-06-30"]}
    assert event.mandate == BY_THE_SECRETARIAT["catalogue.agreement.manage"]


def test_agreement_end_before_start_names_the_field_and_writes_nothing(
    secretariat_member: User,
) -> None:
    agreement = ConnectionAgreementFactory(starts_on=JAN_1)
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_end(
            actor=secretariat_member,
            agreement=agreement,
            ends_on=datetime.date(2024, 12, 31),
            expected_updated_at=agreement.updated_at,
        )
    assert list(excinfo.value.message_dict) == ["ends_on"]
    agreement.refresh_from_db()
    assert agreement.ends_on is None
    assert not AuditEvent.objects.exists()


def test_moving_an_end_into_a_later_agreement_is_refused(secretariat_member: User) -> None:
    first = ConnectionAgreementFactory(starts_on=JAN_1, ends_on=datetime.date(2025, 6, 30))
    ConnectionAgreementFactory(
        product=first.product, organisation=first.organisation, starts_on=datetime.date(2025, 7, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_end(
            actor=secretariat_member,
            agreement=first,
            ends_on=datetime.date(2025, 7, 1),
            expected_updated_at=first.updated_at,
        )
    assert excinfo.value.error_dict[NON_FIELD_ERRORS][0].code == "overlapping_agreement"
    first.refresh_from_db()
    assert first.ends_on == datetime.date(2025, 6, 30)


def test_concurrent_agreement_end_is_refused(secretariat_member: User) -> None:
    agreement = ConnectionAgreementFactory(starts_on=JAN_1)
    loaded = agreement.updated_at
    services.agreement_end(
        actor=secretariat_member,
        agreement=agreement,
        ends_on=datetime.date(2025, 3, 31),
        expected_updated_at=loaded,
    )
    with pytest.raises(services.StaleEditError):
        services.agreement_end(
            actor=secretariat_member,
            agreement=agreement,
            ends_on=datetime.date(2025, 9, 30),
            expected_updated_at=loaded,
        )
    agreement.refresh_from_db()
    assert agreement.ends_on == datetime.date(2025, 3, 31)


# --- Suppliers ------------------------------------------------------------------------


def test_supplier_add_is_audited(secretariat_member: User) -> None:
    product = ProductFactory()
    supplier_org = OrganisationFactory(name="Kodehuset A/S")
    supplier = services.supplier_add(
        actor=secretariat_member,
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
    assert event.actor == secretariat_member
    assert event.mandate == BY_THE_SECRETARIAT["catalogue.supplier.manage"]
    assert event.changes["organisation"] == [None, "kodehuset-as"]
    assert event.changes["delivers_operation"] == [None, True]
    assert "delivers_hosting" not in event.changes


def test_supplier_must_be_of_supplier_type_and_nothing_is_written(secretariat_member: User) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.supplier_add(
            actor=secretariat_member,
            product=ProductFactory(),
            organisation=MunicipalityFactory(),
            data={"delivers_development": True},
        )
    assert list(excinfo.value.message_dict) == ["organisation"]
    assert not ProductSupplier.objects.exists()
    assert not AuditEvent.objects.exists()


def test_supplier_needs_at_least_one_role_and_nothing_is_written(secretariat_member: User) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.supplier_add(
            actor=secretariat_member,
            product=ProductFactory(),
            organisation=OrganisationFactory(),
            data={"contract_reference": "K-1"},
        )
    assert excinfo.value.error_dict[NON_FIELD_ERRORS][0].code == "no_role"
    assert not ProductSupplier.objects.exists()
    assert not AuditEvent.objects.exists()


def test_supplier_update_is_audited_and_cannot_drop_every_role(secretariat_member: User) -> None:
    supplier = ProductSupplierFactory(delivers_development=True)
    services.supplier_update(
        actor=secretariat_member,
        supplier=supplier,
        data={"delivers_hosting": True},
        expected_updated_at=supplier.updated_at,
    )
    event = AuditEvent.objects.get(action="catalogue.supplier.update")
    assert event.changes == {"delivers_hosting": [False, True]}
    supplier.refresh_from_db()
    with pytest.raises(ValidationError):
        services.supplier_update(
            actor=secretariat_member,
            supplier=supplier,
            data={"delivers_development": False, "delivers_hosting": False},
            expected_updated_at=supplier.updated_at,
        )
    supplier.refresh_from_db()
    assert supplier.delivers_development and supplier.delivers_hosting
    assert AuditEvent.objects.filter(action="catalogue.supplier.update").count() == 1


def test_concurrent_supplier_edit_is_refused(secretariat_member: User) -> None:
    supplier = ProductSupplierFactory()
    loaded = supplier.updated_at
    services.supplier_update(
        actor=secretariat_member,
        supplier=supplier,
        data={"contract_reference": "K-1"},
        expected_updated_at=loaded,
    )
    with pytest.raises(services.StaleEditError):
        services.supplier_update(
            actor=secretariat_member,
            supplier=supplier,
            data={"contract_reference": "K-2"},
            expected_updated_at=loaded,
        )
    supplier.refresh_from_db()
    assert supplier.contract_reference == "K-1"


def test_supplier_update_refuses_unknown_fields(secretariat_member: User) -> None:
    supplier = ProductSupplierFactory()
    with pytest.raises(ValueError, match="product"):
        services.supplier_update(
            actor=secretariat_member,
            supplier=supplier,
            data={"product": ProductFactory()},
            expected_updated_at=supplier.updated_at,
        )


# --- ACC-01: the catalogue's mandates -------------------------------------------------------

SECRETARIAT_ONLY = "Only the secretariat can do this."


def refused_call(service: str, actor: User) -> Callable[[], object]:
    """One call of each catalogue service, with valid data, by ``actor``."""
    if service == "product_create":
        return lambda: services.product_create(
            actor=actor, data={"name": "OS2nyt", "short_description": "Nyt.", "licence": "MIT"}
        )
    if service == "product_update":
        product = ProductFactory(name="OS2gammel")
        return lambda: services.product_update(
            actor=actor,
            product=product,
            data={"short_description": "Ændret."},
            expected_updated_at=product.updated_at,
        )
    if service == "agreement_create":
        product, municipality = ProductFactory(), MunicipalityFactory()
        return lambda: services.agreement_create(
            actor=actor, product=product, organisation=municipality, starts_on=JAN_1
        )
    if service == "agreement_end":
        agreement = ConnectionAgreementFactory(starts_on=JAN_1)
        return lambda: services.agreement_end(
            actor=actor,
            agreement=agreement,
            ends_on=datetime.date(2025, 6, 30),
            expected_updated_at=agreement.updated_at,
        )
    if service == "supplier_add":
        product, supplier_org = ProductFactory(), OrganisationFactory()
        return lambda: services.supplier_add(
            actor=actor,
            product=product,
            organisation=supplier_org,
            data={"delivers_support": True},
        )
    assert service == "supplier_update"
    supplier = ProductSupplierFactory()
    return lambda: services.supplier_update(
        actor=actor,
        supplier=supplier,
        data={"delivers_hosting": True},
        expected_updated_at=supplier.updated_at,
    )


SERVICES = [
    "product_create",
    "product_update",
    "agreement_create",
    "agreement_end",
    "supplier_add",
    "supplier_update",
]


def catalogue_rows() -> list[list[dict[str, object]]]:
    return [
        list(model.objects.order_by("pk").values())
        for model in (Product, ConnectionAgreement, ProductSupplier)
    ]


@pytest.mark.parametrize("who", ["municipality_user", "superuser"])
@pytest.mark.parametrize("service", SERVICES)
def test_acc01_every_catalogue_service_refuses_an_actor_without_the_mandate(
    service: str, who: str, request: pytest.FixtureRequest
) -> None:
    call = refused_call(service, request.getfixturevalue(who))
    before = catalogue_rows()
    with pytest.raises(MandateRefused) as refused:
        call()
    message = str(refused.value)
    assert "the secretariat" in message
    if service == "product_update":
        # The tovholder may also update the product's catalogue entry.
        assert message == (
            "Only the secretariat or the tovholder of OS2gammel's coordination group can do this."
        )
    else:
        assert message == SECRETARIAT_ONLY
    assert catalogue_rows() == before
    assert not AuditEvent.objects.exists()
    assert not Decision.objects.exists()


@pytest.mark.parametrize("service", SERVICES)
def test_acc01_acc03_the_secretariat_writes_a_decision_of_the_secretariat(
    service: str, secretariat_member: User
) -> None:
    refused_call(service, secretariat_member)()
    decision = Decision.objects.get()
    assert decision.body is not None
    assert decision.body.kind == BodyKind.SECRETARIAT
    assert decision.group is None
    assert decision.recorded_by == secretariat_member
    assert decision.product is not None
    assert decision.decided_on == timezone.localdate()
    event = AuditEvent.objects.get()
    assert decision.action == event.mandate.split(":")[0]
    assert decision.text == event.summary
    assert decision.subjects.get().object_id == event.object_id


def test_product_decisions_say_what_changed_in_words(secretariat_member: User) -> None:
    product = ProductFactory(name="OS2kort", licence="MIT")
    services.product_update(
        actor=secretariat_member,
        product=product,
        data={"licence": "MPL-2.0", "website": "https://kort.example.org"},
        expected_updated_at=product.updated_at,
    )
    decision = Decision.objects.get(action="product.update")
    assert decision.text == "Changed licence, website of the product OS2kort."
    assert decision.product == product
    assert decision.subjects.get().label == "OS2kort"


def test_an_agreement_decision_names_the_organisation_the_product_and_the_period(
    secretariat_member: User,
) -> None:
    product = ProductFactory(name="OS2kort")
    municipality = MunicipalityFactory(name="Prøveby Kommune")
    services.agreement_create(
        actor=secretariat_member,
        product=product,
        organisation=municipality,
        starts_on=JAN_1,
        ends_on=datetime.date(2025, 12, 31),
    )
    decision = Decision.objects.get()
    assert decision.text == (
        "Recorded the connection agreement of Prøveby Kommune on OS2kort "
        "from 01/01/2025 to 12/31/2025."
    )
    assert decision.subjects.get().label == (
        "The connection agreement of Prøveby Kommune on OS2kort"
    )


@pytest.fixture
def tovholder(db: None) -> tuple[User, Product, Group]:
    """The tovholder of a product's coordination group."""
    product = ProductFactory(name="OS2tov", licence="MIT")
    coordination = f.group(product, GroupKind.COORDINATION)
    person = f.person(MunicipalityFactory(), "Tove Tovholder")
    f.member(coordination, person, GroupRole.TOVHOLDER)
    return person, product, coordination


def test_acc01_the_tovholder_updates_the_product_as_its_coordination_group(
    tovholder: tuple[User, Product, Group],
) -> None:
    person, product, coordination = tovholder
    services.product_update(
        actor=person,
        product=product,
        data={"licence": "MPL-2.0"},
        expected_updated_at=product.updated_at,
    )
    decision = Decision.objects.get()
    assert decision.group == coordination
    assert decision.body is None
    assert AuditEvent.objects.get().mandate == (
        "product.update: Update a product's catalogue entry "
        "(the tovholder of OS2tov's coordination group)"
    )


def test_acc01_the_tovholder_cannot_update_another_product(
    tovholder: tuple[User, Product, Group],
) -> None:
    person, _product, _coordination = tovholder
    other = ProductFactory(name="OS2andet")
    with pytest.raises(MandateRefused):
        services.product_update(
            actor=person,
            product=other,
            data={"licence": "MPL-2.0"},
            expected_updated_at=other.updated_at,
        )
    assert not AuditEvent.objects.exists()


def test_acc01_the_tovholder_records_no_agreements_or_suppliers(
    tovholder: tuple[User, Product, Group],
) -> None:
    person, product, _coordination = tovholder
    with pytest.raises(MandateRefused) as refused:
        services.agreement_create(
            actor=person, product=product, organisation=MunicipalityFactory(), starts_on=JAN_1
        )
    assert str(refused.value) == SECRETARIAT_ONLY
    with pytest.raises(MandateRefused):
        services.supplier_add(
            actor=person,
            product=product,
            organisation=OrganisationFactory(),
            data={"delivers_support": True},
        )
    assert not ConnectionAgreement.objects.exists()
    assert not ProductSupplier.objects.exists()
    assert not AuditEvent.objects.exists()
