"""The held level is kept per level and recomputed when the data under it changes (PRD-05):
on a membership ended, an agreement expired, a decision recorded, an answer changed, and by
the daily job for time-based expiry. A loss writes a trail event and notifies people."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from os2gov.core.models import AuditEvent
from os2gov.governance.models import BodyKind
from os2gov.governance.services import body_membership_end, decision_record, membership_end
from os2gov.levels import services
from os2gov.levels.compliance import daily_level_check, recompute_product_level
from os2gov.levels.models import Criterion, Evaluation, LevelStatus
from tests.governance import factories as f
from tests.levels.conftest import TODAY, LevelWorld, answer_met, satisfy_manual

pytestmark = pytest.mark.django_db

YESTERDAY = TODAY - datetime.timedelta(days=1)
Capture = Callable[..., Any]


def status(world: LevelWorld, code: str) -> LevelStatus:
    return LevelStatus.objects.get(product=world.product, level_code=code)


def held_codes(world: LevelWorld) -> list[str]:
    return list(
        LevelStatus.objects.filter(product=world.product, held=True)
        .order_by("level_order")
        .values_list("level_code", flat=True)
    )


@pytest.fixture
def n2_world(world: LevelWorld) -> LevelWorld:
    """The product holds N2, with one board member left in its steering group."""
    satisfy_manual(world, "N1", "N2")
    world.memberships["steering_board_b"].delete()
    recompute_product_level(world.product)
    assert held_codes(world) == ["N1", "N2"]
    mail.outbox.clear()
    return world


def test_prd05_achieved_and_first_achieved_dates_are_kept(n2_world: LevelWorld) -> None:
    n2 = status(n2_world, "N2")
    assert (n2.achieved_on, n2.first_achieved_on, n2.lost_on) == (TODAY, TODAY, None)
    assert n2.progress == 100
    n3 = status(n2_world, "N3")
    assert not n3.held
    assert n3.achieved_on is None
    assert 0 < n3.progress < 100
    assert AuditEvent.objects.filter(action="level.achieved").count() == 2


def test_prd05_a_board_member_leaving_the_steering_group_loses_n2_and_notifies(
    n2_world: LevelWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    world = n2_world
    with django_capture_on_commit_callbacks(execute=True):
        membership_end(
            actor=world.secretariat,
            membership=world.memberships["steering_board_a"],
            ends_on=YESTERDAY,
        )
    n2 = status(world, "N2")
    assert not n2.held
    assert n2.lost_on == TODAY
    assert n2.first_achieved_on == TODAY
    assert held_codes(world) == ["N1"]
    event = AuditEvent.objects.get(action="level.lost")
    assert event.actor is None
    assert event.object_id == str(world.product.pk)
    assert event.changes["level"] == "N2"
    assert event.changes["missing"] == ["N2-STEERING-GROUP-BOARD-LINK"]
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(
        [
            world.tovholder.email,
            world.steering_member.email,
            world.secretariat.email,
        ]
    )
    message = mail.outbox[0]
    assert "OS2niveau" in message.subject
    assert "N2" in message.subject
    assert "N2-STEERING-GROUP-BOARD-LINK" in message.body


def test_prd05_regaining_a_level_keeps_the_first_achieved_date(
    n2_world: LevelWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    world = n2_world
    n2 = status(world, "N2")
    LevelStatus.objects.filter(pk=n2.pk).update(first_achieved_on=datetime.date(2025, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        membership_end(
            actor=world.secretariat,
            membership=world.memberships["steering_board_a"],
            ends_on=YESTERDAY,
        )
    assert not status(world, "N2").held
    with django_capture_on_commit_callbacks(execute=True):
        f.member(
            world.steering,
            world.board_b,
            "board_member",
            starts_on=TODAY,
            organisation=f.association(),
        )
    n2 = status(world, "N2")
    assert n2.held
    assert (n2.achieved_on, n2.first_achieved_on, n2.lost_on) == (
        TODAY,
        datetime.date(2025, 1, 1),
        None,
    )


def test_prd05_an_expired_agreement_is_noticed_when_it_is_recorded(
    n2_world: LevelWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    agreement = n2_world.product.agreements.get(organisation=n2_world.municipality_b)
    with django_capture_on_commit_callbacks(execute=True):
        agreement.ends_on = YESTERDAY
        agreement.save()
    assert held_codes(n2_world) == ["N1"]


def test_prd05_a_changed_answer_loses_the_level_until_verified_again(
    n2_world: LevelWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    world = n2_world
    one_version = Criterion.objects.get(model__is_current=True, key="N2-ONE-CODE-VERSION")
    answer = one_version.answers.get(product=world.product)
    with django_capture_on_commit_callbacks(execute=True):
        changed = answer_met(
            world,
            one_version,
            evidence_urls=["https://git.example.org/os2/os2niveau/releases"],
            expected_revision=answer.revision,
        )
    assert held_codes(world) == ["N1"]
    with django_capture_on_commit_callbacks(execute=True):
        services.verification_record(
            actor=world.secretariat,
            answer=changed,
            rating="green",
            basis="Udgivelserne er gennemgået.",
            revision=changed.revision,
        )
    assert held_codes(world) == ["N1", "N2"]


def test_prd04_a_board_decision_appointing_the_steering_group_is_noticed(
    world: LevelWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    satisfy_manual(world, "N1", "N2", "N3")
    assert world.board_decision is not None
    world.board_decision.subjects.all().delete()
    recompute_product_level(world.product)
    assert held_codes(world) == ["N1", "N2"]
    with django_capture_on_commit_callbacks(execute=True):
        decision_record(
            actor=world.secretariat,
            body=f.body(BodyKind.BOARD),
            decided_on=TODAY,
            text="Bestyrelsen nedsætter styregruppen.",
            action="decision.record",
            subjects=[world.steering],
        )
    assert held_codes(world) == ["N1", "N2", "N3"]


def test_prd05_a_board_change_recomputes_every_product(
    world: LevelWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    satisfy_manual(world, "N1", "N2", "N3")
    recompute_product_level(world.product)
    assert held_codes(world) == ["N1", "N2", "N3"]
    mail.outbox.clear()
    board_b = world.board_b.body_memberships.get(body__kind=BodyKind.BOARD)
    with django_capture_on_commit_callbacks(execute=True):
        body_membership_end(actor=world.secretariat, membership=board_b, ends_on=YESTERDAY)
    # Bent left the board but still sits in the steering group: nothing lost. A new board
    # member who is not in the steering group costs N3.
    assert held_codes(world) == ["N1", "N2", "N3"]
    newcomer = f.person(world.municipality_a, "Nis Nyvalgt")
    with django_capture_on_commit_callbacks(execute=True):
        f.body_member(BodyKind.BOARD, newcomer, starts_on=TODAY)
    assert held_codes(world) == ["N1", "N2"]
    # The tovholder, the three members of the steering group and the secretariat.
    assert len(mail.outbox) == 5


def test_prd04_the_daily_job_notices_a_stale_evaluation(world: LevelWorld) -> None:
    satisfy_manual(world, "N1", "N2", "N3")
    recompute_product_level(world.product)
    assert held_codes(world) == ["N1", "N2", "N3"]
    mail.outbox.clear()
    # The evaluation is now 13 months old.
    Evaluation.objects.update(evaluated_on=TODAY - datetime.timedelta(days=400))
    call_command("remind", stdout=io.StringIO())
    assert held_codes(world) == ["N1", "N2"]
    n3 = status(world, "N3")
    assert n3.lost_on == TODAY
    assert len(mail.outbox) == 5
    assert all("N3-ANNUAL-EVALUATION" in message.body for message in mail.outbox)
    sent = AuditEvent.objects.get(action="reminders.sent")
    assert sent.changes["sources"] == {"levels.held_level": 5}


def test_the_daily_job_for_another_day_only_reports(world: LevelWorld) -> None:
    satisfy_manual(world, "N1", "N2", "N3")
    recompute_product_level(world.product)
    later = TODAY + datetime.timedelta(days=400)
    reminders = daily_level_check(later)
    # In the platform's language; the subject names the product and the level.
    assert len(reminders) == 5
    assert all("OS2niveau" in r.subject and "N3" in r.subject for r in reminders)
    assert held_codes(world) == ["N1", "N2", "N3"]  # nothing written


def test_a_dry_run_of_the_daily_job_changes_nothing(world: LevelWorld) -> None:
    satisfy_manual(world, "N1", "N2", "N3")
    recompute_product_level(world.product)
    mail.outbox.clear()
    Evaluation.objects.update(evaluated_on=TODAY - datetime.timedelta(days=400))
    out = io.StringIO()
    call_command("remind", "--dry-run", stdout=out)
    assert "OS2niveau" in out.getvalue()
    assert held_codes(world) == ["N1", "N2", "N3"]
    assert not AuditEvent.objects.filter(action="level.lost").exists()
    assert mail.outbox == []
    # The real run then notices and notifies.
    call_command("remind", stdout=io.StringIO())
    assert held_codes(world) == ["N1", "N2"]
    assert len(mail.outbox) == 5
