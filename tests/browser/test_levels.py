"""Product levels in a real browser: the tovholder answers a criterion with evidence and the
level's progress changes; the badge changes when a board member leaves the steering group;
the compliance page is accessible and loads nothing from other hosts.

Transactional tests empty the tables the data migrations fill (the organisations, the
bodies, the default level model), so the fixture runs those migrations' functions again.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from os2gov.governance import services as governance
from os2gov.levels import services
from tests.browser.conftest import RecordedPage, axe_violations
from tests.browser.helpers import level_world, log_in_as
from tests.levels.conftest import LevelWorld, satisfy_manual

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.7\n% fiktiv vejledning\n"
COMPLIANCE = "/produkter/os2niveau/niveau/"


@pytest.fixture
def world(transactional_db: Any) -> LevelWorld:
    return level_world()


def test_the_tovholder_answers_a_criterion_with_evidence_and_the_progress_changes(
    recorded_page: RecordedPage, world: LevelWorld
) -> None:
    page = recorded_page.page
    log_in_as(page, world.tovholder)
    page.goto(COMPLIANCE)
    expect(page.get_by_test_id("self-assessed-N1")).to_have_text("0 %")
    assert axe_violations(page) == []

    page.get_by_test_id("answer-link-N1-DOCUMENTATION").click()
    expect(page.get_by_test_id("answer-form")).to_be_visible()
    page.locator("#id_status").select_option("met")
    page.locator("#id_justification").fill("Installations- og brugervejledningen er offentlig.")
    page.locator("#id_evidence_urls").fill("https://docs.example.org/os2niveau/vejledning")
    page.locator("#id_evidence_files").set_input_files(
        files=[{"name": "vejledning.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    assert axe_violations(page) == []
    page.get_by_test_id("save-answer").click()

    # Back on the compliance page: the self-assessment moved, the blue stamp did not.
    expect(page.get_by_test_id("self-assessed-N1")).to_have_text("14 %")
    expect(page.get_by_test_id("progress-N1")).to_have_text("0 %")
    row = page.get_by_test_id("criterion-N1-DOCUMENTATION")
    expect(row.get_by_role("link", name="vejledning.pdf")).to_be_visible()
    expect(
        row.get_by_role("link", name="https://docs.example.org/os2niveau/vejledning")
    ).to_be_visible()
    assert recorded_page.foreign_requests() == []


def test_the_badge_changes_when_a_board_member_leaves_the_steering_group(
    recorded_page: RecordedPage, world: LevelWorld
) -> None:
    satisfy_manual(world, "N1", "N2")
    services.product_recommend(actor=world.committee, product=world.product, level_code="N2")
    services.product_approve(actor=world.board_a, product=world.product, level_code="N2")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    def leave(key: str) -> None:
        membership = world.memberships[key]
        membership.group = world.steering
        governance.membership_end(actor=world.secretariat, membership=membership, ends_on=yesterday)

    leave("steering_board_b")  # one board member is still there: N2 is held
    page = recorded_page.page

    def badge() -> dict[str, Any]:
        # Not through the page's cache: the badge may be cached for five minutes.
        response = page.request.get("/produkter/os2niveau/badge.json")
        return cast(dict[str, Any], response.json())

    assert (badge()["state"], badge()["held_level"]) == ("held", "N2")
    page.goto("/produkter/os2niveau/badge.svg")
    assert ">N2</text>" in page.content()

    leave("steering_board_a")  # the last board member leaves, through the service

    page.reload()
    assert ">N2</text>" not in page.content()
    data = badge()
    assert (data["state"], data["approved_level"], data["held_level"]) == ("not_held", "N2", "N1")
    page.goto("/produkter/os2niveau/")
    expect(page.get_by_test_id("panel-below-approved")).to_be_visible()
    assert recorded_page.foreign_requests() == []


def test_the_compliance_page_is_accessible_to_the_public(
    recorded_page: RecordedPage, world: LevelWorld
) -> None:
    satisfy_manual(world, "N1")
    page = recorded_page.page
    page.goto(COMPLIANCE)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.get_by_test_id("level-N3")).to_be_visible()
    assert axe_violations(page) == []
    page.goto("/produkter/os2niveau/")
    expect(page.get_by_test_id("level-panel")).to_be_visible()
    assert axe_violations(page) == []
    assert recorded_page.foreign_requests() == []
