"""The level badge: an SVG with an accessible title, and its JSON twin (the JSON follows the
"endpoint" format badge services read: schemaVersion, label, message, color)."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.translation import gettext as _

from os2gov.levels.selectors import LevelState, LevelSummary

LABEL = "OS2"
# Colours with at least 4.5:1 contrast against white text.
COLOURS = {
    LevelState.HELD: "#0b5394",  # the blue stamp
    LevelState.NOT_HELD: "#a4360c",
    LevelState.UNAPPROVED: "#555555",
    LevelState.NONE: "#555555",
}


def message(summary: LevelSummary) -> str:
    if summary.state == LevelState.HELD:
        return summary.approved_code
    if summary.state == LevelState.NOT_HELD:
        return _("%(code)s not held") % {"code": summary.approved_code}
    if summary.state == LevelState.UNAPPROVED:
        return _("%(code)s not approved") % {"code": summary.held_code}
    return _("no level")


def title(summary: LevelSummary) -> str:
    product = summary.product.name
    if summary.state == LevelState.HELD:
        return _("OS2 product level of %(product)s: %(code)s, held") % {
            "product": product,
            "code": summary.approved_code,
        }
    if summary.state == LevelState.NOT_HELD:
        return _(
            "OS2 product level of %(product)s: approved at %(code)s, which it does not hold "
            "at present (it holds %(held)s)"
        ) % {
            "product": product,
            "code": summary.approved_code,
            "held": summary.held_code or _("no level"),
        }
    if summary.state == LevelState.UNAPPROVED:
        return _("OS2 product level of %(product)s: holds %(code)s, not yet approved") % {
            "product": product,
            "code": summary.held_code,
        }
    return _("OS2 product level of %(product)s: no level") % {"product": product}


def badge_json(summary: LevelSummary) -> dict[str, Any]:
    return {
        "schemaVersion": 1,
        "label": LABEL,
        "message": message(summary),
        "color": COLOURS[summary.state],
        "product": summary.product.slug,
        "approved_level": summary.approved_code or None,
        "held_level": summary.held_code or None,
        "state": summary.state,
        "title": title(summary),
    }


def _width(text: str) -> int:
    return 10 + 7 * len(text)


def badge_svg(summary: LevelSummary) -> str:
    text = message(summary)
    left, right = _width(LABEL), _width(text)
    total = left + right
    colour = COLOURS[summary.state]
    name = escape(title(summary))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" '
        f'aria-labelledby="badge-title"><title id="badge-title">{name}</title>'
        f'<rect width="{left}" height="20" fill="#333333"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{colour}"/>'
        '<g fill="#ffffff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" '
        'text-anchor="middle" aria-hidden="true">'
        f'<text x="{left / 2:g}" y="14">{LABEL}</text>'
        f'<text x="{left + right / 2:g}" y="14">{escape(text)}</text>'
        "</g></svg>"
    )
