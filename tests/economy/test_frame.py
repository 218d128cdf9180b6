"""The economic frame per product and year (ECO-01, ECO-02, ECO-03, ECO-05, GRP-08)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from os2gov.catalogue.models import ConnectionAgreement
from os2gov.core.models import AuditEvent
from os2gov.economy.models import EconomicFrame, FundingLineKind
from os2gov.economy.selectors import (
    contributions,
    economy_overview,
    economy_overview_for,
    frame_status,
)
from os2gov.economy.services import frame_set
from os2gov.governance.models import Decision
from os2gov.governance.services import StaleEditError
from tests.authority.conftest import make_product
from tests.wishes.world import (
    CONTRIBUTION,
    COORDINATOR,
    FRAME_TOTAL,
    OTHER_FUNDING,
    OWN_LIMIT,
    WishWorld,
    agree,
    commit,
    make_wish,
    this_year,
)

NEXT = this_year() + 1


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code or "" for e in errors] for field, errors in error.error_dict.items()}


# --- ECO-01: contributions computed from the connection agreements ------------------------


def test_eco01_contributions_come_from_the_agreements_in_force_in_the_year(
    world: WishWorld,
) -> None:
    rows = contributions(world.alfa, this_year())
    assert [(c.organisation.name, c.amount) for c in rows] == [
        ("Nordby Kommune", CONTRIBUTION),
        ("Prøvested Kommune", CONTRIBUTION),
        ("Sydby Kommune", CONTRIBUTION),
        ("Østby Kommune", CONTRIBUTION),
    ]


def test_eco01_an_agreement_in_force_part_of_the_year_contributes_its_share(
    world: WishWorld,
) -> None:
    agree(
        world.alfa,
        world.fjernby,
        starts_on=datetime.date(2025, 7, 1),
        ends_on=datetime.date(2026, 3, 31),
        annual_contribution=Decimal("36500.00"),
    )
    by_name = {c.organisation.name: c for c in contributions(world.alfa, 2025)}
    assert by_name["Fjernby Kommune"].days == 184
    assert by_name["Fjernby Kommune"].amount == Decimal("18400.00")
    by_name_2026 = {c.organisation.name: c for c in contributions(world.alfa, 2026)}
    assert by_name_2026["Fjernby Kommune"].amount == Decimal("9000.00")  # 90 of 365 days
    assert "Fjernby Kommune" not in {c.organisation.name for c in contributions(world.alfa, 2027)}


def test_eco01_eco05_the_frame_is_contributions_plus_funding_less_the_product_coordinator(
    world: WishWorld,
) -> None:
    status = frame_status(world.alfa, this_year())
    assert status.contributions_total == 4 * CONTRIBUTION
    assert status.other_funding == OTHER_FUNDING
    assert status.product_coordinator == COORDINATOR
    assert status.total == FRAME_TOTAL
    assert status.available == FRAME_TOTAL
    assert status.coordination_group_limit == OWN_LIMIT


def test_a_product_without_a_frame_has_nothing_to_commit(world: WishWorld) -> None:
    status = frame_status(world.alfa, NEXT)
    assert status.frame is None
    assert status.contributions_total == 4 * CONTRIBUTION  # what a frame would start from
    assert (status.total, status.available, status.coordination_group_can_commit) == (
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    )


# --- ECO-02: committed and available ------------------------------------------------------


def test_eco02_committed_counts_started_and_approved_wishes_only(world: WishWorld) -> None:
    commit(world, make_wish(world, state="started", estimate=Decimal("40000.00")))
    approved = make_wish(world, state="approved", approved_amount=Decimal("200000.00"))
    commit(world, approved, mandate="wish.approve")
    commit(world, make_wish(world, state="realised", estimate=Decimal("10000.00")))
    commit(world, make_wish(world, state="closed", estimate=Decimal("99999.00")))
    make_wish(world, state="prioritised", estimate=Decimal("77777.00"))
    status = frame_status(world.alfa, this_year())
    assert status.committed == Decimal("250000.00")
    assert status.available == FRAME_TOTAL - Decimal("250000.00")
    assert status.committed_by_coordination_group == Decimal("50000.00")
    assert status.coordination_group_remaining == Decimal("100000.00")


# --- ECO-02: the steering group sets the frame --------------------------------------------


def test_eco02_eco05_the_steering_group_sets_the_frame_and_the_own_limit(
    world: WishWorld,
) -> None:
    frame = frame_set(
        product=world.alfa,
        year=NEXT,
        actor=world["steering_group_member"],
        coordination_group_limit="100000",
        funding_lines=[
            {"label": "Tilskud fra regionen", "amount": "50000.00"},
            {"kind": FundingLineKind.PRODUCT_COORDINATOR, "amount": "80000"},
        ],
    )
    status = frame_status(world.alfa, NEXT)
    assert status.frame == frame
    assert status.total == Decimal("370000.00")
    assert [(line.kind, line.label) for line in status.funding_lines] == [
        ("other", "Tilskud fra regionen"),
        (
            "product_coordinator",
            "Paid product coordinator (funded from the connection agreements)",
        ),
    ]
    decision = Decision.objects.get(action="economic_frame.set")
    assert decision.group == world.base.alfa_steering
    assert decision.text == (
        f"Set the economic frame of OS2alfa for {NEXT} at DKK 370,000.00 (contributions "
        "DKK 400,000.00, other funding DKK 50,000.00, paid product coordinator "
        "DKK 80,000.00); the coordination group may commit DKK 100,000.00 on its own."
    )
    assert AuditEvent.objects.filter(action="economic_frame.set").count() == 1


def test_eco02_changing_a_frame_needs_the_version_that_was_loaded(world: WishWorld) -> None:
    actor = world["steering_group_member"]
    frame = world.alfa_frame
    updated = frame_set(
        product=world.alfa,
        year=this_year(),
        actor=actor,
        coordination_group_limit="120000",
        expected_version=frame.version,
    )
    assert updated.version == frame.version + 1
    assert frame_status(world.alfa, this_year()).total == 4 * CONTRIBUTION
    for stale in (None, frame.version):
        with pytest.raises(StaleEditError):
            frame_set(
                product=world.alfa,
                year=this_year(),
                actor=actor,
                coordination_group_limit="1",
                expected_version=stale,
            )
    assert EconomicFrame.objects.get(pk=frame.pk).coordination_group_limit == Decimal("120000.00")


@pytest.mark.parametrize(
    "role",
    ["coordination_group_member", "tovholder", "secretariat_staff", "supplier_representative"],
)
def test_eco02_only_the_steering_group_sets_the_frame(world: WishWorld, role: str) -> None:
    with pytest.raises(PermissionDenied) as refusal:
        frame_set(product=world.alfa, year=NEXT, actor=world[role], coordination_group_limit="0")
    assert str(refusal.value) == "Only the steering group of OS2alfa can do this."
    assert not EconomicFrame.objects.filter(year=NEXT).exists()


def test_grp08_the_coordination_group_sets_the_frame_where_there_is_no_steering_group(
    world: WishWorld,
) -> None:
    frame = frame_set(
        product=world.beta,
        year=NEXT,
        actor=world["beta_coordination_member"],
        coordination_group_limit="50000",
    )
    assert frame.coordination_group_limit == Decimal("50000.00")
    decision = Decision.objects.get(action="economic_frame.set")
    assert decision.group == world.base.beta_coordination


@pytest.mark.parametrize(
    ("limit", "code"),
    [
        ("-1", "negative_amount"),
        ("et beløb", "invalid_amount"),
        (1.5, "invalid_amount"),
        ("500000", "limit_over_frame"),
        ("", "required"),
    ],
)
def test_a_bad_own_limit_is_refused(world: WishWorld, limit: object, code: str) -> None:
    with pytest.raises(ValidationError) as refusal:
        frame_set(
            product=world.alfa,
            year=NEXT,
            actor=world["steering_group_member"],
            coordination_group_limit=limit,
        )
    assert codes(refusal.value) == {"coordination_group_limit": [code]}


def test_bad_funding_lines_are_refused_by_their_place(world: WishWorld) -> None:
    with pytest.raises(ValidationError) as refusal:
        frame_set(
            product=world.alfa,
            year=NEXT,
            actor=world["steering_group_member"],
            coordination_group_limit="0",
            funding_lines=[
                {"label": "Pulje", "amount": "-10"},
                {"label": "", "amount": "abc", "kind": "gift"},
                {"kind": "product_coordinator", "amount": "10"},
                {"kind": "product_coordinator", "amount": "10"},
            ],
        )
    assert codes(refusal.value) == {
        "funding_lines.0.amount": ["negative_amount"],
        "funding_lines.1.kind": ["invalid_choice"],
        "funding_lines.1.label": ["required"],
        "funding_lines.1.amount": ["invalid_amount"],
        "funding_lines": ["two_coordinator_lines"],
    }


def test_eco05_the_product_coordinator_is_funded_from_the_contributions(
    world: WishWorld,
) -> None:
    with pytest.raises(ValidationError) as refusal:
        frame_set(
            product=world.alfa,
            year=NEXT,
            actor=world["steering_group_member"],
            coordination_group_limit="0",
            funding_lines=[{"kind": "product_coordinator", "amount": "400000.01"}],
        )
    assert codes(refusal.value) == {"funding_lines": ["coordinator_over_contributions"]}


def test_a_year_out_of_range_is_refused(world: WishWorld) -> None:
    with pytest.raises(ValidationError) as refusal:
        frame_set(
            product=world.alfa,
            year=1999,
            actor=world["steering_group_member"],
            coordination_group_limit="0",
        )
    assert codes(refusal.value) == {"year": ["invalid_year"]}


# --- ECO-03: the secretariat sees every product's economy ---------------------------------


def test_eco03_the_secretariat_sees_every_products_economy(world: WishWorld) -> None:
    overview = economy_overview_for(world["secretariat_staff"], this_year())
    assert [s.product.name for s in overview] == ["OS2alfa", "OS2beta"]
    assert overview[0].total == FRAME_TOTAL
    assert overview[1].frame is None


def test_eco03_group_members_see_their_own_products_economy_only(world: WishWorld) -> None:
    assert [s.product.name for s in economy_overview_for(world["tovholder"], this_year())] == [
        "OS2alfa"
    ]
    beta_member = world["beta_coordination_member"]
    assert [s.product.name for s in economy_overview_for(beta_member, this_year())] == ["OS2beta"]
    assert economy_overview_for(world["municipality_user"], this_year()) == []
    assert economy_overview_for(world["anonymous"], this_year()) == []


def test_eco03_the_overview_costs_the_same_queries_for_2_and_12_products(
    world: WishWorld,
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            overview = economy_overview(this_year())
            assert all(status.available is not None for status in overview)
        return len(queries)

    few = count()
    for n in range(10):
        product = make_product(f"OS2test{n}", f"os2test{n}")
        agree(product, world.nordby)
        frame = EconomicFrame.objects.create(
            product=product, year=this_year(), set_by=world["steering_group_member"]
        )
        wish = make_wish(world, product=product, state="started")
        wish.committed_frame = frame
        wish.frame_commitment = Decimal("100.00")
        wish.save()
    assert count() == few
    assert ConnectionAgreement.objects.count() == 15
