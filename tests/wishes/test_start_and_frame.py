"""Starting within the frame, recommending beyond it, and the steering group's answer
(WSH-03, WSH-04, WSH-06, WSH-07, WSH-09, ECO-02, ECO-04, GRP-06, GRP-08)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from os2gov.economy.models import EconomicFrame
from os2gov.economy.selectors import frame_status
from os2gov.governance.models import Decision
from os2gov.wishes.models import DoneCriterion, Wish, WishEvent, WishState
from os2gov.wishes.services import (
    TransitionRefused,
    wish_approve,
    wish_close,
    wish_done_definition_set,
    wish_recommend,
    wish_reject,
    wish_start,
)
from tests.wishes.world import (
    FRAME_TOTAL,
    LARGE,
    OWN_LIMIT,
    SMALL,
    WishWorld,
    commit,
    make_wish,
    this_year,
)

S = WishState


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code or "" for e in errors] for field, errors in error.error_dict.items()}


def _nothing_written(wish: Wish) -> None:
    assert Wish.objects.get(pk=wish.pk).state == wish.state
    assert not WishEvent.objects.filter(wish=wish).exists()
    assert not Decision.objects.filter(subjects__object_id=str(wish.pk)).exists()


# --- start (WSH-03, WSH-06, WSH-07, ECO-04) -----------------------------------------------


def test_wsh03_wsh07_eco04_a_start_records_who_ordered_the_supplier_and_the_approver(
    world: WishWorld,
) -> None:
    wish = make_wish(world, state=S.PRIORITISED)
    started = wish_start(
        wish=wish,
        actor=world["tovholder"],
        done_definition=["Eksport til CSV virker."],
        orderer=world["tovholder"],
        delivering_supplier=world.alfa_supplier,
        delivery_approver=world["coordination_group_member"],
        order_reference="ORD-17",
    )
    assert started.state == S.STARTED
    assert started.orderer == world["tovholder"]
    assert started.delivering_supplier == world.alfa_supplier
    assert started.delivery_approver == world["coordination_group_member"]
    assert started.order_reference == "ORD-17"
    assert started.frame_commitment == SMALL
    assert started.commitment_mandate == "wish.start"
    decision = Decision.objects.get(subjects__object_id=str(wish.pk))
    assert decision.group == world.base.alfa_coordination
    assert decision.action == "wish.start"
    assert "Ordered by Tovholder from Kodeværket A/S" in decision.text


def test_wsh06_a_start_without_a_definition_of_done_is_refused(world: WishWorld) -> None:
    wish = make_wish(world, state=S.PRIORITISED, ready_to_start=True)
    DoneCriterion.objects.filter(wish=wish).delete()
    with pytest.raises(TransitionRefused) as refusal:
        wish_start(wish=wish, actor=world["coordination_group_member"])
    assert codes(refusal.value) == {"done_definition": ["done_required"]}
    _nothing_written(wish)


def test_wsh07_a_start_without_an_approver_is_refused(world: WishWorld) -> None:
    wish = make_wish(world, state=S.PRIORITISED, ready_to_start=True)
    Wish.objects.filter(pk=wish.pk).update(delivery_approver=None)
    wish.refresh_from_db()
    with pytest.raises(TransitionRefused) as refusal:
        wish_start(wish=wish, actor=world["coordination_group_member"])
    assert codes(refusal.value) == {"delivery_approver": ["approver_required"]}
    assert refusal.value.error_dict["delivery_approver"][0].messages == [
        "Record who approves the delivery."
    ]
    _nothing_written(wish)


def test_wsh07_a_start_with_nothing_recorded_names_every_missing_field(world: WishWorld) -> None:
    wish = make_wish(world, state=S.PRIORITISED, estimate=None)
    with pytest.raises(TransitionRefused) as refusal:
        wish_start(wish=wish, actor=world["coordination_group_member"])
    assert set(codes(refusal.value)) == {
        "done_definition",
        "orderer",
        "delivering_supplier",
        "delivery_approver",
        "estimate",
    }


def test_wsh07_the_supplier_does_not_approve_its_own_delivery(world: WishWorld) -> None:
    wish = make_wish(world, state=S.PRIORITISED, ready_to_start=True)
    with pytest.raises(TransitionRefused) as refusal:
        wish_start(
            wish=wish,
            actor=world["coordination_group_member"],
            delivery_approver=world["supplier_representative"],
        )
    assert codes(refusal.value) == {"delivery_approver": ["approver_is_supplier"]}


def test_a_supplier_of_another_product_cannot_deliver(world: WishWorld) -> None:
    wish = make_wish(world, state=S.PRIORITISED, ready_to_start=True)
    with pytest.raises(ValidationError) as refusal:
        wish_start(
            wish=wish,
            actor=world["coordination_group_member"],
            delivering_supplier=world.beta_supplier,
        )
    assert codes(refusal.value) == {"delivering_supplier": ["not_a_supplier_of_the_product"]}


def test_a_failed_start_keeps_the_done_definition_it_was_given_out(world: WishWorld) -> None:
    """The details of a refused move are rolled back with it."""
    wish = make_wish(world, state=S.PRIORITISED, estimate=LARGE, ready_to_start=True)
    with pytest.raises(TransitionRefused):
        wish_start(
            wish=wish, actor=world["coordination_group_member"], done_definition=["Noget andet."]
        )
    assert DoneCriterion.objects.filter(wish=wish).count() == 2


def test_wsh04_a_start_over_the_own_limit_is_refused_and_suggests_recommending(
    world: WishWorld,
) -> None:
    wish = make_wish(world, state=S.PRIORITISED, estimate=LARGE, ready_to_start=True)
    with pytest.raises(TransitionRefused) as refusal:
        wish_start(wish=wish, actor=world["coordination_group_member"])
    assert codes(refusal.value) == {"estimate": ["over_own_limit"]}
    assert refusal.value.suggested_state == S.RECOMMENDED
    message = refusal.value.error_dict["estimate"][0].messages[0]
    assert "more than the DKK 150,000.00 left of the coordination group's own limit" in message
    assert "Recommend the wish to the steering group" in message
    _nothing_written(wish)


def test_wsh04_eco02_a_start_over_what_the_frame_has_left_is_refused(world: WishWorld) -> None:
    spent = make_wish(world, state=S.APPROVED, estimate=Decimal("420000.00"))
    spent.approved_amount = Decimal("420000.00")
    commit(world, spent, mandate="wish.approve")
    wish = make_wish(world, state=S.PRIORITISED, estimate=SMALL, ready_to_start=True)
    with pytest.raises(TransitionRefused) as refusal:
        wish_start(wish=wish, actor=world["coordination_group_member"])
    assert codes(refusal.value) == {"estimate": ["over_frame"]}
    assert "has only DKK 30,000.00 left" in refusal.value.error_dict["estimate"][0].messages[0]
    assert refusal.value.suggested_state == S.RECOMMENDED


def test_eco02_the_own_limit_is_spent_by_own_starts_only(world: WishWorld) -> None:
    """A steering-group approval uses the frame but not the coordination group's limit."""
    approved = make_wish(world, state=S.APPROVED, estimate=LARGE, approved_amount=LARGE)
    commit(world, approved, mandate="wish.approve")
    first = make_wish(world, state=S.PRIORITISED, estimate=Decimal("100000.00"))
    wish_start(
        wish=first,
        actor=world["coordination_group_member"],
        done_definition=["Virker."],
        orderer=world["tovholder"],
        delivering_supplier=world.alfa_supplier,
        delivery_approver=world["tovholder"],
    )
    status = frame_status(world.alfa, this_year())
    assert status.committed == Decimal("400000.00")
    assert status.available == FRAME_TOTAL - Decimal("400000.00")
    assert status.committed_by_coordination_group == Decimal("100000.00")
    assert status.coordination_group_remaining == OWN_LIMIT - Decimal("100000.00")
    assert status.coordination_group_can_commit == Decimal("50000.00")
    second = make_wish(world, state=S.PRIORITISED, estimate=Decimal("50000.01"))
    with pytest.raises(TransitionRefused) as refusal:
        wish_start(wish=second, actor=world["coordination_group_member"])
    assert "estimate" in codes(refusal.value)


