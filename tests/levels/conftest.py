"""A governance world in which one product meets every structural criterion of N2 and N3.

Every person and organisation is fictional. The scene is written directly (not through the
services): it is the state the tests start from, not the behaviour under test.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation

from os2gov.accounts.models import User
from os2gov.catalogue.models import Product
from os2gov.governance.models import (
    BodyKind,
    BodyPosition,
    Decision,
    Group,
    GroupKind,
    GroupMembership,
    GroupRole,
)
from os2gov.governance.services._trail import write_decision
from os2gov.levels import services
from os2gov.levels.models import Criterion, CriterionKind, LevelModel
from os2gov.organisation.models import Organisation
from tests.accounts.conftest import english_client
from tests.governance import factories as f

TODAY = timezone.localdate()
LONG_AGO = datetime.date(2020, 1, 1)
URL = "https://docs.example.org/os2niveau/evidence"


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


@dataclass
class LevelWorld:
    product: Product
    municipality_a: Organisation
    municipality_b: Organisation
    supplier: Organisation
    steering: Group
    coordination: Group
    tovholder: User
    board_a: User
    board_b: User
    secretariat: User
    committee: User
    steering_member: User
    supplier_person: User
    memberships: dict[str, GroupMembership] = field(default_factory=dict)
    board_decision: Decision | None = None

    def manual_criteria(self, *codes: str) -> list[Criterion]:
        return list(
            Criterion.objects.filter(
                model__is_current=True, kind=CriterionKind.MANUAL, level__code__in=codes
            ).order_by("level__order", "order")
        )


def board_member(name: str, organisation: Organisation) -> User:
    who = f.person(organisation, name)
    f.body_member(BodyKind.BOARD, who, BodyPosition.MEMBER)
    return who


def build_world(*, name: str = "OS2niveau") -> LevelWorld:
    product = f.product(name)
    product.repository_url = f"https://git.example.org/os2/{product.slug}"
    product.save()
    municipality_a = f.municipality()
    municipality_b = f.municipality()
    supplier = f.supplier()
    f.agreement(product, municipality_a)
    f.agreement(product, municipality_b)
    steering = f.group(product, GroupKind.STEERING)
    coordination = f.group(product, GroupKind.COORDINATION, min_meetings_per_year=4)
    association = f.association()
    tovholder = f.person(municipality_a, "Tine Tovholder")
    board_a = board_member("Bodil Bestyrelse", municipality_a)
    board_b = board_member("Bent Bestyrelse", municipality_b)
    committee = f.person(municipality_b, "Frida Forretningsudvalg")
    f.body_member(BodyKind.BUSINESS_COMMITTEE, committee, BodyPosition.MEMBER)
    secretariat = f.secretariat_staff("Sune Sekretariat")
    steering_member = f.person(municipality_b, "Svend Styregruppe")
    supplier_person = f.person(supplier, "Lis Leverandør")
    world = LevelWorld(
        product=product,
        municipality_a=municipality_a,
        municipality_b=municipality_b,
        supplier=supplier,
        steering=steering,
        coordination=coordination,
        tovholder=tovholder,
        board_a=board_a,
        board_b=board_b,
        secretariat=secretariat,
        committee=committee,
        steering_member=steering_member,
        supplier_person=supplier_person,
    )
    m = world.memberships
    m["tovholder"] = f.member(coordination, tovholder, GroupRole.TOVHOLDER)
    m["supplier"] = f.member(
        coordination,
        supplier_person,
        GroupRole.SUPPLIER_REPRESENTATIVE,
        supplier_participation="voluntary",
    )
    m["coordination_board"] = f.member(
        coordination, board_a, GroupRole.BOARD_MEMBER, organisation=association
    )
    m["steering_board_a"] = f.member(
        steering, board_a, GroupRole.BOARD_MEMBER, organisation=association
    )
    m["steering_board_b"] = f.member(
        steering, board_b, GroupRole.BOARD_MEMBER, organisation=association
    )
    m["steering_member"] = f.member(steering, steering_member, GroupRole.CHAIR)
    world.board_decision = write_decision(
        actor=secretariat,
        decider=f.body(BodyKind.BOARD),
        action="decision.record",
        text="Bestyrelsen nedsætter styregruppen for OS2niveau.",
        decided_on=LONG_AGO,
        subjects=[(steering, "Styregruppen for OS2niveau")],
        product=product,
    )
    services.evaluation_record(
        actor=board_a,
        product=product,
        evaluated_on=TODAY - datetime.timedelta(days=30),
        summary="Produktet lever op til forventningerne.",
        minutes_url="https://docs.example.org/os2niveau/referat",
    )
    return world


@pytest.fixture
def world(db: None) -> LevelWorld:
    return build_world()


@pytest.fixture
def client() -> Client:
    # Every level test reads the English source texts, on the pages as in the API.
    return english_client()


def answer_met(world: LevelWorld, criterion: Criterion, **extra: Any) -> Any:
    data: dict[str, Any] = {
        "status": "met",
        "justification": "Dokumenteret.",
        "evidence_urls": [URL],
    }
    data.update(extra)
    return services.answer_save(
        actor=world.tovholder, product=world.product, criterion=criterion, **data
    )


def verify(world: LevelWorld, answer: Any, rating: str = "green") -> Any:
    return services.verification_record(
        actor=world.secretariat,
        answer=answer,
        rating=rating,
        basis="Dokumentationen er gennemgået.",
        revision=answer.revision,
    )


def satisfy_manual(world: LevelWorld, *codes: str) -> None:
    """Answer every manual criterion of the levels ``codes`` "met" and verify it green."""
    for criterion in world.manual_criteria(*codes):
        verify(world, answer_met(world, criterion))


def approve(world: LevelWorld, code: str) -> None:
    """The business committee recommends the product at ``code`` and the board approves."""
    services.product_recommend(actor=world.committee, product=world.product, level_code=code)
    services.product_approve(actor=world.board_a, product=world.product, level_code=code)


def current_model() -> LevelModel:
    return LevelModel.objects.get(is_current=True)


@pytest.fixture(autouse=True)
def _nothing_pending() -> Iterator[None]:
    from os2gov.levels.signals import forget_pending

    forget_pending()
    yield
    forget_pending()
