"""The wish page: what it shows, which actions it offers to whom (DESIGN principle 6: only
the actions the person may take, and who may take the others), and actions taken through
it. A refused action names the holder and writes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from os2gov.economy import services as economy_services
from os2gov.economy.models import Pledge
from os2gov.wishes import services
from os2gov.wishes.models import Support, Wish, WishEvent, WishScope, WishState
from os2gov.wishes.services import priority_refresh
from tests.wishes.pages.helpers import act_url, action_data, client_for, offered, text, wish_url
from tests.wishes.world import LARGE, SMALL, WishWorld, commit, make_ready, make_wish

S = WishState


def _prioritised(world: WishWorld, **fields: object) -> Wish:
    wish = make_wish(
        world,
        state=S.PRIORITISED,
        ready_to_start=True,
        supported_by=(world.municipality,),
        **fields,  # type: ignore[arg-type]
    )
    priority_refresh(world.alfa)
    return wish


def _events(wish: Wish) -> int:
    return WishEvent.objects.filter(wish=wish).count()


# --- what the page shows ------------------------------------------------------------------


def test_wsh01_the_page_shows_the_wish_its_supports_pledges_done_and_timeline(
    world: WishWorld,
) -> None:
    wish = services.wish_submit(
        product=world.alfa,
        actor=world["municipality_user"],
        title="Eksport af sager til CSV",
        description="Sagsbehandlere vil kunne eksportere deres sager.",
        expected_benefit="Færre manuelle opgørelser.",
        expected_hours_per_year="120",
    )
    services.wish_support(wish=wish, actor=world["nordby_user"], note="Også hos os.")
    economy_services.pledge_make(
        wish=wish, actor=world["sydby_user"], amount="20000", conditions="Levering i år."
    )
    coordinator = world["coordination_group_member"]
    services.wish_estimate(
        wish=wish, actor=coordinator, amount="80000.50", estimated_by=world.base.supplier
    )
    services.wish_done_definition_set(
        wish=wish, actor=coordinator, criteria=["Eksport til CSV virker."]
    )
    html = client_for(world, "anonymous").get(wish_url(wish)).content.decode()
    page = text(html)
    assert "Eksport af sager til CSV" in page
    assert "Sagsbehandlere vil kunne eksportere deres sager." in page
    assert "Færre manuelle opgørelser." in page
    assert "120.0 hours saved per year" in page
    assert "DKK 80,000.50, by Kodeværket A/S" in page
    assert "Eksport til CSV virker." in page
    # Support per municipality: Prøvested (submitter) and Nordby.
    assert 'data-testid="support-count">2<' in html
    assert "Nordby Kommune" in page and "Også hos os." in page
    assert "Sydby Kommune" in page and "DKK 20,000.00" in page and "Levering i år." in page
    # The timeline: every event, in order.
    timeline = page[page.index("Timeline") :]
    for fragment in (
        "submitted the wish for Prøvested Kommune",
        "Nordby Kommune wants this wish too",
        "Sydby Kommune pledged DKK 20,000.00",
        "Estimated at DKK 80,000.50",
        "Set the definition of DONE",
    ):
        assert fragment in timeline
    assert timeline.index("submitted the wish") < timeline.index("Set the definition of DONE")


def test_an_unknown_wish_or_a_wish_of_another_product_is_not_found(world: WishWorld) -> None:
    wish = make_wish(world)
    client = client_for()
    assert client.get(f"/oensker/os2alfa/{wish.pk + 1000}/").status_code == 404
    assert client.get(f"/oensker/os2beta/{wish.pk}/").status_code == 404


# --- the actions offered, by role and state ------------------------------------------------

OWN_MUNICIPALITY = {"withdraw-support", "pledge"}  # Prøvested supports (it submitted)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            "coordination_group_member",
            {"start", "recommend", "close", "duplicate", "park", "estimate", "assess"}
            | OWN_MUNICIPALITY,
        ),
        ("tovholder", {"start", "recommend", "close", "duplicate", "park", "estimate", "assess"}
         | OWN_MUNICIPALITY),
        ("steering_group_member", OWN_MUNICIPALITY),
        ("nordby_user", {"support", "pledge"}),
        ("supplier_representative", set()),
        ("fjernby_user", set()),
        ("anonymous", set()),
    ],
)  # fmt: skip
def test_wsh03_a_prioritised_wish_offers_each_person_only_their_actions(
    world: WishWorld, role: str, expected: set[str]
) -> None:
    wish = _prioritised(world)
    html = client_for(world, role).get(wish_url(wish)).content.decode()
    assert offered(html) == expected


def test_the_page_says_who_may_take_the_steps_that_are_not_yours(world: WishWorld) -> None:
    wish = _prioritised(world)
    page = text(client_for(world, "supplier_representative").get(wish_url(wish)).content.decode())
    absent = page[page.index("Steps that are not yours to take") :]
    assert (
        "Start: Only the public-authority members of the coordination group of OS2alfa "
        "can do this." in absent
    )
    assert "Support the wish: Only people from an organisation that uses OS2alfa" in absent
    anonymous = text(client_for().get(wish_url(wish)).content.decode())
    assert "Log in to support the wish or take the steps that are yours." in anonymous


@pytest.mark.parametrize(
    ("state", "role", "expected"),
    [
        (S.SUBMITTED, "coordination_group_member",
         {"review", "close", "duplicate", "park", "estimate", "assess", "done"}),
        (S.RECOMMENDED, "steering_group_member", {"approve", "reject"}),
        (S.RECOMMENDED, "coordination_group_member", {"close", "duplicate", "estimate", "done"}),
        (S.APPROVED, "coordination_group_member", {"start", "close", "duplicate"}),
        (S.STARTED, "supplier_representative", {"begin-delivery"}),
        (S.STARTED, "coordination_group_member", set()),
        (S.IN_DELIVERY, "supplier_representative", {"deliver"}),
        (S.DELIVERED, "coordination_group_member", {"review-delivery"}),
        (S.DELIVERED, "supplier_representative", set()),
        (S.DELIVERY_REJECTED, "supplier_representative", {"begin-delivery"}),
        (S.ACCEPTED, "steering_group_member", {"begin-follow-up"}),
        (S.FOLLOW_UP, "coordination_group_member", {"realise"}),
        (S.REALISED, "coordination_group_member", set()),
        (S.CLOSED, "coordination_group_member", set()),
    ],
)  # fmt: skip
def test_the_actions_follow_the_workflow_table_for_the_state(
    world: WishWorld, state: str, role: str, expected: set[str]
) -> None:
    # No supports, so that taking part (support, pledge) does not mix in.
    wish = make_wish(world, state=state, ready_to_start=True)
    html = client_for(world, role).get(wish_url(wish)).content.decode()
    assert offered(html) - {"support", "pledge"} == expected


def test_a_started_wish_tells_the_group_that_the_supplier_reports_the_delivery(
    world: WishWorld,
) -> None:
    wish = make_wish(world, state=S.STARTED, ready_to_start=True)
    page = text(client_for(world, "coordination_group_member").get(wish_url(wish)).content.decode())
    assert (
        "Begin the delivery: Only people from Kodeværket A/S, the delivering supplier, can "
        "do this." in page
    )


def test_a_parked_wish_offers_the_way_back_once(world: WishWorld) -> None:
    wish = make_wish(world, state=S.PARKED, parked_from=S.UNDER_REVIEW)
    client = client_for(world, "coordination_group_member")
    html = client.get(wish_url(wish)).content.decode()
    assert html.count('data-testid="action-unpark"') == 1
    response = client.post(act_url(wish, "unpark"), action_data(wish, "unpark"))
    assert response.status_code == 302
    wish.refresh_from_db()
    assert wish.state == S.UNDER_REVIEW


def test_wsh05_a_local_wish_says_why_the_group_does_not_prioritise_it(world: WishWorld) -> None:
    wish = make_wish(world, state=S.UNDER_REVIEW, scope=WishScope.LOCAL)
    html = client_for(world, "coordination_group_member").get(wish_url(wish)).content.decode()
    assert "prioritise" not in offered(html)
    assert "assess" not in offered(html)
    assert "This is a local wish: the municipality orders and pays it itself" in text(html)


# --- refused actions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "holder"),
    [
        ("municipality_user", "public-authority members of the coordination group of OS2alfa"),
        ("supplier_representative", "public-authority members of the coordination group"),
        ("steering_group_member", "coordination group of OS2alfa"),
    ],
)
def test_a_refused_start_names_the_holder_and_writes_nothing(
    world: WishWorld, role: str, holder: str
) -> None:
    wish = _prioritised(world)
    before = _events(wish)
    data = action_data(
        wish,
        "start",
        done_definition="Noget virker.",
        orderer=world["tovholder"].pk,
        delivering_supplier=world.alfa_supplier.pk,
        delivery_approver=world["coordination_group_member"].pk,
    )
    response = client_for(world, role).post(act_url(wish, "start"), data)
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-testid="refusal"' in html
    assert holder in text(html)
    assert "Nothing was changed." in text(html)
    wish.refresh_from_db()
    assert wish.state == S.PRIORITISED
    assert _events(wish) == before


def test_an_approval_by_the_coordination_group_is_refused_naming_the_steering_group(
    world: WishWorld,
) -> None:
    wish = make_wish(world, state=S.RECOMMENDED, estimate=LARGE)
    response = client_for(world, "coordination_group_member").post(
        act_url(wish, "approve"),
        action_data(wish, "approve", amount="300000", expected_benefit="Meget."),
    )
    assert response.status_code == 403
    assert "Only the steering group of OS2alfa can approve this." in text(response.content.decode())
    wish.refresh_from_db()
    assert wish.state == S.RECOMMENDED and wish.approved_amount is None


def test_anonymous_actions_go_to_the_login(world: WishWorld) -> None:
    wish = _prioritised(world)
    response = client_for().post(act_url(wish, "close"), action_data(wish, "close"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_action_on_a_page_that_is_out_of_date_is_refused(world: WishWorld) -> None:
    wish = make_wish(world, state=S.SUBMITTED)
    data = action_data(wish, "close", close_reason="declined", note="Nej.")
    wish.state = S.UNDER_REVIEW
    wish.save()
    response = client_for(world, "coordination_group_member").post(act_url(wish, "close"), data)
    assert response.status_code == 409
    assert "Someone moved this wish meanwhile" in text(response.content.decode())
    wish.refresh_from_db()
    assert wish.state == S.UNDER_REVIEW


def test_an_unknown_action_is_not_found(world: WishWorld) -> None:
    wish = make_wish(world)
    response = client_for(world, "coordination_group_member").post(act_url(wish, "explode"), {})
    assert response.status_code == 404


# --- actions taken through the page -------------------------------------------------------


def test_wsh06_wsh07_start_needs_done_orderer_supplier_and_approver(world: WishWorld) -> None:
    wish = make_wish(world, state=S.PRIORITISED)
    priority_refresh(world.alfa)
    client = client_for(world, "coordination_group_member")
    response = client.post(act_url(wish, "start"), action_data(wish, "start"))
    assert response.status_code == 400
    html = response.content.decode()
    for name in ("done_definition", "orderer", "delivering_supplier", "delivery_approver"):
        assert f'data-testid="error-{name}"' in html
    assert '<details class="details" data-testid="action-start" open>' in html
    wish.refresh_from_db()
    assert wish.state == S.PRIORITISED and not wish.done_criteria.exists()

    response = client.post(
        act_url(wish, "start"),
        action_data(
            wish,
            "start",
            done_definition="Eksport til CSV virker.\n\nBrugervejledningen er opdateret.\n",
            orderer=world["tovholder"].pk,
            delivering_supplier=world.alfa_supplier.pk,
            delivery_approver=world["coordination_group_member"].pk,
            order_reference="ORD-17",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == wish_url(wish)
    wish.refresh_from_db()
    assert wish.state == S.STARTED
    assert [c.text for c in wish.done_criteria.all()] == [
        "Eksport til CSV virker.",
        "Brugervejledningen er opdateret.",
    ]
    assert wish.orderer == world["tovholder"]
    assert wish.delivering_supplier == world.alfa_supplier
    assert wish.order_reference == "ORD-17"
    assert wish.frame_commitment == SMALL
    page = text(client.get(wish_url(wish)).content.decode())
    assert "The wish is started: the order goes to the supplier." in page
    assert "Ordered by Tovholder" in page and "Order ORD-17" in page


def test_the_approver_cannot_be_the_supplier(world: WishWorld) -> None:
    wish = _prioritised(world)
    response = client_for(world, "coordination_group_member").post(
        act_url(wish, "start"),
        action_data(
            wish,
            "start",
            done_definition="Noget virker.",
            orderer=world["tovholder"].pk,
            delivering_supplier=world.alfa_supplier.pk,
            delivery_approver=world["supplier_representative"].pk,
        ),
    )
    assert response.status_code == 400
    assert "The delivery is approved by the buyer, not by the delivering supplier." in text(
        response.content.decode()
    )
    wish.refresh_from_db()
    assert wish.state == S.PRIORITISED


def test_wsh04_a_start_over_the_own_limit_is_refused_and_recommending_works(
    world: WishWorld,
) -> None:
    wish = _prioritised(world, estimate=LARGE)
    client = client_for(world, "coordination_group_member")
    before = _events(wish)
    page = text(client.get(wish_url(wish)).content.decode())
    assert "The frame pays DKK 300,000.00 of this wish" in page
    assert "may still commit DKK 150,000.00 on its own" in page
    data = action_data(
        wish,
        "start",
        done_definition="Noget virker.",
        orderer=world["tovholder"].pk,
        delivering_supplier=world.alfa_supplier.pk,
        delivery_approver=world["coordination_group_member"].pk,
    )
    response = client.post(act_url(wish, "start"), data)
    assert response.status_code == 400
    page = text(response.content.decode())
    assert "more than the DKK 150,000.00 left of the coordination group's own limit" in page
    assert "Recommend the wish to the steering group" in page
    wish.refresh_from_db()
    assert wish.state == S.PRIORITISED and _events(wish) == before

    response = client.post(act_url(wish, "recommend"), action_data(wish, "recommend"))
    assert response.status_code == 302
    steering = client_for(world, "steering_group_member")
    assert offered(steering.get(wish_url(wish)).content.decode()) >= {"approve", "reject"}
    for amount, message in (
        ("-5", "An amount cannot be negative."),
        ("tre hundrede", "Enter an amount in kroner, e.g. 125000.50."),
    ):
        response = steering.post(
            act_url(wish, "approve"),
            action_data(wish, "approve", amount=amount, expected_benefit="Tid sparet."),
        )
        assert response.status_code == 400
        assert message in text(response.content.decode())
    response = steering.post(
        act_url(wish, "approve"),
        action_data(wish, "approve", amount="300000.00", expected_benefit="Tid sparet."),
    )
    assert response.status_code == 302
    wish.refresh_from_db()
    assert wish.state == S.APPROVED
    assert wish.approved_amount == Decimal("300000.00")
    assert wish.approved_benefit == "Tid sparet."


def test_reject_needs_a_reason(world: WishWorld) -> None:
    wish = make_wish(world, state=S.RECOMMENDED, estimate=LARGE)
    client = client_for(world, "steering_group_member")
    response = client.post(act_url(wish, "reject"), action_data(wish, "reject", reason=""))
    assert response.status_code == 400
    response = client.post(
        act_url(wish, "reject"), action_data(wish, "reject", reason="For dyrt i år.")
    )
    assert response.status_code == 302
    wish.refresh_from_db()
    assert wish.state == S.REJECTED
    assert "For dyrt i år." in text(client.get(wish_url(wish)).content.decode())


def _delivered(world: WishWorld) -> Wish:
    wish = make_wish(world, state=S.DELIVERED, ready_to_start=True)
    return commit(world, wish)


def test_wsh08_the_delivery_is_reviewed_criterion_by_criterion_with_reasons(
    world: WishWorld,
) -> None:
    wish = _delivered(world)
    first, second = wish.done_criteria.all()
    client = client_for(world, "coordination_group_member")
    html = client.get(wish_url(wish)).content.decode()
    assert html.count('data-testid="criterion"') == 2

    # Not met without a reason: refused, nothing written.
    response = client.post(
        act_url(wish, "review-delivery"),
        action_data(
            wish, "review-delivery", **{f"met_{first.pk}": "met", f"met_{second.pk}": "not_met"}
        ),
    )
    assert response.status_code == 400
    assert "Give the reason each criterion is not met" in text(response.content.decode())
    assert not wish.delivery_reviews.exists()

    response = client.post(
        act_url(wish, "review-delivery"),
        action_data(
            wish,
            "review-delivery",
            **{
                f"met_{first.pk}": "met",
                f"met_{second.pk}": "not_met",
                f"reason_{second.pk}": "Dokumentationen mangler.",
            },
        ),
    )
    assert response.status_code == 302
    wish.refresh_from_db()
    assert wish.state == S.DELIVERY_REJECTED
    page = text(client.get(wish_url(wish)).content.decode())
    assert "Delivery 1: rejected on" in page and "Dokumentationen mangler." in page

    wish.state = S.DELIVERED
    wish.save()
    follow_up = timezone.localdate() + datetime.timedelta(days=90)
    response = client.post(
        act_url(wish, "review-delivery"),
        action_data(
            wish,
            "review-delivery",
            follow_up_on=follow_up.isoformat(),
            **{f"met_{first.pk}": "met", f"met_{second.pk}": "met"},
        ),
    )
    assert response.status_code == 302
    wish.refresh_from_db()
    assert wish.state == S.ACCEPTED
    assert wish.follow_up_on == follow_up


def test_wsh09_the_realised_benefits_are_recorded_through_the_page(world: WishWorld) -> None:
    wish = make_wish(world, state=S.FOLLOW_UP, ready_to_start=True)
    client = client_for(world, "coordination_group_member")
    response = client.post(act_url(wish, "realise"), action_data(wish, "realise"))
    assert response.status_code == 400
    response = client.post(
        act_url(wish, "realise"),
        action_data(
            wish,
            "realise",
            realised_benefit="100 timer om året.",
            realised_hours_per_year="100",
            realised_dkk_per_year="45000.50",
        ),
    )
    assert response.status_code == 302
    wish.refresh_from_db()
    assert wish.state == S.REALISED
    assert wish.realised_hours_per_year == Decimal("100.0")
    assert wish.realised_dkk_per_year == Decimal("45000.50")


def test_wsh01_a_municipality_supports_and_withdraws_through_the_page(world: WishWorld) -> None:
    wish = _prioritised(world)
    client = client_for(world, "nordby_user")
    response = client.post(
        act_url(wish, "support"), action_data(wish, "support", note="Vi vil også.")
    )
    assert response.status_code == 302
    assert Support.objects.filter(
        wish=wish, municipality=world.nordby, withdrawn_at__isnull=True
    ).exists()
    html = client.get(wish_url(wish)).content.decode()
    assert "withdraw-support" in offered(html) and "support" not in offered(html)
    assert 'data-testid="support-count">2<' in html
    # A colleague from the same municipality: the support is the municipality's.
    colleague = client_for(world, "nordby_colleague")
    assert "withdraw-support" in offered(colleague.get(wish_url(wish)).content.decode())
    response = colleague.post(act_url(wish, "support"), action_data(wish, "support"))
    assert response.status_code == 400
    assert "Nordby Kommune already supports this wish." in text(response.content.decode())

    response = client.post(act_url(wish, "withdraw-support"), action_data(wish, "withdraw-support"))
    assert response.status_code == 302
    assert not Support.objects.filter(
        wish=wish, municipality=world.nordby, withdrawn_at__isnull=True
    ).exists()


def test_a_support_from_a_municipality_that_does_not_use_the_product_is_refused(
    world: WishWorld,
) -> None:
    wish = _prioritised(world)
    response = client_for(world, "fjernby_user").post(
        act_url(wish, "support"), action_data(wish, "support")
    )
    assert response.status_code == 403
    assert "Only people from an organisation that uses OS2alfa can do this." in text(
        response.content.decode()
    )
    assert not Support.objects.filter(wish=wish, municipality=world.fjernby).exists()


def test_wsh10_pledges_through_the_page(world: WishWorld) -> None:
    wish = _prioritised(world)
    client = client_for(world, "sydby_user")
    response = client.post(act_url(wish, "pledge"), action_data(wish, "pledge", amount="-1"))
    assert response.status_code == 400
    assert "An amount cannot be negative." in text(response.content.decode())
    response = client.post(
        act_url(wish, "pledge"),
        action_data(wish, "pledge", amount="25000", conditions="Hvis det leveres i år."),
    )
    assert response.status_code == 302
    pledge = Pledge.objects.get(wish=wish)
    assert pledge.amount == Decimal("25000.00") and pledge.organisation == world.sydby
    html = client.get(wish_url(wish)).content.decode()
    assert "withdraw-pledge" in offered(html)
    assert 'data-testid="pledged">DKK 25,000.00<' in html
    response = client.post(
        act_url(wish, "withdraw-pledge"), action_data(wish, "withdraw-pledge", pledge=pledge.pk)
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.state == "withdrawn"


def test_a_pledge_to_a_closed_wish_is_refused(world: WishWorld) -> None:
    wish = make_wish(world, state=S.CLOSED)
    client = client_for(world, "sydby_user")
    assert "pledge" not in offered(client.get(wish_url(wish)).content.decode())
    response = client.post(act_url(wish, "pledge"), action_data(wish, "pledge", amount="100"))
    assert response.status_code == 400
    assert "Co-financing can be pledged only to a wish that has not started" in text(
        response.content.decode()
    )
    assert not Pledge.objects.filter(wish=wish).exists()


def test_wsh12_close_with_a_reason_and_mark_a_duplicate(world: WishWorld) -> None:
    original = make_wish(world, state=S.UNDER_REVIEW, title="Eksport af sager")
    duplicate = make_wish(world, state=S.SUBMITTED, supported_by=(world.nordby,))
    other = make_wish(world, state=S.SUBMITTED)
    client = client_for(world, "coordination_group_member")

    response = client.post(
        act_url(other, "close"), action_data(other, "close", close_reason="declined")
    )
    assert response.status_code == 400
    assert "Explain why the wish is closed." in text(response.content.decode())
    response = client.post(
        act_url(other, "close"),
        action_data(other, "close", close_reason="outside_business_need", note="Knopskydning."),
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.state == S.CLOSED and other.close_reason == "outside_business_need"

    response = client.post(
        act_url(duplicate, "duplicate"), action_data(duplicate, "duplicate", original=999999)
    )
    assert response.status_code == 400
    assert "OS2alfa has no wish number 999999." in text(response.content.decode())
    response = client.post(
        act_url(duplicate, "duplicate"),
        action_data(duplicate, "duplicate", original=original.pk),
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.state == S.CLOSED and duplicate.duplicate_of == original
    assert Support.objects.filter(
        wish=original, municipality=world.nordby, withdrawn_at__isnull=True
    ).exists()
    page = text(client.get(wish_url(duplicate)).content.decode())
    assert "Duplicate of another wish" in page and "Eksport af sager" in page


def test_wsh02_estimate_and_assessment_through_the_page(world: WishWorld) -> None:
    wish = make_wish(world, state=S.UNDER_REVIEW, estimate=None)
    priority_refresh(world.alfa)
    client = client_for(world, "coordination_group_member")
    response = client.post(
        act_url(wish, "estimate"),
        action_data(wish, "estimate", amount="120000.25", estimated_by=world.base.supplier.pk),
    )
    assert response.status_code == 302
    wish.refresh_from_db()
    assert wish.estimate == Decimal("120000.25")
    assert wish.estimated_by == world.base.supplier
    before = wish.priority_score
    response = client.post(
        act_url(wish, "assess"),
        action_data(wish, "assess", benefit_score="5", strategic_fit="4", urgency=""),
    )
    assert response.status_code == 302
    wish.refresh_from_db()
    assert (wish.benefit_score, wish.strategic_fit, wish.urgency) == (5, 4, None)
    assert wish.priority_score is not None and before is not None
    assert wish.priority_score > before
    page = text(client.get(wish_url(wish)).content.decode())
    assert "Benefit 100 % (weight 1)" in page and "Strategic fit 80 % (weight 1)" in page


def test_the_definition_of_done_can_be_set_before_the_start(world: WishWorld) -> None:
    wish = make_wish(world, state=S.SUBMITTED)
    client = client_for(world, "coordination_group_member")
    response = client.post(
        act_url(wish, "done"), action_data(wish, "done", done_definition="A\nB\n")
    )
    assert response.status_code == 302
    assert [c.text for c in wish.done_criteria.all()] == ["A", "B"]


def test_the_supplier_reports_the_delivery_through_the_page(world: WishWorld) -> None:
    wish = make_ready(world, make_wish(world, state=S.STARTED))
    supplier = client_for(world, "supplier_representative")
    response = supplier.post(act_url(wish, "begin-delivery"), action_data(wish, "begin-delivery"))
    assert response.status_code == 302
    response = supplier.post(
        act_url(wish, "deliver"), action_data(wish, "deliver", invoice_reference="FAK-881")
    )
    assert response.status_code == 302
    wish.refresh_from_db()
    assert wish.state == S.DELIVERED and wish.invoice_reference == "FAK-881"
    # The coordination group member may not report it.
    wish.state = S.IN_DELIVERY
    wish.save()
    response = client_for(world, "coordination_group_member").post(
        act_url(wish, "deliver"), action_data(wish, "deliver")
    )
    assert response.status_code == 403
    assert "Only people from Kodeværket A/S, the delivering supplier, can do this." in text(
        response.content.decode()
    )
