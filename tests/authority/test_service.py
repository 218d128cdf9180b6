"""The rules behind the matrix: derived roles, GRP-06/08/09, the bodies' mandates (GOV-01…05),
refusal messages, programming errors and the number of queries a check costs."""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from os2gov.accounts.models import User
from os2gov.authority import rules as authority_rules
from os2gov.authority import service as authority
from os2gov.authority.actions import ACTIONS, Area, check_catalogue, get_action
from os2gov.authority.holders import THE_GROUP, HolderKind
from os2gov.authority.predicates import Context as MandateContext
from os2gov.authority.predicates import describe
from os2gov.authority.roles import RoleCode, roles_of
from os2gov.governance.models import BodyKind, BodyPosition, GroupKind, GroupRole
from tests.authority.conftest import (
    World,
    body,
    fresh,
    join_body,
    join_group,
    make_group,
    make_person,
    make_product,
)

pytestmark = pytest.mark.django_db

WISH_ACTIONS = [a.code for a in ACTIONS if a.code.startswith("wish.")]
ECONOMIC_ACTIONS = [a.code for a in ACTIONS if a.code.startswith("economic_frame.")]
# What the coordination group decides on a product's priorities and economy (GRP-06).
PRIORITY_AND_ECONOMY = [
    "wish.prioritise",
    "wish.start",
    "wish.close",
    "wish.recommend",
    "wish.accept_delivery",
]


# --- ACC-02: roles are derived from memberships -------------------------------------------

EXPECTED_ROLES: dict[str, set[RoleCode]] = {
    "general_assembly_delegate": {RoleCode.GENERAL_ASSEMBLY_DELEGATE, RoleCode.MUNICIPALITY_USER},
    "board_member": {RoleCode.BOARD_MEMBER, RoleCode.MUNICIPALITY_USER},
    "business_committee_member": {
        RoleCode.BUSINESS_COMMITTEE_MEMBER,
        RoleCode.MUNICIPALITY_USER,
    },
    "coordination_committee_member": {
        RoleCode.COORDINATION_COMMITTEE_MEMBER,
        RoleCode.MUNICIPALITY_USER,
    },
    "secretariat_staff": {RoleCode.SECRETARIAT_STAFF},
    "community_manager": {RoleCode.SECRETARIAT_STAFF, RoleCode.COMMUNITY_MANAGER},
    "steering_group_member": {RoleCode.STEERING_GROUP_MEMBER, RoleCode.MUNICIPALITY_USER},
    "coordination_group_member": {
        RoleCode.COORDINATION_GROUP_MEMBER,
        RoleCode.MUNICIPALITY_USER,
    },
    "tovholder": {
        RoleCode.COORDINATION_GROUP_MEMBER,
        RoleCode.TOVHOLDER,
        RoleCode.MUNICIPALITY_USER,
    },
    "product_coordinator_beta": {
        RoleCode.COORDINATION_GROUP_MEMBER,
        RoleCode.PRODUCT_COORDINATOR,
        RoleCode.MUNICIPALITY_USER,
    },
    "supplier_representative": {RoleCode.COORDINATION_GROUP_MEMBER, RoleCode.SUPPLIER_USER},
    "professional_group_member": {
        RoleCode.PROFESSIONAL_GROUP_MEMBER,
        RoleCode.MUNICIPALITY_USER,
    },
    "beta_coordination_member": {
        RoleCode.COORDINATION_GROUP_MEMBER,
        RoleCode.MUNICIPALITY_USER,
    },
    "municipality_user": {RoleCode.MUNICIPALITY_USER},
    "supplier_user": {RoleCode.SUPPLIER_USER},
    "superuser": set(),
    "anonymous": {RoleCode.ANONYMOUS},
}


@pytest.mark.parametrize("role", sorted(EXPECTED_ROLES))
def test_acc02_roles_are_derived_from_the_memberships_of_the_day(world: World, role: str) -> None:
    assert roles_of(fresh(world, role)).role_codes() == EXPECTED_ROLES[role]


def test_acc02_every_role_of_the_spec_can_be_derived(world: World) -> None:
    derived = set().union(*EXPECTED_ROLES.values())
    assert derived == set(RoleCode)


