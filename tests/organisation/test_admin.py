"""Data maintenance in the admin goes through the services, so it is audited."""

from __future__ import annotations

import pytest
from django.test import Client

from os2gov.accounts.models import User
from os2gov.core.models import AuditEvent
from os2gov.organisation import services
from os2gov.organisation.models import Organisation
from tests.organisation.factories import OrganisationFactory, cvr_for

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/organisation/organisation/add/"


def change_url(organisation: Organisation) -> str:
    return f"/admin/organisation/organisation/{organisation.pk}/change/"


def form_data(organisation: Organisation, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": organisation.name,
        "slug": organisation.slug,
        "type": organisation.type,
        "municipality_code": organisation.municipality_code,
        "region_code": organisation.region_code,
        "region": organisation.region_id or "",
        "cvr": organisation.cvr,
        "website": organisation.website,
        "contact_email": organisation.contact_email,
        "loaded_version": organisation.updated_at.isoformat(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin_client(client: Client, staff: User) -> Client:
    client.force_login(staff)
    return client


def test_changelist_and_search(admin_client: Client) -> None:
    response = admin_client.get("/admin/organisation/organisation/", {"q": "851"})
    assert response.status_code == 200
    assert "Aalborg Kommune" in response.content.decode()
    response = admin_client.get("/admin/organisation/organisation/", {"type__exact": "region"})
    assert response.status_code == 200


def test_add_through_the_admin_is_audited(admin_client: Client, staff: User) -> None:
    cvr = cvr_for(7777)
    response = admin_client.post(
        ADD_URL,
        {
            "name": "Kodeværket ApS",
            "slug": "",
            "type": "supplier",
            "cvr": cvr,
            "municipality_code": "",
            "region_code": "",
            "region": "",
            "website": "",
            "contact_email": "",
            "loaded_version": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation = Organisation.objects.get(slug="kodevaerket-aps")
    event = AuditEvent.objects.get(action="organisation.create")
    assert event.actor == staff
    assert event.object_id == str(organisation.pk)
    assert event.changes["cvr"] == [None, cvr]


def test_change_through_the_admin_is_audited(admin_client: Client, staff: User) -> None:
    supplier = OrganisationFactory()
    response = admin_client.post(
        change_url(supplier), form_data(supplier, website="https://ny.example.org")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.actor == staff
    assert event.changes == {"website": [supplier.website, "https://ny.example.org"]}


def test_admin_refuses_an_edit_made_on_a_stale_form(admin_client: Client, editor: User) -> None:
    supplier = OrganisationFactory()
    stale = form_data(supplier, name="Mit Navn A/S")
    # Someone else saves after the form was loaded.
    services.organisation_update(
        actor=editor,
        organisation=supplier,
        data={"name": "Deres Navn A/S"},
        expected_updated_at=supplier.updated_at,
    )
    response = admin_client.post(change_url(supplier), stale)
    assert response.status_code == 200
    # Danish is the default language.
    assert "En anden har ændret organisationen" in response.content.decode()
    supplier.refresh_from_db()
    assert supplier.name == "Deres Navn A/S"
    assert AuditEvent.objects.filter(action="organisation.update").count() == 1


def test_admin_shows_model_validation_errors(admin_client: Client) -> None:
    supplier = OrganisationFactory()
    response = admin_client.post(change_url(supplier), form_data(supplier, cvr="12345675"))
    assert response.status_code == 200
    assert not AuditEvent.objects.exists()


def test_admin_cannot_delete(admin_client: Client) -> None:
    supplier = OrganisationFactory()
    response = admin_client.post(
        f"/admin/organisation/organisation/{supplier.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert Organisation.objects.filter(pk=supplier.pk).exists()


def test_admin_change_form_renders_with_the_loaded_version(admin_client: Client) -> None:
    supplier = OrganisationFactory()
    html = admin_client.get(change_url(supplier)).content.decode()
    assert 'name="loaded_version"' in html
    assert supplier.updated_at.isoformat() in html
