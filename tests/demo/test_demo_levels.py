"""The level demo: products on every level with their reasons, all made through the
services, and loaded idempotently."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation

from os2gov.accounts.models import User
from os2gov.authority import service as authority
from os2gov.catalogue.models import Product, ProductStatus
from os2gov.core.models import AuditEvent
from os2gov.demo import levels as demo_levels
from os2gov.demo.accounts import DEMO_ACCOUNTS
from os2gov.governance.models import (
    BodyKind,
    Decision,
    GroupKind,
    GroupMembership,
    GroupRole,
)
from os2gov.levels import selectors
from os2gov.levels.compliance import product_compliance
from os2gov.levels.models import (
    Answer,
    AnswerRevision,
    ApprovedLevel,
    Deviation,
    Evaluation,
    EvidenceFile,
    LevelModel,
    LevelRecommendation,
    LevelStatus,
    Verification,
)
from tests.accounts.conftest import english_client

pytestmark = pytest.mark.django_db

LEVEL_TABLES: dict[str, Any] = {
    "answers": Answer,
    "answer_revisions": AnswerRevision,
    "verifications": Verification,
    "evidence_files": EvidenceFile,
    "deviations": Deviation,
    "evaluations": Evaluation,
    "level_statuses": LevelStatus,
    "recommendations": LevelRecommendation,
    "approved_levels": ApprovedLevel,
    "decisions": Decision,
    "group_memberships": GroupMembership,
    "audit_events": AuditEvent,
}


def seed(scale: int = 1) -> None:
    call_command("seed_demo", quiet=True, scale=scale, without_wishes=True)


def snapshot() -> dict[str, list[Any]]:
    return {
        name: list(model._default_manager.order_by("pk").values())
        for name, model in LEVEL_TABLES.items()
    }


def account(key: str) -> User:
    return User.objects.get(email=next(a.email for a in DEMO_ACCOUNTS if a.key == key))


def product(slug: str) -> Product:
    return Product.objects.get(slug=slug)


# Runs first, before the module's seeded demo exists.
def test_without_a_level_model_the_rest_of_the_demo_loads(db: None) -> None:
    LevelModel.objects.all().delete()
    seed()
    assert Product.objects.count() == 8
    assert not Answer.objects.exists() and not ApprovedLevel.objects.exists()


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo, seeded once for this module inside a transaction rolled back at the end."""
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
def demo(_seeded_once: None, db: None) -> Iterator[None]:
    with translation.override("en"):
        yield


def levels_by_product() -> dict[str, tuple[str, str, bool]]:
    rows = selectors.secretariat_overview(selectors.secretariat_overview_products())
    return {
        row.product.slug: (
            row.summary.approved_code,
            row.summary.held_code,
            row.summary.below_approved_level,
        )
        for row in rows
    }


def test_the_demo_products_are_spread_over_the_levels(demo: None) -> None:
    assert levels_by_product() == {
        "os2faktor": ("N3", "N3", False),
        "os2mo": ("N2", "N2", False),
        "os2iot": ("N2", "N1", True),
        "os2rollekatalog": ("N1", "N1", False),
        "os2borgerpc": ("N1", "N1", False),
        "os2forms": ("N1", "N1", False),
        "os2display": ("", "", False),
        "os2valghalla": ("", "", False),
    }
    # The stored levels agree with a computation made now.
    for slug, (_approved, held, _flag) in levels_by_product().items():
        computed = product_compliance(product(slug)).held_level
        assert (computed.code if computed else "") == held, slug


def test_the_approved_n2_product_lost_n2_when_the_board_member_left_its_steering_group(
    demo: None,
) -> None:
    iot = product(demo_levels.LOST_PRODUCT)
    status = LevelStatus.objects.get(product=iot, level_code="N2")
    assert (status.held, status.first_achieved_on, status.lost_on) == (
        False,
        demo_levels.LOST_HELD_ON,
        demo_levels.LOST_SEAT_ENDS_ON + datetime.timedelta(days=1),
    )
    # The seat was ended through the membership service: its decision and audit event.
    seats = GroupMembership.objects.filter(
        group__product=iot, group__kind=GroupKind.STEERING, role=GroupRole.BOARD_MEMBER
    )
    assert not seats.filter(ends_on__isnull=True).exists()
    seat = seats.get(ends_on=demo_levels.LOST_SEAT_ENDS_ON)
    assert AuditEvent.objects.filter(
        action="group_membership.end", object_id=str(seat.pk), actor=account("secretariat")
    ).exists()
    assert AuditEvent.objects.filter(action="level.lost", object_id=str(iot.pk)).exists()
    reason = next(
        state.reason
        for state in product_compliance(iot).level("N2").missing
        if state.criterion.key == "N2-STEERING-GROUP-BOARD-LINK"
    )
    assert reason == (
        "The steering group has no member from the board or appointed by it since 07/01/2025."
    )


