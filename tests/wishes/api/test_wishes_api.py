"""/api/v1/wishes: public reads; submitting, supporting, pledging and every move of the
workflow through the same services as the pages, with the API's error contract."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from os2gov.accounts.models import User
from os2gov.accounts.services import api_token_create
from os2gov.economy.models import Pledge, PledgeState
from os2gov.governance.models import Decision
from os2gov.wishes import services
from os2gov.wishes.models import (
    CloseReason,
    Support,
    Wish,
    WishCategory,
    WishEventKind,
    WishState,
)
from tests.authority.conftest import english_client
from tests.wishes.world import LARGE, SMALL, WishWorld, make_wish

pytestmark = pytest.mark.django_db

S = WishState
API = "/api/v1/wishes"


@pytest.fixture
def client() -> Client:
    return english_client()


def bearer(user: User) -> dict[str, str]:
    _token, plaintext = api_token_create(actor=user, name="Tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def post(client: Client, url: str, data: dict[str, Any] | None, user: User) -> Any:
    return client.post(url, json.dumps(data or {}), content_type="application/json", **bearer(user))


def fields(response: Any) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


def act(client: Client, wish: Wish, action: str, user: User, **data: Any) -> Any:
    return post(client, f"{API}/{wish.pk}/{action}", data, user)


# --- Reading ---------------------------------------------------------------------------------


def test_the_backlog_is_public_filtered_and_sorted(world: WishWorld, client: Client) -> None:
    first = make_wish(world, title="Eksport af sager", supported_by=(world.nordby,))
    second = make_wish(
        world,
        title="Kalender",
        state=S.UNDER_REVIEW,
        category=WishCategory.ERROR,
        supported_by=(world.nordby, world.sydby),
    )
    make_wish(world, product=world.beta, title="Beta-ønske")
    services.priority_refresh(world.alfa)
    page = client.get(API, {"product": "os2alfa"}).json()
    assert page["count"] == 2
    assert [item["id"] for item in page["items"]] == [second.pk, first.pk]
    item = page["items"][0]
    assert item["support_count"] == 2
    assert item["estimate"] == "50000.00"
    assert item["product"] == "os2alfa"
    assert item["submitter_municipality"] == world.municipality.slug
    assert "email" not in json.dumps(page)

    def ids(**query: Any) -> list[int]:
        return [i["id"] for i in client.get(API, {"product": "os2alfa", **query}).json()["items"]]

    assert ids(state="under_review") == [second.pk]
    assert set(ids(state=["submitted", "under_review"])) == {first.pk, second.pk}
    assert ids(category="error") == [second.pk]
    assert ids(municipality=world.sydby.slug) == [second.pk]
    assert ids(q="eksport") == [first.pk]
    assert ids(sort="age") == [first.pk, second.pk]
    assert ids(sort="support") == [second.pk, first.pk]
    everything = client.get(API).json()
    assert everything["count"] == 3
    assert {i["id"] for i in client.get(API, {"q": "beta"}).json()["items"]} == {
        Wish.objects.get(title="Beta-ønske").pk
    }


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"product": "os2ukendt"}, "product"),
        ({"municipality": "ukendt-kommune"}, "municipality"),
        ({"state": "dreaming"}, "state.0"),
        ({"category": "wish"}, "category"),
        ({"sort": "colour"}, "sort"),
    ],
)
def test_a_bad_filter_answers_422_naming_it(
    world: WishWorld, client: Client, query: dict[str, str], field: str
) -> None:
    response = client.get(API, query)
    assert response.status_code == 422
    assert field in fields(response)


def _many(world: WishWorld, count: int) -> None:
    made = Wish.objects.bulk_create(
        Wish(
            product=world.alfa,
            title=f"Ønske {n}",
            submitter=world.base.people["municipality_user"],
            submitter_municipality=world.municipality,
            estimate=SMALL,
        )
        for n in range(count)
    )
    Support.objects.bulk_create(Support(wish=wish, municipality=world.nordby) for wish in made)
    services.priority_refresh(world.alfa)


def _queries(client: Client, query: dict[str, Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(API, {**query, "page_size": 200})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "query",
    [{"product": "os2alfa"}, {}, {"municipality": "nordby-kommune", "sort": "support"}],
)
def test_the_wish_list_asks_as_many_queries_for_500_wishes_as_for_50(
    world: WishWorld, client: Client, query: dict[str, Any]
) -> None:
    _many(world, 50)
    at_50 = _queries(client, query)
    _many(world, 450)
    assert Wish.objects.count() == 500
    assert _queries(client, query) == at_50


def test_a_wish_shows_supports_done_pledges_and_its_timeline(
    world: WishWorld, client: Client
) -> None:
    wish = services.wish_submit(
        product=world.alfa,
        actor=world["nordby_user"],
        title="Eksport af sager",
        expected_dkk_per_year="1250.50",
    )
    services.wish_support(wish=wish, actor=world["sydby_user"], note="Også os.")
    body = client.get(f"{API}/{wish.pk}").json()
    assert body["state"] == "submitted"
    assert body["expected_dkk_per_year"] == "1250.50"
    assert [(s["municipality"], s["note"]) for s in body["supports"]] == [
        (world.nordby.slug, ""),
        (world.sydby.slug, "Også os."),
    ]
    assert body["support_count"] == 2
    assert [e["kind"] for e in body["timeline"]] == [
        WishEventKind.SUBMITTED,
        WishEventKind.SUPPORTED,
    ]
    assert body["timeline"][0]["actor"] == "Nora Nordby"
    assert body["done_criteria"] == [] and body["pledges"] == []
    assert body["actions"] == []  # an anonymous reader may do nothing
    assert "bruger@" not in json.dumps(body)
    assert client.get(f"{API}/999999").status_code == 404


def test_a_wish_names_the_actions_the_caller_may_take(world: WishWorld, client: Client) -> None:
    wish = make_wish(world, state=S.UNDER_REVIEW)
    mine = client.get(f"{API}/{wish.pk}", **bearer(world["coordination_group_member"])).json()
    assert mine["actions"] == ["prioritise", "close", "mark-duplicate", "park"]
    theirs = client.get(f"{API}/{wish.pk}", **bearer(world["municipality_user"])).json()
    assert theirs["actions"] == []
    parked = make_wish(world, state=S.PARKED, parked_from=S.UNDER_REVIEW)
    body = client.get(f"{API}/{parked.pk}", **bearer(world["tovholder"])).json()
    assert "unpark" in body["actions"] and "review" not in body["actions"]


# --- Taking part -----------------------------------------------------------------------------


def test_a_user_municipality_submits_a_wish(world: WishWorld, client: Client) -> None:
    response = post(
        client,
        API,
        {
            "product": "os2alfa",
            "title": "Eksport af sager",
            "category": "improvement",
            "expected_hours_per_year": "120.5",
            "expected_dkk_per_year": "10000.00",
        },
        world["nordby_user"],
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["submitter"] == "Nora Nordby"
    assert body["submitter_municipality"] == world.nordby.slug
    assert body["expected_hours_per_year"] == "120.5"
    assert body["expected_dkk_per_year"] == "10000.00"
    assert [s["municipality"] for s in body["supports"]] == [world.nordby.slug]
    assert "close" not in body["actions"]


def test_submitting_refuses_who_does_not_use_the_product(world: WishWorld, client: Client) -> None:
    response = post(client, API, {"product": "os2alfa", "title": "X"}, world["fjernby_user"])
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Only people from an organisation that uses OS2alfa can do this."
    )
    assert not Wish.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": " "}, "title"),
        ({"title": "X", "expected_dkk_per_year": "-5.00"}, "expected_dkk_per_year"),
        ({"title": "X", "expected_dkk_per_year": "mange"}, "expected_dkk_per_year"),
        ({"title": "X", "expected_dkk_per_year": 100.5}, "expected_dkk_per_year"),
        ({"title": "X", "scope": "everywhere"}, "scope"),
        ({"title": "X", "product": "os2ukendt"}, "product"),
        ({"title": "X", "external_url": "ftp://example.org"}, "external_url"),
    ],
)
def test_a_bad_submission_answers_422_naming_the_field(
    world: WishWorld, client: Client, payload: dict[str, Any], field: str
) -> None:
    response = post(client, API, {"product": "os2alfa", **payload}, world["nordby_user"])
    assert response.status_code == 422, response.content
    assert field in fields(response)
    assert not Wish.objects.exists()


def test_writing_needs_credentials(world: WishWorld, client: Client) -> None:
    wish = make_wish(world)
    for url in (API, f"{API}/{wish.pk}/supports", f"{API}/{wish.pk}/review"):
        response = client.post(url, "{}", content_type="application/json")
        assert response.status_code == 401
    assert client.delete(f"{API}/{wish.pk}/supports").status_code == 401


def test_one_support_per_municipality_withdrawable(world: WishWorld, client: Client) -> None:
    """WSH-01 through the API: counted per municipality, never per person."""
    wish = make_wish(world)
    url = f"{API}/{wish.pk}/supports"
    response = post(client, url, {"note": "Også hos os."}, world["nordby_user"])
    assert response.status_code == 201
    assert response.json()["municipality"] == world.nordby.slug
    again = post(client, url, {}, world["nordby_colleague"])
    assert again.status_code == 422
    assert fields(again) == {"municipality"}
    outsider = post(client, url, {}, world["fjernby_user"])
    assert outsider.status_code == 403
    withdrawn = client.delete(url, **bearer(world["nordby_colleague"]))
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn_at"] is not None
    assert client.delete(url, **bearer(world["nordby_user"])).status_code == 404
    body = client.get(f"{API}/{wish.pk}").json()
    assert body["support_count"] == 0
    assert Support.objects.filter(wish=wish).count() == 1  # kept, dated


def test_a_pledge_is_an_exact_amount(world: WishWorld, client: Client) -> None:
    wish = make_wish(world, state=S.PRIORITISED)
    url = f"{API}/{wish.pk}/pledges"
    response = post(client, url, {"amount": "15000.50", "conditions": "I år."}, world["sydby_user"])
    assert response.status_code == 201, response.content
    assert response.json()["amount"] == "15000.50"
    assert Pledge.objects.get().amount == Decimal("15000.50")
    for amount in ("-1.00", "mange", "0", "1.005"):
        refused = post(client, url, {"amount": amount}, world["sydby_user"])
        assert refused.status_code == 422, amount
        assert fields(refused) == {"amount"}
    as_number = post(client, url, {"amount": 100.5}, world["sydby_user"])
    assert as_number.status_code == 422
    assert fields(as_number) == {"amount"}
    assert post(client, url, {"amount": "10.00"}, world["fjernby_user"]).status_code == 403


def test_a_pledge_to_a_closed_wish_is_refused(world: WishWorld, client: Client) -> None:
    wish = make_wish(world, state=S.CLOSED, close_reason=CloseReason.DECLINED)
    response = post(client, f"{API}/{wish.pk}/pledges", {"amount": "10.00"}, world["sydby_user"])
    assert response.status_code == 422
    assert fields(response) == {"wish"}
    assert not Pledge.objects.exists()


# --- Moving a wish ---------------------------------------------------------------------------


def test_wsh01_to_wsh09_the_whole_way_through_the_api(world: WishWorld, client: Client) -> None:
    coordinator = world["coordination_group_member"]
    steering = world["steering_group_member"]
    supplier = world["supplier_representative"]
    created = post(
        client, API, {"product": "os2alfa", "title": "Stor rapport"}, world["nordby_user"]
    )
    wish = Wish.objects.get(pk=created.json()["id"])
    services.wish_estimate(wish=wish, actor=coordinator, amount=LARGE)
    for action in ("review", "prioritise", "recommend"):
        response = act(client, wish, action, coordinator, note=f"{action} note")
        assert response.status_code == 200, (action, response.content)
    response = act(
        client,
        wish,
        "approve",
        steering,
        amount="300000.00",
        expected_benefit="120 timer om året.",
        expected_hours_per_year="120",
    )
    assert response.status_code == 200, response.content
    assert response.json()["approved_amount"] == "300000.00"
    assert response.json()["frame_commitment"] == "300000.00"
    response = act(
        client,
        wish,
        "start",
        coordinator,
        done_definition=["Rapporten kan hentes.", "Den er dokumenteret."],
        orderer=world["tovholder"].pk,
        delivering_supplier=world.base.supplier.slug,
        delivery_approver=coordinator.pk,
        order_reference="ORD-1",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "started"
    assert body["delivering_supplier"] == world.base.supplier.slug
    assert body["orderer"] == "Tovholder"
    assert [c["text"] for c in body["done_criteria"]] == [
        "Rapporten kan hentes.",
        "Den er dokumenteret.",
    ]
    assert act(client, wish, "begin-delivery", supplier).status_code == 200
    response = act(client, wish, "deliver", supplier, invoice_reference="FAK-9")
    assert response.json()["invoice_reference"] == "FAK-9"
    first, second = (c["id"] for c in body["done_criteria"])
    rejected = act(
        client,
        wish,
        "reject-delivery",
        coordinator,
        results=[
            {"criterion": first, "met": True},
            {"criterion": second, "met": False, "reason": "Mangler."},
        ],
    )
    assert rejected.json()["state"] == "delivery_rejected"
    assert act(client, wish, "begin-delivery", supplier).json()["state"] == "in_delivery"
    assert act(client, wish, "deliver", supplier).json()["state"] == "delivered"
    follow_up_on = datetime.date.today() + datetime.timedelta(days=90)
    accepted = act(
        client,
        wish,
        "accept-delivery",
        coordinator,
        results=[{"criterion": first, "met": True}, {"criterion": second, "met": True}],
        follow_up_on=follow_up_on.isoformat(),
    )
    assert accepted.status_code == 200, accepted.content
    accepted_body = accepted.json()
    assert accepted_body["follow_up_on"] == follow_up_on.isoformat()
    assert [r["accepted"] for r in accepted_body["delivery_reviews"]] == [False, True]
    assert act(client, wish, "follow-up", steering).json()["state"] == "follow_up"
    realised = act(
        client,
        wish,
        "realise",
        steering,
        realised_benefit="Sparer 100 timer.",
        realised_hours_per_year="100",
        realised_dkk_per_year="30000.00",
    )
    assert realised.status_code == 200
    final = realised.json()
    assert final["state"] == "realised"
    assert final["realised_dkk_per_year"] == "30000.00"
    moves = [e for e in final["timeline"] if e["kind"] == WishEventKind.TRANSITION]
    assert [e["to_state"] for e in moves] == [
        "under_review",
        "prioritised",
        "recommended",
        "approved",
        "started",
        "in_delivery",
        "delivered",
        "delivery_rejected",
        "in_delivery",
        "delivered",
        "accepted",
        "follow_up",
        "realised",
    ]
    # Moves under a mandate are decisions of the group whose mandate it was.
    approved = next(e for e in moves if e["to_state"] == "approved")
    assert Decision.objects.get(pk=approved["decision"]).group == world.base.alfa_steering


def test_reject_close_park_unpark_and_duplicates(world: WishWorld, client: Client) -> None:
    coordinator = world["coordination_group_member"]
    recommended = make_wish(world, state=S.RECOMMENDED, estimate=LARGE)
    no_reason = act(client, recommended, "reject", world["steering_group_member"])
    assert no_reason.status_code == 422
    assert fields(no_reason) == {"reason"}
    rejected = act(client, recommended, "reject", world["steering_group_member"], reason="Nej.")
    assert rejected.json()["state"] == "rejected"

    wish = make_wish(world, state=S.UNDER_REVIEW)
    parked = act(client, wish, "park", coordinator, note="Til næste år.")
    assert parked.json()["parked_from"] == "under_review"
    assert act(client, wish, "unpark", coordinator).json()["state"] == "under_review"
    closed = act(client, wish, "close", coordinator, close_reason="no_broad_benefit")
    assert closed.status_code == 422
    assert fields(closed) == {"note"}
    closed = act(
        client, wish, "close", coordinator, close_reason="no_broad_benefit", note="Kun én kommune."
    )
    assert closed.json()["close_reason"] == "no_broad_benefit"

    original = make_wish(world, state=S.PRIORITISED)
    duplicate = make_wish(world, supported_by=(world.sydby,))
    response = act(client, duplicate, "mark-duplicate", coordinator, duplicate_of=original.pk)
    assert response.status_code == 200, response.content
    assert response.json()["duplicate_of"] == original.pk
    moved = client.get(f"{API}/{original.pk}").json()["supports"]
    assert world.sydby.slug in {s["municipality"] for s in moved}
    unknown = act(client, make_wish(world), "mark-duplicate", coordinator, duplicate_of=999999)
    assert unknown.status_code == 422
    assert fields(unknown) == {"duplicate_of"}


def test_a_move_not_in_the_table_answers_409(world: WishWorld, client: Client) -> None:
    coordinator = world["coordination_group_member"]
    wish = make_wish(world)
    response = act(client, wish, "start", coordinator)
    assert response.status_code == 409
    assert response.json()["detail"] == "A wish that is “Submitted” cannot become “Started”."
    assert fields(response) == {"to_state"}
    for action in ("accept-delivery", "deliver", "realise", "approve"):
        data = {"results": [], "amount": "1.00"}
        assert act(client, wish, action, coordinator, **data).status_code == 409, action
    assert act(client, wish, "unpark", coordinator).status_code == 409
    parked = make_wish(world, state=S.PARKED, parked_from=S.UNDER_REVIEW)
    refused = act(client, parked, "review", coordinator)
    assert refused.status_code == 409
    assert "unpark" in refused.json()["detail"]
    wish.refresh_from_db()
    assert wish.state == S.SUBMITTED and wish.version == 1
    assert not Decision.objects.exists()


def test_a_refused_mandate_answers_403_naming_the_holder(world: WishWorld, client: Client) -> None:
    wish = make_wish(world)
    response = act(client, wish, "review", world["municipality_user"])
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Only the public-authority members of the coordination group of OS2alfa can do this."
    )
    # GRP-06: the supplier representative sits in the group but does not prioritise.
    assert act(client, wish, "review", world["supplier_representative"]).status_code == 403
    recommended = make_wish(world, state=S.RECOMMENDED, estimate=LARGE)
    approval = act(
        client,
        recommended,
        "approve",
        world["coordination_group_member"],
        amount="300000.00",
        expected_benefit="Meget.",
    )
    assert approval.status_code == 403
    assert "steering group of OS2alfa" in approval.json()["detail"]
    started = make_wish(world, state=S.STARTED, ready_to_start=True)
    delivery = act(client, started, "begin-delivery", world["coordination_group_member"])
    assert delivery.status_code == 403
    assert delivery.json()["detail"] == (
        "Only people from Kodeværket A/S, the delivering supplier, can do this."
    )
    recommended.refresh_from_db()
    assert recommended.state == S.RECOMMENDED


def test_a_guard_answers_422_naming_the_field_and_what_to_do_instead(
    world: WishWorld, client: Client
) -> None:
    coordinator = world["coordination_group_member"]
    bare = make_wish(world, state=S.PRIORITISED)
    response = act(client, bare, "start", coordinator)
    assert response.status_code == 422
    assert fields(response) >= {
        "done_definition",
        "orderer",
        "delivering_supplier",
        "delivery_approver",
    }
    assert response.json()["suggested_action"] is None
    over = make_wish(world, state=S.PRIORITISED, estimate=LARGE, ready_to_start=True)
    refused = act(client, over, "start", coordinator)
    assert refused.status_code == 422
    assert fields(refused) == {"estimate"}
    assert refused.json()["suggested_action"] == "recommend"
    small = make_wish(world, state=S.PRIORITISED, estimate=SMALL)
    within = act(client, small, "recommend", coordinator)
    assert within.status_code == 422
    assert within.json()["suggested_action"] == "start"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"orderer": 999999}, "orderer"),
        ({"delivery_approver": 999999}, "delivery_approver"),
        ({"delivering_supplier": "nobody"}, "delivering_supplier"),
        ({"done_definition": [" "]}, "done_definition"),
    ],
)
def test_bad_details_of_a_start_answer_422(
    world: WishWorld, client: Client, data: dict[str, Any], field: str
) -> None:
    wish = make_wish(world, state=S.PRIORITISED, ready_to_start=True)
    response = act(client, wish, "start", world["coordination_group_member"], **data)
    assert response.status_code == 422
    assert field in fields(response)
    wish.refresh_from_db()
    assert wish.state == S.PRIORITISED


def test_bad_results_of_a_delivery_review_answer_422(world: WishWorld, client: Client) -> None:
    wish = make_wish(world, state=S.DELIVERED, ready_to_start=True)
    first, second = wish.done_criteria.all()
    coordinator = world["coordination_group_member"]
    twice = [{"criterion": first.pk, "met": True}, {"criterion": first.pk, "met": True}]
    assert fields(act(client, wish, "accept-delivery", coordinator, results=twice)) == {"results"}
    one_missing = [{"criterion": first.pk, "met": True}]
    response = act(client, wish, "accept-delivery", coordinator, results=one_missing)
    assert response.status_code == 422
    assert fields(response) == {"results"}
    not_met = [{"criterion": first.pk, "met": True}, {"criterion": second.pk, "met": False}]
    response = act(client, wish, "accept-delivery", coordinator, results=not_met)
    assert response.status_code == 422
    assert fields(response) == {"results"}


def test_an_approval_needs_an_exact_amount(world: WishWorld, client: Client) -> None:
    wish = make_wish(world, state=S.RECOMMENDED, estimate=LARGE)
    steering = world["steering_group_member"]
    for amount in ("-1.00", "mange"):
        response = act(client, wish, "approve", steering, amount=amount, expected_benefit="Ja.")
        assert response.status_code == 422
        assert fields(response) == {"amount"}
    as_number = act(client, wish, "approve", steering, amount=300000.5, expected_benefit="Ja.")
    assert as_number.status_code == 422
    assert fields(as_number) == {"amount"}
    assert fields(act(client, wish, "approve", steering, amount="1.00")) == {"expected_benefit"}


def test_a_wish_moved_meanwhile_answers_409(
    world: WishWorld, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone else's move between reading the wish and locking it: the service's stale
    refusal (tests/wishes/test_concurrency.py) answers 409 here."""
    wish = make_wish(world)

    def moved_meanwhile(**kwargs: Any) -> Wish:
        raise services.StaleEditError("Someone moved this wish meanwhile.", code="stale")

    monkeypatch.setattr(services, "wish_transition", moved_meanwhile)
    response = act(client, wish, "review", world["coordination_group_member"])
    assert response.status_code == 409
    assert response.json()["detail"] == "Someone moved this wish meanwhile."


