"""Jira's statuses, issue types and priorities as the wish's state, category and urgency."""

from __future__ import annotations

import json

import pytest

from os2gov.wishes.jira.mapping import (
    DEFAULT_STATUSES,
    JiraMapping,
    MappingError,
    load_status_map,
)
from os2gov.wishes.models import CloseReason, WishCategory, WishState


@pytest.mark.parametrize(
    ("status", "state"),
    [
        ("Open", WishState.SUBMITTED),
        ("To Do", WishState.SUBMITTED),
        ("Selected for Development", WishState.PRIORITISED),
        ("In Progress", WishState.IN_DELIVERY),
        ("Done", WishState.ACCEPTED),
        ("Closed", WishState.ACCEPTED),
        ("Resolved", WishState.ACCEPTED),
        ("Rejected", WishState.CLOSED),
        ("Won't Do", WishState.CLOSED),
        ("On Hold", WishState.PARKED),
    ],
)
def test_wsh11_english_jira_statuses(status: str, state: WishState) -> None:
    found, _reason, known = JiraMapping().state(status)
    assert (found, known) == (state, True)


@pytest.mark.parametrize(
    ("status", "state"),
    [
        ("Til vurdering", WishState.UNDER_REVIEW),
        ("Åben", WishState.SUBMITTED),
        ("I gang", WishState.IN_DELIVERY),
        ("Færdig", WishState.ACCEPTED),
        ("Lukket", WishState.ACCEPTED),
        ("Afvist", WishState.CLOSED),
        ("Parkeret", WishState.PARKED),
    ],
)
def test_wsh11_danish_jira_statuses(status: str, state: WishState) -> None:
    found, _reason, known = JiraMapping().state(status)
    assert (found, known) == (state, True)


def test_names_match_without_regard_to_case_spacing_or_apostrophe() -> None:
    mapping = JiraMapping()
    assert mapping.state("  til   VURDERING ")[0] == WishState.UNDER_REVIEW
    assert mapping.state("Won’t do")[0] == WishState.CLOSED
    assert mapping.category("new feature") == (WishCategory.NEW_FUNCTIONALITY, True)


def test_wsh11_an_unknown_status_lands_as_submitted_and_is_reported() -> None:
    mapped = JiraMapping().map(
        status="Waiting for Godot", resolution="", issue_type="Story", priority=""
    )
    assert mapped.state == WishState.SUBMITTED
    assert mapped.unknown_status is True


def test_an_empty_status_lands_as_submitted_without_a_report() -> None:
    assert JiraMapping().state("") == (WishState.SUBMITTED, "", True)


def test_a_closing_status_gives_its_reason() -> None:
    mapping = JiraMapping()
    assert mapping.state("Won't Do") == (WishState.CLOSED, CloseReason.DECLINED, True)
    assert mapping.state("Duplicate") == (WishState.CLOSED, CloseReason.DUPLICATE, True)
    assert mapping.state("Afvist") == (WishState.CLOSED, CloseReason.DECLINED, True)


def test_a_finished_issue_that_was_not_delivered_is_closed_with_the_resolutions_reason() -> None:
    mapping = JiraMapping()
    assert mapping.state("Done", "Won't Do") == (WishState.CLOSED, CloseReason.DECLINED, True)
    assert mapping.state("Closed", "Duplicate") == (WishState.CLOSED, CloseReason.DUPLICATE, True)
    assert mapping.state("Lukket", "Dublet") == (WishState.CLOSED, CloseReason.DUPLICATE, True)
    # Delivered issues keep their state; an open issue is not closed by a stray resolution.
    assert mapping.state("Done", "Done") == (WishState.ACCEPTED, "", True)
    assert mapping.state("Closed", "Fixed") == (WishState.ACCEPTED, "", True)
    assert mapping.state("Open", "Won't Do") == (WishState.SUBMITTED, "", True)


@pytest.mark.parametrize(
    ("issue_type", "category"),
    [
        ("Bug", WishCategory.ERROR),
        ("Fejl", WishCategory.ERROR),
        ("Story", WishCategory.NEW_FUNCTIONALITY),
        ("New Feature", WishCategory.NEW_FUNCTIONALITY),
        ("Improvement", WishCategory.IMPROVEMENT),
        ("Forbedring", WishCategory.IMPROVEMENT),
        ("Task", WishCategory.MAINTENANCE),
        ("Opgave", WishCategory.MAINTENANCE),
        ("Support", WishCategory.OPERATION),
    ],
)
def test_issue_types_as_categories(issue_type: str, category: WishCategory) -> None:
    assert JiraMapping().category(issue_type) == (category, True)


def test_an_unknown_issue_type_is_new_functionality_and_reported() -> None:
    assert JiraMapping().category("Spike") == (WishCategory.NEW_FUNCTIONALITY, False)


@pytest.mark.parametrize(
    ("priority", "urgency"),
    [("Highest", 5), ("High", 4), ("Medium", 3), ("Low", 2), ("Lowest", 1), ("Høj", 4), ("", None)],
)
def test_priorities_as_urgency(priority: str, urgency: int | None) -> None:
    assert JiraMapping().urgency(priority) == urgency


def test_wsh11_the_user_adds_and_overrides_statuses() -> None:
    mapping = JiraMapping({"Waiting for Godot": "parked", "Done": "Benefit follow-up"})
    assert mapping.state("waiting for godot")[0] == WishState.PARKED
    assert mapping.state("Done")[0] == WishState.FOLLOW_UP  # by the state's English name
    assert mapping.state("Open")[0] == WishState.SUBMITTED  # the defaults stay
    assert mapping.user_statuses == {"Waiting for Godot": "parked", "Done": "follow_up"}


def test_a_status_map_from_json() -> None:
    data = json.dumps({"I analyse": "under_review"}, ensure_ascii=False).encode()
    assert load_status_map(data) == {"I analyse": "under_review"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b'["Open", "submitted"]', "must be a JSON object"),
        (b'{"Open": "somewhere"}', "states a wish does not have"),
        (b'{"Open": 3}', "states a wish does not have"),
        (b'{"": "submitted"}', "states a wish does not have"),
        (b"\xff\xfe", "not valid JSON"),
    ],
)
def test_a_status_map_that_cannot_be_used_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(MappingError, match=message):
        load_status_map(data)


def test_every_default_maps_to_a_state_of_the_wish() -> None:
    assert set(DEFAULT_STATUSES.values()) <= set(WishState.values)
