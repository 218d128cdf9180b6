"""The structural criteria, computed from live data, each gained and lost (PRD-03, PRD-04)."""

from __future__ import annotations

import datetime

import pytest

from os2gov.governance.models import BodyKind, BodyPosition, GroupKind, GroupRole
from os2gov.governance.services import membership_end
from os2gov.levels.compliance import product_compliance
from os2gov.levels.models import Criterion
from os2gov.levels.structural import RULES, date_text, evaluate
from tests.governance import factories as f
from tests.levels.conftest import LONG_AGO, TODAY, LevelWorld, satisfy_manual

pytestmark = pytest.mark.django_db

YESTERDAY = TODAY - datetime.timedelta(days=1)


def rule(code: str, world: LevelWorld, day: datetime.date = TODAY) -> tuple[bool, str]:
    result = evaluate(code, world.product, day)
    return result.met, result.reason


def test_every_rule_the_default_model_names_is_registered(db: None) -> None:
    model_rules = set(
        Criterion.objects.filter(model__is_current=True, kind="structural").values_list(
            "rule", flat=True
        )
    )
    assert model_rules <= set(RULES)
    assert len(model_rules) == 6


def test_the_world_meets_every_structural_rule(world: LevelWorld) -> None:
    for code in RULES:
        met, reason = rule(code, world)
        assert met, (code, reason)


# --- N2 ------------------------------------------------------------------------------------------


def test_prd03_used_by_two_municipalities_gained_and_lost(world: LevelWorld) -> None:
    met, reason = rule("used_by_two_municipalities", world)
    assert met
    assert reason.startswith("2 municipalities use the product")
    agreement = world.product.agreements.get(organisation=world.municipality_b)
    agreement.ends_on = YESTERDAY
    agreement.save()
    met, reason = rule("used_by_two_municipalities", world)
    assert not met
    assert reason == (
        f"Only 1 municipality has a connection agreement in force on {date_text(TODAY)}; at "
        f"least two are needed. The last agreement to end ran until {date_text(YESTERDAY)}."
    )
    # A supplier or a region with an agreement is not a municipality.
    f.agreement(world.product, f.municipality())
    assert rule("used_by_two_municipalities", world)[0]


def test_prd03_steering_group_with_a_board_member_gained_and_lost(world: LevelWorld) -> None:
    met, reason = rule("steering_group_with_board_member", world)
    assert met
    assert "Bodil Bestyrelse" in reason
    for key in ("steering_board_a", "steering_board_b"):
        membership = world.memberships[key]
        membership.ends_on = YESTERDAY
        membership.save()
    met, reason = rule("steering_group_with_board_member", world)
    assert not met
    assert reason == (
        "The steering group has no member from the board or appointed by it since "
        f"{date_text(TODAY)}."
    )
    # An appointee of the board counts.
    appointee = f.person(world.municipality_a, "Anna Udpeget")
    f.member(world.steering, appointee, GroupRole.BOARD_APPOINTEE, organisation=f.association())
    assert rule("steering_group_with_board_member", world)[0]


def test_prd03_a_member_who_sits_on_the_board_counts_in_any_role(world: LevelWorld) -> None:
    for key in ("steering_board_a", "steering_board_b"):
        world.memberships[key].delete()
    assert not rule("steering_group_with_board_member", world)[0]
    assert rule("steering_group_with_board_member", world)[1] == (
        "The steering group has never had a member from the board or appointed by it."
    )
    # The plain steering-group member joins the board.
    f.body_member(BodyKind.BOARD, world.steering_member, BodyPosition.MEMBER, starts_on=TODAY)
    assert rule("steering_group_with_board_member", world)[0]
    assert not rule("steering_group_with_board_member", world, YESTERDAY)[0]


def test_prd03_no_steering_group_means_no_n2(db: None) -> None:
    from tests.levels.conftest import build_world

    world = build_world()
    other = f.product("OS2uden")
    world.product = other
    met, reason = rule("steering_group_with_board_member", world)
    assert (met, reason) == (False, "The product has no steering group.")


def test_prd03_coordination_group_with_municipality_supplier_and_cadence(
    world: LevelWorld,
) -> None:
    met, reason = rule("coordination_group_with_municipality_and_supplier", world)
    assert met
    assert "meets at least 4 times a year" in reason
    supplier = world.memberships["supplier"]
    supplier.ends_on = YESTERDAY
    supplier.save()
    world.coordination.min_meetings_per_year = None
    world.coordination.save()
    met, reason = rule("coordination_group_with_municipality_and_supplier", world)
    assert not met
    assert reason == (
        "The coordination group does not qualify: it has no member from a supplier on "
        f"{date_text(TODAY)}; no meeting cadence has been agreed."
    )
    f.member(
        world.coordination,
        world.supplier_person,
        GroupRole.SUPPLIER_REPRESENTATIVE,
        starts_on=TODAY,
        supplier_participation="voluntary",
    )
    world.coordination.min_meetings_per_year = 2
    world.coordination.save()
    assert rule("coordination_group_with_municipality_and_supplier", world)[0]


def test_prd03_coordination_group_needs_a_municipality(world: LevelWorld) -> None:
    tovholder = world.memberships["tovholder"]
    tovholder.ends_on = YESTERDAY
    tovholder.save()
    met, reason = rule("coordination_group_with_municipality_and_supplier", world)
    assert not met
    assert "it has no member from a municipality" in reason


