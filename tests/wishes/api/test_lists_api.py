"""/api/v1/wishes/inbox, /follow-ups and /roadmap/{product}: the steering group's inbox
(WSH-04, GRP-08), the benefit follow-ups (WSH-09) and a product's roadmap (COM-01, COM-02),
each showing what its page shows, with query counts that do not grow with the wishes."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from os2gov.accounts.models import User
from os2gov.accounts.services import api_token_create
from os2gov.wishes.models import Wish, WishState
from tests.authority.conftest import english_client
from tests.wishes.pages.helpers import client_for
from tests.wishes.world import LARGE, WishWorld, make_wish

pytestmark = pytest.mark.django_db

S = WishState
API = "/api/v1/wishes"


@pytest.fixture
def client() -> Client:
    return english_client()


def bearer(user: User) -> dict[str, str]:
    _token, plaintext = api_token_create(actor=user, name="Tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def ids(page: dict[str, Any]) -> list[int]:
    return [item["id"] for item in page["items"]]


def linked_ids(html: str, testid: str) -> list[int]:
    """The wishes linked in the page's table ``testid``, in order."""
    if f'data-testid="{testid}"' not in html:
        return []
    table = html[html.index(f'data-testid="{testid}"') :]
    table = table[: table.index("</table>")]
    return [int(pk) for pk in re.findall(r'<a href="/oensker/os2\w+/(\d+)/">', table)]


def page_html(
    url: str, world: WishWorld | None = None, role: str | None = None, **query: Any
) -> str:
    response = client_for(world, role).get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def bulk_wishes(world: WishWorld, count: int, **fields: Any) -> list[Wish]:
    """``count`` wishes of OS2alfa put straight into their state (set-up only)."""
    fields.setdefault("product", world.alfa)
    return Wish.objects.bulk_create(
        Wish(
            title=f"Ønske {n}",
            submitter=world.base.people["municipality_user"],
            submitter_municipality=world.municipality,
            estimate=LARGE,
            **fields,
        )
        for n in range(count)
    )


