"""Helpers for includes/pagination.html."""

from __future__ import annotations

from django import template
from django.core.paginator import Page

register = template.Library()


@register.simple_tag
def elided_page_range(page_obj: Page) -> list[str | int]:
    """Page numbers around the current one, with the paginator's ELLIPSIS for gaps."""
    return list(
        page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)
    )
