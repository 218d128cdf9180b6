from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from os2gov.accounts.models import User
from os2gov.catalogue.models import Product
from os2gov.governance.models import Group, GroupKind, GroupRole
from os2gov.organisation.models import Organisation
from tests.accounts.conftest import english_client
from tests.governance import factories as f


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # Assertions name the English source texts, whatever the Danish catalogue says.
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    return english_client()


@dataclass
class Scene:
    """A product used by one municipality, with a coordination group led by a tovholder,
    a steering group, the secretariat, and people from a non-user municipality and a
    supplier."""

    product: Product
    user_municipality: Organisation
    other_municipality: Organisation
    supplier: Organisation
    coordination: Group
    steering: Group
    secretariat: User
    tovholder: User
    member: User
    steering_member: User
    newcomer: User
    outsider: User
    supplier_person: User


@pytest.fixture
def scene(db: None) -> Scene:
    product = f.product("OS2testprodukt")
    user_municipality = f.municipality("Brugerby Kommune")
    other_municipality = f.municipality("Fjernby Kommune")
    supplier = f.supplier("Kodeværket A/S")
    f.agreement(product, user_municipality)
    coordination = f.group(product, GroupKind.COORDINATION)
    steering = f.group(product, GroupKind.STEERING)
    tovholder = f.person(user_municipality, "Tove Tovholder")
    member = f.person(user_municipality, "Mads Medlem")
    steering_member = f.person(user_municipality, "Stine Styregruppe")
    f.member(coordination, tovholder, GroupRole.TOVHOLDER)
    f.member(coordination, member)
    f.member(steering, steering_member, GroupRole.CHAIR)
    return Scene(
        product=product,
        user_municipality=user_municipality,
        other_municipality=other_municipality,
        supplier=supplier,
        coordination=coordination,
        steering=steering,
        secretariat=f.secretariat_staff(),
        tovholder=tovholder,
        member=member,
        steering_member=steering_member,
        newcomer=f.person(user_municipality, "Nina Nybegynder"),
        outsider=f.person(other_municipality, "Otto Udenfor"),
        supplier_person=f.person(supplier, "Lars Leverandør"),
    )