def test_acc02_a_group_role_names_the_group_and_its_product(world: World) -> None:
    roles = roles_of(fresh(world, "tovholder")).roles()
    tovholder = next(role for role in roles if role.code == RoleCode.TOVHOLDER)
    assert tovholder.group == world.alfa_coordination
    assert tovholder.product == world.alfa
    assert tovholder.position == "Tovholder"


def test_staff_and_superuser_flags_grant_no_governance_mandate(world: World) -> None:
    superuser = fresh(world, "superuser")
    assert superuser.is_superuser and superuser.is_staff
    for action in ACTIONS:
        kwargs = _any_context(world, action.code)
        assert not authority.allows(superuser, action.code, **kwargs), action.code
        obj = kwargs.get("group") or kwargs.get("product")
        assert not superuser.has_perm(f"authority.{action.code}", obj), action.code
    # The flags still work for what they are for: the site's own permissions.
    assert superuser.has_perm("accounts.change_user")


def _any_context(world: World, code: str) -> dict[str, Any]:
    action = get_action(code)
    if action.needs_group or action.scope == "group":
        return {
            "group": world.alfa_professional if "professional" in code else world.alfa_coordination
        }
    if action.scope == "product":
        return {"product": world.alfa}
    return {}


def test_memberships_ended_yesterday_or_starting_tomorrow_give_no_role(world: World) -> None:
    today = timezone.localdate()
    yesterday, tomorrow = today - datetime.timedelta(days=1), today + datetime.timedelta(days=1)
    former = make_person("tidligere@example.org", "Tidligere", world.municipality)
    join_group(former, world.alfa_steering, GroupRole.MEMBER, ends_on=yesterday)
    join_body(former, BodyKind.BOARD, BodyPosition.MEMBER, ends_on=yesterday)
    future = make_person("kommende@example.org", "Kommende", world.municipality)
    join_group(future, world.alfa_steering, GroupRole.MEMBER, starts_on=tomorrow)
    join_body(future, BodyKind.BOARD, BodyPosition.MEMBER, starts_on=tomorrow)
    for person in (former, future):
        person = User.objects.get(pk=person.pk)
        assert roles_of(person).role_codes() == {RoleCode.MUNICIPALITY_USER}
        assert not authority.allows(person, "wish.approve", product=world.alfa)
        assert not authority.allows(person, "product.approve", product=world.alfa)
    # On the days the memberships were in force, they count (the end day too).
    assert authority.allows(former, "wish.approve", product=world.alfa, on=yesterday)
    assert authority.allows(future, "product.approve", product=world.alfa, on=tomorrow)


def test_a_new_membership_counts_at_once_for_the_same_user_object(world: World) -> None:
    person = make_person("ny@example.org", "Ny", world.municipality)
    assert not authority.allows(person, "wish.start", product=world.alfa)
    join_group(person, world.alfa_coordination, GroupRole.MEMBER)
    assert authority.allows(person, "wish.start", product=world.alfa)


# --- GRP-08: no steering group, the coordination group holds its mandate -------------------


def test_grp08_without_a_steering_group_the_coordination_group_holds_its_mandates(
    world: World,
) -> None:
    member = fresh(world, "beta_coordination_member")
    for code in ("economic_frame.set", "wish.approve", "wish.reject", "membership.steering.manage"):
        mandate = authority.require(member, code, product=world.beta)
        assert mandate.holder.kind == HolderKind.STEERING_GROUP
        assert mandate.group == world.beta_coordination
        assert mandate.holder.shifted
        assert "has no steering group" in mandate.holder.label
    # On a product with a steering group, its coordination group does not hold them.
    alfa_member = fresh(world, "coordination_group_member")
    assert not authority.allows(alfa_member, "economic_frame.set", product=world.alfa)
    assert not authority.allows(alfa_member, "wish.approve", product=world.alfa)


