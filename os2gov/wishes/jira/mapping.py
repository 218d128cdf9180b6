"""From Jira's words to the wish's (WSH-11): status → state, issue type → category,
priority → urgency.

The defaults below cover Jira's standard workflows in English and in Danish. The user can
edit the status mapping: entries given to ``JiraMapping(statuses=...)`` (for instance
loaded from a JSON file with ``load_status_map``) are added to the defaults and win over
them. Names are matched without regard to case, spacing or the kind of apostrophe.

A status the mapping does not know lands as *submitted*, an issue type it does not know as
*new functionality*; both are reported (``Mapped.unknown_status`` / ``unknown_type``).

Jira's "Done" and "Closed" say only that an issue is finished; its Resolution says how. An
issue finished as "Won't Do", "Duplicate", "Declined" … was never delivered, so it is
closed with that reason, whatever its status.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from django.utils import translation
from django.utils.translation import gettext as _

from os2gov.wishes.models import MAX_ASSESSMENT, CloseReason, WishCategory, WishState

S = WishState
V = TypeVar("V")

DEFAULT_STATUSES: dict[str, str] = {
    # --- English: Jira's standard and common team workflows ---
    "Open": S.SUBMITTED,
    "New": S.SUBMITTED,
    "To Do": S.SUBMITTED,
    "Backlog": S.SUBMITTED,
    "Reopened": S.SUBMITTED,
    "Idea": S.SUBMITTED,
    "Under Review": S.UNDER_REVIEW,
    "To Be Assessed": S.UNDER_REVIEW,
    "Triage": S.UNDER_REVIEW,
    "Needs Triage": S.UNDER_REVIEW,
    "Analysis": S.UNDER_REVIEW,
    "Prioritised": S.PRIORITISED,
    "Prioritized": S.PRIORITISED,
    "Selected for Development": S.PRIORITISED,
    "Ready for Development": S.PRIORITISED,
    "Awaiting Approval": S.RECOMMENDED,
    "Approved": S.APPROVED,
    "Started": S.STARTED,
    "Ordered": S.STARTED,
    "In Progress": S.IN_DELIVERY,
    "In Development": S.IN_DELIVERY,
    "In Review": S.IN_DELIVERY,  # Jira Software's code review
    "Delivered": S.DELIVERED,
    "Ready for Test": S.DELIVERED,
    "In Test": S.DELIVERED,
    "Acceptance Test": S.DELIVERED,
    "Done": S.ACCEPTED,
    "Resolved": S.ACCEPTED,
    "Closed": S.ACCEPTED,
    "Accepted": S.ACCEPTED,
    "Released": S.ACCEPTED,
    "Benefit Follow-up": S.FOLLOW_UP,
    "Realised": S.REALISED,
    "Rejected": S.CLOSED,
    "Declined": S.CLOSED,
    "Won't Do": S.CLOSED,
    "Won't Fix": S.CLOSED,
    "Cancelled": S.CLOSED,
    "Canceled": S.CLOSED,
    "Duplicate": S.CLOSED,
    "Withdrawn": S.CLOSED,
    "On Hold": S.PARKED,
    "Parked": S.PARKED,
    "Blocked": S.PARKED,
    # --- Danish ---
    "Åben": S.SUBMITTED,
    "Ny": S.SUBMITTED,
    "Opgaver": S.SUBMITTED,
    "Skal udføres": S.SUBMITTED,
    "Genåbnet": S.SUBMITTED,
    "Indmeldt": S.SUBMITTED,
    "Til vurdering": S.UNDER_REVIEW,
    "Under vurdering": S.UNDER_REVIEW,
    "Til analyse": S.UNDER_REVIEW,
    "Prioriteret": S.PRIORITISED,
    "Klar til udvikling": S.PRIORITISED,
    "Indstillet til styregruppen": S.RECOMMENDED,
    "Afventer godkendelse": S.RECOMMENDED,
    "Godkendt": S.APPROVED,
    "Igangsat": S.STARTED,
    "Bestilt": S.STARTED,
    "I gang": S.IN_DELIVERY,
    "Under udvikling": S.IN_DELIVERY,
    "Leveret": S.DELIVERED,
    "Klar til test": S.DELIVERED,
    "I test": S.DELIVERED,
    "Færdig": S.ACCEPTED,
    "Udført": S.ACCEPTED,
    "Løst": S.ACCEPTED,
    "Lukket": S.ACCEPTED,
    "Accepteret": S.ACCEPTED,
    "Gevinstopfølgning": S.FOLLOW_UP,
    "Realiseret": S.REALISED,
    "Afvist": S.CLOSED,
    "Annulleret": S.CLOSED,
    "Dublet": S.CLOSED,
    "Trukket tilbage": S.CLOSED,
    "Parkeret": S.PARKED,
    "På hold": S.PARKED,
    "Sat i bero": S.PARKED,
}

DEFAULT_CATEGORIES: dict[str, str] = {
    "Bug": WishCategory.ERROR,
    "Defect": WishCategory.ERROR,
    "Fejl": WishCategory.ERROR,
    "Story": WishCategory.NEW_FUNCTIONALITY,
    "User Story": WishCategory.NEW_FUNCTIONALITY,
    "New Feature": WishCategory.NEW_FUNCTIONALITY,
    "Feature": WishCategory.NEW_FUNCTIONALITY,
    "Epic": WishCategory.NEW_FUNCTIONALITY,
    "Historie": WishCategory.NEW_FUNCTIONALITY,
    "Brugerhistorie": WishCategory.NEW_FUNCTIONALITY,
    "Ny funktion": WishCategory.NEW_FUNCTIONALITY,
    "Ny funktionalitet": WishCategory.NEW_FUNCTIONALITY,
    "Improvement": WishCategory.IMPROVEMENT,
    "Enhancement": WishCategory.IMPROVEMENT,
    "Forbedring": WishCategory.IMPROVEMENT,
    "Task": WishCategory.MAINTENANCE,
    "Sub-task": WishCategory.MAINTENANCE,
    "Subtask": WishCategory.MAINTENANCE,
    "Technical Task": WishCategory.MAINTENANCE,
    "Maintenance": WishCategory.MAINTENANCE,
    "Opgave": WishCategory.MAINTENANCE,
    "Underopgave": WishCategory.MAINTENANCE,
    "Vedligehold": WishCategory.MAINTENANCE,
    "Support": WishCategory.OPERATION,
    "Service Request": WishCategory.OPERATION,
    "Incident": WishCategory.OPERATION,
    "Operation": WishCategory.OPERATION,
    "Drift": WishCategory.OPERATION,
    "Henvendelse": WishCategory.OPERATION,
}

# Jira's priorities (current and older names, English and Danish) as the wish's urgency,
# 0 (none) to MAX_ASSESSMENT (very high).
DEFAULT_PRIORITIES: dict[str, int] = {
    "Highest": 5,
    "Blocker": 5,
    "Critical": 5,
    "High": 4,
    "Major": 4,
    "Medium": 3,
    "Normal": 3,
    "Low": 2,
    "Minor": 2,
    "Lowest": 1,
    "Trivial": 1,
    "Højeste": 5,
    "Kritisk": 5,
    "Høj": 4,
    "Mellem": 3,
    "Middel": 3,
    "Lav": 2,
    "Laveste": 1,
}

# Resolutions that mean the issue was not delivered: the wish is closed with this reason.
CLOSING_RESOLUTIONS: dict[str, str] = {
    "Won't Do": CloseReason.DECLINED,
    "Won't Fix": CloseReason.DECLINED,
    "Declined": CloseReason.DECLINED,
    "Rejected": CloseReason.DECLINED,
    "Cancelled": CloseReason.WITHDRAWN,
    "Canceled": CloseReason.WITHDRAWN,
    "Withdrawn": CloseReason.WITHDRAWN,
    "Duplicate": CloseReason.DUPLICATE,
    "Cannot Reproduce": CloseReason.OUTSIDE_BUSINESS_NEED,
    "Incomplete": CloseReason.OUTSIDE_BUSINESS_NEED,
    "Afvist": CloseReason.DECLINED,
    "Udføres ikke": CloseReason.DECLINED,
    "Annulleret": CloseReason.WITHDRAWN,
    "Trukket tilbage": CloseReason.WITHDRAWN,
    "Dublet": CloseReason.DUPLICATE,
    "Kan ikke genskabes": CloseReason.OUTSIDE_BUSINESS_NEED,
}
# A status that closes the wish by itself, and the reason it gives.
CLOSING_STATUS_REASONS: dict[str, str] = {
    "Duplicate": CloseReason.DUPLICATE,
    "Dublet": CloseReason.DUPLICATE,
    "Withdrawn": CloseReason.WITHDRAWN,
    "Trukket tilbage": CloseReason.WITHDRAWN,
    "Cancelled": CloseReason.WITHDRAWN,
    "Canceled": CloseReason.WITHDRAWN,
    "Annulleret": CloseReason.WITHDRAWN,
}

FALLBACK_STATE = WishState.SUBMITTED
FALLBACK_CATEGORY = WishCategory.NEW_FUNCTIONALITY
# The states a wish reaches only by being delivered: a "not delivered" resolution overrides.
DELIVERED_STATES = frozenset({S.DELIVERED, S.ACCEPTED, S.FOLLOW_UP, S.REALISED})


class MappingError(ValueError):
    """A status mapping given by the user cannot be used."""


def name_key(name: str) -> str:
    """How names are compared: case, spacing and the kind of apostrophe do not matter."""
    return " ".join(name.replace("’", "'").replace("`", "'").split()).casefold()


def _keyed(mapping: Mapping[str, V]) -> dict[str, V]:
    return {name_key(name): value for name, value in mapping.items()}


@dataclass(frozen=True)
class Mapped:
    """What one Jira issue becomes."""

    state: str
    category: str
    urgency: int | None
    close_reason: str = ""
    unknown_status: bool = False
    unknown_type: bool = False


class JiraMapping:
    """The mapping an import uses: the defaults with the user's status entries on top."""

    def __init__(self, statuses: Mapping[str, str] | None = None) -> None:
        self.user_statuses = validate_status_map(statuses or {})
        self.statuses = {**_keyed(DEFAULT_STATUSES), **_keyed(self.user_statuses)}
        self.categories = _keyed(DEFAULT_CATEGORIES)
        self.priorities = _keyed(DEFAULT_PRIORITIES)
        self.closing_resolutions = _keyed(CLOSING_RESOLUTIONS)
        self.closing_status_reasons = _keyed(CLOSING_STATUS_REASONS)

    def state(self, status: str, resolution: str = "") -> tuple[str, str, bool]:
        """(state, close reason, whether the status is known). An empty status is known:
        the issue simply has none, and it lands as submitted."""
        key = name_key(status)
        found = self.statuses.get(key)
        if found is None:
            return FALLBACK_STATE, "", not key
        state = found
        resolved_as = self.closing_resolutions.get(name_key(resolution))
        if resolved_as is not None and (state in DELIVERED_STATES or state == S.CLOSED):
            return S.CLOSED, resolved_as, True
        if state == S.CLOSED:
            return state, self.closing_status_reasons.get(key, CloseReason.DECLINED), True
        return state, "", True

    def category(self, issue_type: str) -> tuple[str, bool]:
        """(category, whether the issue type is known); an empty type is known."""
        key = name_key(issue_type)
        found = self.categories.get(key)
        if found is None:
            return FALLBACK_CATEGORY, not key
        return found, True

    def urgency(self, priority: str) -> int | None:
        found = self.priorities.get(name_key(priority))
        return None if found is None else min(found, MAX_ASSESSMENT)

    def map(self, *, status: str, resolution: str, issue_type: str, priority: str) -> Mapped:
        state, close_reason, status_known = self.state(status, resolution)
        category, type_known = self.category(issue_type)
        return Mapped(
            state=state,
            category=category,
            urgency=self.urgency(priority),
            close_reason=close_reason,
            unknown_status=not status_known,
            unknown_type=not type_known,
        )


