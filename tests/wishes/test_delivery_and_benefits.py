"""Delivery against DONE and benefit realisation (WSH-08, WSH-09)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from os2gov.governance.models import Decision
from os2gov.wishes.models import CriterionResult, DeliveryReview, DoneCriterion, Wish, WishState
from os2gov.wishes.selectors import follow_ups
from os2gov.wishes.services import (
    TransitionRefused,
    wish_begin_delivery,
    wish_begin_follow_up,
    wish_deliver,
    wish_realise,
    wish_review_delivery,
    wish_transition,
)
from os2gov.wishes.services.transitions import add_months
from tests.authority.conftest import make_person
from tests.organisation.factories import OrganisationFactory
from tests.wishes.world import WishWorld, commit, make_wish

S = WishState


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code or "" for e in errors] for field, errors in error.error_dict.items()}


def delivered(world: WishWorld) -> tuple[Wish, list[DoneCriterion]]:
    wish = commit(world, make_wish(world, state=S.DELIVERED, ready_to_start=True))
    return wish, list(DoneCriterion.objects.filter(wish=wish).order_by("position"))


def test_wsh07_the_delivering_supplier_reports_the_delivery_with_the_invoice_reference(
    world: WishWorld,
) -> None:
    wish = commit(world, make_wish(world, state=S.STARTED, ready_to_start=True))
    wish_begin_delivery(wish=wish, actor=world["supplier_representative"])
    done = wish_deliver(
        wish=wish, actor=world["supplier_representative"], invoice_reference="FAK-2026-4"
    )
    assert done.state == S.DELIVERED
    assert done.invoice_reference == "FAK-2026-4"
    assert done.delivered_on is not None
    # A supplier reports; nobody decides.
    assert not Decision.objects.filter(subjects__object_id=str(wish.pk)).exists()


def test_wsh07_another_supplier_cannot_report_the_delivery(world: WishWorld) -> None:
    rival = make_person("rival@example.org", "Rival", OrganisationFactory(name="Rival A/S"))
    wish = commit(world, make_wish(world, state=S.STARTED, ready_to_start=True))
    with pytest.raises(PermissionDenied) as refusal:
        wish_begin_delivery(wish=wish, actor=rival)
    assert str(refusal.value) == (
        "Only people from Kodeværket A/S, the delivering supplier, can do this."
    )


def test_wsh08_a_delivery_meeting_every_criterion_is_accepted(world: WishWorld) -> None:
    wish, criteria = delivered(world)
    accepted = wish_review_delivery(
        wish=wish,
        actor=world["coordination_group_member"],
        results={criteria[0]: (True, "Testet."), criteria[1].pk: (True, "")},
    )
    assert accepted.state == S.ACCEPTED
    review = DeliveryReview.objects.get(wish=wish)
    assert review.accepted and review.round == 1
    assert [r.met for r in CriterionResult.objects.filter(review=review)] == [True, True]
    decision = Decision.objects.get(subjects__object_id=str(wish.pk))
    assert decision.action == "wish.accept_delivery"


def test_wsh08_a_delivery_is_rejected_criterion_by_criterion_with_reasons(
    world: WishWorld,
) -> None:
    wish, criteria = delivered(world)
    rejected = wish_review_delivery(
        wish=wish,
        actor=world["tovholder"],
        results={criteria[0].pk: (False, "Datoerne mangler."), criteria[1].pk: (True, "")},
    )
    assert rejected.state == S.DELIVERY_REJECTED
    result = CriterionResult.objects.get(criterion=criteria[0])
    assert (result.met, result.reason) == (False, "Datoerne mangler.")
    decision = Decision.objects.get(subjects__object_id=str(wish.pk))
    assert "not met: Brugeren kan eksportere til CSV. (Datoerne mangler.)" in decision.text
    # The supplier takes it back, delivers again, and the second round is accepted.
    wish_begin_delivery(wish=wish, actor=world["supplier_representative"])
    wish_deliver(wish=wish, actor=world["supplier_representative"])
    wish_review_delivery(
        wish=wish,
        actor=world["tovholder"],
        results={criteria[0].pk: (True, ""), criteria[1].pk: (True, "")},
    )
    assert list(DeliveryReview.objects.filter(wish=wish).values_list("round", "accepted")) == [
        (1, False),
        (2, True),
    ]


def test_wsh08_a_criterion_not_met_needs_its_reason(world: WishWorld) -> None:
    wish, criteria = delivered(world)
    with pytest.raises(TransitionRefused) as refusal:
        wish_review_delivery(
            wish=wish,
            actor=world["tovholder"],
            results={criteria[0].pk: (False, " "), criteria[1].pk: (True, "")},
        )
    assert codes(refusal.value) == {"results": ["reason_required"]}
    assert not DeliveryReview.objects.exists()


def test_wsh08_every_criterion_must_be_assessed(world: WishWorld) -> None:
    wish, criteria = delivered(world)
    with pytest.raises(TransitionRefused) as refusal:
        wish_review_delivery(
            wish=wish, actor=world["tovholder"], results={criteria[0].pk: (True, "")}
        )
    assert codes(refusal.value) == {"results": ["results_incomplete"]}
    assert "Eksporten er dokumenteret." in refusal.value.error_dict["results"][0].messages[0]


def test_wsh08_a_delivery_with_a_criterion_not_met_cannot_be_accepted(world: WishWorld) -> None:
    wish, criteria = delivered(world)
    with pytest.raises(TransitionRefused) as refusal:
        wish_transition(
            wish=wish,
            to_state=S.ACCEPTED,
            actor=world["tovholder"],
            results={criteria[0].pk: (False, "Mangler."), criteria[1].pk: (True, "")},
        )
    assert codes(refusal.value) == {"results": ["criteria_not_met"]}


def test_wsh08_the_supplier_cannot_accept_its_own_delivery(world: WishWorld) -> None:
    wish, criteria = delivered(world)
    with pytest.raises(PermissionDenied):
        wish_review_delivery(
            wish=wish,
            actor=world["supplier_representative"],
            results={c.pk: (True, "") for c in criteria},
        )


def test_wsh09_acceptance_sets_the_follow_up_six_months_on_by_default(world: WishWorld) -> None:
    wish, criteria = delivered(world)
    day = datetime.date(2026, 8, 31)
    accepted = wish_review_delivery(
        wish=wish,
        actor=world["tovholder"],
        results={c.pk: (True, "") for c in criteria},
        on=day,
    )
    assert accepted.accepted_on == day
    assert accepted.follow_up_on == datetime.date(2027, 2, 28)
    other, other_criteria = delivered(world)
    chosen = datetime.date(2027, 1, 15)
    accepted_other = wish_review_delivery(
        wish=other,
        actor=world["tovholder"],
        results={c.pk: (True, "") for c in other_criteria},
        follow_up_on=chosen,
    )
    assert accepted_other.follow_up_on == chosen


def test_add_months_keeps_the_day_or_the_last_of_the_month() -> None:
    assert add_months(datetime.date(2026, 1, 15), 6) == datetime.date(2026, 7, 15)
    assert add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2027, 8, 31), 6) == datetime.date(2028, 2, 29)


def test_wsh09_realised_benefits_are_recorded_against_the_expected(world: WishWorld) -> None:
    wish = commit(
        world,
        make_wish(
            world,
            state=S.ACCEPTED,
            ready_to_start=True,
            expected_hours_per_year=Decimal("120.0"),
            expected_benefit="120 timer om året.",
        ),
    )
    wish_begin_follow_up(wish=wish, actor=world["steering_group_member"])
    with pytest.raises(TransitionRefused) as refusal:
        wish_realise(wish=wish, actor=world["steering_group_member"], realised_benefit="")
    assert codes(refusal.value) == {"realised_benefit": ["benefit_required"]}
    realised = wish_realise(
        wish=wish,
        actor=world["steering_group_member"],
        realised_benefit="Omkring 90 timer om året.",
        realised_hours_per_year="90",
        realised_dkk_per_year="40000",
    )
    assert realised.state == S.REALISED
    assert (realised.expected_hours_per_year, realised.realised_hours_per_year) == (
        Decimal("120.0"),
        Decimal("90.0"),
    )
    assert realised.realised_dkk_per_year == Decimal("40000.00")
    decision = Decision.objects.filter(subjects__object_id=str(wish.pk)).first()
    assert decision is not None and decision.group == world.base.alfa_steering


def test_wsh09_the_follow_up_list_shows_overdue_ones_first(world: WishWorld) -> None:
    today = datetime.date(2026, 6, 1)
    later = make_wish(
        world, state=S.ACCEPTED, follow_up_on=datetime.date(2026, 9, 1), title="Senere"
    )
    overdue = make_wish(
        world, state=S.FOLLOW_UP, follow_up_on=datetime.date(2026, 5, 1), title="Forfalden"
    )
    soon = make_wish(
        world, state=S.ACCEPTED, follow_up_on=datetime.date(2026, 6, 15), title="Snart"
    )
    make_wish(world, state=S.REALISED, follow_up_on=datetime.date(2026, 1, 1))
    listed = list(follow_ups(product=world.alfa, on=today))
    assert listed == [overdue, soon, later]
    assert [w.overdue for w in listed] == [True, False, False]
