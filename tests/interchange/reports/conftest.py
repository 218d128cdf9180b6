"""A level world (tests/levels/conftest.py) whose product, OS2bogreol, reads its fictional
governance reports. ``report_model`` makes the level model built from the emoji sample the
current one, so that the samples' IDs (R1, F1, G1 …) are criteria."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import translation

from os2gov.core.models import AuditEvent
from os2gov.interchange.reports.model_builder import build_model_from_report
from os2gov.interchange.reports.reader import parse_report
from os2gov.levels.models import Answer, AnswerRevision, Criterion, Level, LevelModel
from os2gov.levels.services.criteria import level_model_publish
from tests.levels.conftest import LevelWorld, build_world

SAMPLES = Path(__file__).resolve().parent / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


@pytest.fixture(autouse=True)
def _english_and_clean_cache() -> Iterator[None]:
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


@pytest.fixture(autouse=True)
def _nothing_pending() -> Iterator[None]:
    from os2gov.levels.signals import forget_pending

    forget_pending()
    yield
    forget_pending()


@pytest.fixture
def world(db: None) -> LevelWorld:
    return build_world(name="OS2bogreol")


def make_report_model_current(world: LevelWorld) -> LevelModel:
    parsed = parse_report(sample("emoji_headings.md"))
    built = build_model_from_report(actor=world.committee, parsed=parsed, source="test")
    return level_model_publish(actor=world.committee, model=built.model)


@pytest.fixture
def report_model(world: LevelWorld) -> LevelModel:
    return make_report_model_current(world)


def snapshot() -> dict[str, Any]:
    """Everything an import or a model build could write."""
    return {
        "answers": sorted(
            Answer.objects.values_list(
                "product_id", "criterion_id", "status", "justification", "revision"
            )
        ),
        "revisions": AnswerRevision.objects.count(),
        "audit": AuditEvent.objects.count(),
        "models": sorted(LevelModel.objects.values_list("version", "is_current")),
        "criteria": Criterion.objects.count(),
        "levels": Level.objects.count(),
    }


def answers_of(product: Any) -> dict[str, tuple[str, str, list[str]]]:
    return {
        answer.criterion.key: (answer.status, answer.justification, list(answer.evidence_urls))
        for answer in Answer.objects.filter(
            product=product, criterion__model__is_current=True
        ).select_related("criterion")
    }
