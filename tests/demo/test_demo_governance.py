"""The governance demo: eight products with their groups, the bodies' members, decisions,
and demo accounts whose printed roles are true. The rules of the membership services
hold in the loaded data, at scale 1 and with volume."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from os2gov.accounts.models import User
from os2gov.authority import service as authority
from os2gov.authority.predicates import governing_groups
from os2gov.authority.roles import RoleCode, roles_of
from os2gov.catalogue.licences import SPDX_LICENCES
from os2gov.catalogue.models import ConnectionAgreement, Product, ProductStatus, ProductSupplier
from os2gov.core.models import AuditEvent
from os2gov.demo import plan as demo_plan
from os2gov.demo.accounts import DEMO_ACCOUNTS
from os2gov.demo.services import municipality_codes
from os2gov.governance.models import (
    BodyKind,
    BodyMembership,
    BodyPosition,
    CoordinationLead,
    Decision,
    DecisionSubject,
    Group,
    GroupKind,
    GroupMembership,
    GroupRole,
    SupplierParticipation,
)
from os2gov.organisation.models import OrganisationType

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PRODUCT_NAMES = {
    "OS2mo",
    "OS2iot",
    "OS2rollekatalog",
    "OS2faktor",
    "OS2borgerPC",
    "OS2forms",
    "OS2valghalla",
    "OS2display",
}
LEADS = (GroupRole.TOVHOLDER, GroupRole.PRODUCT_COORDINATOR)
PUBLIC_AUTHORITIES = (
    OrganisationType.MUNICIPALITY,
    OrganisationType.REGION,
    OrganisationType.PUBLIC_AUTHORITY,
)


def today() -> datetime.date:
    return timezone.localdate()


def seed(scale: int = 1) -> None:
    call_command("seed_demo", quiet=True, scale=scale, without_wishes=True)


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo, seeded once for this module inside a transaction that is rolled back at
    the end. Each test runs in its own savepoint within it, so what a test adds (e.g. a
    larger scale) is gone for the next one."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            seed()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def demo(_seeded_once: None, db: None) -> None:
    """The seeded demo (scale 1)."""


def user(key: str) -> User:
    return User.objects.get(email=next(a.email for a in DEMO_ACCOUNTS if a.key == key))


def active(queryset: Any, day: datetime.date | None = None) -> Any:
    return queryset.active_on(day or today())


# --- Products, agreements, suppliers --------------------------------------------------------


def test_eight_products_with_licences_statuses_agreements_and_suppliers(demo: None) -> None:
    products = list(Product.objects.all())
    assert {p.name for p in products} == PRODUCT_NAMES
    statuses = Counter(p.status for p in products)
    assert statuses == {ProductStatus.ACTIVE: 7, ProductStatus.SANDBOX: 1}
    for product in products:
        product.full_clean()
        assert product.licence in SPDX_LICENCES
        assert product.short_description and product.description
        agreements = active(ConnectionAgreement.objects.filter(product=product))
        assert agreements.count() >= 3, product
        assert agreements.values("organisation").distinct().count() == agreements.count()
        for agreement in product.agreements.select_related("organisation"):
            agreement.full_clean()
            assert isinstance(agreement.annual_contribution, Decimal)
            assert agreement.annual_contribution > 0
            assert agreement.organisation.type == OrganisationType.MUNICIPALITY
        suppliers = list(product.suppliers.select_related("organisation"))
        assert suppliers, product
        for supplier in suppliers:
            supplier.full_clean()
            assert supplier.roles()
            assert supplier.contract_reference
    assert {"MPL-2.0", "EUPL-1.2"} <= {p.licence for p in products}
    flags = set(ProductSupplier.objects.values_list("offers_data_processing_agreement", flat=True))
    assert flags == {True, False}
    # Some agreements have ended, so the history of who used a product shows.
    assert ConnectionAgreement.objects.filter(ends_on__lt=today()).exists()


# --- Groups ---------------------------------------------------------------------------------


def test_every_product_has_a_coordination_group_and_all_but_one_a_steering_group(
    demo: None,
) -> None:
    for product in Product.objects.all():
        coordination = Group.objects.get(product=product, kind=GroupKind.COORDINATION)
        assert coordination.run_by in CoordinationLead.values
        assert coordination.min_meetings_per_year
    without = Product.objects.exclude(groups__kind=GroupKind.STEERING)
    assert [p.slug for p in without] == [demo_plan.WITHOUT_STEERING_GROUP]
    # The three ways to run a coordination group are all shown (GRP-04).
    assert set(Group.objects.values_list("run_by", flat=True)) - {""} == set(
        CoordinationLead.values
    )


def test_the_product_without_a_steering_group_is_steered_by_its_coordination_group(
    demo: None,
) -> None:
    """GRP-08: its coordination group holds the steering mandate, and used it."""
    product = Product.objects.get(slug=demo_plan.WITHOUT_STEERING_GROUP)
    groups = governing_groups(product)
    assert groups.steering_mandate_shifted
    assert groups.steering_mandate_holder == groups.coordination
    tovholder = (
        active(GroupMembership.objects.filter(group=groups.coordination, role__in=LEADS))
        .select_related("person")
        .get()
        .person
    )
    mandate = authority.require(tovholder, "economic_frame.set", product=product)
    assert mandate.group == groups.coordination
    assert Decision.objects.filter(group=groups.coordination, action="economic_frame.set").exists()


def test_every_steering_group_has_a_member_from_or_appointed_by_the_board(demo: None) -> None:
    # The level demo ends the board's seat of one product on purpose: it lost N2 by it.
    lost = "os2iot"
    for group in Group.objects.filter(kind=GroupKind.STEERING).exclude(product__slug=lost):
        board_seats = active(
            group.memberships.filter(role__in=[GroupRole.BOARD_MEMBER, GroupRole.BOARD_APPOINTEE])
        ).select_related("organisation", "person")
        assert board_seats, group.product
        for seat in board_seats:
            assert seat.organisation.type == OrganisationType.ASSOCIATION
            if seat.role == GroupRole.BOARD_MEMBER:
                assert active(
                    BodyMembership.objects.filter(person=seat.person, body__kind=BodyKind.BOARD)
                ).exists()
    roles = set(GroupMembership.objects.values_list("role", flat=True))
    assert {GroupRole.BOARD_MEMBER, GroupRole.BOARD_APPOINTEE} <= roles


def test_one_product_has_a_professional_group_with_a_working_basis(demo: None) -> None:
    professional = Group.objects.filter(kind=GroupKind.PROFESSIONAL)
    assert professional.count() == 1
    group = professional.get()
    assert group.product.slug == demo_plan.WITH_PROFESSIONAL_GROUP
    assert len(group.working_basis) > 200
    members = active(group.memberships.all())
    assert members.count() >= 4
    assert not members.filter(role__in=LEADS).exists()
    # The secretariat serves it (GRP-09), without any exception.
    served = members.get(role=GroupRole.SECRETARIAT)
    assert served.secretariat_exception_reason == ""
    assert active(
        BodyMembership.objects.filter(person=served.person, body__kind=BodyKind.SECRETARIAT)
    ).exists()


def test_some_memberships_have_ended_so_history_shows(demo: None) -> None:
    ended = GroupMembership.objects.filter(ends_on__lt=today())
    assert ended.filter(group__kind=GroupKind.COORDINATION, role=GroupRole.TOVHOLDER).exists()
    assert ended.filter(group__kind=GroupKind.STEERING).exists()
    assert ended.filter(group__kind=GroupKind.COORDINATION, role=GroupRole.MEMBER).exists()
    assert BodyMembership.objects.filter(ends_on__lt=today(), body__kind=BodyKind.BOARD).exists()


# --- The membership rules hold in the data ---------------------------------------------------


def assert_membership_rules_hold() -> None:
    day = today()
    coordination_groups = Group.objects.filter(kind=GroupKind.COORDINATION).select_related(
        "product"
    )
    assert coordination_groups.count() == len(PRODUCT_NAMES)
    for group in coordination_groups:
        memberships = list(group.memberships.select_related("organisation", "person"))
        # GRP-07: exactly one active tovholder (or paid product coordinator) today, and
        # never two at once.
        leads = [m for m in memberships if m.role in LEADS]
        current = [m for m in leads if m.starts_on <= day and (m.ends_on or day) >= day]
        assert len(current) == 1, group.product
        expected = (
            GroupRole.PRODUCT_COORDINATOR
            if group.run_by == CoordinationLead.PRODUCT_COORDINATOR
            else GroupRole.TOVHOLDER
        )
        assert current[0].role == expected
        for a in leads:
            for b in leads:
                if a.pk < b.pk:
                    assert (a.ends_on or day) < b.starts_on or (b.ends_on or day) < a.starts_on
        # GRP-02: a member representing a municipality is from a user municipality on every
        # day of the membership (checked on its first and last day: one agreement each).
        for membership in memberships:
            if membership.organisation.type not in PUBLIC_AUTHORITIES:
                continue
            last = min(membership.ends_on or day, day)
            agreements = ConnectionAgreement.objects.filter(
                product=group.product, organisation=membership.organisation
            )
            covering = agreements.active_on(membership.starts_on).filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=last)
            )
            assert covering.exists(), (group.product, membership)
        # GRP-06: one active supplier representative, on recorded terms.
        suppliers = [
            m
            for m in memberships
            if m.role == GroupRole.SUPPLIER_REPRESENTATIVE
            and m.starts_on <= day
            and (m.ends_on or day) >= day
        ]
        assert len(suppliers) == 1, group.product
        supplier = suppliers[0]
        assert supplier.organisation.type == OrganisationType.SUPPLIER
        assert ProductSupplier.objects.filter(
            product=group.product, organisation=supplier.organisation
        ).exists()
        assert supplier.supplier_participation in SupplierParticipation.values
        if supplier.supplier_participation == SupplierParticipation.WRITTEN_AGREEMENT:
            assert supplier.agreement_reference
        # GRP-03: the cap per municipality holds on every day a membership starts.
        cap = group.member_cap_per_municipality
        if cap is not None:
            for membership in memberships:
                present = group.memberships.active_on(membership.starts_on).filter(
                    organisation=membership.organisation
                )
                assert present.count() <= cap
    # GRP-05: no secretariat staff in a steering or coordination group (no exceptions made).
    staff = BodyMembership.objects.filter(body__kind=BodyKind.SECRETARIAT).values("person")
    assert not GroupMembership.objects.filter(
        group__kind__in=[GroupKind.STEERING, GroupKind.COORDINATION], person__in=staff
    ).exists()
    assert (
        not GroupMembership.objects.filter(
            group__kind__in=[GroupKind.STEERING, GroupKind.COORDINATION],
            organisation__type=OrganisationType.ASSOCIATION,
        )
        .exclude(role__in=[GroupRole.BOARD_MEMBER, GroupRole.BOARD_APPOINTEE])
        .exists()
    )
    # Everyone represents their own organisation, except on the board's behalf.
    for membership in GroupMembership.objects.exclude(
        role__in=[GroupRole.BOARD_MEMBER, GroupRole.BOARD_APPOINTEE]
    ).select_related("person"):
        assert membership.organisation_id == membership.person.organisation_id
    for body_membership in BodyMembership.objects.select_related("person"):
        assert body_membership.organisation_id == body_membership.person.organisation_id


def test_the_membership_rules_hold_in_the_demo_data(demo: None) -> None:
    assert_membership_rules_hold()


def test_the_membership_rules_hold_with_volume(demo: None) -> None:
    seed(scale=3)
    assert_membership_rules_hold()


def test_the_named_demo_tovholder_leads_os2mo(demo: None) -> None:
    lead = active(
        GroupMembership.objects.filter(
            group__product__slug="os2mo", group__kind=GroupKind.COORDINATION, role__in=LEADS
        )
    ).get()
    assert lead.person == user("coordinator")
    assert lead.role == GroupRole.TOVHOLDER
    steering = active(
        GroupMembership.objects.filter(group__product__slug="os2mo", group__kind=GroupKind.STEERING)
    )
    assert steering.filter(person=user("steering_group_member")).exists()


# --- The bodies -------------------------------------------------------------------------------


def test_the_bodies_have_members_in_their_positions(demo: None) -> None:
    positions: dict[str, set[str]] = {}
    for membership in active(BodyMembership.objects.select_related("body")):
        positions.setdefault(membership.body.kind, set()).add(membership.position)
    assert positions[BodyKind.BOARD] == {
        BodyPosition.CHAIR,
        BodyPosition.VICE_CHAIR,
        BodyPosition.MEMBER,
    }
    assert positions[BodyKind.SECRETARIAT] == {
        BodyPosition.HEAD,
        BodyPosition.STAFF,
        BodyPosition.COMMUNITY_MANAGER,
    }
    assert BodyPosition.DELEGATE in positions[BodyKind.GENERAL_ASSEMBLY]
    assert {BodyPosition.CHAIR, BodyPosition.MEMBER} <= positions[BodyKind.BUSINESS_COMMITTEE]
    assert {BodyPosition.CHAIR, BodyPosition.MEMBER} <= positions[BodyKind.COORDINATION_COMMITTEE]
    delegates = active(
        BodyMembership.objects.filter(
            body__kind=BodyKind.GENERAL_ASSEMBLY, position=BodyPosition.DELEGATE
        )
    )
    assert delegates.values("organisation").distinct().count() >= 5
    # One chair of the board at a time.
    chairs = active(
        BodyMembership.objects.filter(body__kind=BodyKind.BOARD, position=BodyPosition.CHAIR)
    )
    assert chairs.count() == 1
    assert active(
        BodyMembership.objects.filter(body__kind=BodyKind.BOARD, person=user("board_member"))
    ).exists()
    assert active(
        BodyMembership.objects.filter(
            body__kind=BodyKind.SECRETARIAT,
            person=user("secretariat"),
            position=BodyPosition.STAFF,
        )
    ).exists()


# --- Decisions and the trail ------------------------------------------------------------------


def test_memberships_and_decisions_leave_a_trail(demo: None) -> None:
    secretariat = user("secretariat")
    membership_type = ContentType.objects.get_for_model(GroupMembership)
    decided = set(
        DecisionSubject.objects.filter(content_type=membership_type).values_list(
            "object_id", flat=True
        )
    )
    # Every membership of the named demo was made through the services: it has its
    # decision and its audit event, recorded by the secretariat account.
    for membership in GroupMembership.objects.all():
        assert str(membership.pk) in decided
    assert AuditEvent.objects.filter(action="group_membership.add", actor=secretariat).count() == (
        GroupMembership.objects.count()
    )
    assert AuditEvent.objects.filter(action="group_membership.end").exists()
    assert AuditEvent.objects.filter(action="body_membership.add").exists()
    assert AuditEvent.objects.filter(action="catalogue.agreement.create").exists()
    # The one membership no mandate could record is explained in the trail.
    assert AuditEvent.objects.filter(action="demo.bootstrap", actor=None).count() == 1
    # Recorded decisions, e.g. the board approving a product on the committee's advice.
    approval = Decision.objects.get(
        body__kind=BodyKind.BOARD, action="product.approve", decided_on=datetime.date(2023, 11, 7)
    )
    assert [s.label for s in approval.subjects.all()] == ["OS2display"]
    assert Decision.objects.filter(
        body__kind=BodyKind.BUSINESS_COMMITTEE, action="product.recommend"
    ).exists()
    assert Decision.objects.filter(body__kind=BodyKind.GENERAL_ASSEMBLY).exists()
    assert Decision.objects.filter(group__kind=GroupKind.STEERING).exists()
    # Every decision carries a fixed day of the plan, never the day the seed ran.
    # (The level demo's N3 evaluation is the one exception: N3 needs one within a year.)
    assert not (
        Decision.objects.filter(decided_on__gt=datetime.date(2025, 12, 31))
        .exclude(action="evaluation.record")
        .exists()
    )


# --- The demo accounts' roles are true ----------------------------------------------------------


def test_every_demo_account_holds_the_role_the_table_prints(demo: None) -> None:
    for account in DEMO_ACCOUNTS:
        assert account.claims, account.key
        roles = roles_of(User.objects.get(email=account.email)).roles()
        for claim in account.claims:
            code = RoleCode(claim.code)
            matching = [role for role in roles if role.code == code]
            if claim.product:
                matching = [
                    role for role in matching if role.product and role.product.slug == claim.product
                ]
            assert matching, (account.key, claim)


def test_the_plain_municipal_users_hold_no_other_role(demo: None) -> None:
    for key in ("municipal_user", "os2mo_user"):
        assert roles_of(user(key)).role_codes() == {RoleCode.MUNICIPALITY_USER}
    # The new one's municipality uses OS2mo; the other's does not.
    os2mo = Product.objects.get(slug="os2mo")
    users = set(
        active(ConnectionAgreement.objects.filter(product=os2mo)).values_list(
            "organisation", flat=True
        )
    )
    assert user("os2mo_user").organisation_id in users
    assert user("municipal_user").organisation_id not in users


def test_the_demo_accounts_hold_the_mandates_of_their_roles(demo: None) -> None:
    os2mo = Product.objects.get(slug="os2mo")
    assert authority.allows(user("coordinator"), "membership.coordination.manage", product=os2mo)
    assert authority.allows(user("steering_group_member"), "economic_frame.set", product=os2mo)
    assert authority.allows(user("board_member"), "product.approve", product=os2mo)
    assert authority.allows(user("secretariat"), "membership.body.manage")
    # A supplier representative takes part but does not decide (GRP-06).
    assert not authority.allows(user("supplier_user"), "wish.prioritise", product=os2mo)
    assert not authority.allows(user("municipal_user"), "wish.prioritise", product=os2mo)


# --- Scale and determinism ------------------------------------------------------------------


def test_scale_multiplies_agreements_and_members(demo: None) -> None:
    counts = (
        ConnectionAgreement.objects.count(),
        GroupMembership.objects.count(),
        BodyMembership.objects.count(),
    )
    seed(scale=3)
    assert ConnectionAgreement.objects.count() >= 2 * counts[0]
    assert GroupMembership.objects.count() > counts[1]
    assert BodyMembership.objects.count() > counts[2]
    assert Product.objects.count() == len(PRODUCT_NAMES)


def _plan_digest(codes: list[str], scale: int) -> str:
    plan = demo_plan.demo_plan(codes, scale)
    return json.dumps(
        [
            [[p.email, p.name, p.title] for p in plan.people],
            [
                [
                    a.product,
                    a.municipality_code,
                    str(a.starts_on),
                    str(a.annual_contribution),
                    str(a.ends_on),
                ]
                for a in plan.agreements
            ],
            [[s.body, s.person, s.position, str(s.starts_on)] for s in plan.body_seats],
            [[s.product, s.group, s.person, s.role, str(s.starts_on)] for s in plan.group_seats],
        ]
    )


def test_the_plan_is_the_same_in_a_fresh_interpreter() -> None:
    codes = municipality_codes()
    script = (
        "import json, os, sys, django\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings.test'\n"
        "django.setup()\n"
        "from tests.demo.test_demo_governance import _plan_digest\n"
        "print(_plan_digest(json.loads(sys.argv[1]), 2))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, json.dumps(codes)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    )
    assert result.stdout.strip() == _plan_digest(codes, 2)
    # A larger scale only adds: what scale 1 holds is step 0 of any scale.
    small, large = demo_plan.demo_plan(codes, 1), demo_plan.demo_plan(codes, 3)
    assert set(small.people) <= set(large.people)
    assert [a for a in large.agreements if a.step == 0] == small.agreements
    assert [s for s in large.body_seats if s.step == 0] == small.body_seats
    assert [s for s in large.group_seats if s.step == 0] == small.group_seats
    assert large.groups == small.groups and large.decisions == small.decisions
