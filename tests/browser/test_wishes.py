"""Development wishes in a real browser, logged in as each person in turn: a municipal user
submits, another municipality supports, the coordination group prioritises and recommends,
the steering group approves, the group starts it with DONE, the supplier delivers, the group
accepts the delivery and records the benefit. Reordering the backlog with the keyboard
alone, and with the mouse. axe-core finds nothing serious on the backlog, wish, economy and
prioritisation pages; no request leaves the site; no script is blocked by the CSP.

Transactional tests end with a flush: the fixture builds its own world.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from os2gov.wishes.models import Wish, WishState
from os2gov.wishes.services import priority_refresh
from tests.browser.conftest import RecordedPage, axe_violations
from tests.browser.helpers import log_in
from tests.wishes.world import WishWorld, build_wish_world, make_wish

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db: Any) -> WishWorld:
    return build_wish_world()


def _act(page: Page, key: str, **fields: str) -> None:
    """Open the action ``key`` on the wish page, fill its fields and take it."""
    details = page.get_by_test_id(f"action-{key}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    for name, value in fields.items():
        field = page.locator(f"#id_{key}-{name}")
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    page.get_by_test_id(f"do-{key}").click()


def _expect_state(page: Page, label: str) -> None:
    expect(page.get_by_test_id("wish-state")).to_have_text(label)


def test_the_whole_way_of_a_wish_through_the_pages(
    recorded_page: RecordedPage, world: WishWorld, english: list[str]
) -> None:
    page = recorded_page.page

    # A municipal user submits; the similar wishes are asked for (htmx) as the title is typed.
    make_wish(world, title="Eksport af sager til regneark", state=WishState.UNDER_REVIEW)
    log_in(page, world["municipality_user"].email)
    page.goto("/oensker/os2alfa/")
    assert axe_violations(page) == []
    page.get_by_test_id("submit-link").click()
    page.locator("#id_title").press_sequentially("Eksport af sager til CSV")
    expect(page.get_by_test_id("similar-wishes")).to_contain_text("Eksport af sager til regneark")
    page.locator("#id_description").fill("Sagsbehandlere vil kunne eksportere deres sager.")
    page.locator("#id_expected_benefit").fill("Færre manuelle opgørelser.")
    page.locator("#id_expected_hours_per_year").fill("120")
    assert axe_violations(page) == []
    page.get_by_test_id("submit-wish").click()
    _expect_state(page, "Submitted")
    wish = Wish.objects.get(title="Eksport af sager til CSV")
    wish_path = f"/oensker/os2alfa/{wish.pk}/"
    assert page.url.endswith(wish_path)
    assert axe_violations(page) == []

    # Another municipality supports it.
    log_in(page, world["nordby_user"].email)
    page.goto(wish_path)
    _act(page, "support", note="Også hos os.")
    expect(page.get_by_test_id("wish-facts").get_by_test_id("support-count")).to_have_text("2")

    # The coordination group reviews, estimates, prioritises; over its own limit, it
    # recommends the wish to the steering group.
    log_in(page, world["coordination_group_member"].email)
    page.goto(wish_path)
    _act(page, "review")
    _expect_state(page, "Under review")
    _act(page, "estimate", amount="300000", estimated_by=str(world.base.supplier.pk))
    expect(page.get_by_test_id("estimate")).to_contain_text("DKK 300,000.00")
    _act(page, "prioritise")
    _expect_state(page, "Prioritised")
    expect(page.get_by_test_id("hint-start")).to_contain_text("DKK 150,000.00")
    _act(page, "recommend", note="Over vores egen ramme.")
    _expect_state(page, "Recommended to the steering group")

    # The steering group finds it in its inbox and approves it with amount and benefits.
    log_in(page, world["steering_group_member"].email)
    page.goto("/oensker/indstillinger/")
    page.get_by_test_id("inbox").get_by_role("link", name="Eksport af sager til CSV").click()
    _act(page, "approve", amount="300000.00", expected_benefit="120 timer om året pr. kommune.")
    _expect_state(page, "Approved by the steering group")
    expect(page.get_by_test_id("approval")).to_contain_text("DKK 300,000.00")

    # The coordination group starts it with the definition of DONE, orderer, supplier and
    # approver.
    log_in(page, world["coordination_group_member"].email)
    page.goto(wish_path)
    _act(
        page,
        "start",
        done_definition="Eksport til CSV virker.\nBrugervejledningen er opdateret.",
        orderer=str(world["tovholder"].pk),
        delivering_supplier=str(world.alfa_supplier.pk),
        delivery_approver=str(world["coordination_group_member"].pk),
        order_reference="ORD-2026-17",
    )
    _expect_state(page, "Started")
    expect(page.get_by_test_id("done-criteria").locator("li")).to_have_count(2)
    assert axe_violations(page) == []

    # The economy page shows the commitment with who ordered it and from whom.
    page.goto("/produkter/os2alfa/oekonomi/")
    expect(page.get_by_test_id("committed")).to_have_text("DKK 300,000.00")
    expect(page.get_by_test_id("committed-wishes")).to_contain_text("ORD-2026-17")
    assert axe_violations(page) == []

    # The supplier delivers.
    log_in(page, world["supplier_representative"].email)
    page.goto(wish_path)
    _act(page, "begin-delivery")
    _expect_state(page, "In delivery")
    _act(page, "deliver", invoice_reference="FAK-881")
    _expect_state(page, "Delivered")

    # The coordination group accepts the delivery criterion by criterion and, later,
    # records the realised benefit.
    log_in(page, world["coordination_group_member"].email)
    page.goto(wish_path)
    page.get_by_test_id("action-review-delivery").locator("summary").click()
    for criterion in page.get_by_test_id("criterion").all():
        criterion.get_by_label("Met", exact=True).check()
    assert axe_violations(page) == []
    page.get_by_test_id("do-review-delivery").click()
    _expect_state(page, "Delivery accepted")
    expect(page.get_by_test_id("follow-up-on")).to_be_visible()
    _act(page, "begin-follow-up")
    _expect_state(page, "Benefit follow-up")
    _act(page, "realise", realised_benefit="100 timer om året.", realised_hours_per_year="100")
    _expect_state(page, "Benefits realised")
    expect(page.get_by_test_id("realised")).to_contain_text("100.0 hours saved per year")
    expect(page.get_by_test_id("timeline").locator("li")).to_have_count(wish.events.count())
    assert axe_violations(page) == []

    wish.refresh_from_db()
    assert wish.state == WishState.REALISED
    assert recorded_page.foreign_requests() == []
    assert english == []


def _backlog(world: WishWorld) -> list[Wish]:
    wishes = [
        make_wish(
            world,
            state=WishState.UNDER_REVIEW,
            title=title,
            benefit_score=score,
        )
        for title, score in (("Alfa-ønske", 5), ("Beta-ønske", 3), ("Gamma-ønske", 1))
    ]
    priority_refresh(world.alfa)
    return wishes


def _places(page: Page) -> list[str]:
    return [
        re.sub(r"\s+", " ", row.get_by_role("link").inner_text())
        for row in page.get_by_test_id("reorder-row").all()
    ]


def test_the_backlog_is_reordered_with_the_keyboard_alone(
    recorded_page: RecordedPage, world: WishWorld, english: list[str]
) -> None:
    _alfa, _beta, gamma = _backlog(world)
    page = recorded_page.page
    log_in(page, world["coordination_group_member"].email)
    page.goto("/oensker/os2alfa/prioritering/")
    assert _places(page) == ["Alfa-ønske", "Beta-ønske", "Gamma-ønske"]
    assert axe_violations(page) == []

    def tab_to(predicate: str) -> None:
        for _step in range(200):
            page.keyboard.press("Tab")
            if page.evaluate(predicate):
                return
        raise AssertionError(f"The keyboard never reached {predicate}")

    tab_to("document.activeElement.name === 'reason'")
    page.keyboard.type("Lovkrav fra 1. juli.")
    tab_to(
        f"document.activeElement.tagName === 'BUTTON' && "
        f"document.activeElement.value === '{gamma.pk}:up'"
    )
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("reorder-row").nth(1)).to_contain_text("Gamma-ønske")
    assert page.url.endswith(f"#wish-{gamma.pk}")
    assert _places(page) == ["Alfa-ønske", "Gamma-ønske", "Beta-ønske"]
    gamma.refresh_from_db()
    assert gamma.rank == 2 and gamma.rank_override_reason == "Lovkrav fra 1. juli."
    assert recorded_page.foreign_requests() == []
    assert english == []


def test_the_backlog_is_reordered_by_dragging_a_row(
    recorded_page: RecordedPage, world: WishWorld, english: list[str]
) -> None:
    _alfa, _beta, gamma = _backlog(world)
    page = recorded_page.page
    # Tall enough that nothing scrolls while the mouse drags.
    page.set_viewport_size({"width": 1280, "height": 2400})
    log_in(page, world["coordination_group_member"].email)
    page.goto("/oensker/os2alfa/prioritering/")
    rows = page.get_by_test_id("reorder-row")
    expect(rows.first).to_have_attribute("draggable", "true")

    # Without a reason the drop is not sent: the page asks for one.
    rows.nth(2).drag_to(rows.nth(0))
    expect(page.get_by_test_id("reorder-status")).to_have_text(
        "Give the reason for the change first."
    )
    assert _places(page) == ["Alfa-ønske", "Beta-ønske", "Gamma-ønske"]

    page.locator("#id_reason").fill("Haster mest.")
    rows.nth(2).drag_to(rows.nth(0))
    expect(page.get_by_test_id("reorder-row").first).to_contain_text("Gamma-ønske")
    assert _places(page) == ["Gamma-ønske", "Alfa-ønske", "Beta-ønske"]
    gamma.refresh_from_db()
    assert gamma.rank == 1
    assert english == []


def test_the_backlog_and_economy_pages_are_accessible_and_local(
    recorded_page: RecordedPage, world: WishWorld, english: list[str]
) -> None:
    _backlog(world)
    make_wish(world, state=WishState.STARTED, ready_to_start=True, title="Startet ønske")
    page = recorded_page.page
    for path in ("/oensker/", "/oensker/os2alfa/", "/oensker/os2alfa/koereplan/"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        assert axe_violations(page) == [], path
    log_in(page, world["steering_group_member"].email)
    for path in (
        "/oensker/os2alfa/?state=under_review&sort=score",
        "/produkter/os2alfa/oekonomi/",
        "/produkter/os2alfa/oekonomi/ramme/",
        "/oekonomi/",
        "/oensker/mine/",
        "/oensker/indstillinger/",
        "/oensker/opfoelgning/",
    ):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        assert axe_violations(page) == [], path
    # Every action form of a wish open at once, and a form with its errors shown.
    wish = make_wish(world, state=WishState.PRIORITISED, ready_to_start=True)
    make_wish(world, state=WishState.SUBMITTED, title="Dublet", supported_by=(world.nordby,))
    log_in(page, world["coordination_group_member"].email)
    page.goto(f"/oensker/os2alfa/{wish.pk}/")
    summaries = page.get_by_test_id("actions").locator("summary")
    assert summaries.count() >= 7
    for summary in summaries.all():
        summary.click()
    assert axe_violations(page) == []
    page.locator("#id_start-done_definition").fill("")
    page.get_by_test_id("do-start").click()
    expect(page.get_by_test_id("form-start").get_by_test_id("form-errors")).to_be_visible()
    expect(page.get_by_test_id("error-done_definition")).to_be_visible()
    assert axe_violations(page) == []
    page.goto("/oensker/os2alfa/nyt/")
    page.get_by_test_id("submit-wish").click()
    expect(page.get_by_test_id("error-title")).to_be_visible()
    assert axe_violations(page) == []
    assert recorded_page.foreign_requests() == []
    assert english == []
