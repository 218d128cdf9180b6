"""Approved levels (PRD-06): the business committee recommends, the board approves, in that
order; a product approved above the level it holds is flagged (PRD-05)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from os2gov.authority.service import MandateRefused
from os2gov.catalogue.models import ProductStatus
from os2gov.core.models import AuditEvent
from os2gov.governance.models import BodyKind, Decision
from os2gov.levels import selectors, services
from os2gov.levels.compliance import recompute_product_level
from os2gov.levels.models import ApprovedLevel, LevelRecommendation
from tests.governance import factories as f
from tests.levels.conftest import TODAY, LevelWorld, build_world, satisfy_manual

pytestmark = pytest.mark.django_db


def approve_new(world: LevelWorld, code: str = "N1") -> ApprovedLevel:
    services.product_recommend(actor=world.committee, product=world.product, level_code=code)
    return services.product_approve(actor=world.board_a, product=world.product, level_code=code)


def test_prd06_a_new_product_is_recommended_by_the_committee_and_approved_by_the_board(
    world: LevelWorld,
) -> None:
    world.product.status = ProductStatus.SANDBOX
    world.product.save()
    recommendation = services.product_recommend(
        actor=world.committee, product=world.product, level_code="N1", text="Godt forarbejde."
    )
    assert recommendation.decision.body.kind == BodyKind.BUSINESS_COMMITTEE
    assert recommendation.decision.action == "product.recommend"
    assert recommendation.status == "pending"
    approved = services.product_approve(actor=world.board_a, product=world.product, level_code="N1")
    assert approved.decision.body.kind == BodyKind.BOARD
    assert approved.decision.action == "product.approve"
    assert approved.recommendation == recommendation
    recommendation.refresh_from_db()
    assert recommendation.status == "approved"
    world.product.refresh_from_db()
    assert world.product.status == ProductStatus.ACTIVE
    assert AuditEvent.objects.filter(action="level.approve.new_product").exists()


def test_prd06_a_change_of_level_takes_a_recommendation_then_an_approval(
    world: LevelWorld,
) -> None:
    approve_new(world, "N1")
    services.level_recommend(actor=world.committee, product=world.product, level_code="N2")
    approved = services.level_approve(actor=world.board_b, product=world.product, level_code="N2")
    assert approved.decision.action == "level.approve"
    history = list(
        ApprovedLevel.objects.filter(product=world.product)
        .order_by("approved_on", "pk")
        .values_list("level_code", flat=True)
    )
    assert history == ["N1", "N2"]
    assert selectors.product_level_summary(world.product).approved_code == "N2"


def test_prd06_board_approval_without_a_prior_recommendation_is_refused(
    world: LevelWorld,
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.product_approve(actor=world.board_a, product=world.product, level_code="N1")
    assert refused.value.message_dict == {
        "recommendation": [
            "The board approves a new product only on the business committee's "
            "recommendation, and OS2niveau has not been recommended at N1."
        ]
    }
    approve_new(world, "N1")
    with pytest.raises(ValidationError) as refused:
        services.level_approve(actor=world.board_a, product=world.product, level_code="N3")
    assert refused.value.message_dict["recommendation"] == [
        "The board approves a change of level only on the business committee's "
        "recommendation, and OS2niveau has not been recommended for N3."
    ]
    # A recommendation of N2 does not let the board approve N3.
    services.level_recommend(actor=world.committee, product=world.product, level_code="N2")
    with pytest.raises(ValidationError):
        services.level_approve(actor=world.board_a, product=world.product, level_code="N3")
    assert ApprovedLevel.objects.filter(product=world.product).count() == 1
    assert not Decision.objects.filter(action="level.approve").exists()


def test_prd06_the_approval_cannot_come_before_the_recommendation(world: LevelWorld) -> None:
    services.product_recommend(actor=world.committee, product=world.product, level_code="N1")
    with pytest.raises(ValidationError) as refused:
        services.product_approve(
            actor=world.board_a,
            product=world.product,
            level_code="N1",
            decided_on=TODAY - datetime.timedelta(days=3),
        )
    assert "decided_on" in refused.value.message_dict


def test_prd06_only_the_committee_recommends_and_only_the_board_approves(
    world: LevelWorld,
) -> None:
    with pytest.raises(MandateRefused) as refused:
        services.product_recommend(actor=world.board_a, product=world.product, level_code="N1")
    assert str(refused.value) == "Only the business committee can recommend this."
    services.product_recommend(actor=world.committee, product=world.product, level_code="N1")
    with pytest.raises(MandateRefused) as refused:
        services.product_approve(actor=world.committee, product=world.product, level_code="N1")
    assert str(refused.value) == "Only the board can approve this."


def test_prd06_the_right_procedure_for_new_and_approved_products(world: LevelWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        services.level_recommend(actor=world.committee, product=world.product, level_code="N2")
    assert refused.value.message_dict["product"][0].startswith("OS2niveau has not been approved")
    approve_new(world, "N1")
    with pytest.raises(ValidationError) as refused:
        services.product_recommend(actor=world.committee, product=world.product, level_code="N2")
    assert "already approved" in refused.value.message_dict["product"][0]
    with pytest.raises(ValidationError) as refused:
        services.level_recommend(actor=world.committee, product=world.product, level_code="N1")
    assert refused.value.message_dict["level_code"] == ["OS2niveau is already approved at N1."]
    with pytest.raises(ValidationError) as refused:
        services.level_recommend(actor=world.committee, product=world.product, level_code="N9")
    assert refused.value.message_dict["level_code"] == [
        "N9 is not a level of the current level model (N1, N2, N3)."
    ]
    services.level_recommend(actor=world.committee, product=world.product, level_code="N2")
    with pytest.raises(ValidationError) as refused:
        services.level_recommend(actor=world.committee, product=world.product, level_code="N3")
    assert refused.value.message_dict["product"] == [
        "The recommendation of N2 for OS2niveau is still awaiting the board's decision."
    ]
    assert LevelRecommendation.objects.filter(product=world.product).count() == 2


def test_prd05_prd06_a_product_approved_above_its_held_level_is_flagged(
    world: LevelWorld,
) -> None:
    satisfy_manual(world, "N1", "N2")
    recompute_product_level(world.product)
    approve_new(world, "N2")
    assert selectors.products_below_approved_level() == []
    summary = selectors.product_level_summary(world.product)
    assert (summary.approved_code, summary.held_code, summary.state) == ("N2", "N2", "held")
    world.memberships["steering_board_a"].delete()
    world.memberships["steering_board_b"].delete()
    recompute_product_level(world.product)
    flagged = selectors.products_below_approved_level()
    assert [s.product for s in flagged] == [world.product]
    assert (flagged[0].held_code, flagged[0].state) == ("N1", "not_held")


def test_the_secretariat_overview_query_count_does_not_grow_with_products(db: None) -> None:
    def overview_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            summaries = selectors.level_overview()
            assert all(s.state for s in summaries)
            selectors.products_below_approved_level()
        return len(queries)

    world = build_world(name="OS2første")
    satisfy_manual(world, "N1")
    recompute_product_level(world.product)
    approve_new(world, "N2")
    few = overview_queries()
    for n in range(4):
        other = build_world(name=f"OS2flere{n}")
        satisfy_manual(other, "N1")
        recompute_product_level(other.product)
        approve_new(other, "N1")
    f.product("OS2uden niveau")
    assert overview_queries() == few
    assert len(selectors.level_overview()) == 6
