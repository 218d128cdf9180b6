"""The whole way of a wish, through the services only: submitted by one municipality,
supported by another, prioritised and recommended by the coordination group, approved by
the steering group, started with DONE, delivered by the supplier, accepted against DONE,
and its benefits followed up."""

from __future__ import annotations

from decimal import Decimal

from os2gov.economy.selectors import frame_status
from os2gov.governance.models import Decision
from os2gov.wishes import services
from os2gov.wishes.models import WishEvent, WishState
from tests.wishes.world import FRAME_TOTAL, LARGE, WishWorld, this_year


def test_wsh01_to_wsh09_a_wish_goes_the_whole_way(world: WishWorld) -> None:
    wish = services.wish_submit(
        product=world.alfa,
        actor=world["municipality_user"],
        title="Eksport af sager til CSV",
        description="Sagsbehandlere vil kunne eksportere deres sager.",
        expected_benefit="Færre manuelle opgørelser.",
        expected_hours_per_year="120",
    )
    assert wish.state == WishState.SUBMITTED
    services.wish_support(wish=wish, actor=world["nordby_user"], note="Også hos os.")
    coordinator = world["coordination_group_member"]
    services.wish_review(wish=wish, actor=coordinator)
    services.wish_estimate(
        wish=wish, actor=coordinator, amount=LARGE, estimated_by=world.base.supplier
    )
    services.wish_prioritise(wish=wish, actor=coordinator)
    assert wish.rank == 1
    services.wish_recommend(wish=wish, actor=coordinator, note="Over vores egen ramme.")
    services.wish_approve(
        wish=wish,
        actor=world["steering_group_member"],
        amount="300000.00",
        expected_benefit="120 timer om året i hver kommune.",
    )
    assert wish.state == WishState.APPROVED
    assert wish.approved_amount == LARGE
    status = frame_status(world.alfa, this_year())
    assert status.committed == LARGE
    assert status.available == FRAME_TOTAL - LARGE
    services.wish_start(
        wish=wish,
        actor=coordinator,
        done_definition=["Eksport til CSV virker.", "Brugervejledningen er opdateret."],
        orderer=world["tovholder"],
        delivering_supplier=world.alfa_supplier,
        delivery_approver=world["coordination_group_member"],
        order_reference="ORD-2026-17",
    )
    assert wish.state == WishState.STARTED
    supplier = world["supplier_representative"]
    services.wish_begin_delivery(wish=wish, actor=supplier)
    services.wish_deliver(wish=wish, actor=supplier, invoice_reference="FAK-881")
    criteria = list(wish.done_criteria.all())
    services.wish_review_delivery(
        wish=wish,
        actor=coordinator,
        results={criteria[0].pk: (True, ""), criteria[1].pk: (True, "")},
    )
    assert wish.state == WishState.ACCEPTED
    assert wish.follow_up_on is not None
    services.wish_begin_follow_up(wish=wish, actor=world["steering_group_member"])
    services.wish_realise(
        wish=wish,
        actor=coordinator,
        realised_benefit="100 timer om året.",
        realised_hours_per_year="100",
    )
    assert wish.state == WishState.REALISED
    assert wish.realised_hours_per_year == Decimal("100.0")
    states = list(
        WishEvent.objects.filter(wish=wish, kind="transition").values_list("to_state", flat=True)
    )
    assert states == [
        "under_review",
        "prioritised",
        "recommended",
        "approved",
        "started",
        "in_delivery",
        "delivered",
        "accepted",
        "follow_up",
        "realised",
    ]
    # Decisions for what was decided under a mandate; none for what the supplier reported.
    assert Decision.objects.filter(subjects__object_id=str(wish.pk)).count() == 8
