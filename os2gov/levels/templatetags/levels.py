"""The level panel other apps' pages include.

The product page (catalogue) shows a product's level with one line:
``{% load levels %}{% product_level_panel product %}``.
"""

from __future__ import annotations

from typing import Any

from django import template

from os2gov.levels import badge, selectors

register = template.Library()


@register.inclusion_tag("levels/includes/level_panel.html")
def product_level_panel(product: Any) -> dict[str, Any]:
    """The held and approved level, the flag when the approved level is not held, the
    badge, a link to the compliance page and, at N1, the statement that no OS2 body
    watches the product (PRD-07). One query."""
    panel = selectors.level_panel(product)
    return {"product": product, "panel": panel, "badge_title": badge.title(panel.summary)}
