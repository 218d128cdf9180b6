"""The level model as versioned data (PRD-02): the shipped default version 1, and new
versions made by the business committee under the mandate criteria.edit."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from os2gov.authority.service import MandateRefused
from os2gov.governance.models import BodyKind
from os2gov.levels import services
from os2gov.levels.compliance import product_compliance
from os2gov.levels.models import Answer, Criterion, LevelModel
from tests.levels.conftest import TODAY, LevelWorld, answer_met, current_model, satisfy_manual

pytestmark = pytest.mark.django_db


def test_prd02_the_default_model_ships_three_levels_with_their_criteria(db: None) -> None:
    model = current_model()
    assert model.version == 1
    assert not model.is_draft
    assert [level.code for level in model.levels.order_by("order")] == ["N1", "N2", "N3"]
    by_level: dict[str, set[str]] = {}
    for criterion in model.criteria.select_related("level"):
        by_level.setdefault(criterion.level.code, set()).add(criterion.key)
        assert criterion.text_da.strip() and criterion.text_en.strip()
        assert criterion.guidance_da.strip() and criterion.guidance_en.strip()
    assert by_level["N1"] == {
        "N1-RELEVANCE-BOTTOM-UP",
        "N1-LEGAL-OWNERSHIP",
        "N1-LEGAL-LICENCE",
        "N1-DOCUMENTATION",
        "N1-PROCUREMENT",
        "N1-TRAINING-MATERIALS",
        "N1-ACCESSIBILITY-STATEMENT",
    }
    assert by_level["N2"] == {
        "N2-USED-BY-TWO-MUNICIPALITIES",
        "N2-STEERING-GROUP-BOARD-LINK",
        "N2-COORDINATION-GROUP",
        "N2-BEST-PRACTICE-ROLLOUT-OPERATION",
        "N2-ONE-CODE-VERSION",
        "N2-SUPPLIER-OPERATION-SUPPORT",
    }
    assert by_level["N3"] == {
        "N3-STEERING-GROUP-WHOLE-BOARD",
        "N3-BOARD-MEMBER-IN-COORDINATION",
        "N3-HANDOVER-TO-OPERATIONS",
        "N3-ANNUAL-EVALUATION",
    }


def test_prd02_names_and_texts_follow_the_language(db: None) -> None:
    n1 = current_model().levels.get(code="N1")
    criterion = Criterion.objects.get(model__is_current=True, key="N1-DOCUMENTATION")
    with translation.override("da"):
        assert n1.name == "Tag det som det er"
        assert criterion.text.startswith("Der findes offentlig dokumentation")
    with translation.override("en"):
        assert n1.name == "Take it as it is"
        assert criterion.text.startswith("Public documentation exists")


def test_prd02_only_the_business_committee_edits_the_criteria(world: LevelWorld) -> None:
    for outsider in (world.board_a, world.secretariat, world.tovholder):
        with pytest.raises(MandateRefused) as refused:
            services.level_model_draft(actor=outsider, effective_on=TODAY)
        assert str(refused.value) == "Only the business committee can do this."


def test_prd02_each_change_makes_a_new_version_and_answers_are_kept_per_version(
    world: LevelWorld,
) -> None:
    satisfy_manual(world, "N1")
    v1 = current_model()
    draft = services.level_model_draft(
        actor=world.committee, effective_on=TODAY, notes="Skærpet dokumentationskrav."
    )
    assert (draft.version, draft.is_current, draft.is_draft) == (2, False, True)
    assert draft.criteria.count() == v1.criteria.count()
    # A sandbox level below N1, and a changed criterion.
    services.level_save(
        actor=world.committee,
        model=draft,
        code="SANDBOX",
        data={"order": 0, "name_da": "Sandkasse", "name_en": "Sandbox"},
    )
    services.criterion_save(
        actor=world.committee,
        model=draft,
        key="N1-DOCUMENTATION",
        data={
            "text_da": "Der findes offentlig dokumentation, også for drift.",
            "text_en": "Public documentation exists, also for operation.",
        },
    )
    # Nothing changes for the products until the draft is published.
    assert product_compliance(world.product).held_level.code == "N1"  # type: ignore[union-attr]
    published = services.level_model_publish(actor=world.committee, model=draft)
    assert published.is_current
    assert published.adopted_by is not None
    assert published.adopted_by.body.kind == BodyKind.BUSINESS_COMMITTEE  # type: ignore[union-attr]
    assert published.adopted_by.action == "criteria.edit"
    v1.refresh_from_db()
    assert not v1.is_current
    # Answers stay with version 1; unchanged criteria carry theirs over, verified.
    assert Answer.objects.filter(criterion__model=v1).count() == 7
    carried = Answer.objects.filter(criterion__model=published, product=world.product)
    assert carried.count() == 6
    assert all(answer.verification is not None for answer in carried)
    assert not carried.filter(criterion__key="N1-DOCUMENTATION").exists()
    compliance = product_compliance(world.product)
    assert [entry.code for entry in compliance.levels] == ["SANDBOX", "N1", "N2", "N3"]
    assert compliance.level("SANDBOX").held
    assert compliance.held_level.code == "SANDBOX"  # type: ignore[union-attr]
    assert [s.criterion.key for s in compliance.level("N1").missing] == ["N1-DOCUMENTATION"]
    # The changed criterion is answered again, in the new version.
    answer = answer_met(world, Criterion.objects.get(model=published, key="N1-DOCUMENTATION"))
    assert answer.criterion.model == published


def test_prd02_a_published_version_is_never_edited(world: LevelWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        services.criterion_save(
            actor=world.committee,
            model=current_model(),
            key="N1-DOCUMENTATION",
            data={"text_en": "Changed."},
        )
    assert refused.value.message_dict["model"] == [
        "Version 1 is published and is never edited: start a new draft version instead."
    ]


def test_prd02_criteria_are_validated(world: LevelWorld) -> None:
    draft = services.level_model_draft(actor=world.committee, effective_on=TODAY)
    with pytest.raises(ValidationError) as refused:
        services.criterion_save(
            actor=world.committee,
            model=draft,
            key="n2 dårlig",
            data={
                "level_code": "N7",
                "theme": "legal",
                "kind": "structural",
                "rule": "no_such_rule",
                "text_da": "",
                "text_en": "A criterion.",
            },
        )
    assert set(refused.value.message_dict) == {"key", "level_code", "rule", "text_da"}
    created = services.criterion_save(
        actor=world.committee,
        model=draft,
        key="N2-PUBLIC-ROADMAP",
        data={
            "level_code": "N2",
            "theme": "documentation",
            "obligation": "recommended",
            "text_da": "Produktet har en offentlig køreplan.",
            "text_en": "The product has a public roadmap.",
        },
    )
    assert created.model == draft
    with pytest.raises(ValidationError) as refused:
        services.level_model_draft(actor=world.committee, effective_on=TODAY)
    assert refused.value.message_dict["model"] == [
        "Version 2 is already a draft: finish or publish it first."
    ]
    services.criterion_remove(actor=world.committee, model=draft, key="N2-PUBLIC-ROADMAP")
    assert not draft.criteria.filter(key="N2-PUBLIC-ROADMAP").exists()


def test_prd02_answers_to_an_old_version_are_refused(world: LevelWorld) -> None:
    old = Criterion.objects.get(model__is_current=True, key="N1-DOCUMENTATION")
    draft = services.level_model_draft(
        actor=world.committee, effective_on=TODAY + datetime.timedelta(days=1)
    )
    services.level_model_publish(actor=world.committee, model=draft)
    with pytest.raises(ValidationError) as refused:
        answer_met(world, old)
    assert refused.value.message_dict["criterion"] == [
        "N1-DOCUMENTATION belongs to version 1 of the level model; answer the current one."
    ]
    assert LevelModel.objects.filter(is_current=True).count() == 1
