"""Helpers for tests that start the ``os2gov`` command in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
OS2GOV = str(BIN / "os2gov")
PYTHON = sys.executable
# A valid production key for tests: long and varied, never used outside the suite.
TEST_SECRET_KEY = "prod-test-only-0f3c9a7e1b5d2f8a6c4e0b9d7f5a3c1e8b6d4f2a0c9e7b5d3f1a"


def clean_environ(**values: str) -> dict[str, str]:
    """The minimum a process needs, plus ``values``: nothing leaks in from the test run
    (such as DATABASE_URL when the suite itself runs on PostgreSQL)."""
    environ = {
        key: os.environ[key] for key in ("PATH", "HOME", "LANG", "TMPDIR") if key in os.environ
    }
    environ.update(values)
    return environ


def run(
    args: list[str], environ: dict[str, str], cwd: Path, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, env=environ, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture
def production_environ(tmp_path: Path) -> dict[str, str]:
    """The documented production variables, complete and valid."""
    return clean_environ(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=TEST_SECRET_KEY,
        ALLOWED_HOSTS="gov.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'os2gov.sqlite3'}",
        OS2GOV_DATA_DIR=str(tmp_path / "data"),
    )
