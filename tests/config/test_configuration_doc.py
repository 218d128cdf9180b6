"""docs/configuration.md lists every environment variable the configuration reads."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "configuration.md"
READS = re.compile(
    r"""(?:env\.[a-z_]+\(\s*|os\.environ(?:\.get|\.setdefault)?[(\[]\s*)["']([A-Z][A-Z0-9_]+)["']"""
)


def _variables_read() -> set[str]:
    names: set[str] = set()
    for path in [*sorted((ROOT / "config").rglob("*.py")), ROOT / "os2gov" / "cli.py"]:
        text = path.read_text(encoding="utf-8")
        names.update(READS.findall(text))
        if "env.secret_key()" in text:
            names.add("SECRET_KEY")
    return names


def _variables_documented() -> set[str]:
    table_rows = re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", DOC.read_text(encoding="utf-8"), re.M)
    return set(table_rows)


def test_the_scan_finds_the_essentials() -> None:
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"} <= _variables_read()


def test_every_variable_read_is_documented() -> None:
    missing = _variables_read() - _variables_documented()
    assert not missing, f"Add these to docs/configuration.md: {sorted(missing)}"


def test_nothing_documented_is_unread() -> None:
    stale = _variables_documented() - _variables_read()
    assert not stale, f"docs/configuration.md lists variables nothing reads: {sorted(stale)}"