def test_grp08_the_shift_is_computed_and_ends_when_a_steering_group_is_set_up(
    world: World,
) -> None:
    member = world["beta_coordination_member"]
    beta = world.beta
    assert authority.allows(member, "wish.approve", product=beta)
    steering = make_group(beta, GroupKind.STEERING, "Styregruppen for OS2beta", "styregruppe")
    assert not authority.allows(member, "wish.approve", product=beta)
    with pytest.raises(authority.MandateRefused) as refused:
        authority.require(member, "wish.approve", product=beta)
    assert str(refused.value) == "Only the steering group of OS2beta can approve this."
    chair = make_person("formand@example.org", "Formand", world.municipality)
    join_group(chair, steering, GroupRole.CHAIR)
    assert authority.require(chair, "wish.approve", product=beta).group == steering


def test_grp08_the_shifted_mandate_still_excludes_supplier_representatives(world: World) -> None:
    supplier_rep = make_person("lev@example.org", "Leverandør", world.supplier)
    join_group(supplier_rep, world.beta_coordination, GroupRole.SUPPLIER_REPRESENTATIVE)
    assert not authority.allows(supplier_rep, "economic_frame.set", product=world.beta)


# --- GRP-06: the supplier representative takes part but does not decide -------------------


@pytest.mark.parametrize("code", PRIORITY_AND_ECONOMY)
def test_grp06_supplier_representative_cannot_decide_priorities_or_money(
    world: World, code: str
) -> None:
    supplier_rep = fresh(world, "supplier_representative")
    with pytest.raises(authority.MandateRefused) as refused:
        authority.require(supplier_rep, code, product=world.alfa)
    assert "public-authority members of the coordination group of OS2alfa" in str(refused.value)
    mandate = authority.require(fresh(world, "coordination_group_member"), code, product=world.alfa)
    assert mandate.group == world.alfa_coordination


def test_grp06_a_supplier_in_an_ordinary_member_role_cannot_decide_either(world: World) -> None:
    person = make_person("udvikler@example.org", "Udvikler", world.supplier)
    join_group(person, world.alfa_coordination, GroupRole.MEMBER)
    assert not authority.allows(person, "wish.prioritise", product=world.alfa)


# --- GRP-09: professional groups hold no development or economic mandate ------------------


@pytest.mark.parametrize("code", WISH_ACTIONS + ECONOMIC_ACTIONS)
def test_grp09_professional_group_has_no_development_or_economic_mandate(
    world: World, code: str
) -> None:
    member = fresh(world, "professional_group_member")
    assert not authority.allows(member, code, product=world.alfa)
    assert not authority.allows(member, code, group=world.alfa_professional)
    # A product with only a professional group: nobody in it holds these mandates.
    lonely = make_product("OS2gamma", "os2gamma")
    knowledge = make_group(lonely, GroupKind.PROFESSIONAL, "Faggruppen for OS2gamma", "faggruppe")
    join_group(member, knowledge, GroupRole.CHAIR)
    assert not authority.allows(member, code, product=lonely)
    for holder in get_action(code).holders:
        for context in (MandateContext(product=lonely), MandateContext(group=knowledge)):
            resolved = describe(holder, context)
            assert resolved is None or resolved.group is None


def test_grp09_the_catalogue_refuses_a_development_mandate_for_the_group_itself() -> None:
    wish_start = get_action("wish.start")
    with pytest.raises(ImproperlyConfigured, match="GRP-09"):
        check_catalogue([replace(wish_start, holders=(THE_GROUP,))])
    assert {a.area for a in ACTIONS if a.development_or_economic} == {Area.WISHES, Area.ECONOMY}


def test_grp09_the_secretariat_serves_professional_groups(world: World) -> None:
    staff = fresh(world, "secretariat_staff")
    assert authority.allows(staff, "group.settings.edit", group=world.alfa_professional)
    assert authority.allows(staff, "membership.professional.manage", group=world.alfa_professional)
    # …but does not edit a steering or coordination group's settings (GRP-05).
    assert not authority.allows(staff, "group.settings.edit", group=world.alfa_coordination)
    assert not authority.allows(staff, "group.settings.edit", group=world.alfa_steering)


# --- GOV-01…05: each body holds exactly the mandates the SPEC gives it --------------------


def held_by_kind(kind: HolderKind) -> set[str]:
    return {action.code for action in ACTIONS if kind in action.holder_kinds}