def test_wsh03_a_start_without_a_frame_for_the_year_is_refused(world: WishWorld) -> None:
    EconomicFrame.objects.filter(pk=world.alfa_frame.pk).update(year=this_year() - 1)
    wish = make_wish(world, state=S.PRIORITISED, ready_to_start=True)
    with pytest.raises(TransitionRefused) as refusal:
        wish_start(wish=wish, actor=world["coordination_group_member"])
    assert codes(refusal.value) == {"economic_frame": ["no_frame"]}


def test_wsh05_a_local_wish_is_not_started_by_the_group(world: WishWorld) -> None:
    wish = make_wish(world, state=S.PRIORITISED, scope="local", ready_to_start=True)
    with pytest.raises(TransitionRefused) as refusal:
        wish_start(wish=wish, actor=world["coordination_group_member"])
    assert codes(refusal.value) == {"scope": ["local_wish"]}


@pytest.mark.parametrize("role", ["supplier_representative", "steering_group_member"])
def test_grp06_only_the_public_authority_members_start_a_wish(world: WishWorld, role: str) -> None:
    wish = make_wish(world, state=S.PRIORITISED, ready_to_start=True)
    with pytest.raises(PermissionDenied) as refusal:
        wish_start(wish=wish, actor=world[role])
    assert str(refusal.value) == (
        "Only the public-authority members of the coordination group of OS2alfa can do this."
    )


