"""The level panel on the product page: held and approved level, the flag, the badge, the
link to the compliance page, and PRD-07's statement at N1."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from os2gov.governance import services as governance
from os2gov.levels.compliance import recompute_product_level
from os2gov.levels.selectors import level_panel
from tests.levels.conftest import TODAY, LevelWorld, approve, satisfy_manual

pytestmark = pytest.mark.django_db

PRODUCT_PAGE = "/produkter/os2niveau/"
UNWATCHED = (
    "No OS2 body watches this product. Operation and support are the responsibility of each "
    "municipality that uses it, or of the supplier the municipality has chosen."
)


def panel_html(client: Client) -> str:
    html = unescape(client.get(PRODUCT_PAGE).content.decode())
    return html.split('data-testid="level-panel"', 1)[1].split("</section>", 1)[0]


def test_prd07_an_n1_product_page_says_no_body_watches_it(
    world: LevelWorld, client: Client
) -> None:
    satisfy_manual(world, "N1")
    recompute_product_level(world.product)
    approve(world, "N1")
    panel = panel_html(client)
    assert UNWATCHED in panel
    assert "N1 – Take it as it is" in panel.split('data-testid="panel-approved-level"', 1)[1]


def test_prd07_the_statement_is_not_made_above_n1(world: LevelWorld, client: Client) -> None:
    satisfy_manual(world, "N1", "N2")
    recompute_product_level(world.product)
    approve(world, "N2")
    assert UNWATCHED not in panel_html(client)


def test_the_product_page_shows_the_level_badge_and_the_compliance_link(
    world: LevelWorld, client: Client
) -> None:
    satisfy_manual(world, "N1", "N2")
    recompute_product_level(world.product)
    approve(world, "N2")
    panel = panel_html(client)
    assert (
        '<img src="/produkter/os2niveau/badge.svg" alt="OS2 product level of OS2niveau: N2, '
        in (panel)
    )
    assert "N2 – In use in several municipalities" in panel
    assert 'href="/produkter/os2niveau/niveau/"' in panel
    assert 'data-testid="panel-below-approved"' not in panel


def test_prd05_the_product_page_flags_an_approved_level_no_longer_held(
    world: LevelWorld, client: Client
) -> None:
    satisfy_manual(world, "N1", "N2")
    recompute_product_level(world.product)
    approve(world, "N2")
    for key in ("steering_board_a", "steering_board_b"):
        membership = world.memberships[key]
        membership.group = world.steering
        governance.membership_end(actor=world.secretariat, membership=membership, ends_on=TODAY)
    # Their last day is today: tomorrow the steering group has no board member.
    recompute_product_level(world.product, on=TODAY + datetime.timedelta(days=1))
    panel = panel_html(client)
    assert "Does not live up to its approved level" in panel
    assert "The product is approved at N2" in panel
    held = panel.split('data-testid="panel-held-level"', 1)[1].split("</td>", 1)[0]
    assert "N1 – Take it as it is" in held
    assert "which it does not hold at present (it holds N1)" in panel
    # At N1 by its held level, but approved at N2: a body still watches it.
    assert UNWATCHED not in panel


def test_a_product_without_a_level_says_so(db: None, client: Client) -> None:
    from tests.governance import factories as f

    f.product("OS2niveau")
    panel = panel_html(client)
    assert "No level has been approved" in panel
    assert "No level" in panel.split('data-testid="panel-held-level"', 1)[1]
    assert UNWATCHED not in panel


def test_the_panel_takes_one_query(
    world: LevelWorld, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    satisfy_manual(world, "N1")
    recompute_product_level(world.product)
    approve(world, "N1")
    with django_assert_max_num_queries(1):
        panel = level_panel(world.product)
    assert (panel.summary.approved_code, panel.summary.held_code) == ("N1", "N1")
    assert panel.nobody_watches
    assert [(level.code, level.held) for level in panel.levels] == [
        ("N1", True),
        ("N2", False),
        ("N3", False),
    ]
    assert panel.levels[0].achieved_on == TODAY
