"""The decisions around a product's level in a real browser: the business committee
recommends N2, a board member approves it, and the compliance page shows the approved
level (PRD-06); the deviation and approval pages are accessible and load nothing from
other hosts.

Transactional tests empty the tables the data migrations fill, so the fixture runs those
migrations' functions again (as in test_levels.py).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from os2gov.levels import services
from os2gov.levels.models import ApprovedLevel, Criterion, LevelRecommendation
from tests.browser.conftest import RecordedPage, axe_violations
from tests.browser.helpers import level_world, log_in_as
from tests.levels.conftest import LevelWorld

pytestmark = pytest.mark.django_db(transaction=True)

COMPLIANCE = "/produkter/os2niveau/niveau/"


@pytest.fixture
def world(transactional_db: Any) -> LevelWorld:
    return level_world()


def test_prd06_the_committee_recommends_n2_and_a_board_member_approves_it(
    recorded_page: RecordedPage, world: LevelWorld
) -> None:
    page = recorded_page.page
    log_in_as(page, world.committee)
    page.goto(COMPLIANCE)
    expect(page.get_by_test_id("approved-level")).not_to_contain_text("N2")
    page.get_by_test_id("approvals-link").click()
    expect(page.get_by_test_id("recommend-form")).to_be_visible()
    expect(page.get_by_test_id("approve-form")).to_have_count(0)
    assert axe_violations(page) == []
    page.locator("#id_recommend-level_code").select_option("N2")
    page.locator("#id_recommend-text").fill("Produktet opfylder kravene til N2.")
    page.get_by_test_id("recommend").click()
    expect(page.get_by_test_id("recommend-waits")).to_be_visible()
    assert LevelRecommendation.objects.get().level_code == "N2"

    log_in_as(page, world.board_b)
    page.goto(COMPLIANCE)
    page.get_by_test_id("approvals-link").click()
    form = page.get_by_test_id("approve-form")
    expect(form).to_be_visible()
    expect(page.locator("#id_approve-level_code")).to_have_value("N2")
    assert axe_violations(page) == []
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("approve-form")).to_have_count(0)
    assert ApprovedLevel.objects.get().level_code == "N2"

    page.goto(COMPLIANCE)
    expect(page.get_by_test_id("approved-level")).to_contain_text("N2")
    assert recorded_page.foreign_requests() == []


def test_prd05_the_deviation_page_is_accessible_with_its_form_and_list(
    recorded_page: RecordedPage, world: LevelWorld
) -> None:
    services.deviation_accept(
        actor=world.committee,
        product=world.product,
        criterion=Criterion.objects.get(model__is_current=True, key="N1-PROCUREMENT"),
        reason="Udbuddet var forsinket.",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    page = recorded_page.page
    page.goto(COMPLIANCE + "afvigelser/")  # public: the list and who holds the mandate
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.get_by_test_id("mandate-holder")).to_be_visible()
    assert axe_violations(page) == []

    log_in_as(page, world.committee)
    page.goto(COMPLIANCE)
    page.get_by_test_id("deviations-link").click()
    expect(page.get_by_test_id("deviation-form")).to_be_visible()
    assert axe_violations(page) == []
    # Without a reason and an expiry date, both fields say what is missing.
    page.get_by_test_id("accept-deviation").click()
    expect(page.get_by_test_id("error-reason")).to_be_visible()
    expect(page.get_by_test_id("error-expires_on")).to_be_visible()
    assert axe_violations(page) == []
    page.locator("#id_criterion").select_option("N1-TRAINING-MATERIALS")
    page.locator("#id_reason").fill("Undervisningsmaterialet skrives om.")
    page.locator("#id_expires_on").fill(
        (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    )
    page.get_by_test_id("accept-deviation").click()
    expect(page.get_by_test_id("deviation-table")).to_contain_text("N1-TRAINING-MATERIALS")
    assert recorded_page.foreign_requests() == []


def test_the_approval_and_evaluation_pages_are_accessible_to_the_public(
    recorded_page: RecordedPage, world: LevelWorld
) -> None:
    services.product_recommend(actor=world.committee, product=world.product, level_code="N1")
    services.product_approve(actor=world.board_a, product=world.product, level_code="N1")
    page = recorded_page.page
    for path in ("godkendelse/", "evalueringer/"):
        page.goto(COMPLIANCE + path)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        assert axe_violations(page) == []
    expect(page.get_by_test_id("evaluation-table")).to_be_visible()
    assert recorded_page.foreign_requests() == []
