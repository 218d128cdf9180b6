"""The lists across products: "my wishes", the steering group's inbox of recommendations
(WSH-04), the benefit follow-ups, overdue first (WSH-09), and a product's roadmap."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

from os2gov.wishes.models import Wish, WishState
from tests.wishes.pages.helpers import client_for, text
from tests.wishes.world import LARGE, WishWorld, make_wish

S = WishState


def _linked_titles(html: str, testid: str) -> list[str]:
    table = html[html.index(f'data-testid="{testid}"') :]
    table = table[: table.index("</table>")]
    return re.findall(r'<a href="/oensker/os2\w+/\d+/">([^<]+)</a>', table)


def test_my_wishes_are_the_ones_i_submitted_and_those_my_municipality_supports(
    world: WishWorld,
) -> None:
    mine = make_wish(world, title="Mit ønske")
    Wish.objects.filter(pk=mine.pk).update(
        submitter=world["nordby_user"], submitter_municipality=world.nordby
    )
    make_wish(world, title="Vi støtter det", supported_by=(world.nordby,))
    make_wish(world, title="Ikke vores", supported_by=(world.sydby,))
    html = client_for(world, "nordby_user").get("/oensker/mine/").content.decode()
    assert set(_linked_titles(html, "my-wishes")) == {"Mit ønske", "Vi støtter det"}
    html = client_for(world, "fjernby_user").get("/oensker/mine/").content.decode()
    assert 'data-testid="no-wishes"' in html
    assert client_for().get("/oensker/mine/").status_code == 302


def test_wsh04_the_steering_group_sees_the_recommendations_to_it(world: WishWorld) -> None:
    make_wish(world, state=S.RECOMMENDED, title="Stort ønske", estimate=LARGE)
    make_wish(world, state=S.PRIORITISED, title="Lille ønske")
    make_wish(world, state=S.RECOMMENDED, title="Beta-ønske", product=world.beta)
    html = client_for(world, "steering_group_member").get("/oensker/indstillinger/").content
    assert _linked_titles(html.decode(), "inbox") == ["Stort ønske"]
    # OS2beta has no steering group: its coordination group holds the mandate (GRP-08).
    html = client_for(world, "beta_coordination_member").get("/oensker/indstillinger/").content
    assert _linked_titles(html.decode(), "inbox") == ["Beta-ønske"]
    html = client_for(world, "coordination_group_member").get("/oensker/indstillinger/").content
    assert 'data-testid="not-steering"' in html.decode()


def test_wsh09_follow_ups_list_the_overdue_first(world: WishWorld) -> None:
    today = timezone.localdate()
    make_wish(
        world,
        state=S.ACCEPTED,
        title="Snart",
        follow_up_on=today + datetime.timedelta(days=10),
    )
    make_wish(
        world, state=S.FOLLOW_UP, title="Forsinket", follow_up_on=today - datetime.timedelta(days=3)
    )
    make_wish(
        world,
        state=S.ACCEPTED,
        title="Beta senere",
        product=world.beta,
        follow_up_on=today + datetime.timedelta(days=40),
    )
    make_wish(world, state=S.REALISED, title="Færdig", follow_up_on=today)
    client = client_for()
    html = client.get("/oensker/opfoelgning/").content.decode()
    assert _linked_titles(html, "follow-ups") == ["Forsinket", "Snart", "Beta senere"]
    assert html.count('data-testid="overdue"') == 1
    html = client.get("/oensker/opfoelgning/", {"product": "os2beta"}).content.decode()
    assert _linked_titles(html, "follow-ups") == ["Beta senere"]


def test_the_roadmap_shows_started_and_delivered_by_quarter_and_what_comes_next(
    world: WishWorld,
) -> None:
    year = timezone.localdate().year
    make_wish(
        world,
        state=S.IN_DELIVERY,
        title="Startet i februar",
        started_on=datetime.date(year, 2, 10),
        ready_to_start=True,
    )
    make_wish(
        world,
        state=S.ACCEPTED,
        title="Leveret i august",
        started_on=datetime.date(year - 1, 11, 1),
        accepted_on=datetime.date(year, 8, 20),
    )
    make_wish(world, state=S.APPROVED, title="Godkendt")
    make_wish(world, state=S.PRIORITISED, title="Prioriteret", rank=1)
    make_wish(world, state=S.SUBMITTED, title="Indsendt")
    html = client_for().get("/oensker/os2alfa/koereplan/").content.decode()
    assert _linked_titles(html, "quarter-1") == ["Startet i februar"]
    assert "Kodeværket A/S" in html[html.index('data-testid="quarter-1"') :]
    assert _linked_titles(html, "quarter-3") == ["Leveret i august"]
    assert 'data-testid="quarter-2"' not in html
    assert _linked_titles(html, "planned") == ["Godkendt", "Prioriteret"]
    last_year = client_for().get("/oensker/os2alfa/koereplan/", {"year": str(year - 1)})
    assert _linked_titles(last_year.content.decode(), "quarter-4") == ["Leveret i august"]
    assert f"Roadmap for OS2alfa, {year - 1}" in text(last_year.content.decode())
