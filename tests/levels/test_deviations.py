"""Deviations (accepted by the business committee) and evaluations (by the steering group or
the board): bad input refused by field, mandates checked, decisions recorded."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from os2gov.authority.service import MandateRefused
from os2gov.core.models import AuditEvent
from os2gov.governance.models import BodyKind, Decision
from os2gov.levels import services
from os2gov.levels.models import Criterion, Deviation, Evaluation
from tests.levels.conftest import TODAY, LevelWorld, satisfy_manual

pytestmark = pytest.mark.django_db


def criterion(key: str) -> Criterion:
    return Criterion.objects.get(model__is_current=True, key=key)


def test_a_deviation_without_a_reason_or_an_expiry_is_refused(world: LevelWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        services.deviation_accept(
            actor=world.committee,
            product=world.product,
            criterion=criterion("N1-TRAINING-MATERIALS"),
            reason="  ",
            expires_on=None,
        )
    assert refused.value.message_dict == {
        "reason": ["A deviation needs a documented reason."],
        "expires_on": ["A deviation needs an expiry date; it is accepted for a limited time."],
    }
    with pytest.raises(ValidationError) as refused:
        services.deviation_accept(
            actor=world.committee,
            product=world.product,
            criterion=criterion("N1-TRAINING-MATERIALS"),
            reason="Materialet kommer.",
            expires_on=TODAY - datetime.timedelta(days=1),
        )
    assert refused.value.message_dict == {
        "expires_on": ["The deviation would expire before it is accepted."]
    }
    assert not Deviation.objects.exists()


def test_a_deviation_covers_only_a_required_criterion_not_met(world: LevelWorld) -> None:
    def refused_for(key: str) -> None:
        with pytest.raises(ValidationError) as refused:
            services.deviation_accept(
                actor=world.committee,
                product=world.product,
                criterion=criterion(key),
                reason="Ikke nødvendigt.",
                expires_on=TODAY,
            )
        assert list(refused.value.message_dict) == ["criterion"]
        assert key in refused.value.message_dict["criterion"][0]

    recommended = criterion("N1-ACCESSIBILITY-STATEMENT")
    assert not recommended.is_required
    refused_for(recommended.key)  # unanswered, but only recommended
    satisfy_manual(world, "N1")
    refused_for("N1-DOCUMENTATION")  # required, but met
    assert not Deviation.objects.exists()


def test_only_the_business_committee_accepts_a_deviation(world: LevelWorld) -> None:
    with pytest.raises(MandateRefused) as refused:
        services.deviation_accept(
            actor=world.board_a,
            product=world.product,
            criterion=criterion("N1-TRAINING-MATERIALS"),
            reason="Materialet kommer.",
            expires_on=TODAY,
        )
    assert str(refused.value) == "Only the business committee can accept this."


def test_an_accepted_deviation_is_a_decision_of_the_business_committee(world: LevelWorld) -> None:
    deviation = services.deviation_accept(
        actor=world.committee,
        product=world.product,
        criterion=criterion("N1-TRAINING-MATERIALS"),
        reason="Materialet kommer med næste udgivelse.",
        expires_on=TODAY + datetime.timedelta(days=60),
        method="meeting",
        meeting_reference="Forretningsudvalgets møde i november",
    )
    decision = deviation.decision
    assert decision.body.kind == BodyKind.BUSINESS_COMMITTEE  # type: ignore[union-attr]
    assert decision.action == "deviation.accept"
    assert decision.product == world.product
    assert decision.meeting_reference == "Forretningsudvalgets møde i november"
    assert "N1-TRAINING-MATERIALS" in decision.text
    event = AuditEvent.objects.get(action="level_deviation.accept")
    assert event.mandate.startswith("deviation.accept")


def test_mtg04_an_evaluation_is_recorded_with_date_body_summary_and_minutes(
    world: LevelWorld,
) -> None:
    evaluation = Evaluation.objects.get(product=world.product)
    assert evaluation.group == world.steering  # the board member used the steering group's
    assert evaluation.decision.action == "evaluation.record"
    # Someone on the board but not in the steering group records it as the board.
    outsider = world.board_b
    world.memberships["steering_board_b"].delete()
    recorded = services.evaluation_record(
        actor=outsider,
        product=world.product,
        evaluated_on=TODAY,
        summary="Årlig evaluering.",
        minutes_url="https://docs.example.org/referat-2",
    )
    assert recorded.body is not None and recorded.body.kind == BodyKind.BOARD
    assert recorded.decision.body == recorded.body


def test_mtg04_bad_evaluations_are_refused(world: LevelWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        services.evaluation_record(
            actor=world.steering_member,
            product=world.product,
            evaluated_on=TODAY + datetime.timedelta(days=1),
            summary="",
            minutes_url="referat",
        )
    assert set(refused.value.message_dict) == {"evaluated_on", "summary", "minutes_url"}
    with pytest.raises(MandateRefused):
        services.evaluation_record(
            actor=world.tovholder,
            product=world.product,
            evaluated_on=TODAY,
            summary="Evaluering.",
            minutes_url="https://docs.example.org/referat",
        )
    assert Decision.objects.filter(action="evaluation.record").count() == 1