def test_pledges_and_commitments_show_on_the_wish(world: WishWorld, client: Client) -> None:
    wish = make_wish(world, state=S.PRIORITISED, ready_to_start=True)
    post(client, f"{API}/{wish.pk}/pledges", {"amount": "5000.00"}, world["sydby_user"])
    started = act(client, wish, "start", world["coordination_group_member"])
    assert started.status_code == 200, started.content
    body = started.json()
    assert body["frame_commitment"] == "45000.00"  # WSH-10: the cost less the pledge
    assert [(p["amount"], p["state"]) for p in body["pledges"]] == [
        ("5000.00", PledgeState.COMMITTED)
    ]


# --- The schema ------------------------------------------------------------------------------

ACTIONS = (
    "review",
    "prioritise",
    "start",
    "recommend",
    "approve",
    "reject",
    "begin-delivery",
    "deliver",
    "accept-delivery",
    "reject-delivery",
    "follow-up",
    "realise",
    "close",
    "mark-duplicate",
    "park",
    "unpark",
)


def test_every_move_is_an_action_with_its_errors_declared(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for action in ACTIONS:
        responses = paths[f"/api/v1/wishes/{{wish_id}}/{action}"]["post"]["responses"]
        assert {"200", "401", "403", "404", "409", "422"} <= set(responses), action
        refusal = responses["422"]["content"]["application/json"]["schema"]["$ref"]
        assert refusal == "#/components/schemas/RefusalOut"
    for path, method in (
        ("/api/v1/wishes", "post"),
        ("/api/v1/wishes/{wish_id}/supports", "delete"),
        ("/api/v1/wishes/{wish_id}/pledges", "post"),
        ("/api/v1/economy/products/{slug}/{year}", "put"),
    ):
        assert {"401", "403", "409", "422"} <= set(paths[path][method]["responses"]), path
    components = schema["components"]["schemas"]
    assert components["RefusalOut"]["properties"]["suggested_action"]
    money = components["WishPledgeOut"]["properties"]["amount"]
    assert money["type"] == "string" and money["pattern"] == r"^-?[0-9]+\.[0-9]{2}$"
    assert paths["/api/v1/economy/overview"]["get"]["security"]
    assert "security" not in paths["/api/v1/wishes"]["get"]
