"""A small reader for the project's gettext catalogues (.po), enough for the checks here."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "locale"

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')


@dataclass
class Entry:
    fields: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    obsolete: bool = False

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def msgid_plural(self) -> str | None:
        return self.fields.get("msgid_plural")

    @property
    def translations(self) -> dict[str, str]:
        """msgstr, or msgstr[0], msgstr[1] … for a plural entry."""
        return {key: value for key, value in self.fields.items() if key.startswith("msgstr")}

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and "msgctxt" not in self.fields


def _unquote(text: str) -> str:
    # A .po string is a C string literal; for the escapes gettext uses it reads as Python.
    value = ast.literal_eval(text)
    assert isinstance(value, str)
    return value


def parse(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    for block in re.split(r"\n[ \t]*\n", path.read_text(encoding="utf-8").strip()):
        entry = Entry()
        current: str | None = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry.obsolete = True
                continue
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
                continue
            if line.startswith("#:"):
                entry.references += line[2:].split()
                continue
            if line.startswith("#") or not line.strip():
                continue
            match = _KEYWORD.match(line)
            if match:
                current = match.group(1)
                entry.fields[current] = _unquote(match.group(2))
            elif line.startswith('"') and current is not None:
                entry.fields[current] += _unquote(line)
            else:
                raise ValueError(f"{path}: cannot read the line {line!r}")
        if entry.fields or entry.obsolete:
            entries.append(entry)
    return entries


def catalogue(language: str) -> list[Entry]:
    return parse(LOCALE / language / "LC_MESSAGES" / "django.po")


def header(entries: list[Entry]) -> dict[str, str]:
    head = next(entry for entry in entries if entry.is_header)
    pairs = (line.split(":", 1) for line in head.fields["msgstr"].splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}
