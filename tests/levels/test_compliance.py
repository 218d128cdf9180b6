"""The held level (PRD-05): each level and every level below it, verified answers, structural
rules, deviations, recommended criteria and progress that reads 100 only when complete."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from os2gov.levels import services
from os2gov.levels.compliance import percentage, product_compliance
from os2gov.levels.models import Criterion
from tests.levels.conftest import TODAY, LevelWorld, answer_met, satisfy_manual, verify

pytestmark = pytest.mark.django_db


def criterion(key: str) -> Criterion:
    return Criterion.objects.get(model__is_current=True, key=key)


def held(world: LevelWorld) -> str | None:
    level = product_compliance(world.product).held_level
    return level.code if level is not None else None


def test_prd05_a_product_holds_the_highest_level_whose_criteria_and_those_below_are_met(
    world: LevelWorld,
) -> None:
    assert held(world) is None
    satisfy_manual(world, "N1")
    assert held(world) == "N1"
    satisfy_manual(world, "N2")
    assert held(world) == "N2"
    satisfy_manual(world, "N3")
    compliance = product_compliance(world.product)
    assert [entry.held for entry in compliance.levels] == [True, True, True]
    assert [entry.progress for entry in compliance.levels] == [100, 100, 100]
    assert held(world) == "N3"


def test_prd05_a_higher_level_is_not_held_while_a_lower_one_is_missing(world: LevelWorld) -> None:
    satisfy_manual(world, "N2", "N3")  # everything but N1
    compliance = product_compliance(world.product)
    assert compliance.held_level is None
    n3 = compliance.level("N3")
    assert not n3.held
    assert {state.criterion.key for state in n3.missing} == {
        c.key for c in world.manual_criteria("N1")
    }
    assert all(state.reason == "Not answered." for state in n3.missing)


def test_prd05_an_unverified_answer_counts_for_the_self_assessment_only(world: LevelWorld) -> None:
    for item in world.manual_criteria("N1"):
        answer_met(world, item)
    n1 = product_compliance(world.product).level("N1")
    assert not n1.held
    assert n1.progress == 0
    assert n1.self_assessed_progress == 100
    assert "not yet verified by the secretariat" in n1.missing[0].reason


def test_prd05_only_a_green_verification_counts(world: LevelWorld) -> None:
    satisfy_manual(world, "N1")
    first = world.manual_criteria("N1")[0]
    answer = first.answers.get(product=world.product)
    # The answer changes: the secretariat rates the new one yellow.
    changed = answer_met(
        world, first, justification="Opdateret.", expected_revision=answer.revision
    )
    verify(world, changed, rating="yellow")
    n1 = product_compliance(world.product).level("N1")
    assert not n1.held
    assert n1.missing[0].criterion == first
    assert "rated the answer yellow" in n1.missing[0].reason


def test_prd05_partly_met_counts_as_not_met(world: LevelWorld) -> None:
    satisfy_manual(world, "N1")
    target = criterion("N1-DOCUMENTATION")
    answer = target.answers.get(product=world.product)
    partly = services.answer_save(
        actor=world.tovholder,
        product=world.product,
        criterion=target,
        status="partly_met",
        justification="Administratorvejledningen mangler.",
        evidence_urls=["https://docs.example.org/os2niveau"],
        expected_revision=answer.revision,
    )
    verify(world, partly)
    n1 = product_compliance(world.product).level("N1")
    assert not n1.held
    assert [s.reason for s in n1.missing] == ["Answered “partly met”, which counts as not met."]


def test_prd05_a_recommended_criterion_not_met_is_acceptable_with_a_justification(
    world: LevelWorld,
) -> None:
    satisfy_manual(world, "N1")
    recommended = criterion("N1-ACCESSIBILITY-STATEMENT")
    assert recommended.obligation == "recommended"
    answer = recommended.answers.get(product=world.product)
    not_met = services.answer_save(
        actor=world.tovholder,
        product=world.product,
        criterion=recommended,
        status="not_met",
        justification="Erklæringen udarbejdes i næste kvartal.",
        expected_revision=answer.revision,
    )
    verify(world, not_met)
    assert held(world) == "N1"


def test_prd05_a_required_criterion_not_met_is_covered_only_by_an_accepted_deviation(
    world: LevelWorld,
) -> None:
    satisfy_manual(world, "N1")
    required = criterion("N1-TRAINING-MATERIALS")
    answer = required.answers.get(product=world.product)
    not_met = services.answer_save(
        actor=world.tovholder,
        product=world.product,
        criterion=required,
        status="not_met",
        justification="Materialet er under udarbejdelse.",
        expected_revision=answer.revision,
    )
    verify(world, not_met)
    n1 = product_compliance(world.product).level("N1")
    assert not n1.held
    assert "only by a deviation" in n1.missing[0].reason
    deviation = services.deviation_accept(
        actor=world.committee,
        product=world.product,
        criterion=required,
        reason="Undervisningsmaterialet leveres med næste udgivelse.",
        expires_on=TODAY + datetime.timedelta(days=90),
    )
    assert deviation.decision.body.kind == "business_committee"
    n1 = product_compliance(world.product).level("N1")
    assert n1.held
    covered = next(s for s in n1.criteria if s.criterion == required)
    assert covered.deviation == deviation
    assert "Covered by a deviation" in covered.reason
    # An expired deviation covers nothing.
    later = TODAY + datetime.timedelta(days=91)
    assert not product_compliance(world.product, on=later).level("N1").held


def test_prd05_a_deviation_also_covers_a_structural_criterion(world: LevelWorld) -> None:
    satisfy_manual(world, "N1", "N2")
    world.coordination.min_meetings_per_year = None
    world.coordination.save()
    assert held(world) == "N1"
    services.deviation_accept(
        actor=world.committee,
        product=world.product,
        criterion=criterion("N2-COORDINATION-GROUP"),
        reason="Mødekadencen aftales på næste møde.",
        expires_on=TODAY + datetime.timedelta(days=30),
    )
    assert held(world) == "N2"


def test_prd05_not_applicable_counts_only_where_the_criterion_allows_it(
    world: LevelWorld,
) -> None:
    satisfy_manual(world, "N1")
    procurement = criterion("N1-PROCUREMENT")
    assert procurement.not_applicable_allowed
    answer = procurement.answers.get(product=world.product)
    not_applicable = services.answer_save(
        actor=world.tovholder,
        product=world.product,
        criterion=procurement,
        status="not_applicable",
        justification="Udviklet af kommunerne selv uden indkøb.",
        expected_revision=answer.revision,
    )
    verify(world, not_applicable)
    assert held(world) == "N1"
    with pytest.raises(ValidationError) as refused:
        services.answer_save(
            actor=world.tovholder,
            product=world.product,
            criterion=criterion("N1-DOCUMENTATION"),
            status="not_applicable",
            justification="Ingen.",
            expected_revision=1,
        )
    assert refused.value.message_dict["status"] == [
        "N1-DOCUMENTATION cannot be answered “not applicable”."
    ]


def test_prd05_progress_is_rounded_down_and_reads_100_only_when_complete() -> None:
    assert percentage(199, 200) == 99
    assert percentage(2, 3) == 66
    assert percentage(0, 0) == 100
    assert percentage(3, 3) == 100


def test_prd05_progress_counts_the_level_and_every_level_below(world: LevelWorld) -> None:
    satisfy_manual(world, "N1")
    compliance = product_compliance(world.product)
    n1, n2 = compliance.level("N1"), compliance.level("N2")
    assert n1.progress == 100
    # N2: the 7 criteria of N1 and the 3 structural ones of N2 of 13 are met.
    assert n2.progress == 76
    assert not n2.held


def test_the_compliance_query_count_does_not_grow_with_answers(world: LevelWorld) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            product_compliance(world.product)
        return len(captured)

    none_answered = queries()
    # Accepted while the criterion is unmet (the service allows nothing else), then answered.
    services.deviation_accept(
        actor=world.committee,
        product=world.product,
        criterion=criterion("N1-DOCUMENTATION"),
        reason="Midlertidigt.",
        expires_on=TODAY,
    )
    satisfy_manual(world, "N1", "N2", "N3")
    assert queries() == none_answered