# --- N3 ------------------------------------------------------------------------------------------


def test_prd04_steering_group_appointed_by_the_board_with_the_whole_board(
    world: LevelWorld,
) -> None:
    met, reason = rule("steering_group_appointed_by_board_with_whole_board", world)
    assert met
    assert reason == (
        f"The board appointed the steering group on {date_text(LONG_AGO)}, and all 2 board "
        "members sit in it."
    )
    # A new board member who is not in the steering group.
    newcomer = f.person(world.municipality_a, "Nis Nyvalgt")
    f.body_member(BodyKind.BOARD, newcomer, BodyPosition.MEMBER, starts_on=TODAY)
    assert rule("steering_group_appointed_by_board_with_whole_board", world, YESTERDAY)[0]
    met, reason = rule("steering_group_appointed_by_board_with_whole_board", world)
    assert not met
    assert reason == (
        "The steering group does not qualify: these board members are not in the steering "
        f"group on {date_text(TODAY)}: Nis Nyvalgt."
    )
    f.member(world.steering, newcomer, GroupRole.BOARD_MEMBER, organisation=f.association())
    assert rule("steering_group_appointed_by_board_with_whole_board", world)[0]


def test_prd04_a_board_member_who_left_the_steering_group_is_named(world: LevelWorld) -> None:
    membership = world.memberships["steering_board_b"]
    membership.ends_on = YESTERDAY
    membership.save()
    met, reason = rule("steering_group_appointed_by_board_with_whole_board", world)
    assert not met
    assert f"Bent Bestyrelse (left it after {date_text(YESTERDAY)})" in reason


def test_prd04_without_a_board_decision_the_steering_group_does_not_qualify(
    world: LevelWorld,
) -> None:
    assert world.board_decision is not None
    world.board_decision.subjects.all().delete()
    met, reason = rule("steering_group_appointed_by_board_with_whole_board", world)
    assert not met
    assert reason == (
        "The steering group does not qualify: no decision of the board appoints the steering group."
    )


def test_prd04_board_member_in_the_coordination_group_gained_and_lost(world: LevelWorld) -> None:
    assert rule("board_member_in_coordination_group", world)[0]
    membership_end(
        actor=world.secretariat,
        membership=world.memberships["coordination_board"],
        ends_on=YESTERDAY,
    )
    met, reason = rule("board_member_in_coordination_group", world)
    assert not met
    assert reason == f"The coordination group has no board member since {date_text(TODAY)}."
    # The tovholder is elected to the board: a board member in the group again.
    f.body_member(BodyKind.BOARD, world.tovholder, BodyPosition.MEMBER, starts_on=TODAY)
    assert rule("board_member_in_coordination_group", world)[0]


def test_prd04_an_appointee_is_not_a_board_member_of_the_coordination_group(
    world: LevelWorld,
) -> None:
    world.memberships["coordination_board"].delete()
    appointee = f.person(world.municipality_a, "Anna Udpeget")
    f.member(world.coordination, appointee, GroupRole.BOARD_APPOINTEE, organisation=f.association())
    assert not rule("board_member_in_coordination_group", world)[0]


def test_prd04_mtg04_evaluation_within_twelve_months_gained_and_lost(world: LevelWorld) -> None:
    evaluated_on = TODAY - datetime.timedelta(days=30)
    met, reason = rule("evaluated_within_a_year", world)
    assert met
    # The board member recorded it under the steering group's mandate (they sit in it).
    assert reason.startswith(f"Evaluated on {date_text(evaluated_on)} by Styregruppe")
    due = evaluated_on.replace(year=evaluated_on.year + 1)
    assert rule("evaluated_within_a_year", world, due)[0]
    met, reason = rule("evaluated_within_a_year", world, due + datetime.timedelta(days=1))
    assert not met
    assert f"the next was due by {date_text(due)}" in reason


def test_prd04_a_product_never_evaluated(db: None) -> None:
    product = f.product("OS2ny")
    result = evaluate("evaluated_within_a_year", product, TODAY)
    assert (result.met, result.reason) == (False, "The product has never been evaluated.")


def test_prd04_the_structural_criteria_drive_the_held_level(world: LevelWorld) -> None:
    satisfy_manual(world, "N1", "N2", "N3")
    assert product_compliance(world.product).held_level.code == "N3"  # type: ignore[union-attr]
    world.memberships["coordination_board"].delete()
    compliance = product_compliance(world.product)
    assert compliance.held_level.code == "N2"  # type: ignore[union-attr]
    assert [s.criterion.key for s in compliance.level("N3").missing] == [
        "N3-BOARD-MEMBER-IN-COORDINATION"
    ]


def test_an_unknown_rule_is_reported_not_raised(world: LevelWorld) -> None:
    result = evaluate("no_such_rule", world.product, TODAY)
    assert not result.met
    assert result.reason == "The rule “no_such_rule” is unknown."


def test_a_product_without_groups_fails_the_group_rules(db: None) -> None:
    product = f.product("OS2tom")
    for code, expected in (
        ("coordination_group_with_municipality_and_supplier", "no coordination group"),
        ("board_member_in_coordination_group", "no coordination group"),
        ("steering_group_appointed_by_board_with_whole_board", "no steering group"),
    ):
        result = evaluate(code, product, TODAY)
        assert not result.met
        assert expected in result.reason
    f.group(product, GroupKind.STEERING)
    assert not evaluate("steering_group_with_board_member", product, TODAY).met
