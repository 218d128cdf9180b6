"""``os2gov import_jira_csv SLUG FILE [--dry-run] [--status-map FILE.json] [--actor EMAIL]``:
its output and its exit codes (0 when the import or dry run went through, 2 when anything
stopped it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import execute_from_command_line
from django.db import connections

from os2gov.core.models import AuditEvent
from os2gov.wishes.models import Wish, WishState
from tests.authority.conftest import World
from tests.wishes.jira.samples import sample_path

pytestmark = pytest.mark.django_db

MEMBER = "coordination.group.member@example.org"


@dataclass
class Outcome:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    # A command run from the command line closes the database connections when it ends;
    # inside a test that would close the test's own transaction (PostgreSQL notices).
    monkeypatch.setattr(connections, "close_all", lambda: None)


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> Outcome:
    """Run the command as the console script does, and catch how it exits."""
    capsys.readouterr()
    try:
        execute_from_command_line(["os2gov", "import_jira_csv", *map(str, args)])
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    else:
        code = 0
    captured = capsys.readouterr()
    return Outcome(code, captured.out, captured.err)


def test_wsh11_the_command_imports_and_prints_a_summary(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome = run(capsys, "os2alfa", sample_path("english_export.csv"), "--actor", MEMBER)
    assert outcome.code == 0, outcome.err
    assert "Jira import into OS2alfa from english_export.csv: done." in outcome.out
    assert "Rows read: 5" in outcome.out
    assert "Created: 5: ALFA-101, ALFA-102, ALFA-103, ALFA-104, ALFA-105" in outcome.out
    assert Wish.objects.filter(product=world.alfa).count() == 5

    again = run(capsys, "os2alfa", sample_path("english_export_later.csv"), "--actor", MEMBER)
    assert again.code == 0, again.err
    assert "Created: 1: ALFA-106" in again.out
    assert "Updated: 3: ALFA-101, ALFA-102, ALFA-103" in again.out
    assert "Unchanged: 2" in again.out
    assert Wish.objects.filter(product=world.alfa).count() == 6


def test_wsh11_the_command_dry_run_prints_what_would_change_and_writes_nothing(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    first = sample_path("english_export.csv")
    outcome = run(capsys, "os2alfa", first, "--actor", MEMBER, "--dry-run")
    assert outcome.code == 0, outcome.err
    assert "dry run, nothing written" in outcome.out
    assert "To create: 5" in outcome.out
    assert not Wish.objects.exists()
    assert not AuditEvent.objects.filter(action="wish.import").exists()

    run(capsys, "os2alfa", first, "--actor", MEMBER)
    later = sample_path("english_export_later.csv")
    outcome = run(capsys, "os2alfa", later, "--actor", MEMBER, "--dry-run", "--verbosity", "2")
    assert outcome.code == 0, outcome.err
    assert "To update: 3: ALFA-101, ALFA-102, ALFA-103" in outcome.out
    assert "ALFA-102 state: In delivery → Delivery accepted" in outcome.out
    assert Wish.objects.get(jira_key="ALFA-102").state == WishState.IN_DELIVERY


def test_wsh11_row_errors_are_printed_with_their_row_numbers_and_exit_2(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome = run(capsys, "os2alfa", sample_path("unknown_date.csv"), "--actor", MEMBER)
    assert outcome.code == 2
    assert "Row 3, column Created:" in outcome.err
    assert "Row 4, column Updated:" in outcome.err
    assert "nothing was imported" in outcome.err
    assert not Wish.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing_summary.csv", 'no "Summary" column'),
        ("broken_quoting.csv", "quoting is broken"),
        ("not_csv.png", "not a CSV file"),
    ],
)
def test_wsh11_a_file_that_is_not_a_jira_export_exits_2(
    world: World, capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    outcome = run(capsys, "os2alfa", sample_path(name), "--actor", MEMBER)
    assert outcome.code == 2
    assert message in outcome.err
    assert "Nothing was imported" in outcome.err
    assert not Wish.objects.exists()


def test_unknown_statuses_are_printed(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run(capsys, "os2alfa", sample_path("unknown_status.csv"), "--actor", MEMBER)
    assert outcome.code == 0, outcome.err
    assert 'Unknown status "Waiting for Godot", imported as submitted: DELTA-2' in outcome.out
    assert 'Unknown issue type "Spike", imported as new functionality: DELTA-3' in outcome.out


def test_the_status_map_option(
    world: World, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status_map = tmp_path / "statuses.json"
    status_map.write_text(json.dumps({"Waiting for Godot": "parked"}), encoding="utf-8")
    outcome = run(
        capsys,
        "os2alfa",
        sample_path("unknown_status.csv"),
        "--actor",
        MEMBER,
        "--status-map",
        status_map,
    )
    assert outcome.code == 0, outcome.err
    assert "Unknown status" not in outcome.out
    assert Wish.objects.get(jira_key="DELTA-2").state == WishState.PARKED

    status_map.write_text('{"Waiting for Godot": "nowhere"}', encoding="utf-8")
    bad = run(
        capsys,
        "os2alfa",
        sample_path("unknown_status.csv"),
        "--actor",
        MEMBER,
        "--status-map",
        status_map,
    )
    assert bad.code == 2
    assert "states a wish does not have" in bad.err


def test_an_actor_without_the_mandate_exits_2_naming_who_holds_it(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome = run(
        capsys,
        "os2alfa",
        sample_path("english_export.csv"),
        "--actor",
        "municipality.user@example.org",
    )
    assert outcome.code == 2
    assert "coordination group" in outcome.err
    assert not Wish.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["os2ukendt", "english_export.csv", "--actor", MEMBER], "no product"),
        (["os2alfa", "english_export.csv"], "--actor"),
        (["os2alfa", "english_export.csv", "--actor", "nobody@example.org"], "no active user"),
        (["os2alfa", "no_such_file.csv", "--actor", MEMBER], "Cannot read the file"),
    ],
)
def test_what_stops_the_command_before_reading_exits_2(
    world: World, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    slug, name, *rest = args
    outcome = run(capsys, slug, sample_path(name), *rest)
    assert outcome.code == 2
    assert message in outcome.err
