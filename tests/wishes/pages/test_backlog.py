"""The overview of backlogs and a product's backlog: filters, sorting, the score and its
components (WSH-02), support per municipality (WSH-01), pagination, and a number of SQL
queries that does not grow with the wishes."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from os2gov.wishes.models import Support, Wish, WishCategory, WishScope, WishState
from os2gov.wishes.services import priority_refresh
from tests.wishes.pages.helpers import client_for, text
from tests.wishes.world import WishWorld, make_wish

S = WishState
BACKLOG = "/oensker/os2alfa/"


def _titles(html: str) -> list[str]:
    table = html[html.index('data-testid="backlog-table"') :]
    return re.findall(r'<a href="/oensker/os2alfa/\d+/">([^<]+)</a>', table)


def test_the_menu_links_the_wishes_and_the_overview_counts_per_product(
    world: WishWorld,
) -> None:
    make_wish(world, state=S.SUBMITTED)
    make_wish(world, state=S.PRIORITISED)
    make_wish(world, state=S.STARTED)
    make_wish(world, state=S.REALISED)
    make_wish(world, state=S.SUBMITTED, product=world.beta)
    html = client_for().get(reverse("wishes:list")).content.decode()
    assert reverse("wishes:list") == "/oensker/"
    assert 'href="/oensker/"' in html  # the main menu shows the section
    rows = re.findall(
        r'<a href="/oensker/(os2\w+)/">[^<]+</a></td>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>'
        r"\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>",
        html,
    )
    assert rows == [("os2alfa", "2", "1", "1", "4"), ("os2beta", "1", "0", "0", "1")]


def test_the_product_page_links_its_backlog(world: WishWorld) -> None:
    html = client_for().get(reverse("products:detail", args=["os2alfa"])).content.decode()
    assert 'href="/oensker/os2alfa/"' in html


def test_wsh02_the_backlog_shows_rank_score_components_and_support(world: WishWorld) -> None:
    first = make_wish(
        world,
        state=S.PRIORITISED,
        title="Eksport til CSV",
        supported_by=(world.municipality, world.nordby),
        benefit_score=5,
    )
    make_wish(world, state=S.SUBMITTED, title="Mørk tilstand", supported_by=(world.sydby,))
    make_wish(world, state=S.SUBMITTED, title="Kun hos os", scope=WishScope.LOCAL)
    priority_refresh(world.alfa)
    first.refresh_from_db()
    html = client_for().get(BACKLOG).content.decode()
    assert _titles(html) == ["Eksport til CSV", "Mørk tilstand", "Kun hos os"]
    page = text(html)
    assert f"{first.priority_score}" in page
    assert "Support 50 % (weight 1)" in page  # 2 of the 4 user municipalities
    assert "Benefit 100 % (weight 1)" in page
    assert re.findall(r'data-testid="support-count">(\d+)<', html) == ["2", "1", "0"]
    assert "Local wish" in page
    assert 'data-testid="submit-absent"' in html  # anonymous: who may submit


def test_filters_by_state_category_municipality_and_text(world: WishWorld) -> None:
    make_wish(world, state=S.SUBMITTED, title="Eksport til CSV", supported_by=(world.nordby,))
    make_wish(
        world,
        state=S.PRIORITISED,
        title="Import fra regneark",
        category=WishCategory.ERROR,
        supported_by=(world.sydby,),
    )
    make_wish(world, state=S.CLOSED, title="Eksport til PDF")
    priority_refresh(world.alfa)
    client = client_for()

    def titles(**query: str) -> set[str]:
        return set(_titles(client.get(BACKLOG, query).content.decode()))

    assert titles(state="prioritised") == {"Import fra regneark"}
    assert titles(category="error") == {"Import fra regneark"}
    assert titles(municipality=world.nordby.slug) == {"Eksport til CSV"}
    assert titles(q="eksport") == {"Eksport til CSV", "Eksport til PDF"}
    assert titles(q="eksport", state="closed") == {"Eksport til PDF"}
    html = client.get(BACKLOG, {"q": "findes ikke"}).content.decode()
    assert "0 wishes found" in text(html)
    # A value that is not a choice is shown as an error, not as a crash.
    response = client.get(BACKLOG, {"state": "nonsense"})
    assert response.status_code == 200
    assert "form-error-message" in response.content.decode()


def test_sorts_by_rank_score_support_and_age(world: WishWorld) -> None:
    old = make_wish(world, state=S.SUBMITTED, title="Gammel", supported_by=(world.nordby,))
    popular = make_wish(
        world,
        state=S.SUBMITTED,
        title="Populær",
        supported_by=(world.nordby, world.sydby, world.ostby),
    )
    placed = make_wish(world, state=S.SUBMITTED, title="Placeret", supported_by=(world.nordby,))
    Wish.objects.filter(pk=old.pk).update(
        created_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    )
    placed.rank_override, placed.rank_override_reason = 1, "Lovkrav."
    placed.save()
    priority_refresh(world.alfa)
    client = client_for()

    def order(sort: str) -> list[str]:
        return _titles(client.get(BACKLOG, {"sort": sort}).content.decode())

    assert order("rank") == ["Placeret", "Populær", "Gammel"]
    assert order("score") == ["Populær", "Placeret", "Gammel"]
    assert order("support") == ["Populær", "Placeret", "Gammel"]
    assert order("age") == ["Gammel", "Populær", "Placeret"]
    assert order("newest") == ["Placeret", "Populær", "Gammel"]
    assert "Place set by the coordination group: Lovkrav." in text(
        client.get(BACKLOG).content.decode()
    )
    assert popular.pk


def test_the_backlog_is_paginated(world: WishWorld) -> None:
    for number in range(30):
        make_wish(world, title=f"Ønske {number:02d}")
    client = client_for()
    first = client.get(BACKLOG).content.decode()
    assert len(_titles(first)) == 25
    assert 'data-testid="pagination"' in first
    assert len(_titles(client.get(BACKLOG, {"page": "2"}).content.decode())) == 5


def test_the_links_follow_what_the_person_may_do(world: WishWorld) -> None:
    coordinator = client_for(world, "coordination_group_member").get(BACKLOG).content.decode()
    assert 'data-testid="prioritise-link"' in coordinator
    assert 'data-testid="submit-link"' in coordinator  # Prøvested uses OS2alfa
    assert 'data-testid="economy-link"' in coordinator
    outsider = client_for(world, "fjernby_user").get(BACKLOG).content.decode()
    assert 'data-testid="prioritise-link"' not in outsider
    assert 'data-testid="submit-link"' not in outsider
    assert 'data-testid="economy-link"' not in outsider


def _many_wishes(world: WishWorld, count: int) -> None:
    organisations = [world.municipality, world.nordby, world.sydby, world.ostby]
    states = [S.SUBMITTED, S.UNDER_REVIEW, S.PRIORITISED, S.STARTED, S.CLOSED]
    wishes = Wish.objects.bulk_create(
        Wish(
            product=world.alfa,
            title=f"Ønske {number}",
            description="Et fiktivt ønske om eksport.",
            submitter=world.base.people["municipality_user"],
            submitter_municipality=world.municipality,
            state=states[number % len(states)],
            category=WishCategory.values[number % len(WishCategory.values)],
            estimate=Decimal("1000.00") * (number + 1),
        )
        for number in range(count)
    )
    Support.objects.bulk_create(
        Support(wish=wish, municipality=organisation)
        for number, wish in enumerate(wishes)
        for organisation in organisations[: number % 4 + 1]
    )
    priority_refresh(world.alfa)


def _count_queries(client_role: str, world: WishWorld, query: dict[str, str]) -> int:
    client = client_for(world, client_role)
    client.get(BACKLOG, query)  # the session and the like, once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(BACKLOG, query)
    assert response.status_code == 200
    return len(captured)


QUERIES = [
    {},
    {"sort": "support", "page": "2"},
    {"state": "submitted", "municipality": "nordby-kommune", "q": "eksport", "sort": "score"},
    {"category": "error", "sort": "age"},
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("role", ["anonymous", "coordination_group_member"])
def test_the_backlog_costs_the_same_queries_at_50_and_500_wishes(
    world: WishWorld, role: str, query: dict[str, str]
) -> None:
    assert world.nordby.slug == "nordby-kommune"
    _many_wishes(world, 50)
    at_50 = _count_queries(role, world, query)
    _many_wishes(world, 450)
    assert Wish.objects.count() == 500
    at_500 = _count_queries(role, world, query)
    assert at_50 == at_500