def test_the_mandate_is_checked_before_the_guards(world: WishWorld) -> None:
    """A refused person learns who may, not what the wish lacks."""
    wish = make_wish(world, state=S.PRIORITISED, estimate=None)
    with pytest.raises(PermissionDenied):
        wish_start(wish=wish, actor=world["municipality_user"])


# --- recommend, approve, reject (WSH-04, WSH-09, GRP-08) ----------------------------------


def test_wsh04_a_wish_within_the_own_limit_cannot_be_recommended(world: WishWorld) -> None:
    wish = make_wish(world, state=S.PRIORITISED, estimate=SMALL)
    with pytest.raises(TransitionRefused) as refusal:
        wish_recommend(wish=wish, actor=world["coordination_group_member"])
    assert codes(refusal.value) == {"estimate": ["within_own_mandate"]}
    assert refusal.value.suggested_state == S.STARTED


def test_wsh04_a_wish_over_the_own_limit_is_recommended_to_the_steering_group(
    world: WishWorld,
) -> None:
    wish = make_wish(world, state=S.PRIORITISED, estimate=LARGE)
    recommended = wish_recommend(wish=wish, actor=world["tovholder"], note="For dyr til os.")
    assert recommended.state == S.RECOMMENDED
    decision = Decision.objects.get(subjects__object_id=str(wish.pk))
    assert decision.action == "wish.recommend"
    assert decision.text == (
        f"Recommended “{wish.title}” to the steering group (estimate DKK 300,000.00). "
        "For dyr til os."
    )


def test_wsh04_a_wish_without_an_estimate_cannot_be_recommended(world: WishWorld) -> None:
    wish = make_wish(world, state=S.PRIORITISED, estimate=None)
    with pytest.raises(TransitionRefused) as refusal:
        wish_recommend(wish=wish, actor=world["coordination_group_member"])
    assert codes(refusal.value) == {"estimate": ["estimate_required"]}


def test_wsh04_wsh09_an_approval_records_the_amount_and_the_expected_benefits(
    world: WishWorld,
) -> None:
    wish = make_wish(world, state=S.RECOMMENDED, estimate=LARGE)
    approved = wish_approve(
        wish=wish,
        actor=world["steering_group_member"],
        amount="320000.00",
        expected_benefit="To timer sparet pr. sag.",
        expected_hours_per_year="400",
        expected_dkk_per_year="150000",
    )
    assert approved.approved_amount == Decimal("320000.00")
    assert approved.approved_benefit == "To timer sparet pr. sag."
    assert approved.expected_hours_per_year == Decimal("400.0")
    assert approved.expected_dkk_per_year == Decimal("150000.00")
    assert approved.commitment_mandate == "wish.approve"
    status = frame_status(world.alfa, this_year())
    assert status.committed == Decimal("320000.00")
    assert status.committed_by_coordination_group == Decimal("0.00")
    decision = Decision.objects.get(subjects__object_id=str(wish.pk))
    assert decision.group == world.base.alfa_steering


def test_wsh04_an_approval_by_the_coordination_group_where_a_steering_group_exists_is_refused(
    world: WishWorld,
) -> None:
    wish = make_wish(world, state=S.RECOMMENDED, estimate=LARGE)
    with pytest.raises(PermissionDenied) as refusal:
        wish_approve(
            wish=wish,
            actor=world["coordination_group_member"],
            amount="300000",
            expected_benefit="Bred gevinst.",
        )
    assert str(refusal.value) == "Only the steering group of OS2alfa can approve this."
    _nothing_written(wish)