def test_gov01_the_general_assembly_decides_statutes_and_licence_forms(world: World) -> None:
    assert held_by_kind(HolderKind.GENERAL_ASSEMBLY) == {"general_assembly.decide"}
    delegate = fresh(world, "general_assembly_delegate")
    mandate = authority.require(delegate, "general_assembly.decide")
    assert mandate.body == body(BodyKind.GENERAL_ASSEMBLY)
    # Its decisions are recorded as decisions of that body.
    recorded = authority.require(delegate, "decision.record", body=body(BodyKind.GENERAL_ASSEMBLY))
    assert recorded.body == body(BodyKind.GENERAL_ASSEMBLY)
    assert not authority.allows(delegate, "decision.record", body=body(BodyKind.BOARD))


def test_gov02_the_board_approves_recommendations_and_sets_guidelines(world: World) -> None:
    assert held_by_kind(HolderKind.BOARD) == {
        "product.approve",
        "level.approve",
        "operations_criteria.approve",
        "board_guidelines.set",
        "evaluation.record",
    }
    committee = fresh(world, "business_committee_member")
    with pytest.raises(authority.MandateRefused) as refused:
        authority.require(committee, "product.approve", product=world.alfa)
    assert str(refused.value) == "Only the board can approve this."
    assert authority.require(fresh(world, "board_member"), "level.approve", product=world.alfa)


def test_gov03_the_business_committee_owns_criteria_and_recommends_to_the_board(
    world: World,
) -> None:
    assert held_by_kind(HolderKind.BUSINESS_COMMITTEE) == {
        "criteria.edit",
        "product.recommend",
        "level.recommend",
        "deviation.accept",
    }
    board_member = fresh(world, "board_member")
    with pytest.raises(authority.MandateRefused) as refused:
        authority.require(board_member, "level.recommend", product=world.alfa)
    assert str(refused.value) == "Only the business committee can recommend this."


def test_gov04_the_secretariat_runs_daily_operations_and_community_management(
    world: World,
) -> None:
    assert held_by_kind(HolderKind.SECRETARIAT) == {
        "body.update",
        "organisation.manage",
        "product.create",
        "product.update",
        "catalogue.agreement.manage",
        "catalogue.supplier.manage",
        "criteria.verify",
        "membership.body.manage",
        "membership.steering.manage",
        "membership.coordination.manage",
        "membership.professional.manage",
        "group.create",
        "group.settings.edit",
        "decision.record",
    }
    assert held_by_kind(HolderKind.COMMUNITY_MANAGER) == {"news.forward"}
    manager = fresh(world, "community_manager")
    assert authority.require(manager, "news.forward", product=world.alfa).holder.kind == (
        HolderKind.COMMUNITY_MANAGER
    )
    assert not authority.allows(
        fresh(world, "secretariat_staff"), "news.forward", product=world.alfa
    )


def test_gov05_the_coordination_committee_recommends_operations_criteria(world: World) -> None:
    assert held_by_kind(HolderKind.COORDINATION_COMMITTEE) == {"operations_criteria.recommend"}
    member = fresh(world, "coordination_committee_member")
    assert authority.require(member, "operations_criteria.recommend").body == body(
        BodyKind.COORDINATION_COMMITTEE
    )
    assert not authority.allows(member, "operations_criteria.approve")


# --- Refusals and programming errors ------------------------------------------------------


def test_acc01_a_refusal_names_who_holds_the_mandate_for_the_product(world: World) -> None:
    user = fresh(world, "municipality_user")
    cases = {
        ("wish.approve", "alfa"): "Only the steering group of OS2alfa can approve this.",
        ("membership.coordination.manage", "alfa"): (
            "Only the tovholder of OS2alfa's coordination group or the secretariat can do this."
        ),
        ("wish.approve", "beta"): (
            "Only the coordination group of OS2beta (which holds the steering group's mandate, "
            "as OS2beta has no steering group) can approve this."
        ),
    }
    for (code, product), message in cases.items():
        with pytest.raises(authority.MandateRefused) as refused:
            authority.require(user, code, product=getattr(world, product))
        assert str(refused.value) == message
        assert isinstance(refused.value, PermissionDenied)
        assert refused.value.action.code == code
    with pytest.raises(authority.MandateRefused) as refused:
        authority.require(user, "kommissorium.adopt", group=world.alfa_professional)
    assert str(refused.value) == "Only the members of Faggruppen for OS2alfa can adopt this."


