"""Catalogue maintenance in the admin goes through the services, so it is checked against
the mandate and audited."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client

from os2gov.accounts.models import User
from os2gov.catalogue import services
from os2gov.catalogue.models import ConnectionAgreement, Product, ProductSupplier
from os2gov.core.models import AuditEvent
from os2gov.governance.models import BodyKind, Decision, GroupKind, GroupRole
from tests.accounts.conftest import english_client
from tests.catalogue.factories import (
    ConnectionAgreementFactory,
    ProductFactory,
    ProductSupplierFactory,
)
from tests.governance import factories as f
from tests.organisation.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/catalogue/product/add/"
SUPPLIER_FIELDS = services.SUPPLIER_FIELDS


def change_url(product: Product) -> str:
    return f"/admin/catalogue/product/{product.pk}/change/"


def product_data(product: Product | None = None, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "",
        "slug": "",
        "short_description": "",
        "description": "",
        "repository_url": "",
        "licence": "",
        "status": "sandbox",
        "website": "",
        "documentation_owner": "",
        "documentation_contact": "",
        "loaded_version": "",
    }
    if product is not None:
        for field in services.PRODUCT_FIELDS:
            # A relation is posted as its id; an empty one as an empty string.
            value = product.serializable_value(field)
            data[field] = "" if value is None else value
        data["loaded_version"] = product.updated_at.isoformat()
    data.update(overrides)
    return data


def supplier_rows(product: Product | None, new: list[dict[str, Any]] | None = None) -> dict:
    existing = list(ProductSupplier.objects.filter(product=product)) if product else []
    rows = existing + (new or [])
    data: dict[str, Any] = {
        "suppliers-TOTAL_FORMS": str(len(rows)),
        "suppliers-INITIAL_FORMS": str(len(existing)),
        "suppliers-MIN_NUM_FORMS": "0",
        "suppliers-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        prefix = f"suppliers-{i}-"
        if isinstance(row, ProductSupplier):
            values: dict[str, Any] = {
                "id": row.pk,
                "product": row.product_id,
                "organisation": row.organisation_id,
                "contract_reference": row.contract_reference,
                "loaded_version": row.updated_at.isoformat(),
            }
            for field in SUPPLIER_FIELDS:
                if field != "contract_reference" and getattr(row, field):
                    values[field] = "on"
        else:
            values = {"id": "", "product": product.pk if product else "", "loaded_version": ""}
            values.update(row)
        data.update({prefix + key: value for key, value in values.items()})
    return data


def agreement_rows(product: Product | None, new: list[dict[str, Any]] | None = None) -> dict:
    existing = list(ConnectionAgreement.objects.filter(product=product)) if product else []
    rows: list[Any] = [*existing, *(new or [])]
    data: dict[str, Any] = {
        "agreements-TOTAL_FORMS": str(len(rows)),
        "agreements-INITIAL_FORMS": str(len(existing)),
        "agreements-MIN_NUM_FORMS": "0",
        "agreements-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        prefix = f"agreements-{i}-"
        if isinstance(row, ConnectionAgreement):
            values: dict[str, Any] = {
                "id": row.pk,
                "product": row.product_id,
                "organisation": row.organisation_id,
                "starts_on": row.starts_on.isoformat(),
                "ends_on": row.ends_on.isoformat() if row.ends_on else "",
                "annual_contribution": str(row.annual_contribution),
                "reference": row.reference,
                "loaded_version": row.updated_at.isoformat(),
            }
        else:
            values = {
                "id": "",
                "product": product.pk if product else "",
                "ends_on": "",
                "annual_contribution": "0.00",
                "reference": "",
                "loaded_version": "",
            }
            values.update(row)
        data.update({prefix + key: value for key, value in values.items()})
    return data


@pytest.fixture
def admin_client(secretariat_admin: User) -> Client:
    client = english_client()
    client.force_login(secretariat_admin)
    return client


def test_changelist_and_forms_render(admin_client: Client) -> None:
    product = ProductFactory(name="OS2kalender")
    ConnectionAgreementFactory(product=product)
    ProductSupplierFactory(product=product)
    response = admin_client.get("/admin/catalogue/product/", {"q": "kalender"})
    assert response.status_code == 200
    assert "OS2kalender" in response.content.decode()
    assert admin_client.get(ADD_URL).status_code == 200
    html = admin_client.get(change_url(product)).content.decode()
    assert 'name="loaded_version"' in html
    assert 'name="agreements-0-loaded_version"' in html
    assert 'name="suppliers-0-loaded_version"' in html


def test_add_with_supplier_and_agreement_is_audited(
    admin_client: Client, secretariat_admin: User
) -> None:
    supplier = OrganisationFactory(name="Kodehuset A/S")
    municipality = MunicipalityFactory()
    data = product_data(
        name="OS2ærlig",
        short_description="Åbenhed.",
        licence="MPL-2.0",
        repository_url="git.example.org/os2/os2aerlig",
    )
    data.update(
        supplier_rows(
            None,
            [{"organisation": supplier.pk, "delivers_support": "on", "contract_reference": ""}],
        )
    )
    data.update(
        agreement_rows(
            None,
            [
                {
                    "organisation": municipality.pk,
                    "starts_on": "2025-01-01",
                    "annual_contribution": "125000.00",
                }
            ],
        )
    )
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    product = Product.objects.get(slug="os2aerlig")
    assert product.repository_url == "https://git.example.org/os2/os2aerlig"
    agreement = ConnectionAgreement.objects.get(product=product)
    assert agreement.annual_contribution == Decimal("125000.00")
    assert ProductSupplier.objects.get(product=product).delivers_support
    actions = set(
        AuditEvent.objects.filter(actor=secretariat_admin).values_list("action", flat=True)
    )
    assert actions == {
        "catalogue.product.create",
        "catalogue.supplier.add",
        "catalogue.agreement.create",
    }


def test_change_and_end_agreement_through_the_admin_is_audited(
    admin_client: Client, secretariat_admin: User
) -> None:
    product = ProductFactory(licence="MIT")
    agreement = ConnectionAgreementFactory(product=product, starts_on=datetime.date(2024, 1, 1))
    supplier = ProductSupplierFactory(product=product)
    data = product_data(product, licence="MPL-2.0")
    data.update(supplier_rows(product))
    data["suppliers-0-delivers_hosting"] = "on"
    data.update(agreement_rows(product))
    data["agreements-0-ends_on"] = "2025-06-30"
    response = admin_client.post(change_url(product), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    agreement.refresh_from_db()
    assert agreement.ends_on == datetime.date(2025, 6, 30)
    supplier.refresh_from_db()
    assert supplier.delivers_hosting
    events = {e.action: e for e in AuditEvent.objects.filter(actor=secretariat_admin)}
    assert set(events) == {
        "catalogue.product.update",
        "catalogue.agreement.end",
        "catalogue.supplier.update",
    }
    assert events["catalogue.product.update"].changes == {"licence": ["MIT", "MPL-2.0"]}
    assert events["catalogue.agreement.end"].changes == {"ends_on": [None, "2025-06-30"]}
    assert events["catalogue.supplier.update"].changes == {"delivers_hosting": [False, True]}


def test_saved_agreement_fields_other_than_the_end_are_fixed(admin_client: Client) -> None:
    product = ProductFactory()
    agreement = ConnectionAgreementFactory(product=product, annual_contribution=Decimal("1.00"))
    data = product_data(product)
    data.update(supplier_rows(product))
    data.update(agreement_rows(product))
    data["agreements-0-annual_contribution"] = "999.00"
    response = admin_client.post(change_url(product), data)
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.annual_contribution == Decimal("1.00")
    assert not AuditEvent.objects.exists()


def test_overlapping_agreement_is_shown_and_nothing_is_written(admin_client: Client) -> None:
    product = ProductFactory()
    existing = ConnectionAgreementFactory(product=product, starts_on=datetime.date(2024, 1, 1))
    data = product_data(product, short_description="Ny tekst")
    data.update(supplier_rows(product))
    data.update(
        agreement_rows(
            product, [{"organisation": existing.organisation_id, "starts_on": "2025-01-01"}]
        )
    )
    response = admin_client.post(change_url(product), data)
    assert response.status_code == 200
    assert "already has a connection agreement" in response.content.decode()
    assert ConnectionAgreement.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_two_new_overlapping_agreements_in_one_save_are_refused(admin_client: Client) -> None:
    product = ProductFactory()
    municipality = MunicipalityFactory()
    data = product_data(product)
    data.update(supplier_rows(product))
    data.update(
        agreement_rows(
            product,
            [
                {"organisation": municipality.pk, "starts_on": "2025-01-01"},
                {"organisation": municipality.pk, "starts_on": "2025-06-01"},
            ],
        )
    )
    response = admin_client.post(change_url(product), data)
    assert response.status_code == 200
    assert "Two of the new agreements" in response.content.decode()
    assert not ConnectionAgreement.objects.exists()
    assert not AuditEvent.objects.exists()


def test_only_suppliers_can_be_chosen_as_supplier(admin_client: Client) -> None:
    product = ProductFactory()
    data = product_data(product)
    data.update(
        supplier_rows(
            product, [{"organisation": MunicipalityFactory().pk, "delivers_support": "on"}]
        )
    )
    data.update(agreement_rows(product))
    response = admin_client.post(change_url(product), data)
    assert response.status_code == 200
    assert not ProductSupplier.objects.exists()
    assert not AuditEvent.objects.exists()


def test_admin_refuses_an_edit_made_on_a_stale_form(
    admin_client: Client, secretariat_member: User
) -> None:
    product = ProductFactory(short_description="Første")
    stale = product_data(product, short_description="Mit forslag")
    stale.update(supplier_rows(product))
    stale.update(agreement_rows(product))
    services.product_update(
        actor=secretariat_member,
        product=product,
        data={"short_description": "Deres forslag"},
        expected_updated_at=product.updated_at,
    )
    response = admin_client.post(change_url(product), stale)
    assert response.status_code == 200
    assert "changed this record" in response.content.decode()
    product.refresh_from_db()
    assert product.short_description == "Deres forslag"
    assert AuditEvent.objects.filter(action="catalogue.product.update").count() == 1


def test_admin_shows_an_unknown_licence(admin_client: Client) -> None:
    product = ProductFactory()
    data = product_data(product, licence="GPL-9")
    data.update(supplier_rows(product))
    data.update(agreement_rows(product))
    response = admin_client.post(change_url(product), data)
    assert response.status_code == 200
    assert "not a known SPDX identifier" in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_admin_cannot_delete(admin_client: Client) -> None:
    product = ProductFactory()
    response = admin_client.post(f"/admin/catalogue/product/{product.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Product.objects.filter(pk=product.pk).exists()


# --- ACC-01: the admin opens pages, the mandate decides -----------------------------------

REFUSED = "Only the secretariat can do this. Nothing was saved."


def client_of(user: User) -> Client:
    client = english_client()
    client.force_login(user)
    return client


def error_messages(response: HttpResponse) -> list[str]:
    return [str(m) for m in response.context["messages"] if m.level_tag == "error"]


def catalogue_rows() -> list[list[dict[str, Any]]]:
    return [
        list(model.objects.order_by("pk").values())
        for model in (Product, ConnectionAgreement, ProductSupplier)
    ]


def test_acc01_a_superuser_without_secretariat_membership_cannot_add_a_product(
    superuser: User,
) -> None:
    data = product_data(name="OS2ærlig", short_description="Åbenhed.", licence="MPL-2.0")
    data.update(
        supplier_rows(None, [{"organisation": OrganisationFactory().pk, "delivers_support": "on"}])
    )
    data.update(
        agreement_rows(
            None, [{"organisation": MunicipalityFactory().pk, "starts_on": "2025-01-01"}]
        )
    )
    before = catalogue_rows()
    response = client_of(superuser).post(ADD_URL, data, follow=True)
    assert response.redirect_chain == [(ADD_URL, 302)]
    assert error_messages(response) == [REFUSED]
    assert catalogue_rows() == before
    assert not AuditEvent.objects.exists()
    assert not Decision.objects.exists()


def test_acc01_a_superuser_without_secretariat_membership_cannot_change_a_product(
    superuser: User,
) -> None:
    product = ProductFactory(licence="MIT")
    ConnectionAgreementFactory(product=product, starts_on=datetime.date(2024, 1, 1))
    ProductSupplierFactory(product=product)
    data = product_data(product, licence="MPL-2.0")
    data.update(supplier_rows(product))
    data["suppliers-0-delivers_hosting"] = "on"
    data.update(agreement_rows(product))
    data["agreements-0-ends_on"] = "2025-06-30"
    before = catalogue_rows()
    response = client_of(superuser).post(change_url(product), data, follow=True)
    assert response.redirect_chain == [(change_url(product), 302)]
    assert error_messages(response) == [
        "Only the secretariat or the tovholder of "
        f"{product.name}'s coordination group can do this. Nothing was saved."
    ]
    assert catalogue_rows() == before
    assert not AuditEvent.objects.exists()
    assert not Decision.objects.exists()


def test_acc01_a_refused_inline_rolls_back_the_whole_save(db: None) -> None:
    """The tovholder may update the product, but not record its agreements: the product's
    change, already saved when the agreement is refused, is rolled back with it."""
    product = ProductFactory(name="OS2tov", short_description="Før")
    coordination = f.group(product, GroupKind.COORDINATION)
    tovholder = f.person(MunicipalityFactory(), "Tove Tovholder", is_staff=True, is_superuser=True)
    f.member(coordination, tovholder, GroupRole.TOVHOLDER)
    data = product_data(product, short_description="Efter")
    data.update(supplier_rows(product))
    data.update(
        agreement_rows(
            product, [{"organisation": MunicipalityFactory().pk, "starts_on": "2025-01-01"}]
        )
    )
    before = catalogue_rows()
    response = client_of(tovholder).post(change_url(product), data, follow=True)
    assert error_messages(response) == [REFUSED]
    assert catalogue_rows() == before
    product.refresh_from_db()
    assert product.short_description == "Før"
    assert not AuditEvent.objects.exists()
    assert not Decision.objects.exists()


def test_the_secretariats_admin_save_is_recorded_as_decisions_of_the_secretariat(
    admin_client: Client, secretariat_admin: User
) -> None:
    product = ProductFactory(licence="MIT")
    data = product_data(product, licence="MPL-2.0")
    data.update(supplier_rows(product))
    data.update(agreement_rows(product))
    response = admin_client.post(change_url(product), data)
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.action == "product.update"
    assert decision.body is not None and decision.body.kind == BodyKind.SECRETARIAT
    assert decision.recorded_by == secretariat_admin
