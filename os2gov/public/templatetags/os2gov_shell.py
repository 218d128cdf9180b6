"""Template tags of the page shell (base.html)."""

from __future__ import annotations

from typing import Any

from django import template

from os2gov.public.navigation import MenuItem, main_menu

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu_items(context: dict[str, Any]) -> list[MenuItem]:
    """The main menu's items for the current page; sections without a page are left out."""
    return main_menu(context.get("request"))
