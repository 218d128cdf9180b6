"""The wishes of the demo: a few hundred across the products, in every state, walked there
through the services by the demo people whose job each step is, inside the economic frames;
deterministic and idempotent."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from os2gov.accounts.models import User
from os2gov.catalogue.models import ConnectionAgreement, Product
from os2gov.demo import wishes as demo
from os2gov.demo.accounts import DEMO_ACCOUNTS
from os2gov.economy.models import EconomicFrame, FundingLine, Pledge, PledgeState
from os2gov.economy.selectors import COMMITTED_STATES, frame_status
from os2gov.governance.models import Decision, DecisionSubject, GroupKind
from os2gov.wishes import selectors
from os2gov.wishes.models import (
    CloseReason,
    CriterionResult,
    DeliveryReview,
    DoneCriterion,
    Notification,
    Support,
    Wish,
    WishEvent,
    WishEventKind,
    WishState,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
S = WishState
LAST_DAY = datetime.date(2025, 12, 31)


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo, seeded once for this module in a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", quiet=True)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def demo_data(_seeded_once: None, db: None) -> None:
    """The seeded demo (scale 1)."""


def account(key: str) -> User:
    return User.objects.get(email=next(a.email for a in DEMO_ACCOUNTS if a.key == key))


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def test_a_few_hundred_wishes_in_every_state_across_the_products(demo_data: None) -> None:
    assert 200 <= Wish.objects.count() <= 400
    states = Counter(Wish.objects.values_list("state", flat=True))
    assert set(states) == set(WishState.values), set(WishState.values) - set(states)
    for product in Product.objects.all():
        assert product.wishes.count() >= 15, product
    reasons = set(Wish.objects.filter(state=S.CLOSED).values_list("close_reason", flat=True))
    assert reasons >= {
        CloseReason.DUPLICATE,
        CloseReason.OUTSIDE_BUSINESS_NEED,
        CloseReason.NO_BROAD_BENEFIT,
        CloseReason.WITHDRAWN,
    }
    assert Wish.objects.filter(scope="local").exists()
    assert set(Wish.objects.values_list("category", flat=True)) >= {"error", "maintenance"}


def test_supports_come_only_from_user_municipalities_one_each(demo_data: None) -> None:
    """WSH-01: every support is from an organisation using the product that day."""
    supports = Support.objects.select_related("wish", "municipality", "person")
    assert supports.count() > Wish.objects.count()
    for support in supports:
        day = local_day(support.created_at)
        assert (
            ConnectionAgreement.objects.active_on(day)
            .filter(product_id=support.wish.product_id, organisation=support.municipality)
            .exists()
        ), support
        assert support.person is None or support.person.organisation_id == support.municipality_id
    active = Counter(
        Support.objects.filter(withdrawn_at__isnull=True).values_list("wish", "municipality")
    )
    assert max(active.values()) == 1
    assert Wish.objects.filter(state=S.PRIORITISED, supports__isnull=False).exists()
    assert selectors.with_support_count(Wish.objects.all()).filter(support_count__gte=3).exists()


def test_frames_per_product_and_year_set_by_the_steering_mandate(demo_data: None) -> None:
    """ECO-01, ECO-02, ECO-05, GRP-08."""
    for product in Product.objects.all():
        years = set(product.economic_frames.values_list("year", flat=True))
        assert years == set(demo.frame_years(product.slug)), product
    frames = EconomicFrame.objects.select_related("product")
    for frame in frames:
        decision = Decision.objects.get(
            action="economic_frame.set",
            decided_on=demo.frame_day(frame.product.slug, frame.year),
            group__product=frame.product,
            recorded_by=frame.set_by,
        )
        assert decision.group is not None
        expected = (
            GroupKind.COORDINATION if frame.product.slug == demo.NEW_PRODUCT else GroupKind.STEERING
        )
        assert decision.group.kind == expected
    coordinator_lines = FundingLine.objects.filter(kind="product_coordinator")
    assert {line.frame.product.slug for line in coordinator_lines} == {demo.PAID_COORDINATOR}
    os2mo = EconomicFrame.objects.get(product__slug="os2mo", year=2025)
    assert os2mo.set_by == account("steering_group_member")


def test_the_money_works_out_in_every_frame(demo_data: None) -> None:
    """ECO-02, WSH-03, WSH-04: starts stayed within the frame and the own limit; the
    steering group approved what went beyond the own limit."""
    committed_years: set[tuple[str, int]] = set()
    for frame in EconomicFrame.objects.select_related("product"):
        status = frame_status(frame.product, frame.year)
        assert status.available >= 0, frame
        assert status.committed_by_coordination_group <= status.coordination_group_limit, frame
        if status.committed:
            committed_years.add((frame.product.slug, frame.year))
    assert {year for _slug, year in committed_years} == {2024, 2025}
    for wish in Wish.objects.filter(state__in=COMMITTED_STATES):
        assert wish.committed_frame is not None
        assert wish.committed_frame.product_id == wish.product_id
    approved = Wish.objects.filter(commitment_mandate="wish.approve")
    assert approved.exists()
    assert all(w.approved_amount and w.approved_benefit for w in approved)


def test_started_wishes_record_done_the_orderer_the_supplier_and_the_approver(
    demo_data: None,
) -> None:
    """WSH-06, WSH-07, ECO-04."""
    started = Wish.objects.filter(started_on__isnull=False)
    assert started.count() >= 50
    for wish in started:
        assert wish.done_criteria.count() >= 2, wish
        assert wish.orderer_id and wish.delivery_approver_id and wish.delivering_supplier_id
        assert wish.order_reference.startswith("ORD-")
        assert wish.delivering_supplier is not None
        assert wish.delivering_supplier.product_id == wish.product_id
    delivered = Wish.objects.filter(delivered_on__isnull=False)
    assert delivered.exists()
    assert all(w.invoice_reference.startswith("FAK-") for w in delivered)


def test_deliveries_are_reviewed_against_done_and_benefits_followed_up(demo_data: None) -> None:
    """WSH-08, WSH-09."""
    assert DeliveryReview.objects.filter(accepted=False).exists()
    assert CriterionResult.objects.filter(met=False).exclude(reason="").exists()
    reworked = Wish.objects.filter(state=S.REALISED, delivery_reviews__accepted=False)
    assert reworked.exists()
    for review in DeliveryReview.objects.all():
        assert review.results.count() == review.wish.done_criteria.count()
    realised = Wish.objects.filter(state=S.REALISED)
    assert all(w.realised_benefit and w.realised_on for w in realised)
    follow_ups = list(selectors.follow_ups())
    assert follow_ups
    assert any(getattr(w, "overdue") for w in follow_ups)  # noqa: B009 - an annotation


def test_pledges_are_open_or_committed_with_their_wish(demo_data: None) -> None:
    """WSH-10."""
    states = set(Pledge.objects.values_list("state", flat=True))
    assert states == {PledgeState.PLEDGED, PledgeState.COMMITTED}
    for pledge in Pledge.objects.filter(state=PledgeState.COMMITTED).select_related("wish"):
        wish = pledge.wish
        assert wish.frame_commitment == (wish.cost or Decimal(0)) - pledge.amount


def test_the_duplicate_sent_its_supports_to_the_original(demo_data: None) -> None:
    """WSH-12."""
    duplicates = Wish.objects.filter(close_reason=CloseReason.DUPLICATE)
    assert duplicates.count() == Product.objects.count()
    for duplicate in duplicates.select_related("duplicate_of"):
        original = duplicate.duplicate_of
        assert original is not None and original.state not in (S.CLOSED, S.REJECTED)
        assert duplicate.created_at > original.created_at
        assert (
            not duplicate.supports.filter(withdrawn_at__isnull=True)
            .exclude(municipality__in=original.supports.values("municipality"))
            .exists()
        )
    assert Support.objects.filter(moved_from__isnull=False).exists()


def test_the_timeline_and_the_decisions_carry_the_days_of_the_plan(demo_data: None) -> None:
    """Every move under a mandate is a decision of the group whose mandate it was, dated on
    the day of the plan, and the timeline shows the same day."""
    events = WishEvent.objects.select_related("decision", "wish")
    assert events.count() > 3 * Wish.objects.count()
    decided = events.filter(decision__isnull=False)
    assert decided.count() > Wish.objects.count()
    for event in events:
        day = local_day(event.occurred_at)
        assert datetime.date(2024, 1, 1) <= day <= demo.END, event
        assert event.occurred_at >= event.wish.created_at, event
        if event.decision is not None:
            assert event.decision.decided_on == day, event
    ours = Decision.objects.filter(action__startswith="wish.") | Decision.objects.filter(
        action="economic_frame.set"
    )
    assert not ours.filter(decided_on__gt=LAST_DAY).exists()
    # The groups decide at their meetings: the coordination group on the first Tuesday
    # (the new product's every other Tuesday), the steering group (or the group holding
    # its mandate) on the first Thursday.
    for event in decided:
        assert event.decision is not None
        day = event.decision.decided_on
        meetings = {
            demo.group_meeting(day),
            demo.group_meeting(day, fortnightly=True),
            demo.steering_meeting(day),
        }
        assert day in meetings, event
    os2mo = decided.filter(wish__product__slug="os2mo", decision__action="wish.start")
    assert all(e.decision and e.decision.decided_on.day <= 7 for e in os2mo)
    wish_type_subjects = DecisionSubject.objects.filter(content_type__model="wish")
    assert wish_type_subjects.count() == decided.count()


def test_the_demo_accounts_take_part(demo_data: None) -> None:
    """The logins show wishes: the OS2mo user's own, the tovholder's and the steering
    group member's decisions, the supplier's deliveries."""
    assert Wish.objects.filter(submitter=account("os2mo_user")).exists()
    assert Decision.objects.filter(recorded_by=account("coordinator"), action="wish.start").exists()
    assert Decision.objects.filter(
        recorded_by=account("steering_group_member"), action="wish.approve"
    ).exists()
    assert WishEvent.objects.filter(actor=account("supplier_user"), to_state=S.DELIVERED).exists()


def test_the_backlogs_are_ranked_with_their_reasons(demo_data: None) -> None:
    """WSH-02: the score and its components are stored for every wish in a backlog."""
    ranked = Wish.objects.filter(
        scope="general", state__in=[S.SUBMITTED, S.UNDER_REVIEW, S.PRIORITISED]
    )
    assert ranked.exists()
    assert not ranked.filter(rank__isnull=True).exists()
    assert all(w.priority_components.get("components") for w in ranked)
    assert not Wish.objects.exclude(pk__in=ranked).filter(rank__isnull=False).exists()
    assert ranked.filter(benefit_score__isnull=False).exists()


def test_nobody_is_notified_of_the_invented_history(demo_data: None) -> None:
    assert not Notification.objects.exists()


def _snapshot() -> dict[str, list[dict[str, Any]]]:
    models: tuple[Any, ...] = (
        Wish,
        WishEvent,
        Support,
        DoneCriterion,
        DeliveryReview,
        CriterionResult,
        Pledge,
        EconomicFrame,
        FundingLine,
        Decision,
        DecisionSubject,
    )
    return {
        model.__name__: list(model._default_manager.order_by("pk").values()) for model in models
    }


def test_a_second_run_changes_no_wish_and_no_frame(demo_data: None) -> None:
    before = _snapshot()
    call_command("seed_demo", quiet=True)
    assert _snapshot() == before


# --- The plan -------------------------------------------------------------------------------


def test_the_plan_fits_the_frames_and_the_past() -> None:
    for slug in demo.SUBJECTS:
        specs = demo.wish_specs(slug)
        assert len({s.title for s in specs}) == len(specs)
        own: dict[int, Decimal] = defaultdict(Decimal)
        for spec in specs:
            days = [spec.submitted_on, *(step.day for step in spec.steps)]
            assert days == sorted(days), spec
            assert days[-1] <= demo.END
            year = spec.start_year
            if year is not None:
                assert year in demo.frame_years(slug)
                assert spec.estimate is not None
                own[year] += spec.estimate
        for year, total in own.items():
            assert total <= demo.OWN_LIMITS.get(slug, demo.DEFAULT_OWN_LIMIT), (slug, year)


def _digest() -> str:
    return json.dumps(
        [
            [s.title, s.final_state, str(s.submitted_on), [str(t.day) for t in s.steps]]
            for slug in demo.SUBJECTS
            for s in demo.wish_specs(slug)
        ]
    )


def test_the_plan_is_the_same_in_a_fresh_interpreter() -> None:
    script = (
        "import os, django\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings.test'\n"
        "django.setup()\n"
        "from tests.demo.test_demo_wishes import _digest\n"
        "print(_digest())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "4242", "PATH": ""},
    )
    assert result.stdout.strip() == _digest()


def test_event_kinds_of_the_demo(demo_data: None) -> None:
    kinds = set(WishEvent.objects.values_list("kind", flat=True))
    assert kinds >= {
        WishEventKind.SUBMITTED,
        WishEventKind.SUPPORTED,
        WishEventKind.TRANSITION,
        WishEventKind.ESTIMATED,
        WishEventKind.ASSESSED,
        WishEventKind.PLEDGED,
        WishEventKind.SUPPORT_MOVED,
    }


# --- Scale ----------------------------------------------------------------------------------


def _counts(scale: int) -> dict[str, int]:
    return {slug: len(demo.wish_specs(slug, scale)) for slug in demo.SUBJECTS}


def test_scale_2_plans_about_twice_the_wishes_of_scale_1_and_only_appends() -> None:
    once, twice = _counts(1), _counts(2)
    first, second = sum(once.values()), sum(twice.values())
    assert first == 229
    assert 1.9 <= second / first <= 2.1
    for slug in demo.SUBJECTS:
        assert 1.8 <= twice[slug] / once[slug] <= 2.1, slug
        assert demo.wish_specs(slug, 2)[: once[slug]] == demo.wish_specs(slug, 1)
    # Each further step adds as many again.
    assert sum(_counts(3).values()) - second == second - first


def test_the_wishes_of_further_steps_differ_and_commit_no_money() -> None:
    """Every title is new (the loader knows a step by its titles); the steps after the first
    start and approve nothing, so the frames set once hold at every scale."""
    scale = 3
    qualifiers = [demo._qualifier(step) for step in range(1, 30)]
    assert len(set(qualifiers)) == len(qualifiers)
    for slug in demo.SUBJECTS:
        specs = demo.wish_specs(slug, scale)
        assert len({s.title for s in specs}) == len(specs), slug
        assert [s.index for s in specs] == list(range(len(specs)))
        assert {s.step for s in specs} == set(range(scale))
        for spec in specs:
            days = [spec.submitted_on, *(step.day for step in spec.steps)]
            assert days == sorted(days) and days[-1] <= demo.END, spec
            if spec.step:
                assert not {"start", "approve"} & {step.name for step in spec.steps}, spec
            if spec.duplicate_of is not None:
                assert specs[spec.duplicate_of].step == spec.step
        volume = [s for s in specs if s.step == scale - 1]
        assert {s.final_state for s in volume} >= {S.SUBMITTED, S.PRIORITISED, S.CLOSED}


def test_a_further_step_is_walked_through_the_services_once(demo_data: None) -> None:
    """The wishes scale 2 adds to one product (the smallest), loaded onto the demo: they
    go through the services like the first ones (timeline, decisions, ranks), and a
    second load creates nothing."""
    product = Product.objects.get(slug=demo.NEW_PRODUCT)
    added = [s for s in demo.wish_specs(demo.NEW_PRODUCT, 2) if s.step == 1]
    before = Wish.objects.count()
    loaded = demo.load_wishes({demo.NEW_PRODUCT: product}, lambda *args: None, scale=2)
    assert (loaded.wishes, loaded.frames) == (len(added), 0)
    assert Wish.objects.count() == before + len(added)
    new = Wish.objects.filter(title__in=[s.title for s in added])
    assert sorted(new.values_list("state", flat=True)) == sorted(s.final_state for s in added)
    assert new.filter(state=S.CLOSED, close_reason=CloseReason.DUPLICATE).exists()
    decided = WishEvent.objects.filter(wish__in=new, decision__isnull=False)
    assert decided.exists()
    assert all(datetime.date(2024, 1, 1) <= local_day(e.occurred_at) <= demo.END for e in decided)
    ranked = new.filter(scope="general", state__in=[S.SUBMITTED, S.UNDER_REVIEW, S.PRIORITISED])
    assert ranked.exists() and not ranked.filter(rank__isnull=True).exists()
    assert not Notification.objects.exists()
    # The receiver the load set aside is back.
    assert any(key[0] == demo.LEVELS_DECISION_RECEIVER for key, *_rest in post_save.receivers)
    again = demo.load_wishes({demo.NEW_PRODUCT: product}, lambda *args: None, scale=2)
    assert (again.wishes, again.frames) == (0, 0)
    assert Wish.objects.count() == before + len(added)
