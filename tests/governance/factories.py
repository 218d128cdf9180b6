"""Builders for governance tests: products, people, agreements, memberships.

Memberships that set the scene are created directly (not through the services): they are
the state the tests start from, not the behaviour under test.
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

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
from os2gov.organisation.slugs import danish_slugify
from tests.organisation.factories import MunicipalityFactory, OrganisationFactory

_counter = itertools.count(1)
LONG_AGO = datetime.date(2020, 1, 1)


def association() -> Organisation:
    return Organisation.objects.get(type=OrganisationType.ASSOCIATION)


def body(kind: str) -> Body:
    return Body.objects.get(kind=kind)


def product(name: str | None = None) -> Product:
    name = name or f"OS2prøve{next(_counter)}"
    return Product.objects.create(
        name=name, slug=danish_slugify(name), short_description=f"{name} til test"
    )


def municipality(name: str | None = None) -> Organisation:
    if name is None:
        return MunicipalityFactory()
    return MunicipalityFactory(name=name)


def supplier(name: str | None = None) -> Organisation:
    if name is None:
        return OrganisationFactory()
    return OrganisationFactory(name=name)


def person(organisation: Organisation | None, name: str | None = None, **extra: Any) -> User:
    n = next(_counter)
    name = name or f"Testperson {n}"
    email = f"{danish_slugify(name)}-{n}@example.org"
    return User.objects.create_user(email, "x", name=name, organisation=organisation, **extra)


def agreement(
    product: Product,
    organisation: Organisation,
    starts_on: datetime.date = LONG_AGO,
    ends_on: datetime.date | None = None,
) -> ConnectionAgreement:
    return ConnectionAgreement.objects.create(
        product=product, organisation=organisation, starts_on=starts_on, ends_on=ends_on
    )


def group(product: Product, kind: str = GroupKind.COORDINATION, **fields: Any) -> Group:
    names = {
        GroupKind.STEERING: "Styregruppe",
        GroupKind.COORDINATION: "Koordinationsgruppe",
        GroupKind.PROFESSIONAL: f"Faggruppe {next(_counter)}",
    }
    name = fields.pop("name", names[kind])
    return Group.objects.create(
        product=product, kind=kind, name=name, slug=danish_slugify(name), **fields
    )


def member(
    group: Group,
    who: User,
    role: str = GroupRole.MEMBER,
    starts_on: datetime.date = LONG_AGO,
    ends_on: datetime.date | None = None,
    organisation: Organisation | None = None,
    **fields: Any,
) -> GroupMembership:
    return GroupMembership.objects.create(
        group=group,
        person=who,
        organisation=organisation or who.organisation,
        role=role,
        starts_on=starts_on,
        ends_on=ends_on,
        **fields,
    )


def body_member(
    kind: str,
    who: User,
    position: str = BodyPosition.MEMBER,
    starts_on: datetime.date = LONG_AGO,
    ends_on: datetime.date | None = None,
) -> BodyMembership:
    assert who.organisation is not None
    return BodyMembership.objects.create(
        body=body(kind),
        person=who,
        organisation=who.organisation,
        position=position,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def secretariat_staff(name: str = "Sofie Sekretariat") -> User:
    """A secretariat employee: works for the association, active in the secretariat."""
    who = person(association(), name)
    body_member(BodyKind.SECRETARIAT, who, BodyPosition.STAFF)
    return who
