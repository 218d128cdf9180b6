"""Data maintenance in the admin goes through the services, so it is checked against the
mandate and audited."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.http import HttpResponse
from django.test import Client

from os2gov.accounts.models import User
from os2gov.core.models import AuditEvent
from os2gov.organisation import services
from os2gov.organisation.models import Organisation
from tests.accounts.conftest import english_client
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
def admin_client(client: Client, secretariat_admin: User) -> Client:
    client.force_login(secretariat_admin)
    return client


def test_changelist_and_search(admin_client: Client) -> None:
    response = admin_client.get("/admin/organisation/organisation/", {"q": "851"})
    assert response.status_code == 200
    assert "Aalborg Kommune" in response.content.decode()
    response = admin_client.get("/admin/organisation/organisation/", {"type__exact": "region"})
    assert response.status_code == 200


def test_add_through_the_admin_is_audited(admin_client: Client, secretariat_admin: User) -> None:
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
    assert event.actor == secretariat_admin
    assert event.object_id == str(organisation.pk)
    assert event.changes["cvr"] == [None, cvr]


def test_change_through_the_admin_is_audited(admin_client: Client, secretariat_admin: User) -> None:
    supplier = OrganisationFactory()
    response = admin_client.post(
        change_url(supplier), form_data(supplier, website="https://ny.example.org")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.actor == secretariat_admin
    assert event.changes == {"website": [supplier.website, "https://ny.example.org"]}


def test_admin_refuses_an_edit_made_on_a_stale_form(
    admin_client: Client, secretariat_member: User
) -> None:
    supplier = OrganisationFactory()
    stale = form_data(supplier, name="Mit Navn A/S")
    # Someone else saves after the form was loaded.
    services.organisation_update(
        actor=secretariat_member,
        organisation=supplier,
        data={"name": "Deres Navn A/S"},
        expected_updated_at=supplier.updated_at,
    )
    response = admin_client.post(change_url(supplier), stale)
    assert response.status_code == 200
    # Danish is the default language.
    assert "En anden har ændret oplysningerne" in response.content.decode()
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


# --- ACC-01: the admin opens pages, the mandate decides -----------------------------------

REFUSED = "Only the secretariat can do this. Nothing was saved."


def client_of(user: User) -> Client:
    client = english_client()
    client.force_login(user)
    return client


def error_messages(response: HttpResponse) -> list[str]:
    return [str(m) for m in response.context["messages"] if m.level_tag == "error"]


@pytest.fixture
def staff_with_permissions(db: None) -> User:
    """Like the demo's secretariat login before it joins the secretariat: staff status and
    every model permission of the registry, but no membership."""
    user = User.objects.create_user(
        email="personale@example.org", password="x", name="Pia Personale", is_staff=True
    )
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="organisation"))
    return user


def test_acc01_a_superuser_without_secretariat_membership_cannot_add(superuser: User) -> None:
    before = Organisation.objects.count()
    response = client_of(superuser).post(
        ADD_URL,
        {
            "name": "Kodeværket ApS",
            "slug": "",
            "type": "supplier",
            "cvr": cvr_for(7778),
            "municipality_code": "",
            "region_code": "",
            "region": "",
            "website": "",
            "contact_email": "",
            "loaded_version": "",
        },
        follow=True,
    )
    assert response.redirect_chain == [(ADD_URL, 302)]
    assert error_messages(response) == [REFUSED]
    assert Organisation.objects.count() == before
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("who", ["superuser", "staff_with_permissions"])
def test_acc01_staff_without_secretariat_membership_cannot_change(
    who: str, request: pytest.FixtureRequest
) -> None:
    supplier = OrganisationFactory()
    original = Organisation.objects.values().get(pk=supplier.pk)
    client = client_of(request.getfixturevalue(who))
    assert client.get(change_url(supplier)).status_code == 200
    response = client.post(
        change_url(supplier), form_data(supplier, website="https://ny.example.org"), follow=True
    )
    assert response.redirect_chain == [(change_url(supplier), 302)]
    assert error_messages(response) == [REFUSED]
    assert "Only the secretariat can do this." in response.content.decode()
    assert Organisation.objects.values().get(pk=supplier.pk) == original
    assert not AuditEvent.objects.exists()