def validate_status_map(statuses: Mapping[str, object]) -> dict[str, str]:
    """The user's {Jira status: wish state}, checked: every state must be one of the wish's
    states (its code, e.g. ``in_delivery``, or its name, e.g. "In delivery")."""
    by_name = {name_key(state.value): state.value for state in WishState}
    by_name.update({name_key(str(state.label)): state.value for state in WishState})
    with translation.override("en"):
        by_name.update({name_key(str(state.label)): state.value for state in WishState})
    checked: dict[str, str] = {}
    wrong: list[str] = []
    for status, state in statuses.items():
        if not isinstance(status, str) or not status.strip() or not isinstance(state, str):
            wrong.append(f"{status!r}: {state!r}")
            continue
        found = by_name.get(name_key(state))
        if found is None:
            wrong.append(f"{status!r}: {state!r}")
            continue
        checked[status] = found
    if wrong:
        raise MappingError(
            _(
                "The status mapping maps to states a wish does not have: %(wrong)s. "
                "A wish's states are: %(states)s."
            )
            % {"wrong": "; ".join(wrong), "states": ", ".join(state.value for state in WishState)}
        )
    return checked


def load_status_map(data: bytes | str) -> dict[str, str]:
    """A status mapping from JSON text: an object of {"Jira status": "wish state"}."""
    try:
        loaded = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise MappingError(
            _("The status mapping is not valid JSON: %(error)s") % {"error": error}
        ) from None
    if not isinstance(loaded, dict):
        raise MappingError(
            _('The status mapping must be a JSON object, e.g. {"I analyse": "under_review"}.')
        )
    return validate_status_map(loaded)
