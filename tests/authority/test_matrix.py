"""The role-by-action matrix over every action of the catalogue (ACC-01, ACC-02).

The expected table is written out here by hand, not read from the catalogue: a changed
holder in the catalogue makes these tests fail until the table below is changed too.
"""

from __future__ import annotations

from typing import Any

import pytest

from os2gov.authority import service as authority
from os2gov.authority.actions import ACTIONS
from tests.authority.conftest import ROLES, World, fresh

pytestmark = pytest.mark.django_db

SECRETARIAT = {"secretariat_staff", "community_manager"}
ALFA_DECIDING_COORDINATION = {"coordination_group_member", "tovholder"}

# action code -> the roles that hold it, on OS2alfa (a product with a steering group) or on
# the group named in CONTEXT.
EXPECTED: dict[str, set[str]] = {
    "general_assembly.decide": {"general_assembly_delegate"},
    "board_guidelines.set": {"board_member"},
    "criteria.edit": {"business_committee_member"},
    "operations_criteria.recommend": {"coordination_committee_member"},
    "operations_criteria.approve": {"board_member"},
    "body.update": SECRETARIAT,
    "organisation.manage": SECRETARIAT,
    "product.create": SECRETARIAT,
    "product.recommend": {"business_committee_member"},
    "product.approve": {"board_member"},
    "product.update": SECRETARIAT | {"tovholder"},
    "level.recommend": {"business_committee_member"},
    "level.approve": {"board_member"},
    "catalogue.agreement.manage": SECRETARIAT,
    "catalogue.supplier.manage": SECRETARIAT,
    "criteria.answer": {"tovholder"},
    "criteria.verify": SECRETARIAT,
    "deviation.accept": {"business_committee_member"},
    "evaluation.record": {"steering_group_member", "board_member"},
    "membership.body.manage": SECRETARIAT,
    "membership.steering.manage": SECRETARIAT | {"steering_group_member"},
    "membership.coordination.manage": SECRETARIAT | {"tovholder"},
    "membership.professional.manage": SECRETARIAT,
    "membership.secretariat_exception.grant": {"steering_group_member"},
    "group.create": SECRETARIAT,
    "group.settings.edit": ALFA_DECIDING_COORDINATION,
    "kommissorium.adopt": ALFA_DECIDING_COORDINATION,
    "decision.record": ALFA_DECIDING_COORDINATION | SECRETARIAT,
    "economic_frame.set": {"steering_group_member"},
    "wish.prioritise": ALFA_DECIDING_COORDINATION,
    "wish.start": ALFA_DECIDING_COORDINATION,
    "wish.close": ALFA_DECIDING_COORDINATION,
    "wish.recommend": ALFA_DECIDING_COORDINATION,
    "wish.approve": {"steering_group_member"},
    "wish.reject": {"steering_group_member"},
    "wish.accept_delivery": ALFA_DECIDING_COORDINATION,
    "wish.import": ALFA_DECIDING_COORDINATION,
    "wish.follow_up": ALFA_DECIDING_COORDINATION | {"steering_group_member"},
    "status_report.submit": {"tovholder"},
    "news.forward": {"community_manager"},
}

# What each action is checked against: the product OS2alfa, or one of its groups.
CONTEXT: dict[str, str] = {
    "membership.professional.manage": "alfa_professional",
    "group.settings.edit": "alfa_coordination",
    "kommissorium.adopt": "alfa_coordination",
    "decision.record": "alfa_coordination",
}

# Actions about the association as a whole: no product.
ASSOCIATION_WIDE = {
    "general_assembly.decide",
    "board_guidelines.set",
    "criteria.edit",
    "operations_criteria.recommend",
    "operations_criteria.approve",
    "body.update",
    "organisation.manage",
    "product.create",
    "membership.body.manage",
}


def context_of(world: World, code: str) -> dict[str, Any]:
    if code in CONTEXT:
        return {"group": getattr(world, CONTEXT[code])}
    if code in ASSOCIATION_WIDE:
        return {}
    return {"product": world.alfa}


def test_acc01_the_expected_table_covers_every_action_of_the_catalogue() -> None:
    assert set(EXPECTED) == {action.code for action in ACTIONS}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_acc01_acc02_each_role_is_allowed_or_refused_exactly_as_the_table_says(
    world: World, code: str
) -> None:
    kwargs = context_of(world, code)
    permission_object = kwargs.get("group") or kwargs.get("product")
    wrong = []
    for role in ROLES:
        expected = role in EXPECTED[code]
        actor = fresh(world, role)
        allowed = authority.allows(actor, code, **kwargs)
        by_permission = actor.has_perm(f"authority.{code}", permission_object)
        try:
            mandate = authority.require(actor, code, **kwargs)
        except authority.MandateRefused as refusal:
            required = False
            assert str(refusal).startswith("Only "), refusal
        else:
            required = True
            assert mandate.action.code == code
        if not (allowed == by_permission == required == expected):
            wrong.append((role, f"expected {expected}", allowed, by_permission, required))
    assert wrong == []


@pytest.mark.parametrize("role", ROLES)
def test_acc02_a_role_holds_exactly_the_actions_of_the_table(world: World, role: str) -> None:
    actor = fresh(world, role)
    held = {code for code in EXPECTED if authority.allows(actor, code, **context_of(world, code))}
    assert held == {code for code, roles in EXPECTED.items() if role in roles}
