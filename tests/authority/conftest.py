"""One fixture world for the mandate tests: the bodies, two products and a person in each role.

OS2alfa has a steering group, a coordination group and a professional group; OS2beta has
only a coordination group (GRP-08). Every person and organisation is fictional.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from os2gov.accounts.models import User
from os2gov.catalogue.models import Product, ProductStatus
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
from tests.organisation.factories import MunicipalityFactory, OrganisationFactory

PASSWORD = "Korrekt-Hest-Batteri-42"
SINCE = datetime.date(2024, 1, 1)

BODY_NAMES = {
    BodyKind.GENERAL_ASSEMBLY: ("Generalforsamlingen", "generalforsamling"),
    BodyKind.BOARD: ("Bestyrelsen", "bestyrelse"),
    BodyKind.BUSINESS_COMMITTEE: ("Forretningsudvalget", "forretningsudvalg"),
    BodyKind.SECRETARIAT: ("Sekretariatet", "sekretariat"),
    BodyKind.COORDINATION_COMMITTEE: ("Koordinationsudvalget", "koordinationsudvalg"),
}


def english_client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def body(kind: BodyKind) -> Body:
    """The body of ``kind``: the governance data migration's row, or a new one."""
    name, slug = BODY_NAMES[kind]
    found, _created = Body.objects.get_or_create(
        kind=kind, defaults={"name": name, "slug": slug, "purpose": name}
    )
    return found


def make_person(email: str, name: str, organisation: Organisation | None, **extra: Any) -> User:
    return User.objects.create_user(email, PASSWORD, name=name, organisation=organisation, **extra)


def join_body(
    person: User,
    kind: BodyKind,
    position: BodyPosition,
    *,
    starts_on: datetime.date = SINCE,
    ends_on: datetime.date | None = None,
) -> BodyMembership:
    assert person.organisation is not None
    return BodyMembership.objects.create(
        body=body(kind),
        person=person,
        organisation=person.organisation,
        position=position,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def join_group(
    person: User,
    group: Group,
    role: GroupRole,
    *,
    starts_on: datetime.date = SINCE,
    ends_on: datetime.date | None = None,
) -> GroupMembership:
    assert person.organisation is not None
    return GroupMembership.objects.create(
        group=group,
        person=person,
        organisation=person.organisation,
        role=role,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def make_product(name: str, slug: str) -> Product:
    return Product.objects.create(
        name=name,
        slug=slug,
        short_description=f"{name} er et fiktivt produkt.",
        status=ProductStatus.ACTIVE,
    )


def make_group(product: Product, kind: GroupKind, name: str, slug: str) -> Group:
    return Group.objects.create(product=product, kind=kind, name=name, slug=slug)


@dataclass
class World:
    alfa: Product
    beta: Product
    alfa_steering: Group
    alfa_coordination: Group
    alfa_professional: Group
    beta_coordination: Group
    municipality: Organisation
    supplier: Organisation
    association: Organisation
    people: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, role: str) -> Any:
        return self.people[role]


# The roles of the matrix tests: every ACC-02 role, plus the awkward cases.
ROLES = (
    "general_assembly_delegate",
    "board_member",
    "business_committee_member",
    "coordination_committee_member",
    "secretariat_staff",
    "community_manager",
    "steering_group_member",
    "coordination_group_member",
    "tovholder",
    "product_coordinator_beta",
    "supplier_representative",
    "professional_group_member",
    "beta_coordination_member",
    "municipality_user",
    "supplier_user",
    "superuser",
    "anonymous",
)


def build_world() -> World:
    municipality = cast(Organisation, MunicipalityFactory(name="Prøvested Kommune"))
    supplier = cast(Organisation, OrganisationFactory(name="Kodeværket A/S"))
    association = cast(
        Organisation,
        OrganisationFactory(name="OS2 (test)", type=OrganisationType.ASSOCIATION, cvr=""),
    )
    alfa = make_product("OS2alfa", "os2alfa")
    beta = make_product("OS2beta", "os2beta")
    world = World(
        alfa=alfa,
        beta=beta,
        alfa_steering=make_group(
            alfa, GroupKind.STEERING, "Styregruppen for OS2alfa", "styregruppe"
        ),
        alfa_coordination=make_group(
            alfa, GroupKind.COORDINATION, "Koordinationsgruppen for OS2alfa", "koordinationsgruppe"
        ),
        alfa_professional=make_group(
            alfa, GroupKind.PROFESSIONAL, "Faggruppen for OS2alfa", "faggruppe"
        ),
        beta_coordination=make_group(
            beta, GroupKind.COORDINATION, "Koordinationsgruppen for OS2beta", "koordinationsgruppe"
        ),
        municipality=municipality,
        supplier=supplier,
        association=association,
    )
    people = world.people

    def person(role: str, organisation: Organisation | None, **extra: Any) -> User:
        people[role] = make_person(
            f"{role.replace('_', '.')}@example.org",
            role.replace("_", " ").title(),
            organisation,
            **extra,
        )
        return people[role]

    join_body(
        person("general_assembly_delegate", municipality),
        BodyKind.GENERAL_ASSEMBLY,
        BodyPosition.DELEGATE,
    )
    join_body(person("board_member", municipality), BodyKind.BOARD, BodyPosition.MEMBER)
    join_body(
        person("business_committee_member", municipality),
        BodyKind.BUSINESS_COMMITTEE,
        BodyPosition.MEMBER,
    )
    join_body(
        person("coordination_committee_member", municipality),
        BodyKind.COORDINATION_COMMITTEE,
        BodyPosition.CHAIR,
    )
    join_body(person("secretariat_staff", association), BodyKind.SECRETARIAT, BodyPosition.STAFF)
    join_body(
        person("community_manager", association),
        BodyKind.SECRETARIAT,
        BodyPosition.COMMUNITY_MANAGER,
    )
    join_group(person("steering_group_member", municipality), world.alfa_steering, GroupRole.CHAIR)
    join_group(
        person("coordination_group_member", municipality), world.alfa_coordination, GroupRole.MEMBER
    )
    join_group(person("tovholder", municipality), world.alfa_coordination, GroupRole.TOVHOLDER)
    join_group(
        person("product_coordinator_beta", municipality),
        world.beta_coordination,
        GroupRole.PRODUCT_COORDINATOR,
    )
    join_group(
        person("supplier_representative", supplier),
        world.alfa_coordination,
        GroupRole.SUPPLIER_REPRESENTATIVE,
    )
    join_group(
        person("professional_group_member", municipality), world.alfa_professional, GroupRole.MEMBER
    )
    join_group(
        person("beta_coordination_member", municipality), world.beta_coordination, GroupRole.MEMBER
    )
    person("municipality_user", municipality)
    person("supplier_user", supplier)
    person("superuser", None, is_staff=True, is_superuser=True)
    people["anonymous"] = AnonymousUser()
    assert set(people) == set(ROLES)
    return world


def fresh(world: World, role: str) -> Any:
    """The person as a request would see them: a new object, nothing remembered."""
    found = world.people[role]
    if isinstance(found, AnonymousUser):
        return found
    return User.objects.get(pk=found.pk)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages in English, the source texts, whatever the Danish catalogue says."""
    with translation.override("en"):
        yield
