"""Bodies and groups in a real browser: the secretariat adds a member through the form, a
non-user municipality is refused on the page, and the pages are accessible and local.

Transactional tests end with a flush, so the migration's bodies and the association may be
gone: the fixture makes what it needs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import expect

from os2gov.accounts.models import User
from os2gov.catalogue.models import ConnectionAgreement, Product
from os2gov.governance.models import (
    Body,
    BodyKind,
    BodyMembership,
    BodyPosition,
    Group,
    GroupKind,
    GroupMembership,
    GroupRole,
)
from os2gov.organisation.models import Organisation, OrganisationType
from tests.browser.conftest import RecordedPage, axe_violations
from tests.organisation.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Korrekt-Hest-Batteri-42"
LONG_AGO = datetime.date(2020, 1, 1)


@dataclass
class World:
    secretariat: User
    newcomer: User
    outsider: User
    group: Group


@pytest.fixture
def world(transactional_db: Any) -> World:
    association, _created = Organisation.objects.get_or_create(
        slug="os2", defaults={"name": "OS2", "type": OrganisationType.ASSOCIATION}
    )
    secretariat_body, _created = Body.objects.get_or_create(
        kind=BodyKind.SECRETARIAT,
        defaults={
            "name": "Sekretariatet",
            "slug": "sekretariat",
            "purpose": "Den daglige drift af foreningen. Rapportering og overblik.",
            "position": 4,
        },
    )
    user_municipality = MunicipalityFactory(name="Brugerby Kommune")
    other_municipality = MunicipalityFactory(name="Fjernby Kommune")
    product = Product.objects.create(
        name="OS2browserprodukt", slug="os2browserprodukt", short_description="Til test"
    )
    ConnectionAgreement.objects.create(
        product=product, organisation=user_municipality, starts_on=LONG_AGO
    )
    group = Group.objects.create(
        product=product,
        kind=GroupKind.COORDINATION,
        name="Koordinationsgruppe",
        slug="koordinationsgruppe",
    )
    tovholder = User.objects.create_user(
        "tove@brugerby.example", PASSWORD, name="Tove Tovholder", organisation=user_municipality
    )
    GroupMembership.objects.create(
        group=group,
        person=tovholder,
        organisation=user_municipality,
        role=GroupRole.TOVHOLDER,
        starts_on=LONG_AGO,
    )
    secretariat = User.objects.create_user(
        "sofie@os2.example", PASSWORD, name="Sofie Sekretariat", organisation=association
    )
    BodyMembership.objects.create(
        body=secretariat_body,
        person=secretariat,
        organisation=association,
        position=BodyPosition.STAFF,
        starts_on=LONG_AGO,
    )
    return World(
        secretariat=secretariat,
        newcomer=User.objects.create_user(
            "nina@brugerby.example",
            PASSWORD,
            name="Nina Nybegynder",
            organisation=user_municipality,
        ),
        outsider=User.objects.create_user(
            "otto@fjernby.example", PASSWORD, name="Otto Udenfor", organisation=other_municipality
        ),
        group=group,
    )


def _log_in(recorded_page: RecordedPage, user: User) -> None:
    page = recorded_page.page
    page.goto("/accounts/login/")
    page.locator('input[name="login"]').fill(user.email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_role("banner").get_by_test_id("logout")).to_be_visible()


def test_the_secretariat_adds_a_representative_and_a_non_user_is_refused(
    recorded_page: RecordedPage, world: World
) -> None:
    page = recorded_page.page
    _log_in(recorded_page, world.secretariat)
    page.goto("/organer/grupper/os2browserprodukt/koordinationsgruppe/")
    page.get_by_test_id("add-member").click()
    form = page.get_by_test_id("membership-form")
    expect(form).to_be_visible()
    assert axe_violations(page) == []

    # A representative of a municipality that does not use the product: refused, shown.
    page.locator("#id_person").select_option(label="Otto Udenfor (Fjernby Kommune)")
    form.locator("button[type=submit]").click()
    error = page.get_by_test_id("error-organisation")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Fjernby Kommune")
    expect(error).to_contain_text("OS2browserprodukt")
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    assert axe_violations(page) == []
    assert not GroupMembership.objects.filter(person=world.outsider).exists()

    # A representative of a user municipality: added, and listed on the group page.
    page.locator("#id_person").select_option(label="Nina Nybegynder (Brugerby Kommune)")
    page.get_by_test_id("membership-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("active-members")).to_contain_text("Nina Nybegynder")
    membership = GroupMembership.objects.get(person=world.newcomer)
    assert membership.role == GroupRole.MEMBER
    assert recorded_page.foreign_requests() == []


def test_body_and_group_pages_are_accessible_and_local(
    recorded_page: RecordedPage, world: World
) -> None:
    page = recorded_page.page
    page.goto("/organer/sekretariat/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.get_by_test_id("active-members")).to_contain_text("Sofie Sekretariat")
    assert axe_violations(page) == []

    page.goto("/organer/grupper/os2browserprodukt/koordinationsgruppe/")
    expect(page.get_by_test_id("active-members")).to_contain_text("Tove Tovholder")
    assert axe_violations(page) == []

    page.goto("/organer/grupper/os2browserprodukt/")
    expect(page.get_by_test_id("tovholder")).to_contain_text("tove@brugerby.example")
    assert axe_violations(page) == []

    page.goto("/organer/")
    expect(page.get_by_test_id("body-list")).to_contain_text("Sekretariatet")
    assert axe_violations(page) == []
    assert recorded_page.foreign_requests() == []
