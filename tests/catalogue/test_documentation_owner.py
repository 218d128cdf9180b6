"""PRD-01: a product's documentation owner, the organisation responsible for the
product's documentation being made and kept current, optionally with a named contact
person of it. Set through the product services (mandate, validation, audit, stale edits),
the admin, and read through the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import ProtectedError
from django.test import Client
from django.test.utils import CaptureQueriesContext

from os2gov.accounts.models import User
from os2gov.authority.service import MandateRefused
from os2gov.catalogue import services
from os2gov.catalogue.models import Product
from os2gov.core.models import AuditEvent
from os2gov.governance.models import Decision, GroupKind, GroupRole
from os2gov.organisation.models import Organisation
from tests.accounts.conftest import english_client
from tests.catalogue.factories import ProductFactory
from tests.catalogue.test_admin import agreement_rows, change_url, product_data, supplier_rows
from tests.governance import factories as f
from tests.organisation.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def supplier() -> Organisation:
    return OrganisationFactory(name="Dokumentationshuset A/S")


@pytest.fixture
def writer(supplier: Organisation) -> User:
    """A person of the supplier who writes the documentation."""
    return f.person(supplier, "Dorte Dokumentation")


def _update(actor: User, product: Product, **data: Any) -> Product:
    return services.product_update(
        actor=actor, product=product, data=data, expected_updated_at=product.updated_at
    )


# --- The services ------------------------------------------------------------------------


def test_prd01_create_with_a_documentation_owner_is_audited(
    secretariat_member: User, supplier: Organisation, writer: User
) -> None:
    product = services.product_create(
        actor=secretariat_member,
        data={
            "name": "OS2dok",
            "short_description": "Dokumenteret.",
            "documentation_owner": supplier,
            "documentation_contact": writer,
        },
    )
    product.refresh_from_db()
    assert product.documentation_owner == supplier
    assert product.documentation_contact == writer
    event = AuditEvent.objects.get(action="catalogue.product.create")
    assert event.changes["documentation_owner"] == [None, supplier.slug]
    # A person is recorded by id, never by e-mail address.
    assert event.changes["documentation_contact"] == [None, writer.pk]


def test_prd01_set_change_and_clear_the_documentation_owner(
    secretariat_member: User, supplier: Organisation, writer: User
) -> None:
    product = ProductFactory(name="OS2dok")
    product = _update(
        secretariat_member, product, documentation_owner=supplier, documentation_contact=writer
    )
    first = AuditEvent.objects.get(action="catalogue.product.update")
    assert first.changes == {
        "documentation_owner": [None, supplier.slug],
        "documentation_contact": [None, writer.pk],
    }
    assert Decision.objects.get(action="product.update").text == (
        "Changed documentation owner, documentation contact person of the product OS2dok."
    )

    # Change: a municipality takes over, with no named person.
    municipality = MunicipalityFactory(name="Testkommune Dok")
    product = _update(
        secretariat_member, product, documentation_owner=municipality, documentation_contact=None
    )
    product.refresh_from_db()
    assert product.documentation_owner == municipality
    assert product.documentation_contact is None
    second = AuditEvent.objects.filter(action="catalogue.product.update").latest("pk")
    assert second.changes == {
        "documentation_owner": [supplier.slug, municipality.slug],
        "documentation_contact": [writer.pk, None],
    }

    # Clear.
    product = _update(secretariat_member, product, documentation_owner=None)
    product.refresh_from_db()
    assert product.documentation_owner is None
    third = AuditEvent.objects.filter(action="catalogue.product.update").latest("pk")
    assert third.changes == {"documentation_owner": [municipality.slug, None]}
    assert AuditEvent.objects.filter(action="catalogue.product.update").count() == 3


def test_prd01_setting_the_same_owner_again_records_nothing(
    secretariat_member: User, supplier: Organisation
) -> None:
    product = ProductFactory(documentation_owner=supplier)
    _update(secretariat_member, product, documentation_owner=supplier)
    assert not AuditEvent.objects.exists()


def test_prd01_a_stale_owner_edit_is_refused_and_keeps_the_first_change(
    secretariat_member: User, supplier: Organisation
) -> None:
    product = ProductFactory()
    loaded_by_both = product.updated_at
    municipality = MunicipalityFactory()
    services.product_update(
        actor=secretariat_member,
        product=Product.objects.get(pk=product.pk),
        data={"documentation_owner": supplier},
        expected_updated_at=loaded_by_both,
    )
    with pytest.raises(services.StaleEditError) as excinfo:
        services.product_update(
            actor=secretariat_member,
            product=product,
            data={"documentation_owner": municipality},
            expected_updated_at=loaded_by_both,
        )
    assert excinfo.value.code == "stale_edit"
    product.refresh_from_db()
    assert product.documentation_owner == supplier
    assert AuditEvent.objects.filter(action="catalogue.product.update").count() == 1


@pytest.mark.parametrize("who", ["municipality_user", "superuser"])
def test_prd01_acc01_naming_the_owner_needs_the_mandate(
    who: str, request: pytest.FixtureRequest, supplier: Organisation
) -> None:
    product = ProductFactory(name="OS2dok")
    with pytest.raises(MandateRefused) as refused:
        _update(request.getfixturevalue(who), product, documentation_owner=supplier)
    assert str(refused.value) == (
        "Only the secretariat or the tovholder of OS2dok's coordination group can do this."
    )
    product.refresh_from_db()
    assert product.documentation_owner is None
    assert not AuditEvent.objects.exists()


def test_prd01_the_tovholder_may_name_the_owner(supplier: Organisation) -> None:
    product = ProductFactory(name="OS2dok")
    tovholder = f.person(MunicipalityFactory(), "Tove Tovholder")
    f.member(f.group(product, GroupKind.COORDINATION), tovholder, GroupRole.TOVHOLDER)
    _update(tovholder, product, documentation_owner=supplier)
    product.refresh_from_db()
    assert product.documentation_owner == supplier


def test_prd01_a_contact_of_another_organisation_is_refused_naming_the_field(
    secretariat_member: User, supplier: Organisation
) -> None:
    product = ProductFactory()
    outsider = f.person(MunicipalityFactory(name="Testkommune Anden"), "Ole Udenfor")
    with pytest.raises(ValidationError) as excinfo:
        _update(
            secretariat_member,
            product,
            documentation_owner=supplier,
            documentation_contact=outsider,
        )
    assert list(excinfo.value.message_dict) == ["documentation_contact"]
    assert excinfo.value.message_dict["documentation_contact"] == [
        "Ole Udenfor does not work for Dokumentationshuset A/S. Choose a person of the "
        "documentation owner, or leave the contact person empty."
    ]
    product.refresh_from_db()
    assert product.documentation_owner is None
    assert product.documentation_contact is None
    assert not AuditEvent.objects.exists()


def test_prd01_a_contact_without_an_owner_is_refused_naming_the_owner(
    secretariat_member: User, writer: User
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.product_create(
            actor=secretariat_member,
            data={"name": "OS2dok", "short_description": "x", "documentation_contact": writer},
        )
    assert list(excinfo.value.message_dict) == ["documentation_owner"]
    assert not Product.objects.filter(name="OS2dok").exists()
    assert not AuditEvent.objects.exists()


def test_prd01_a_person_without_an_organisation_cannot_be_the_contact(
    secretariat_member: User, supplier: Organisation
) -> None:
    product = ProductFactory()
    nobody = f.person(None, "Nina Ingen")
    with pytest.raises(ValidationError) as excinfo:
        _update(
            secretariat_member, product, documentation_owner=supplier, documentation_contact=nobody
        )
    assert list(excinfo.value.message_dict) == ["documentation_contact"]


def test_prd01_an_owner_in_use_cannot_be_deleted(supplier: Organisation, writer: User) -> None:
    ProductFactory(documentation_owner=supplier, documentation_contact=writer)
    with pytest.raises(ProtectedError):
        supplier.delete()
    with pytest.raises(ProtectedError):
        writer.delete()


# --- The admin: where products are written ----------------------------------------------


def _admin_post(client: Client, product: Product, **overrides: Any) -> Any:
    return client.post(
        change_url(product),
        {
            **product_data(product, **overrides),
            **supplier_rows(product),
            **agreement_rows(product),
        },
    )


def test_prd01_the_admin_sets_the_owner_through_the_service(
    secretariat_admin: User, supplier: Organisation, writer: User
) -> None:
    product = ProductFactory()
    client = english_client()
    client.force_login(secretariat_admin)
    form = client.get(change_url(product)).content.decode()
    assert 'name="documentation_owner"' in form
    assert 'name="documentation_contact"' in form
    response = _admin_post(
        client, product, documentation_owner=supplier.pk, documentation_contact=writer.pk
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.documentation_owner == supplier
    assert product.documentation_contact == writer
    event = AuditEvent.objects.get(action="catalogue.product.update")
    assert event.actor == secretariat_admin
    assert event.changes["documentation_owner"] == [None, supplier.slug]


def test_prd01_the_admin_shows_the_wrong_pair_next_to_the_contact_field(
    secretariat_admin: User, supplier: Organisation
) -> None:
    product = ProductFactory()
    outsider = f.person(MunicipalityFactory(), "Ole Udenfor")
    client = english_client()
    client.force_login(secretariat_admin)
    response = _admin_post(
        client, product, documentation_owner=supplier.pk, documentation_contact=outsider.pk
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["documentation_contact"]
    product.refresh_from_db()
    assert product.documentation_owner is None
    assert not AuditEvent.objects.exists()


# --- The API: read ---------------------------------------------------------------------------


def test_prd01_the_api_reads_the_owner_and_the_contact_name_never_the_address(
    client: Client, supplier: Organisation, writer: User
) -> None:
    product = ProductFactory(documentation_owner=supplier, documentation_contact=writer)
    body = client.get(f"/api/v1/products/{product.slug}").json()
    assert body["documentation_owner"] == {
        "organisation": supplier.slug,
        "organisation_name": "Dokumentationshuset A/S",
        "organisation_type": "supplier",
        "contact_name": "Dorte Dokumentation",
    }
    assert writer.email not in str(body)


def test_prd01_the_api_reads_an_owner_without_contact_and_no_owner(
    client: Client, supplier: Organisation
) -> None:
    with_owner = ProductFactory(documentation_owner=supplier)
    without = ProductFactory()
    body = client.get(f"/api/v1/products/{with_owner.slug}").json()
    assert body["documentation_owner"]["organisation"] == supplier.slug
    assert body["documentation_owner"]["contact_name"] is None
    assert client.get(f"/api/v1/products/{without.slug}").json()["documentation_owner"] is None


def test_prd01_the_api_schema_declares_the_owner(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    detail = schema["components"]["schemas"]["ProductDetailOut"]["properties"]
    assert "documentation_owner" in detail
    owner = schema["components"]["schemas"]["DocumentationOwnerOut"]["properties"]
    assert set(owner) == {"organisation", "organisation_name", "organisation_type", "contact_name"}


def test_prd01_the_api_detail_query_count_is_the_same_with_an_owner(
    client: Client, supplier: Organisation, writer: User
) -> None:
    plain = ProductFactory()
    owned = ProductFactory(documentation_owner=supplier, documentation_contact=writer)
    counts = []
    for product in (plain, owned):
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"/api/v1/products/{product.slug}").status_code == 200
        counts.append(len(context))
    assert counts[0] == counts[1]