def queries(client: Client, url: str, **extra: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200, response.content
    return len(captured)


# --- The steering group's inbox (WSH-04) ---------------------------------------------------------


@pytest.mark.req("WSH-04")
def test_the_inbox_holds_the_recommendations_to_the_callers_steering_group(
    world: WishWorld, client: Client
) -> None:
    big = make_wish(world, state=S.RECOMMENDED, title="Stort ønske", estimate=LARGE)
    make_wish(world, state=S.PRIORITISED, title="Lille ønske")
    beta = make_wish(world, state=S.RECOMMENDED, title="Beta-ønske", product=world.beta)
    mine = client.get(f"{API}/inbox", **bearer(world["steering_group_member"])).json()
    assert mine["count"] == 1
    item = mine["items"][0]
    assert (item["id"], item["product"], item["state"]) == (big.pk, "os2alfa", "recommended")
    assert item["estimate"] == "300000.00"
    assert item["submitter_municipality"] == world.municipality.slug
    # OS2beta has no steering group: its coordination group holds the mandate (GRP-08).
    theirs = client.get(f"{API}/inbox", **bearer(world["beta_coordination_member"])).json()
    assert ids(theirs) == [beta.pk]
    # The coordination group of a product with a steering group decides nothing here.
    other = client.get(f"{API}/inbox", **bearer(world["coordination_group_member"])).json()
    assert other == {"items": [], "count": 0}


def test_the_inbox_needs_a_login(world: WishWorld, client: Client) -> None:
    make_wish(world, state=S.RECOMMENDED, estimate=LARGE)
    response = client.get(f"{API}/inbox")
    assert response.status_code == 401
    assert response.json()["detail"]
    bad = client.get(f"{API}/inbox", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert bad.status_code == 401


def test_the_inbox_also_answers_a_browser_session(world: WishWorld) -> None:
    wish = make_wish(world, state=S.RECOMMENDED, estimate=LARGE)
    client = client_for(world, "steering_group_member")
    assert ids(client.get(f"{API}/inbox").json()) == [wish.pk]


@pytest.mark.parametrize(
    "role",
    [
        "steering_group_member",
        "beta_coordination_member",
        "coordination_group_member",
        # No mandate to approve (GRP-05): the page shows the secretariat nothing either.
        "secretariat_staff",
    ],
)
def test_the_inbox_lists_what_its_page_shows(world: WishWorld, client: Client, role: str) -> None:
    now = timezone.now()
    for number, product in enumerate([world.alfa, world.beta, world.alfa, world.beta, world.alfa]):
        wish = make_wish(world, state=S.RECOMMENDED, product=product, estimate=LARGE)
        # Oldest first, by the last change: the last made is the oldest here.
        Wish.objects.filter(pk=wish.pk).update(updated_at=now - datetime.timedelta(days=number))
    make_wish(world, state=S.APPROVED, estimate=LARGE)
    html = page_html("/oensker/indstillinger/", world, role)
    api = client.get(f"{API}/inbox", **bearer(world[role])).json()
    assert ids(api) == linked_ids(html, "inbox")
    expected = {"steering_group_member": 3, "beta_coordination_member": 2}.get(role, 0)
    assert len(ids(api)) == expected


def test_the_inbox_asks_as_many_queries_for_60_wishes_as_for_3(
    world: WishWorld, client: Client
) -> None:
    steering = world["steering_group_member"]
    headers = bearer(steering)
    bulk_wishes(world, 3, state=S.RECOMMENDED)
    # The token's first use notes when it was used; later ones within a minute do not.
    assert client.get(f"{API}/inbox", **headers).json()["count"] == 3
    at_3 = queries(client, f"{API}/inbox?page_size=100", **headers)
    bulk_wishes(world, 57, state=S.RECOMMENDED)
    assert client.get(f"{API}/inbox?page_size=100", **headers).json()["count"] == 60
    assert queries(client, f"{API}/inbox?page_size=100", **headers) == at_3


# --- The benefit follow-ups (WSH-09) -------------------------------------------------------------


def _follow_ups(world: WishWorld) -> dict[str, Wish]:
    today = timezone.localdate()
    return {
        "soon": make_wish(
            world,
            state=S.ACCEPTED,
            title="Snart",
            accepted_on=today - datetime.timedelta(days=170),
            follow_up_on=today + datetime.timedelta(days=10),
        ),
        "late": make_wish(
            world,
            state=S.FOLLOW_UP,
            title="Forsinket",
            follow_up_on=today - datetime.timedelta(days=3),
        ),
        "beta": make_wish(
            world,
            state=S.ACCEPTED,
            title="Beta senere",
            product=world.beta,
            follow_up_on=today + datetime.timedelta(days=40),
        ),
        "done": make_wish(world, state=S.REALISED, title="Færdig", follow_up_on=today),
    }


@pytest.mark.req("WSH-09")
def test_the_follow_ups_are_public_overdue_first(world: WishWorld, client: Client) -> None:
    made = _follow_ups(world)
    page = client.get(f"{API}/follow-ups").json()
    assert ids(page) == [made["late"].pk, made["soon"].pk, made["beta"].pk]
    late, soon = page["items"][0], page["items"][1]
    assert late["overdue"] is True and soon["overdue"] is False
    assert soon["follow_up_on"] == (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    assert soon["accepted_on"] == made["soon"].accepted_on.isoformat()
    assert late["state"] == "follow_up" and late["product_name"] == "OS2alfa"
    beta = client.get(f"{API}/follow-ups", {"product": "os2beta"}).json()
    assert ids(beta) == [made["beta"].pk]


def test_an_unknown_product_of_the_follow_ups_answers_422_naming_it(
    world: WishWorld, client: Client
) -> None:
    response = client.get(f"{API}/follow-ups", {"product": "os2ukendt"})
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["product"]


@pytest.mark.parametrize("product", [None, "os2alfa", "os2beta"])
def test_the_follow_ups_list_what_their_page_shows(
    world: WishWorld, client: Client, product: str | None
) -> None:
    _follow_ups(world)
    query = {"product": product} if product else {}
    html = page_html("/oensker/opfoelgning/", **query)
    api = client.get(f"{API}/follow-ups", query).json()
    assert ids(api) == linked_ids(html, "follow-ups")
    overdue = [item["id"] for item in api["items"] if item["overdue"]]
    assert len(overdue) == html.count('data-testid="overdue"')


def test_the_follow_ups_ask_as_many_queries_for_60_wishes_as_for_3(
    world: WishWorld, client: Client
) -> None:
    today = timezone.localdate()
    late, soon = today - datetime.timedelta(days=5), today + datetime.timedelta(days=5)
    bulk_wishes(world, 2, state=S.ACCEPTED, follow_up_on=soon)
    bulk_wishes(world, 1, state=S.FOLLOW_UP, follow_up_on=late)
    at_3 = queries(client, f"{API}/follow-ups?page_size=100")
    bulk_wishes(world, 30, state=S.ACCEPTED, follow_up_on=soon)
    bulk_wishes(world, 27, state=S.FOLLOW_UP, follow_up_on=late, product=world.beta)
    assert client.get(f"{API}/follow-ups?page_size=100").json()["count"] == 60
    assert queries(client, f"{API}/follow-ups?page_size=100") == at_3


# --- The roadmap (COM-01, COM-02) ----------------------------------------------------------------


def _roadmap(world: WishWorld) -> dict[str, Wish]:
    year = timezone.localdate().year
    return {
        "february": make_wish(
            world,
            state=S.IN_DELIVERY,
            title="Startet i februar",
            started_on=datetime.date(year, 2, 10),
            ready_to_start=True,
        ),
        "august": make_wish(
            world,
            state=S.ACCEPTED,
            title="Leveret i august",
            started_on=datetime.date(year - 1, 11, 1),
            accepted_on=datetime.date(year, 8, 20),
            ready_to_start=True,
        ),
        "approved": make_wish(world, state=S.APPROVED, title="Godkendt", approved_amount=LARGE),
        "recommended": make_wish(world, state=S.RECOMMENDED, title="Indstillet"),
        "prioritised": make_wish(world, state=S.PRIORITISED, title="Prioriteret", rank=1),
        "submitted": make_wish(world, state=S.SUBMITTED, title="Indsendt"),
        "beta": make_wish(world, state=S.PRIORITISED, title="Beta", product=world.beta),
    }


@pytest.mark.req("COM-02")
def test_the_roadmap_is_public_by_quarter_with_what_comes_next(
    world: WishWorld, client: Client
) -> None:
    made = _roadmap(world)
    year = timezone.localdate().year
    body = client.get(f"{API}/roadmap/os2alfa").json()
    assert (body["product"], body["product_name"], body["year"]) == ("os2alfa", "OS2alfa", year)
    assert [q["number"] for q in body["quarters"]] == [1, 2, 3, 4]
    first, _second, third, _fourth = body["quarters"]
    assert [w["id"] for w in first["started"]] == [made["february"].pk]
    started = first["started"][0]
    assert started["state"] == "in_delivery"
    assert started["started_on"] == f"{year}-02-10"
    assert started["delivering_supplier_name"] == "Kodeværket A/S"
    assert [w["id"] for w in third["delivered"]] == [made["august"].pk]
    assert third["delivered"][0]["accepted_on"] == f"{year}-08-20"
    assert all(not q["started"] and not q["delivered"] for q in body["quarters"][1::2])
    assert body["cut_off"] is False
    planned = body["planned"]
    assert planned["count"] == 3
    assert [w["id"] for w in planned["items"]] == [
        made["approved"].pk,
        made["recommended"].pk,
        made["prioritised"].pk,
    ]
    assert planned["items"][0]["cost"] == "300000.00"
    assert planned["items"][2]["rank"] == 1
    last_year = client.get(f"{API}/roadmap/os2alfa", {"year": year - 1}).json()
    assert [w["id"] for w in last_year["quarters"][3]["started"]] == [made["august"].pk]
    assert not any(q["delivered"] for q in last_year["quarters"])


def test_the_roadmap_pages_what_comes_next(world: WishWorld, client: Client) -> None:
    made = bulk_wishes(world, 5, state=S.PRIORITISED)
    for rank, wish in enumerate(made, start=1):
        Wish.objects.filter(pk=wish.pk).update(rank=rank)
    body = client.get(f"{API}/roadmap/os2alfa", {"page": 2, "page_size": 2}).json()
    assert body["planned"]["count"] == 5
    assert [w["id"] for w in body["planned"]["items"]] == [made[2].pk, made[3].pk]
    beyond = client.get(f"{API}/roadmap/os2alfa", {"page": 4, "page_size": 2}).json()
    assert beyond["planned"] == {"items": [], "count": 5}


@pytest.mark.parametrize(
    ("query", "field"),
    [({"year": "1999"}, "year"), ({"year": "nu"}, "year"), ({"page": "0"}, "page")],
)
def test_a_bad_roadmap_query_answers_422_naming_it(
    world: WishWorld, client: Client, query: dict[str, str], field: str
) -> None:
    response = client.get(f"{API}/roadmap/os2alfa", query)
    assert response.status_code == 422
    assert field in {error["field"] for error in response.json()["errors"]}


def test_an_unknown_product_has_no_roadmap(world: WishWorld, client: Client) -> None:
    response = client.get(f"{API}/roadmap/os2ukendt")
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize("year_offset", [0, -1])
def test_the_roadmap_shows_what_its_page_shows(
    world: WishWorld, client: Client, year_offset: int
) -> None:
    _roadmap(world)
    year = timezone.localdate().year + year_offset
    html = page_html("/oensker/os2alfa/koereplan/", year=str(year))
    body = client.get(f"{API}/roadmap/os2alfa", {"year": year}).json()
    for quarter in body["quarters"]:
        listed = [w["id"] for w in quarter["started"] + quarter["delivered"]]
        assert listed == linked_ids(html, f"quarter-{quarter['number']}")
    assert [w["id"] for w in body["planned"]["items"]] == linked_ids(html, "planned")


def test_the_roadmap_asks_as_many_queries_for_many_wishes_as_for_few(
    world: WishWorld, client: Client
) -> None:
    year = timezone.localdate().year

    def add(count: int) -> None:
        bulk_wishes(
            world,
            count,
            state=S.IN_DELIVERY,
            started_on=datetime.date(year, 3, 1),
            delivering_supplier=world.alfa_supplier,
        )
        bulk_wishes(
            world,
            count,
            state=S.ACCEPTED,
            started_on=datetime.date(year - 1, 12, 1),
            accepted_on=datetime.date(year, 6, 1),
            delivering_supplier=world.alfa_supplier,
        )
        bulk_wishes(world, count, state=S.PRIORITISED)

    add(2)
    at_few = queries(client, f"{API}/roadmap/os2alfa?page_size=100")
    add(40)
    body = client.get(f"{API}/roadmap/os2alfa?page_size=100").json()
    assert len(body["quarters"][0]["started"]) == 42
    assert body["planned"]["count"] == 42
    assert queries(client, f"{API}/roadmap/os2alfa?page_size=100") == at_few
