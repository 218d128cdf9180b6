"""Template helpers of the wish and economy pages: ``{% load wishes_tags %}``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from os2gov.economy.validation import format_dkk
from os2gov.wishes.models import WishState
from os2gov.wishes.priority import COMPONENTS

register = template.Library()

COMPONENT_LABELS = {
    "support": _("Support"),
    "benefit": _("Benefit"),
    "cost": _("Low cost"),
    "strategic_fit": _("Strategic fit"),
    "urgency": _("Urgency"),
}
# The DKFDS badge of each state: done is green, stopped is red, waiting on someone is yellow.
STATE_BADGES: dict[str, str] = {
    WishState.PRIORITISED: "badge-info",
    WishState.RECOMMENDED: "badge-warning",
    WishState.APPROVED: "badge-info",
    WishState.STARTED: "badge-info",
    WishState.IN_DELIVERY: "badge-info",
    WishState.DELIVERED: "badge-warning",
    WishState.DELIVERY_REJECTED: "badge-error",
    WishState.ACCEPTED: "badge-success",
    WishState.FOLLOW_UP: "badge-warning",
    WishState.REALISED: "badge-success",
    WishState.REJECTED: "badge-error",
    WishState.CLOSED: "badge-error",
}


@register.filter
def dkk(amount: Decimal | None) -> str:
    """ "DKK 125,000.50"; an empty amount as a dash."""
    if amount is None or amount == "":
        return "–"
    return format_dkk(Decimal(amount))


@register.filter
def state_badge(state: str) -> str:
    return STATE_BADGES.get(state, "")


@register.filter
def state_label(state: str) -> str:
    try:
        return str(WishState(state).label)
    except ValueError:
        return state


@dataclass(frozen=True)
class Component:
    name: str
    label: str
    percent: int
    weight: int


@register.filter
def score_components(stored: Any) -> list[Component]:
    """The components of a stored priority score (``Wish.priority_components``), each as a
    share in percent with the weight the coordination group gave it."""
    if not isinstance(stored, dict):
        return []
    found = stored.get("components") or {}
    result = []
    for name in COMPONENTS:
        item = found.get(name)
        if not isinstance(item, dict):
            continue
        try:
            share = Decimal(str(item.get("value", "0")))
        except InvalidOperation:
            continue
        result.append(
            Component(
                name=name,
                label=str(COMPONENT_LABELS[name]),
                percent=int((share * 100).to_integral_value()),
                weight=int(item.get("weight", 0)),
            )
        )
    return result


@register.filter
def quarter(day: datetime.date | None) -> str:
    if day is None:
        return ""
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"
