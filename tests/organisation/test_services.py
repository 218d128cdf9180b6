"""Writes go through the services: checked against the mandate, validated, atomic, audited,
safe from lost updates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from os2gov.accounts.models import User
from os2gov.authority.service import MandateRefused
from os2gov.core.models import AuditEvent
from os2gov.governance.models import BodyMembership
from os2gov.organisation import services
from os2gov.organisation.models import Organisation, OrganisationType
from tests.organisation.factories import OrganisationFactory, RegionFactory, cvr_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # Assertions name the English source texts, whatever the Danish catalogue says.
    with translation.override("en"):
        yield


def test_create_writes_the_organisation_and_an_audit_event(secretariat_member: User) -> None:
    cvr = cvr_for(9000)
    organisation = services.organisation_create(
        actor=secretariat_member,
        data={"name": "Åben Kode ApS", "type": OrganisationType.SUPPLIER, "cvr": cvr},
    )
    assert organisation.pk is not None
    assert organisation.slug == "aaben-kode-aps"
    event = AuditEvent.objects.get(action="organisation.create")
    assert event.actor == secretariat_member
    assert event.object_type == "organisation.organisation"
    assert event.object_id == str(organisation.pk)
    assert event.mandate == (
        "organisation.manage: Maintain the organisation registry (the secretariat)"
    )
    assert event.changes["name"] == [None, "Åben Kode ApS"]
    assert event.changes["cvr"] == [None, cvr]
    assert "website" not in event.changes


def test_create_of_a_municipality_records_its_region_by_slug(secretariat_member: User) -> None:
    region = RegionFactory()
    services.organisation_create(
        actor=secretariat_member,
        data={
            "name": "Ny Kommune",
            "type": OrganisationType.MUNICIPALITY,
            "municipality_code": "998",
            "region": region,
        },
    )
    event = AuditEvent.objects.get(action="organisation.create")
    assert event.changes["region"] == [None, region.slug]


def test_invalid_create_writes_nothing(secretariat_member: User) -> None:
    before = Organisation.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_create(
            actor=secretariat_member,
            data={"name": "Forkert ApS", "type": OrganisationType.SUPPLIER, "cvr": "12345675"},
        )
    assert "cvr" in excinfo.value.message_dict
    assert Organisation.objects.count() == before
    assert not AuditEvent.objects.exists()


def test_create_refuses_unknown_fields(secretariat_member: User) -> None:
    with pytest.raises(ValueError, match="created_at"):
        services.organisation_create(
            actor=secretariat_member, data={"name": "X", "type": "supplier", "created_at": None}
        )


def test_update_records_changed_fields_old_and_new(secretariat_member: User) -> None:
    organisation = OrganisationFactory(website="https://old.example.org")
    updated = services.organisation_update(
        actor=secretariat_member,
        organisation=organisation,
        data={
            "website": "https://new.example.org",
            "name": organisation.name,  # unchanged: not in the event
        },
        expected_updated_at=organisation.updated_at,
    )
    assert updated.website == "https://new.example.org"
    organisation.refresh_from_db()
    assert organisation.website == "https://new.example.org"
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.actor == secretariat_member
    assert event.changes == {"website": ["https://old.example.org", "https://new.example.org"]}
    assert event.object_id == str(organisation.pk)


def test_update_without_changes_records_nothing(secretariat_member: User) -> None:
    organisation = OrganisationFactory()
    services.organisation_update(
        actor=secretariat_member,
        organisation=organisation,
        data={"name": organisation.name},
        expected_updated_at=organisation.updated_at,
    )
    assert not AuditEvent.objects.exists()


def test_concurrent_edit_is_refused_and_keeps_the_first_change(secretariat_member: User) -> None:
    organisation = OrganisationFactory(name="Første Navn A/S")
    loaded_by_both = organisation.updated_at
    first = Organisation.objects.get(pk=organisation.pk)
    services.organisation_update(
        actor=secretariat_member,
        organisation=first,
        data={"name": "Andet Navn A/S"},
        expected_updated_at=loaded_by_both,
    )
    with translation.override("en"), pytest.raises(services.StaleEditError) as excinfo:
        services.organisation_update(
            actor=secretariat_member,
            organisation=organisation,
            data={"name": "Tredje Navn A/S"},
            expected_updated_at=loaded_by_both,
        )
    assert excinfo.value.code == "stale_edit"
    assert "changed this organisation" in excinfo.value.messages[0]
    organisation.refresh_from_db()
    assert organisation.name == "Andet Navn A/S"
    assert AuditEvent.objects.filter(action="organisation.update").count() == 1


def test_update_with_an_old_version_is_refused(secretariat_member: User) -> None:
    organisation = OrganisationFactory()
    with pytest.raises(services.StaleEditError):
        services.organisation_update(
            actor=secretariat_member,
            organisation=organisation,
            data={"name": "Nyt Navn"},
            expected_updated_at=organisation.updated_at - timedelta(seconds=1),
        )
    assert not AuditEvent.objects.exists()


def test_invalid_update_writes_nothing(secretariat_member: User) -> None:
    organisation = OrganisationFactory()
    original = Organisation.objects.values().get(pk=organisation.pk)
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_update(
            actor=secretariat_member,
            organisation=organisation,
            data={"name": "Stadig Gyldig", "municipality_code": "999"},
            expected_updated_at=organisation.updated_at,
        )
    assert "municipality_code" in excinfo.value.message_dict
    assert Organisation.objects.values().get(pk=organisation.pk) == original
    assert not AuditEvent.objects.exists()


def test_update_of_a_municipality_region_records_slugs(secretariat_member: User) -> None:
    municipality = Organisation.objects.get(municipality_code="101")
    old_region = municipality.region
    assert old_region is not None
    new_region = Organisation.objects.get(region_code="1085")
    services.organisation_update(
        actor=secretariat_member,
        organisation=municipality,
        data={"region": new_region},
        expected_updated_at=municipality.updated_at,
    )
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.changes == {"region": [old_region.slug, "region-sjaelland"]}


# --- ACC-01: the registry is maintained by the secretariat --------------------------------

REFUSAL = "Only the secretariat can do this."


@pytest.mark.parametrize("who", ["municipality_user", "superuser"])
def test_acc01_create_without_the_secretariats_mandate_is_refused_and_writes_nothing(
    who: str, request: pytest.FixtureRequest
) -> None:
    actor = request.getfixturevalue(who)
    before = Organisation.objects.count()
    with pytest.raises(MandateRefused) as refused:
        services.organisation_create(
            actor=actor,
            data={"name": "Åben Kode ApS", "type": OrganisationType.SUPPLIER, "cvr": cvr_for(9001)},
        )
    assert str(refused.value) == REFUSAL
    assert Organisation.objects.count() == before
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("who", ["municipality_user", "superuser"])
def test_acc01_update_without_the_secretariats_mandate_is_refused_and_writes_nothing(
    who: str, request: pytest.FixtureRequest
) -> None:
    actor = request.getfixturevalue(who)
    organisation = OrganisationFactory(name="Gammelt Navn A/S")
    with pytest.raises(MandateRefused) as refused:
        services.organisation_update(
            actor=actor,
            organisation=organisation,
            data={"name": "Nyt Navn A/S"},
            expected_updated_at=organisation.updated_at,
        )
    assert str(refused.value) == REFUSAL
    organisation.refresh_from_db()
    assert organisation.name == "Gammelt Navn A/S"
    assert not AuditEvent.objects.exists()


def test_acc01_a_former_secretariat_member_is_refused(secretariat_member: User) -> None:
    BodyMembership.objects.filter(person=secretariat_member).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )
    former = User.objects.get(pk=secretariat_member.pk)
    with pytest.raises(MandateRefused):
        services.organisation_create(
            actor=former, data={"name": "For Sent ApS", "type": OrganisationType.SUPPLIER}
        )
    assert not AuditEvent.objects.exists()


def test_acc01_the_mandate_is_checked_before_the_data(municipality_user: User) -> None:
    # A refusal says who holds the mandate; it does not first teach the outsider what
    # the registry would have accepted.
    with pytest.raises(MandateRefused):
        services.organisation_create(actor=municipality_user, data={"name": "", "cvr": "1"})
