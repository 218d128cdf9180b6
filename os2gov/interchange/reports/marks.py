"""The marks of a governance report's answer column, and the answer each stands for.

Two families are in use. The emoji layout marks a criterion with a check mark (met), a
cross (not met), a heavy minus (not relevant), a question mark (in doubt) or leaves the
cell empty (not answered); some reports use a task box instead, ``[x]`` (met) or ``[ ]``
(not answered), sometimes inside HTML such as ``<ul><li> [x] </li></ul>``. The
self-assessment layout of 2026 writes words in its ``Efterlevet?`` column: Ja, Nej,
Delvist, Ikke relevant, Planlagt (planned: not met yet) and Ved ikke, or a placeholder
such as ``[Ikke udfyldt]``.

The report format is Danish: the words and emoji below are data, not interface text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from os2gov.levels.models import AnswerStatus


@dataclass(frozen=True)
class Mark:
    """What a mark cell says. ``status`` is None when the criterion is not answered."""

    status: str | None
    written: str  # the mark as the report writes it, cleaned ("✅", "[x]", "Ja", "")
    planned: bool = False

    @property
    def answered(self) -> bool:
        return self.status is not None


EMOJI: dict[str, str] = {
    "✅": AnswerStatus.MET,
    "✔": AnswerStatus.MET,
    "☑": AnswerStatus.MET,
    "❌": AnswerStatus.NOT_MET,
    "✖": AnswerStatus.NOT_MET,
    "➖": AnswerStatus.NOT_APPLICABLE,
    "❓": AnswerStatus.IN_DOUBT,
    "❔": AnswerStatus.IN_DOUBT,
}
WORDS: dict[str, str] = {
    "ja": AnswerStatus.MET,
    "nej": AnswerStatus.NOT_MET,
    "delvist": AnswerStatus.PARTLY_MET,
    "ikke relevant": AnswerStatus.NOT_APPLICABLE,
    "planlagt": AnswerStatus.NOT_MET,
    "ved ikke": AnswerStatus.IN_DOUBT,
}
PLANNED = "planlagt"
# A placeholder the template leaves in an unanswered cell.
PLACEHOLDER = re.compile(
    r"^\[\s*(?:ikke udfyldt|udfyld(?:es)?|skriv[^\]]*|indsæt[^\]]*|vælg[^\]]*)\s*\]$", re.I
)
TASK_BOX = re.compile(r"^\[\s*([xX✓✔]?)\s*\]$")
# What the exporter writes for each answer (partly met has no emoji: the word is used).
WRITTEN: dict[str, str] = {
    AnswerStatus.MET: "✅",
    AnswerStatus.NOT_MET: "❌",
    AnswerStatus.NOT_APPLICABLE: "➖",
    AnswerStatus.IN_DOUBT: "❓",
    AnswerStatus.PARTLY_MET: "Delvist",
    AnswerStatus.UNKNOWN: "",
}
KNOWN_MARKS = "✅ ❌ ➖ ❓ [x] [ ] Ja, Nej, Delvist, Ikke relevant, Planlagt, Ved ikke"

_TAG = re.compile(r"<[^>]*>")
_BR = re.compile(r"<br\s*/?>", re.I)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_INVISIBLE = re.compile("[\ufe0e\ufe0f\u200b\u200c\u200d\u2060\ufeff]")


def plain_cell(cell: str) -> str:
    """A cell without HTML tags, escapes, emphasis or list markers: for marks, IDs and
    levels."""
    text = _BR.sub(" ", cell)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = _ESCAPE.sub(r"\1", text)
    text = _INVISIBLE.sub("", text).replace("\xa0", " ")
    text = " ".join(text.split())
    text = re.sub(r"^[-*+]\s+", "", text)
    while len(text) >= 2 and text[0] == text[-1] and text[0] in "*_`~":
        text = text[1:-1].strip()
    return text


def read_mark(cell: str) -> Mark | None:
    """The mark in ``cell``, or None when it is not one the format knows."""
    text = plain_cell(cell)
    if not text:
        return Mark(None, "")
    if text in EMOJI:
        return Mark(EMOJI[text], text)
    box = TASK_BOX.match(text)
    if box:
        return Mark(AnswerStatus.MET if box.group(1) else None, text)
    if PLACEHOLDER.match(text):
        return Mark(None, text)
    word = text.lower().rstrip(".!:").strip()
    if word in WORDS:
        return Mark(WORDS[word], text, planned=word == PLANNED)
    return None


def write_mark(status: str) -> str:
    return WRITTEN.get(status, "")
