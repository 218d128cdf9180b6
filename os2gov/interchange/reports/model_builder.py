"""Build a level model from a governance report (``import_governance_report --create-model``).

A report whose IDs (R1, F12, G5 …) are not criteria of the current level model carries its
own model: its IDs, themes, levels, obligations ("(anbefaling)"), texts and guidance. The
builder turns it into a **draft** version through the criteria services, under the business
committee's ``criteria.edit`` mandate: a copy of the current version whose criteria are
replaced by the report's, with the report's IDs as the criteria's keys and the sandbox and
level 0 added below N1 when the report uses them. The draft never becomes current by
itself: the business committee reviews it and publishes it (a decision), and only then can
the report's answers be imported. OS2's current model is never replaced silently.

The report is in Danish, so its texts become the Danish texts; the English texts start as
copies of them until someone translates them. A criterion built from a report may be
answered "not applicable" (the report's heavy minus) and demands neither a link nor a justification
beyond what every answer needs; the business committee tightens that in the draft.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from os2gov.authority import service as authority
from os2gov.interchange.reports.reader import ParsedReport, Problem
from os2gov.levels.models import CriterionKind, LevelModel, Obligation, Theme
from os2gov.levels.services._common import today
from os2gov.levels.services.criteria import (
    CRITERIA_ACTION,
    KEY_PATTERN,
    criterion_remove,
    criterion_save,
    level_model_draft,
    level_save,
)

# Words in a report's theme heading -> the platform's theme (checked in this order).
THEME_WORDS: tuple[tuple[str, str], ...] = (
    ("RELEVANS", Theme.RELEVANCE),
    ("BEHOV", Theme.RELEVANCE),
    ("FORMKRAV", Theme.LEGAL),
    ("JURA", Theme.LEGAL),
    ("JURIDISK", Theme.LEGAL),
    ("LICENS", Theme.LEGAL),
    ("EJERSKAB", Theme.LEGAL),
    ("DOKUMENTATION", Theme.DOCUMENTATION),
    ("UDBUD", Theme.PROCUREMENT),
    ("INDKØB", Theme.PROCUREMENT),
    ("UDDANNELSE", Theme.TRAINING),
    ("UNDERVISNING", Theme.TRAINING),
    ("OPLÆRING", Theme.TRAINING),
    ("ANVENDELSE", Theme.USE),
    ("UDBREDELSE", Theme.USE),
    ("BRUG", Theme.USE),
    ("GOVERNANCE", Theme.ORGANISATION),
    ("ORGANISERING", Theme.ORGANISATION),
    ("ORGANISATION", Theme.ORGANISATION),
    ("STYRING", Theme.ORGANISATION),
    ("KODE", Theme.CODE),
    ("TEKNI", Theme.CODE),
    ("ARKITEKTUR", Theme.CODE),
    ("SIKKERHED", Theme.CODE),
    ("KVALITET", Theme.CODE),
    ("DRIFT", Theme.OPERATIONS),
    ("SUPPORT", Theme.OPERATIONS),
    ("VEDLIGEHOLD", Theme.OPERATIONS),
    ("EVALUERING", Theme.EVALUATION),
    ("OPFØLGNING", Theme.EVALUATION),
)
# The levels a report can name, lowest first, with their names.
LEVEL_RANKS = {"SANDBOX": 0, "N0": 1, "N1": 2, "N2": 3, "N3": 4}
NEW_LEVELS = {
    "SANDBOX": ("Sandkasse", "Sandbox"),
    "N0": ("Niveau 0", "Level 0"),
    "N1": ("Niveau 1", "Level 1"),
    "N2": ("Niveau 2", "Level 2"),
    "N3": ("Niveau 3", "Level 3"),
}
_PARKING = 1000  # orders used while levels are renumbered


def theme_of(heading: str) -> str | None:
    words = re.sub(r"[^A-ZÆØÅ]+", " ", heading.upper())
    for value, label in Theme.choices:
        if heading.strip().lower() in (value, str(label).lower()):
            return value
    for word, theme in THEME_WORDS:
        if word in words:
            return str(theme)
    return None


@dataclass
class BuiltModel:
    model: LevelModel
    criteria: int
    levels_added: list[str]
    removed: int

    def as_result(self) -> dict[str, Any]:
        return {
            "version": self.model.version,
            "criteria": self.criteria,
            "levels_added": self.levels_added,
            "removed": self.removed,
        }


def model_errors(parsed: ParsedReport) -> list[Problem]:
    """What stops a model from being built from the report (each with its line)."""
    problems: list[Problem] = []
    unknown_themes: set[str] = set()
    for row in parsed.rows:
        if not row.theme:
            problems.append(
                Problem(
                    row.line, _("%(id)s has no theme heading above it.") % {"id": row.report_id}
                )
            )
        elif theme_of(row.theme) is None and row.theme not in unknown_themes:
            unknown_themes.add(row.theme)
            problems.append(
                Problem(
                    row.theme_line,
                    _("the theme “%(theme)s” is none of the platform's themes (%(themes)s).")
                    % {
                        "theme": row.theme[:80],
                        "themes": ", ".join(str(label) for label in Theme.labels),
                    },
                )
            )
        if not row.level:
            problems.append(
                Problem(
                    row.line,
                    _("%(id)s has no level (Produktniveau), which the model needs.")
                    % {"id": row.report_id},
                )
            )
        if not KEY_PATTERN.match(row.key):
            problems.append(
                Problem(
                    row.line,
                    _("%(id)s cannot be a criterion's key: at least two letters or digits.")
                    % {"id": row.report_id},
                )
            )
        if not row.requirement:
            problems.append(
                Problem(row.line, _("%(id)s has no requirement text.") % {"id": row.report_id})
            )
    return sorted(problems, key=lambda problem: problem.line)


def _arrange_levels(
    actor: Any, model: LevelModel, needed: set[str], day: datetime.date
) -> list[str]:
    """Add the levels the report needs and put them in order, lowest first."""
    existing = {level.code: level.order for level in model.levels.all()}
    codes = set(existing) | needed
    ordered = sorted(
        codes, key=lambda code: (LEVEL_RANKS.get(code, 10), existing.get(code, 0), code)
    )
    target = {code: position for position, code in enumerate(ordered, start=1)}
    added = sorted(needed - set(existing), key=lambda code: target[code])
    if all(existing.get(code) == target[code] for code in codes if code in existing) and not added:
        return []
    moving = [code for code in existing if existing[code] != target[code]]
    for position, code in enumerate(moving):
        level_save(actor=actor, model=model, code=code, data={"order": _PARKING + position}, on=day)
    for code in ordered:
        if code in existing and code not in moving:
            continue
        data: dict[str, Any] = {"order": target[code]}
        if code not in existing:
            name_da, name_en = NEW_LEVELS[code]
            data.update(name_da=name_da, name_en=name_en)
        level_save(actor=actor, model=model, code=code, data=data, on=day)
    return added


def build_model_from_report(
    *, actor: Any, parsed: ParsedReport, source: str = "", on: datetime.date | None = None
) -> BuiltModel:
    """A draft level model with the report's criteria (see the module's docstring). Raises
    MandateRefused, or ValidationError naming what stops it; nothing is written then."""
    day = on or today()
    authority.require(actor, CRITERIA_ACTION, on=day)
    problems = model_errors(parsed)
    if problems:
        raise ValidationError({"file": [str(problem) for problem in problems]})
    with transaction.atomic():
        draft = level_model_draft(
            actor=actor,
            effective_on=day,
            notes=_("Built from the governance report %(source)s.") % {"source": source or "-"},
            on=day,
        )
        needed = {row.level for row in parsed.rows if row.level}
        added = _arrange_levels(actor, draft, needed, day)
        keys = {row.key for row in parsed.rows}
        removed = 0
        for key in list(draft.criteria.exclude(key__in=keys).values_list("key", flat=True)):
            criterion_remove(actor=actor, model=draft, key=key, on=day)
            removed += 1
        for order, row in enumerate(parsed.rows, start=1):
            criterion_save(
                actor=actor,
                model=draft,
                key=row.key,
                data={
                    "level_code": row.level,
                    "order": order,
                    "theme": theme_of(row.theme),
                    "obligation": Obligation.RECOMMENDED
                    if row.recommended
                    else Obligation.REQUIRED,
                    "kind": CriterionKind.MANUAL,
                    "rule": "",
                    "url_required": False,
                    "justification_required": False,
                    "not_applicable_allowed": True,
                    "text_da": row.requirement,
                    "text_en": row.requirement,
                    "guidance_da": row.guidance,
                    "guidance_en": row.guidance,
                },
                on=day,
            )
    return BuiltModel(model=draft, criteria=len(parsed.rows), levels_added=added, removed=removed)