def test_acc01_anonymous_is_refused_with_the_same_message(world: World) -> None:
    with pytest.raises(authority.MandateRefused) as refused:
        authority.require(AnonymousUser(), "product.approve", product=world.alfa)
    assert str(refused.value) == "Only the board can approve this."


def test_unknown_action_code_is_a_programming_error(world: World) -> None:
    board_member = fresh(world, "board_member")
    with pytest.raises(KeyError):
        authority.require(board_member, "product.approv")
    with pytest.raises(KeyError):
        authority.allows(board_member, "no.such.action")


def test_a_product_mandate_without_its_product_is_a_programming_error(world: World) -> None:
    with pytest.raises(ValueError, match="product"):
        authority.require(fresh(world, "tovholder"), "wish.start")
    with pytest.raises(ValueError, match="group"):
        authority.require(fresh(world, "tovholder"), "kommissorium.adopt", product=world.alfa)
    with pytest.raises(ValueError, match="not a group of"):
        authority.require(
            fresh(world, "tovholder"),
            "wish.start",
            product=world.beta,
            group=world.alfa_coordination,
        )


def test_the_mandate_tells_the_calling_service_what_to_record(world: World) -> None:
    mandate = authority.require(
        fresh(world, "tovholder"), "membership.coordination.manage", group=world.alfa_coordination
    )
    assert mandate.holder.kind == HolderKind.TOVHOLDER
    assert mandate.group == world.alfa_coordination and mandate.body is None
    assert mandate.audit_text == (
        "membership.coordination.manage: Manage the coordination group's members "
        "(the tovholder of OS2alfa's coordination group)"
    )
    staff_mandate = authority.require(
        fresh(world, "secretariat_staff"), "membership.coordination.manage", product=world.alfa
    )
    assert staff_mandate.body == body(BodyKind.SECRETARIAT)


# --- django-rules: the same check under "authority.<code>" --------------------------------


def test_every_action_is_a_rules_permission_and_works_in_templates(world: World) -> None:
    import rules

    for action in ACTIONS:
        assert rules.perm_exists(authority_rules.permission_name(action.code))
    template = Template(
        "{% load rules %}{% has_perm 'authority.wish.start' user product as can_start %}"
        "{% if can_start %}yes{% else %}no{% endif %}"
    )
    for role, expected in (
        ("tovholder", "yes"),
        ("supplier_representative", "no"),
        ("superuser", "no"),
    ):
        rendered = template.render(Context({"user": fresh(world, role), "product": world.alfa}))
        assert rendered == expected, role
    # Without the product there is nothing to resolve the holder against.
    assert not fresh(world, "tovholder").has_perm("authority.wish.start")


# --- Queries ------------------------------------------------------------------------------


def test_require_costs_a_bounded_number_of_queries_however_many_memberships(
    world: World,
) -> None:
    def cost(person: User) -> int:
        person = User.objects.get(pk=person.pk)
        product = type(world.alfa).objects.get(pk=world.alfa.pk)
        with CaptureQueriesContext(connection) as queries:
            authority.require(person, "wish.start", product=product)
            authority.require(person, "economic_frame.set", product=product)
            authority.allows(person, "news.forward", product=product)
        return len(queries)

    busy = make_person("travl@example.org", "Travl", world.municipality)
    join_group(busy, world.alfa_coordination, GroupRole.MEMBER)
    join_group(busy, world.alfa_steering, GroupRole.MEMBER)
    few = cost(busy)
    for n in range(12):
        product = make_product(f"OS2ekstra{n}", f"os2ekstra{n}")
        join_group(
            busy, make_group(product, GroupKind.COORDINATION, f"KG {n}", "kg"), GroupRole.MEMBER
        )
        join_body(busy, [BodyKind.BOARD, BodyKind.BUSINESS_COMMITTEE][n % 2], BodyPosition.MEMBER)
    assert cost(busy) == few <= 3
