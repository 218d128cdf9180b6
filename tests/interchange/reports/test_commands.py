"""``import_governance_report`` and ``export_governance_report``: what they print, exit
code 2 and nothing written when anything stops them."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from os2gov.levels.models import LevelModel
from tests.interchange.reports.conftest import SAMPLES, answers_of, snapshot
from tests.levels.conftest import LevelWorld


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_governance_report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_the_command_imports_and_prints_what_it_read(
    world: LevelWorld, report_model: LevelModel
) -> None:
    out, _err = _run(
        world.product.slug, str(SAMPLES / "words_2026.md"), "--actor", world.tovholder.email
    )
    assert "Governance report words_2026.md for OS2bogreol: done." in out
    assert "Criteria rows read: 8" in out
    assert "    Met: 2" in out and "    Partly met: 1" in out and "    Not answered: 1" in out
    assert "Added: 7" in out
    assert answers_of(world.product)["R2"][0] == "partly_met"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad_merged_cells.md", "Line 8: the row has 4 cells and the header 5"),
        ("bad_unknown_mark.md", "Line 8: R2: the mark “👍”"),
        ("bad_no_id_column.md", "Line 5: the table has no ID column"),
    ],
)
def test_bad_rows_exit_2_naming_the_line_and_write_nothing(
    world: LevelWorld, report_model: LevelModel, name: str, expected: str
) -> None:
    before = snapshot()
    with pytest.raises(CommandError) as stopped:
        _run(world.product.slug, str(SAMPLES / name), "--actor", world.tovholder.email)
    assert stopped.value.returncode == 2
    assert "nothing was imported" in str(stopped.value)
    assert snapshot() == before


@pytest.mark.django_db
def test_the_problems_go_to_stderr(world: LevelWorld, report_model: LevelModel) -> None:
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_governance_report",
            world.product.slug,
            str(SAMPLES / "bad_unknown_mark.md"),
            "--actor",
            world.tovholder.email,
            stdout=StringIO(),
            stderr=err,
        )
    assert "Line 8: R2: the mark “👍” in the column “Opfyldt”" in err.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ((SAMPLES / "not_a_report.md").read_bytes(), "holds no table of criteria"),
        ((SAMPLES / "not_utf8.md").read_bytes(), "line 7 holds the byte 0xE5"),
        (b"\x89PNG\r\n\x1a\n\x00\x00IHDR", "line 3 holds a NUL byte"),
    ],
)
def test_a_file_that_is_no_report_exits_2(
    world: LevelWorld, tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "rapport.md"
    path.write_bytes(content)
    before = snapshot()
    with pytest.raises(CommandError) as stopped:
        _run(world.product.slug, str(path), "--actor", world.tovholder.email)
    assert stopped.value.returncode == 2
    assert expected in str(stopped.value) and "Nothing was imported" in str(stopped.value)
    assert snapshot() == before


@pytest.mark.django_db
def test_unknown_ids_exit_2_and_are_listed(world: LevelWorld) -> None:
    before = snapshot()
    out = StringIO()
    with pytest.raises(CommandError) as stopped:
        call_command(
            "import_governance_report",
            world.product.slug,
            str(SAMPLES / "emoji_headings.md"),
            "--actor",
            world.tovholder.email,
            stdout=out,
            stderr=StringIO(),
        )
    assert stopped.value.returncode == 2
    assert "Unknown IDs:" in out.getvalue()
    assert "Line 26: G3 is not a criterion of the current level model" in out.getvalue()
    assert snapshot() == before


@pytest.mark.django_db
def test_create_model_builds_a_draft_and_leaves_the_current_model(world: LevelWorld) -> None:
    out, _err = _run(
        world.product.slug,
        str(SAMPLES / "emoji_headings.md"),
        "--actor",
        world.committee.email,
        "--create-model",
    )
    assert "Built draft version 2 of the level model from emoji_headings.md: 8 criteria." in out
    assert "Version 1 stays the current model" in out
    assert LevelModel.objects.get(is_current=True).version == 1
    assert LevelModel.objects.get(version=2).is_draft
    # importing before the draft is published says so, and writes nothing
    out = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_governance_report",
            world.product.slug,
            str(SAMPLES / "emoji_headings.md"),
            "--actor",
            world.tovholder.email,
            stdout=out,
            stderr=StringIO(),
        )
    assert "draft version 2" in out.getvalue()


@pytest.mark.django_db
def test_create_model_needs_the_business_committee(world: LevelWorld) -> None:
    before = snapshot()
    with pytest.raises(CommandError) as stopped:
        _run(
            world.product.slug,
            str(SAMPLES / "emoji_headings.md"),
            "--actor",
            world.tovholder.email,
            "--create-model",
        )
    assert stopped.value.returncode == 2 and "business committee" in str(stopped.value)
    assert snapshot() == before


@pytest.mark.django_db
def test_the_actor_is_required(world: LevelWorld) -> None:
    with pytest.raises(CommandError) as stopped:
        _run(world.product.slug, str(SAMPLES / "emoji_headings.md"))
    assert stopped.value.returncode == 2 and "--actor" in str(stopped.value)


@pytest.mark.django_db
def test_export_writes_the_emoji_layout(
    world: LevelWorld, report_model: LevelModel, tmp_path: Path
) -> None:
    _run(world.product.slug, str(SAMPLES / "emoji_headings.md"), "--actor", world.tovholder.email)
    target = tmp_path / "styringsrapport.md"
    call_command(
        "export_governance_report", world.product.slug, "--output", str(target), stdout=StringIO()
    )
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# OS2bogreol\n")
    assert "## RELEVANS" in text and "## JURA" in text and "## ORGANISERING" in text
    assert "| R1 | Mindst to kommuner har beskrevet behovet for produktet. |" in text
    assert "| F2 |" in text and "| ❌ |" in text and "(anbefaling)" in text
    with pytest.raises(CommandError) as stopped:
        call_command("export_governance_report", "findes-ikke", stdout=StringIO())
    assert stopped.value.returncode == 2
