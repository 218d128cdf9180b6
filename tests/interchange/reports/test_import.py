"""Importing governance reports into a product's answers: every layout, idempotence, the
round trip through the export, the model built from a report, and every rejection leaving
the database unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from os2gov.authority.service import MandateRefused
from os2gov.core.models import AuditEvent
from os2gov.governance.models import GroupKind, GroupRole
from os2gov.interchange.reports.exporter import export_governance_report
from os2gov.interchange.reports.importer import import_governance_report
from os2gov.interchange.reports.model_builder import build_model_from_report
from os2gov.interchange.reports.reader import ReportFileError, parse_report
from os2gov.levels import services
from os2gov.levels.models import Answer, Criterion, LevelModel
from tests.governance import factories as f
from tests.interchange.reports.conftest import answers_of, sample, snapshot
from tests.levels.conftest import LevelWorld

BEHOV = "https://docs.example.org/bogreol/behov"


def _import(world: LevelWorld, name: str, **extra: Any) -> Any:
    return import_governance_report(
        product=world.product, data=sample(name), actor=world.tovholder, file_name=name, **extra
    )


@pytest.mark.django_db
def test_the_model_built_from_a_report_has_its_ids_themes_levels_and_texts(
    world: LevelWorld,
) -> None:
    before = LevelModel.objects.get(is_current=True)
    parsed = parse_report(sample("emoji_headings.md"))
    built = build_model_from_report(actor=world.committee, parsed=parsed, source="rapport.md")
    draft = built.model
    assert draft.is_draft and not draft.is_current
    assert LevelModel.objects.get(is_current=True) == before  # never replaced silently
    assert [level.code for level in draft.levels.order_by("order")] == [
        "SANDBOX",
        "N0",
        "N1",
        "N2",
        "N3",
    ]
    assert built.levels_added == ["SANDBOX", "N0"]
    criteria = {c.key: c for c in draft.criteria.select_related("level")}
    assert list(criteria) == ["G1", "F1", "R1", "F2", "F3", "R2", "G2", "G3"]  # by level
    assert (criteria["R1"].theme, criteria["F2"].theme, criteria["G2"].theme) == (
        "relevance",
        "legal",
        "organisation",
    )
    assert criteria["R2"].obligation == "recommended" and criteria["R1"].obligation == "required"
    assert criteria["G1"].level.code == "SANDBOX"
    assert criteria["R2"].text_da == "Behovet er genbesøgt inden for de seneste to år"
    assert built.removed == before.criteria.count()


@pytest.mark.django_db
def test_building_a_model_is_the_business_committees(world: LevelWorld) -> None:
    parsed = parse_report(sample("emoji_headings.md"))
    before = snapshot()
    with pytest.raises(MandateRefused, match="business committee"):
        build_model_from_report(actor=world.tovholder, parsed=parsed)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_report_without_themes_builds_no_model(world: LevelWorld) -> None:
    parsed = parse_report(
        b"# X\n\n| # | Krav | Niveau | Opfyldt |\n|-|-|-|-|\n| R1 | Krav | 1 | |\n"
    )
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        build_model_from_report(actor=world.committee, parsed=parsed)
    assert refused.value.message_dict["file"] == ["Line 5: R1 has no theme heading above it."]
    assert snapshot() == before


@pytest.mark.django_db
def test_the_emoji_report_becomes_the_products_answers(
    world: LevelWorld, report_model: LevelModel
) -> None:
    report = _import(world, "emoji_headings.md")
    assert report.errors == [] and report.written
    answers = answers_of(world.product)
    assert answers["R1"] == (
        "met",
        "Behovet er beskrevet af tre kommuner, se behovsnotat.",
        [BEHOV],
    )
    assert answers["F2"][0] == "not_met"
    assert answers["G2"][0] == "not_applicable"
    assert answers["R2"][0] == "in_doubt"
    assert "G3" not in answers  # not answered: nothing written
    assert sorted(report.created) == sorted(["R1", "R2", "F1", "F2", "F3", "G1", "G2"])
    counts = {status: count for status, _label, count in report.mark_counts()}
    assert counts == {"met": 4, "not_met": 1, "not_applicable": 1, "in_doubt": 1, "not_answered": 1}
    assert AuditEvent.objects.filter(action="level_answer.import").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "bold_themes.md",
            {"R1": "met", "R2": "met", "F2": "not_met", "F3": "not_applicable"},
        ),
        ("task_boxes.md", {"R1": "met", "F1": "met", "F3": "met"}),
        (
            "words_2026.md",
            {
                "R1": "met",
                "R2": "partly_met",
                "F1": "met",
                "F2": "not_met",
                "F3": "not_applicable",
                "G1": "in_doubt",
                "G2": "not_met",
            },
        ),
        ("hand_edited.md", {"R1": "met", "R2": "not_met", "F1": "met", "F3": "in_doubt"}),
    ],
)
def test_every_layout_imports(
    world: LevelWorld, report_model: LevelModel, name: str, expected: dict[str, str]
) -> None:
    report = _import(world, name)
    assert report.errors == []
    assert {key: value[0] for key, value in answers_of(world.product).items()} == expected


@pytest.mark.django_db
def test_planned_is_not_met_and_says_so(world: LevelWorld, report_model: LevelModel) -> None:
    _import(world, "words_2026.md")
    assert answers_of(world.product)["F2"] == ("not_met", "Planlagt", [])


@pytest.mark.django_db
def test_an_import_that_changes_nothing_changes_nothing(
    world: LevelWorld, report_model: LevelModel
) -> None:
    _import(world, "emoji_headings.md")
    before = snapshot()
    again = _import(world, "emoji_headings.md")
    assert again.errors == [] and not again.written
    assert again.created == [] and again.changed == [] and len(again.unchanged) == 7
    assert snapshot() == before


@pytest.mark.django_db
def test_a_changed_answer_is_a_new_revision_and_loses_its_verification(
    world: LevelWorld, report_model: LevelModel
) -> None:
    _import(world, "emoji_headings.md")
    r1 = Answer.objects.get(
        product=world.product, criterion__key="R1", criterion__model=report_model
    )
    services.verification_record(
        actor=world.secretariat, answer=r1, rating="green", basis="Set.", revision=r1.revision
    )
    report = _import(world, "words_2026.md")  # R1 has other documentation there
    assert "R1" in report.changed
    r1.refresh_from_db()
    assert r1.revision == 2 and r1.verification is None
    assert r1.justification == "Se behovsnotat"


@pytest.mark.django_db
def test_the_round_trip_import_export_import_gives_the_same_answers(
    world: LevelWorld, report_model: LevelModel
) -> None:
    _import(world, "words_2026.md")
    first = answers_of(world.product)
    exported = export_governance_report(world.product).encode()
    other = f.product("OS2bogreol kopi")
    other_group = f.group(other, GroupKind.COORDINATION)
    f.member(other_group, world.tovholder, GroupRole.TOVHOLDER)
    report = import_governance_report(product=other, data=exported, actor=world.tovholder)
    assert report.errors == []
    assert answers_of(other) == first
    # and the export read back into the same product changes nothing
    before = snapshot()
    again = import_governance_report(product=world.product, data=exported, actor=world.tovholder)
    assert again.changed == [] and again.created == []
    assert snapshot() == before


@pytest.mark.django_db
def test_the_round_trip_with_the_default_model_keys(world: LevelWorld) -> None:
    criterion = Criterion.objects.get(model__is_current=True, key="N1-DOCUMENTATION")
    services.answer_save(
        actor=world.tovholder,
        product=world.product,
        criterion=criterion,
        status="partly_met",
        justification=(
            "Brugervejledningen | mangler et afsnit om <eksport> & [import].\nSe også \\bilag."
        ),
        evidence_urls=[BEHOV, "https://docs.example.org/bogreol/vejledning"],
    )
    first = answers_of(world.product)
    text = export_governance_report(world.product)
    assert "| N1-DOCUMENTATION |" in text and "| Delvist |" in text
    before = snapshot()
    report = import_governance_report(
        product=world.product, data=text.encode(), actor=world.tovholder
    )
    assert report.errors == [] and report.unchanged == ["N1-DOCUMENTATION"]
    assert answers_of(world.product) == first
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (sample("bad_merged_cells.md"), "Line 8: the row has 4 cells"),
        (sample("bad_unknown_mark.md"), "Line 8: R2: the mark “👍”"),
        (sample("bad_no_id_column.md"), "Line 5: the table has no ID column"),
    ],
)
def test_rows_that_cannot_be_read_stop_the_import_and_write_nothing(
    world: LevelWorld, report_model: LevelModel, data: bytes, expected: str
) -> None:
    before = snapshot()
    report = import_governance_report(product=world.product, data=data, actor=world.tovholder)
    assert not report.written
    assert str(report.errors[0]).startswith(expected)
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [sample("not_a_report.md"), sample("not_utf8.md"), b"\x89PNG\r\n\x1a\n\x00\x00IHDR"],
)
def test_a_file_that_is_no_report_writes_nothing(
    world: LevelWorld, report_model: LevelModel, data: bytes
) -> None:
    before = snapshot()
    with pytest.raises(ReportFileError):
        import_governance_report(product=world.product, data=data, actor=world.tovholder)
    assert snapshot() == before


@pytest.mark.django_db
def test_unknown_ids_stop_the_import_and_point_to_create_model(world: LevelWorld) -> None:
    before = snapshot()
    report = _import(world, "emoji_headings.md")  # the default model has no R1
    assert not report.written
    assert str(report.unknown_ids[0]) == (
        "Line 9: R1 is not a criterion of the current level model (version 1)."
    )
    assert len(report.unknown_ids) == 8
    assert "--create-model" in report.notes[0]
    assert snapshot() == before


@pytest.mark.django_db
def test_an_answer_breaking_a_criterions_rule_names_its_line(world: LevelWorld) -> None:
    text = (
        "# OS2bogreol\n\n## DOKUMENTATION\n\n| # | Krav | Dokumentation | Opfyldt |\n"
        "|---|---|---|---|\n| N1-DOCUMENTATION | Dokumentation | Findes. | ✅ |\n"
        "| N1-PROCUREMENT | Udbud | | ❌ |\n"
    )
    before = snapshot()
    report = import_governance_report(
        product=world.product, data=text.encode(), actor=world.tovholder
    )
    assert [str(error) for error in report.errors] == [
        "Line 7: N1-DOCUMENTATION requires a link to the evidence before it can be answered “met”.",
        "Line 8: Explain the answer “Not met” to N1-PROCUREMENT in a justification.",
    ]
    assert snapshot() == before


@pytest.mark.django_db
def test_only_the_tovholder_imports(world: LevelWorld, report_model: LevelModel) -> None:
    before = snapshot()
    with pytest.raises(MandateRefused, match="tovholder"):
        import_governance_report(
            product=world.product, data=sample("emoji_headings.md"), actor=world.supplier_person
        )
    assert snapshot() == before


@pytest.mark.django_db
def test_a_dry_run_writes_nothing(world: LevelWorld, report_model: LevelModel) -> None:
    before = snapshot()
    report = _import(world, "emoji_headings.md", dry_run=True)
    assert len(report.created) == 7 and not report.written
    assert snapshot() == before
