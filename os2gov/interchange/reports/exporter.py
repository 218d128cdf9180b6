"""Write a product's answers as a governance report in the emoji layout, so that a product
can keep publishing it in its repository.

    text = export_governance_report(product)

The product's name is the first heading; each theme is a heading with a table of its
criteria: ID (the criterion's key), requirement ("(anbefaling)" when recommended),
documentation (the justification, then the evidence links), product level and the mark
(the emoji of marks.py, "Delvist" for partly met, empty when not answered). Only the criteria the
product answers are written; those computed from the governance data are shown on the
product's level page. Reading the file back with the importer gives the same answers.
"""

from __future__ import annotations

import html

from django.utils import timezone

from os2gov.catalogue.models import Product
from os2gov.interchange.reports.marks import write_mark
from os2gov.levels.models import Answer, AnswerStatus, Criterion, CriterionKind, LevelModel, Theme

# The format is Danish: these are data, written whatever the page's language.
THEME_HEADINGS = {
    Theme.RELEVANCE: "RELEVANS",
    Theme.LEGAL: "JURA",
    Theme.DOCUMENTATION: "DOKUMENTATION",
    Theme.PROCUREMENT: "UDBUD",
    Theme.TRAINING: "UDDANNELSE",
    Theme.USE: "ANVENDELSE",
    Theme.ORGANISATION: "ORGANISERING",
    Theme.CODE: "KODE",
    Theme.OPERATIONS: "DRIFT OG SUPPORT",
    Theme.EVALUATION: "EVALUERING",
}
LEVEL_CELLS = {"SANDBOX": "sandkasse", "N0": "0", "N1": "1", "N2": "2", "N3": "3"}
HEADER = "| # | Krav | Beskrivelse / Dokumentation | Produktniveau | Opfyldt |"
SEPARATOR = "|---|---|---|---|---|"


def escape_cell(text: str) -> str:
    """Text as one table cell: HTML-escaped, backslashes, pipes and brackets escaped, line
    breaks as <br>."""
    text = html.escape(text, quote=False)
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("[", "\\[")
    return "<br>".join(line.strip() for line in text.splitlines() if line.strip())


def _documentation(answer: Answer | None) -> str:
    if answer is None:
        return ""
    parts = [escape_cell(answer.justification)] if answer.justification.strip() else []
    parts.extend(str(url) for url in answer.evidence_urls)
    return "<br>".join(parts)


def export_governance_report(product: Product) -> str:
    """The product's answers to the current level model as a Markdown report."""
    model = LevelModel.objects.get(is_current=True)
    criteria = list(
        Criterion.objects.filter(model=model, kind=CriterionKind.MANUAL)
        .select_related("level")
        .order_by("level__order", "order", "key")
    )
    answers = {
        answer.criterion_id: answer
        for answer in Answer.objects.filter(product=product, criterion__model=model)
    }
    themes: dict[str, list[Criterion]] = {}
    for criterion in criteria:
        themes.setdefault(criterion.theme, []).append(criterion)
    day = timezone.localdate().isoformat()
    lines = [
        f"# {product.name}",
        "",
        f"Styringsrapport for {product.name}: produktets egen vurdering af kriterierne for "
        f"produktniveauerne (niveaumodel version {model.version}), udskrevet fra OS2gov "
        f"den {day}.",
        "",
        "Opfyldt: ✅ opfyldt · ❌ ikke opfyldt · Delvist · ➖ ikke relevant · ❓ i tvivl · "
        "tom: ikke besvaret.",
    ]
    for theme, members in themes.items():
        lines += [
            "",
            f"## {THEME_HEADINGS.get(Theme(theme), theme.upper())}",
            "",
            HEADER,
            SEPARATOR,
        ]
        for criterion in members:
            answer = answers.get(criterion.pk)
            text = escape_cell(criterion.text_da)
            if not criterion.is_required:
                text += " (anbefaling)"
            status = answer.status if answer is not None else AnswerStatus.UNKNOWN
            level = LEVEL_CELLS.get(criterion.level.code, criterion.level.code)
            cells = [criterion.key, text, _documentation(answer), level, write_mark(status)]
            lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines)
