"""Co-financing (WSH-10): municipalities pledge to wishes; a wish is fundable when the
available frame plus the pledges cover its cost; pledges become commitments at the start."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from os2gov.economy.models import Pledge, PledgeState
from os2gov.economy.selectors import frame_status, fundability, pledged_total
from os2gov.economy.services import pledge_make, pledge_withdraw
from os2gov.governance.models import Decision
from os2gov.wishes.models import WishEvent, WishState
from os2gov.wishes.services import TransitionRefused, wish_recommend, wish_start
from tests.wishes.world import LARGE, OWN_LIMIT, WishWorld, commit, make_wish, this_year

S = WishState


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code or "" for e in errors] for field, errors in error.error_dict.items()}


def test_wsh10_a_municipality_pledges_co_financing_with_conditions(world: WishWorld) -> None:
    wish = make_wish(world, state=S.PRIORITISED, estimate=LARGE)
    pledge = pledge_make(
        wish=wish,
        actor=world["nordby_user"],
        amount="75000.00",
        conditions="Hvis det leveres før 1. juli.",
    )
    assert (pledge.organisation, pledge.person) == (world.nordby, world["nordby_user"])
    assert pledge.amount == Decimal("75000.00")
    assert pledge.state == PledgeState.PLEDGED
    assert pledged_total(wish) == Decimal("75000.00")
    event = WishEvent.objects.get(wish=wish, kind="pledged")
    assert event.text == "Nordby Kommune pledged DKK 75,000.00 in co-financing."
    assert not Decision.objects.exists()
    assert frame_status(world.alfa, this_year()).open_pledges == Decimal("75000.00")


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("-500", "negative_amount"),
        ("femtusinde", "invalid_amount"),
        ("0", "zero_amount"),
        (500.5, "invalid_amount"),
        ("NaN", "invalid_amount"),
        ("1e3", "invalid_amount"),
        (None, "required"),
    ],
)
def test_wsh10_a_negative_or_non_numeric_pledge_is_refused(
    world: WishWorld, amount: object, code: str
) -> None:
    wish = make_wish(world, state=S.PRIORITISED)
    with pytest.raises(ValidationError) as refusal:
        pledge_make(wish=wish, actor=world["nordby_user"], amount=amount)
    assert codes(refusal.value) == {"amount": [code]}
    assert not Pledge.objects.exists()


@pytest.mark.parametrize("state", [S.CLOSED, S.REJECTED, S.STARTED, S.REALISED])
def test_wsh10_a_pledge_to_a_closed_or_started_wish_is_refused(
    world: WishWorld, state: str
) -> None:
    wish = make_wish(world, state=state)
    with pytest.raises(ValidationError) as refusal:
        pledge_make(wish=wish, actor=world["nordby_user"], amount="1000")
    assert codes(refusal.value) == {"wish": ["not_open"]}
    assert not Pledge.objects.exists()


def test_wsh10_a_pledge_from_an_organisation_that_does_not_use_the_product_is_refused(
    world: WishWorld,
) -> None:
    wish = make_wish(world, state=S.PRIORITISED)
    for role in ("fjernby_user", "supplier_representative", "secretariat_staff", "anonymous"):
        with pytest.raises(PermissionDenied):
            pledge_make(wish=wish, actor=world[role], amount="1000")


def test_wsh10_a_wish_is_fundable_when_the_frame_and_the_pledges_cover_it(
    world: WishWorld,
) -> None:
    spent = make_wish(world, state=S.APPROVED, approved_amount=Decimal("400000.00"))
    commit(world, spent, mandate="wish.approve")
    wish = make_wish(world, state=S.PRIORITISED, estimate=Decimal("80000.00"))
    assert not fundability(wish, year=this_year()).fundable  # 50,000 left
    pledge_make(wish=wish, actor=world["nordby_user"], amount="20000")
    assert not fundability(wish, year=this_year()).fundable
    pledge_make(wish=wish, actor=world["sydby_user"], amount="10000")
    funding = fundability(wish, year=this_year())
    assert funding.fundable
    assert funding.frame_share == Decimal("50000.00")
    assert funding.within_own_limit


def test_wsh10_pledges_let_the_group_start_what_it_otherwise_could_not(world: WishWorld) -> None:
    wish = make_wish(world, state=S.PRIORITISED, estimate=LARGE, ready_to_start=True)
    with pytest.raises(TransitionRefused):
        wish_start(wish=wish, actor=world["coordination_group_member"])
    first = pledge_make(wish=wish, actor=world["nordby_user"], amount="100000")
    second = pledge_make(wish=wish, actor=world["sydby_user"], amount="50000")
    started = wish_start(wish=wish, actor=world["coordination_group_member"])
    assert started.frame_commitment == OWN_LIMIT  # 300,000 less 150,000 pledged
    for pledge in (first, second):
        pledge.refresh_from_db()
        assert pledge.state == PledgeState.COMMITTED
        assert pledge.committed_on is not None
    status = frame_status(world.alfa, this_year())
    assert status.committed == OWN_LIMIT
    assert status.open_pledges == Decimal("0.00")


def test_wsh10_a_fully_pledged_wish_is_not_recommended(world: WishWorld) -> None:
    wish = make_wish(world, state=S.PRIORITISED, estimate=LARGE)
    pledge_make(wish=wish, actor=world["nordby_user"], amount="300000")
    with pytest.raises(TransitionRefused) as refusal:
        wish_recommend(wish=wish, actor=world["coordination_group_member"])
    assert codes(refusal.value) == {"estimate": ["within_own_mandate"]}


def test_wsh10_a_pledge_is_withdrawn_by_its_organisation_until_it_is_committed(
    world: WishWorld,
) -> None:
    wish = make_wish(world, state=S.PRIORITISED, ready_to_start=True)
    pledge = pledge_make(wish=wish, actor=world["nordby_user"], amount="5000")
    with pytest.raises(PermissionDenied):
        pledge_withdraw(pledge=pledge, actor=world["sydby_user"])
    withdrawn = pledge_withdraw(pledge=pledge, actor=world["nordby_colleague"])
    assert withdrawn.state == PledgeState.WITHDRAWN
    assert pledged_total(wish) == Decimal("0.00")
    kept = pledge_make(wish=wish, actor=world["nordby_user"], amount="5000")
    wish_start(wish=wish, actor=world["coordination_group_member"])
    with pytest.raises(ValidationError) as refusal:
        pledge_withdraw(pledge=kept, actor=world["nordby_user"])
    assert codes(refusal.value) == {"pledge": ["not_withdrawable"]}