@pytest.mark.parametrize(
    ("amount", "code"),
    [("-1", "negative_amount"), ("mange penge", "invalid_amount"), ("0", "zero_amount")],
)
def test_an_approval_with_a_bad_amount_is_refused(world: WishWorld, amount: str, code: str) -> None:
    wish = make_wish(world, state=S.RECOMMENDED, estimate=LARGE)
    with pytest.raises(ValidationError) as refusal:
        wish_approve(
            wish=wish,
            actor=world["steering_group_member"],
            amount=amount,
            expected_benefit="Bred gevinst.",
        )
    assert codes(refusal.value) == {"amount": [code]}
    _nothing_written(wish)


def test_wsh09_an_approval_without_expected_benefits_is_refused(world: WishWorld) -> None:
    wish = make_wish(world, state=S.RECOMMENDED, estimate=LARGE)
    with pytest.raises(TransitionRefused) as refusal:
        wish_approve(wish=wish, actor=world["steering_group_member"], amount="300000")
    assert codes(refusal.value) == {"expected_benefit": ["benefit_required"]}


def test_wsh04_a_rejection_needs_the_reason_and_commits_nothing(world: WishWorld) -> None:
    wish = make_wish(world, state=S.RECOMMENDED, estimate=LARGE)
    with pytest.raises(TransitionRefused):
        wish_reject(wish=wish, actor=world["steering_group_member"], reason=" ")
    rejected = wish_reject(wish=wish, actor=world["steering_group_member"], reason="Ikke i år.")
    assert rejected.state == S.REJECTED
    assert rejected.close_note == "Ikke i år."
    assert frame_status(world.alfa, this_year()).committed == Decimal("0.00")


def test_wsh04_an_approved_wish_is_started_without_the_frame_check(world: WishWorld) -> None:
    wish = make_wish(
        world, state=S.APPROVED, estimate=LARGE, approved_amount=LARGE, ready_to_start=True
    )
    commit(world, wish, mandate="wish.approve")
    started = wish_start(wish=wish, actor=world["coordination_group_member"])
    assert started.state == S.STARTED
    assert started.commitment_mandate == "wish.approve"
    assert frame_status(world.alfa, this_year()).committed == LARGE


def test_eco02_closing_an_approved_wish_releases_its_commitment(world: WishWorld) -> None:
    wish = make_wish(world, state=S.APPROVED, estimate=LARGE, approved_amount=LARGE)
    commit(world, wish, mandate="wish.approve")
    assert frame_status(world.alfa, this_year()).committed == LARGE
    wish_close(wish=wish, actor=world["coordination_group_member"], reason="withdrawn", note="")
    assert frame_status(world.alfa, this_year()).committed == Decimal("0.00")


# --- the definition of DONE (WSH-06) ------------------------------------------------------


def test_wsh06_the_coordination_group_sets_the_definition_of_done_before_the_start(
    world: WishWorld,
) -> None:
    wish = make_wish(world, state=S.PRIORITISED)
    rows = wish_done_definition_set(
        wish=wish,
        actor=world["tovholder"],
        criteria=["Eksport til CSV virker.", "  ", "Vejledningen er opdateret."],
    )
    assert [(c.position, c.text) for c in rows] == [
        (1, "Eksport til CSV virker."),
        (2, "Vejledningen er opdateret."),
    ]
    rows = wish_done_definition_set(wish=wish, actor=world["tovholder"], criteria=["Kun ét."])
    assert list(wish.done_criteria.values_list("text", flat=True)) == ["Kun ét."]
    with pytest.raises(ValidationError) as empty:
        wish_done_definition_set(wish=wish, actor=world["tovholder"], criteria=[" "])
    assert codes(empty.value) == {"done_definition": ["required"]}
    with pytest.raises(PermissionDenied):
        wish_done_definition_set(
            wish=wish, actor=world["supplier_representative"], criteria=["Vi bestemmer selv."]
        )


def test_wsh06_the_definition_of_done_is_fixed_once_the_wish_has_started(
    world: WishWorld,
) -> None:
    wish = make_wish(world, state=S.STARTED, ready_to_start=True)
    with pytest.raises(ValidationError) as refusal:
        wish_done_definition_set(wish=wish, actor=world["tovholder"], criteria=["Noget nyt."])
    assert codes(refusal.value) == {"done_definition": ["locked"]}
    assert DoneCriterion.objects.filter(wish=wish).count() == 2