def test_the_n3_product_rests_on_the_whole_board_and_a_recent_evaluation(demo: None) -> None:
    faktor = product(demo_levels.N3_PRODUCT)
    n3 = product_compliance(faktor).level("N3")
    assert n3.held and n3.progress == 100
    reasons = {state.criterion.key: state.reason for state in n3.criteria}
    assert reasons["N3-STEERING-GROUP-WHOLE-BOARD"].startswith(
        "The board appointed the steering group on 01/28/2025, and all 6 board members sit in it."
    )
    assert reasons["N3-ANNUAL-EVALUATION"].startswith("Evaluated on ")
    evaluation = Evaluation.objects.filter(product=faktor).latest("evaluated_on")
    assert evaluation.evaluated_on > timezone.localdate() - datetime.timedelta(days=365)
    assert evaluation.group is not None and evaluation.group.kind == GroupKind.STEERING
    approvals = list(
        ApprovedLevel.objects.filter(product=faktor)
        .order_by("approved_on")
        .values_list("level_code", "recommendation__kind")
    )
    assert approvals == [("N2", "new_product"), ("N3", "level_change")]


def test_the_n2_product_shows_what_it_lacks_for_n3(demo: None) -> None:
    mo = product(demo_levels.N2_PRODUCT)
    missing = {state.criterion.key for state in product_compliance(mo).level("N3").missing}
    assert missing == {
        "N3-STEERING-GROUP-WHOLE-BOARD",
        "N3-BOARD-MEMBER-IN-COORDINATION",
        "N3-HANDOVER-TO-OPERATIONS",
        "N3-ANNUAL-EVALUATION",
    }
    # The demo tovholder can answer the missing N3 criterion itself.
    assert authority.allows(account("coordinator"), "criteria.answer", product=mo)


def test_the_n1_products_show_a_deviation_and_a_not_applicable_answer(demo: None) -> None:
    borgerpc = product_compliance(product("os2borgerpc")).level("N1")
    training = next(s for s in borgerpc.criteria if s.criterion.key == "N1-TRAINING-MATERIALS")
    assert training.satisfied and training.deviation is not None
    assert training.answer is not None and training.answer.status == "not_met"
    forms = product_compliance(product("os2forms")).level("N1")
    procurement = next(s for s in forms.criteria if s.criterion.key == "N1-PROCUREMENT")
    assert procurement.satisfied
    assert procurement.answer is not None and procurement.answer.status == "not_applicable"


def test_self_assessment_and_the_sandbox_product(demo: None) -> None:
    display = product_compliance(product(demo_levels.SELF_ASSESSED_PRODUCT)).level("N1")
    assert (display.progress, display.self_assessed_progress) == (85, 100)
    yellow = next(s for s in display.criteria if s.criterion.key == "N1-DOCUMENTATION")
    assert "The secretariat rated the answer yellow" in yellow.reason
    sandbox = product(demo_levels.SANDBOX_PRODUCT)
    assert sandbox.status == ProductStatus.SANDBOX
    assert Answer.objects.filter(product=sandbox, verification__isnull=True).count() == 2
    assert not ApprovedLevel.objects.filter(product=sandbox).exists()


def test_everything_went_through_the_services(demo: None) -> None:
    for answer in Answer.objects.select_related("product", "criterion"):
        assert AnswerRevision.objects.filter(answer=answer).exists()
        assert authority.allows(answer.answered_by, "criteria.answer", product=answer.product)
        assert AuditEvent.objects.filter(
            action="level_answer.save", object_id=str(answer.pk), actor=answer.answered_by
        ).exists()
    secretariat = account("secretariat")
    assert set(Verification.objects.values_list("verified_by", flat=True)) == {secretariat.pk}
    for approved in ApprovedLevel.objects.select_related(
        "decision__body", "recommendation__decision__body"
    ):
        assert approved.decision.body is not None
        assert approved.decision.body.kind == BodyKind.BOARD
        recommended = approved.recommendation.decision
        assert recommended.body is not None
        assert recommended.body.kind == BodyKind.BUSINESS_COMMITTEE
        assert recommended.decided_on < approved.decision.decided_on
    deviation = Deviation.objects.select_related("decision__body").get()
    assert deviation.decision.body is not None
    assert deviation.decision.body.kind == BodyKind.BUSINESS_COMMITTEE


def test_prd07_the_n1_demo_products_pages_say_no_body_watches_them(demo: None) -> None:
    client = english_client()
    for slug, watched in (("os2rollekatalog", False), ("os2mo", True), ("os2iot", True)):
        html = client.get(f"/produkter/{slug}/").content.decode()
        assert ('data-testid="nobody-watches"' in html) is not watched, slug
    iot = client.get("/produkter/os2iot/").content.decode()
    assert 'data-testid="panel-below-approved"' in iot


def test_a_second_run_changes_nothing_in_the_level_data(demo: None) -> None:
    before = snapshot()
    # The demo uploads no evidence files; every other table has rows.
    assert all(rows for table, rows in before.items() if table != "evidence_files")
    seed()
    assert snapshot() == before
    seed(scale=2)
    after = snapshot()
    for table in ("answers", "verifications", "approved_levels", "level_statuses"):
        assert after[table] == before[table], table
