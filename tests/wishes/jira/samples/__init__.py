"""Fictional Jira CSV exports written for the tests, and one file that is not CSV."""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).resolve().parent


def sample(name: str) -> bytes:
    """The bytes of the sample file ``name``."""
    return (SAMPLES / name).read_bytes()


def sample_path(name: str) -> Path:
    return SAMPLES / name
