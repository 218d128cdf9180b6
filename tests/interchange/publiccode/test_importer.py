"""Importing publiccode.yml into the catalogue (PRD-08): a new repository registers a product
in the sandbox under the secretariat's mandate, a known repository updates its product,
contractors become suppliers, usedBy becomes unconfirmed users; each file is all or nothing;
import -> export -> import gives the same data."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from os2gov.catalogue.models import Product, ProductStatus, ProductSupplier
from os2gov.core.models import AuditEvent
from os2gov.interchange.models import PubliccodeProfile, UnconfirmedUser
from os2gov.interchange.publiccode.exporter import export_publiccode
from os2gov.interchange.publiccode.importer import (
    PROFILE_FIELDS,
    Outcome,
    import_file,
    import_files,
)
from os2gov.interchange.publiccode.reader import read_publiccode
from os2gov.organisation.models import Organisation, OrganisationType
from tests.catalogue.factories import ProductFactory
from tests.governance import factories as f
from tests.interchange.publiccode.conftest import sample

pytestmark = pytest.mark.django_db


def _import(actor: Any, name: str = "bookingportal.yml", data: bytes | None = None) -> Any:
    return import_file(actor=actor, name=name, data=data if data is not None else sample(name))


def _counts() -> tuple[int, ...]:
    return (
        Product.objects.count(),
        Organisation.objects.count(),
        ProductSupplier.objects.count(),
        PubliccodeProfile.objects.count(),
        UnconfirmedUser.objects.count(),
        AuditEvent.objects.count(),
    )


def snapshot(product: Product) -> dict[str, Any]:
    """Everything an import writes about a product, without ids and timestamps."""
    product.refresh_from_db()
    profile = PubliccodeProfile.objects.get(product=product)
    return {
        "product": {
            name: getattr(product, name)
            for name in (
                "name",
                "slug",
                "short_description",
                "description",
                "repository_url",
                "licence",
                "website",
                "status",
            )
        },
        "profile": {name: getattr(profile, name) for name in PROFILE_FIELDS},
        "users": list(
            product.unconfirmed_users.order_by("position").values_list("name", "organisation__slug")
        ),
        "suppliers": sorted(
            ProductSupplier.objects.filter(product=product).values_list(
                "organisation__name", "delivers_maintenance"
            )
        ),
    }


def test_prd08_the_secretariat_registers_a_new_product_in_the_sandbox(secretariat: Any) -> None:
    nordby = f.municipality("Nordby Kommune")
    outcome = _import(secretariat)
    assert outcome.outcome == Outcome.IMPORTED, outcome.reasons
    product = Product.objects.get(slug=outcome.product_slug)
    assert product.name == "OS2bookingportal"
    assert product.status == ProductStatus.SANDBOX
    assert product.repository_url == "https://git.example.org/fiktiv/bookingportal.git"
    assert product.website == "https://bookingportal.example.org"
    assert product.licence == "MPL-2.0"
    assert product.description.startswith("Bookingportalen lader")
    profile = product.publiccode
    assert profile.development_status == "stable"
    assert profile.software_type == "standalone/web"
    assert profile.categories == ["resource-management", "appointment-scheduling"]
    assert profile.maintenance_type == "contract"
    assert profile.contacts == [
        {
            "name": "Alex Andersen",
            "email": "alex@eksempelkode.example.com",
            "affiliation": "Eksempelkode ApS",
        }
    ]
    assert profile.depends_on["open"][0] == {"name": "PostgreSQL", "versionMin": "14"}
    assert profile.standard_version == "0.4"
    supplier = ProductSupplier.objects.get(product=product)
    assert supplier.organisation.name == "Eksempelkode ApS"
    assert supplier.organisation.type == OrganisationType.SUPPLIER
    assert supplier.delivers_maintenance
    users = list(product.unconfirmed_users.order_by("position"))
    assert [(user.name, user.organisation) for user in users] == [
        ("Nordby Kommune", nordby),
        ("Sydby Kommune", None),
    ]
    assert not product.agreements.exists()  # unconfirmed: no connection agreement
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "catalogue.product.create",
        "organisation.create",
        "catalogue.supplier.add",
        "interchange.publiccode.import",
    } <= actions


def test_prd08_a_known_repository_updates_its_product_and_a_repeat_changes_nothing(
    secretariat: Any,
) -> None:
    existing = ProductFactory(
        name="Bookingportalen",
        repository_url="HTTPS://git.example.org/fiktiv/bookingportal/",
        website="https://gammel.example.org",
        status=ProductStatus.ACTIVE,
    )
    outcome = _import(secretariat)
    assert outcome.outcome == Outcome.UPDATED, outcome.reasons
    assert Product.objects.count() == 1
    existing.refresh_from_db()
    assert existing.name == "OS2bookingportal"
    assert existing.website == "https://bookingportal.example.org"
    assert existing.status == ProductStatus.ACTIVE  # an import never moves the status
    events = AuditEvent.objects.count()
    assert _import(secretariat).outcome == Outcome.UNCHANGED
    assert AuditEvent.objects.count() == events


def test_prd08_keys_the_file_leaves_out_leave_the_product_as_it_is(secretariat: Any) -> None:
    existing = ProductFactory(
        repository_url="https://git.example.org/fiktiv/ukendt",
        website="https://ukendt.example.org",
        description="Egen beskrivelse.",
        licence="EUPL-1.2",
    )
    outcome = _import(secretariat, "unknown-keys.yml")
    assert outcome.outcome == Outcome.UPDATED
    existing.refresh_from_db()
    assert existing.website == "https://ukendt.example.org"
    assert existing.description == "Egen beskrivelse."
    assert existing.licence == "EUPL-1.2"  # "MIT OR Apache-2.0" is kept on the profile
    assert existing.publiccode.licence_expression == "MIT OR Apache-2.0"
    assert "publiccodeYmlVersion: missing" in outcome.warnings[0]


def test_prd08_without_the_mandate_nothing_is_written_and_the_holder_is_named(
    outsider: Any,
) -> None:
    before = _counts()
    outcome = _import(outsider)
    assert outcome.outcome == Outcome.REJECTED
    assert "secretariat" in outcome.reasons[0].lower()
    assert _counts() == before


def test_prd08_the_tovholder_may_not_add_suppliers_so_the_whole_file_is_refused(
    secretariat: Any,
) -> None:
    product = ProductFactory(repository_url="https://git.example.org/fiktiv/bookingportal")
    group = f.group(product)
    tovholder = f.person(f.municipality("Østby Kommune"), "Toke Tovholder")
    f.member(group, tovholder, role="tovholder")
    before = _counts()
    outcome = _import(tovholder)
    assert outcome.outcome == Outcome.REJECTED
    # The product update was allowed (the tovholder's); the supplier was not.
    assert outcome.reasons == ["Only the secretariat can do this."]
    assert _counts() == before
    product.refresh_from_db()
    assert product.name != "OS2bookingportal"  # the product update was rolled back too


def test_prd08_each_file_is_its_own_unit_in_a_batch(secretariat: Any) -> None:
    calls: list[tuple[int, int, str]] = []
    report = import_files(
        actor=secretariat,
        files=[
            ("bookingportal.yml", sample("bookingportal.yml")),
            ("bad-licence.yml", sample("bad-licence.yml")),
            ("journal-0.2.yml", sample("journal-0.2.yml")),
        ],
        progress=lambda done, total, note: calls.append((done, total, note)),
    )
    assert [item.outcome for item in report.files] == [
        Outcome.IMPORTED,
        Outcome.REJECTED,
        Outcome.IMPORTED,
    ]
    assert report.files[1].reasons[0].startswith("legal.license: not an SPDX expression")
    assert not Product.objects.filter(name="OS2licens").exists()
    assert calls[0] == (0, 3, "bookingportal.yml") and calls[-1] == (3, 3, "")
    assert report.counts() == {"imported": 2, "updated": 0, "unchanged": 0, "rejected": 1}


def test_prd08_a_catalogue_refusal_names_the_field_path_and_writes_nothing(
    secretariat: Any,
) -> None:
    ProductFactory(name="OS2bookingportal", repository_url="https://git.example.org/andet")
    before = _counts()
    outcome = _import(secretariat)
    assert outcome.outcome == Outcome.REJECTED
    assert any(reason.startswith("name: ") for reason in outcome.reasons), outcome.reasons
    assert _counts() == before


def test_prd08_a_contractor_that_is_no_supplier_is_refused(secretariat: Any) -> None:
    f.municipality("Eksempelkode ApS")
    outcome = _import(secretariat)
    assert outcome.outcome == Outcome.REJECTED
    assert outcome.reasons[0].startswith("maintenance.contractors[0].name: Eksempelkode ApS")


@pytest.mark.parametrize("name", ["bookingportal.yml", "journal-0.2.yml"])
def test_prd08_import_export_import_gives_the_same_data(secretariat: Any, name: str) -> None:
    f.municipality("Nordby Kommune")
    with transaction.atomic():
        first = _import(secretariat, name)
        assert first.outcome == Outcome.IMPORTED, first.reasons
        product = Product.objects.get(slug=first.product_slug)
        before = snapshot(product)
        exported = export_publiccode(product)
        transaction.set_rollback(True)
    assert not Product.objects.exists()
    assert read_publiccode(exported.encode()).warnings == []
    second = _import(secretariat, "exported.yml", exported.encode())
    assert second.outcome == Outcome.IMPORTED, second.reasons
    product = Product.objects.get(slug=second.product_slug)
    after = snapshot(product)
    if name == "journal-0.2.yml":  # the version read is the one exported
        assert before["profile"].pop("standard_version") == "0.2"
        assert after["profile"].pop("standard_version") == "0.4"
    assert after == before
    assert export_publiccode(product) == exported
