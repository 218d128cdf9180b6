"""The workflow table itself, and the one service that moves a wish refusing everything
the table does not hold."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from os2gov.authority.actions import ACTIONS_BY_CODE, Area
from os2gov.core.models import AuditEvent
from os2gov.governance.models import Decision
from os2gov.wishes import participation
from os2gov.wishes.models import Wish, WishEvent, WishState
from os2gov.wishes.services import (
    StaleEditError,
    TransitionNotAllowed,
    wish_review,
    wish_transition,
)
from os2gov.wishes.workflow import BEFORE_START, TRANSITIONS, transitions_from
from tests.wishes.world import WishWorld, make_wish

S = WishState
NOT_IN_TABLE = sorted(
    (source, target)
    for source in S.values
    for target in S.values
    if (source, target) not in TRANSITIONS
)


def test_every_move_names_a_mandate_of_the_catalogue_or_a_participation_right() -> None:
    for transition in TRANSITIONS.values():
        if transition.by_mandate:
            action = ACTIONS_BY_CODE[transition.permission]
            assert action.area == Area.WISHES, transition
        else:
            assert transition.permission in participation.PARTICIPATION, transition


def test_wsh03_wsh12_a_wish_can_be_closed_from_every_state_before_the_start_and_never_after() -> (
    None
):
    closable = {source for (source, target) in TRANSITIONS if target == S.CLOSED}
    assert closable == set(BEFORE_START)
    assert S.STARTED not in closable and S.IN_DELIVERY not in closable


def test_every_state_can_be_reached_from_submitted() -> None:
    reached = {S.SUBMITTED.value}
    frontier = [S.SUBMITTED.value]
    while frontier:
        for transition in transitions_from(frontier.pop()):
            if transition.target not in reached:
                reached.add(transition.target)
                frontier.append(transition.target)
    assert reached == set(S.values)


def test_final_states_lead_nowhere() -> None:
    for state in (S.REALISED, S.CLOSED, S.REJECTED):
        assert transitions_from(state) == []


@pytest.mark.django_db
def test_a_transition_not_in_the_table_is_refused_for_everyone_before_anything_else(
    world: WishWorld,
) -> None:
    """Even the coordination group, which holds every wish mandate but the steering
    group's, cannot make a move the table does not hold; nothing is asked or written."""
    actor = world["coordination_group_member"]
    wishes = {state: make_wish(world, state=state) for state in S.values}
    events, decisions, audit = (
        WishEvent.objects.count(),
        Decision.objects.count(),
        AuditEvent.objects.count(),
    )
    for source, target in NOT_IN_TABLE:
        wish = wishes[source]
        with (
            CaptureQueriesContext(connection) as queries,
            pytest.raises(TransitionNotAllowed) as refusal,
        ):
            wish_transition(wish=wish, to_state=target, actor=actor)
        assert len(queries) == 0, (source, target)
        assert refusal.value.error_dict["to_state"][0].code == "not_in_table"
    assert (WishEvent.objects.count(), Decision.objects.count(), AuditEvent.objects.count()) == (
        events,
        decisions,
        audit,
    )
    assert {w.state for w in Wish.objects.all()} == set(S.values)


@pytest.mark.django_db
def test_an_unknown_state_is_refused_with_the_field_named(world: WishWorld) -> None:
    wish = make_wish(world)
    with pytest.raises(TransitionNotAllowed) as refusal:
        wish_transition(wish=wish, to_state="done", actor=world["coordination_group_member"])
    message = refusal.value.error_dict["to_state"][0].messages[0]
    assert message == "A wish that is “Submitted” cannot become “done”."


@pytest.mark.django_db
def test_started_to_closed_is_not_in_the_table(world: WishWorld) -> None:
    wish = make_wish(world, state=S.STARTED)
    with pytest.raises(TransitionNotAllowed, match="cannot become “Closed”"):
        wish_transition(
            wish=wish,
            to_state=S.CLOSED,
            actor=world["coordination_group_member"],
            close_reason="declined",
            note="For sent.",
        )


@pytest.mark.django_db
def test_a_detail_the_move_does_not_take_is_a_programming_error(world: WishWorld) -> None:
    wish = make_wish(world)
    with pytest.raises(TypeError, match="takes no"):
        wish_transition(
            wish=wish,
            to_state=S.UNDER_REVIEW,
            actor=world["coordination_group_member"],
            amount="10",
        )


@pytest.mark.django_db
def test_a_move_based_on_an_old_state_is_refused_not_overwritten(world: WishWorld) -> None:
    wish = make_wish(world)
    seen_by_other = Wish.objects.get(pk=wish.pk)
    wish_review(wish=wish, actor=world["coordination_group_member"])
    with pytest.raises(StaleEditError, match="Someone moved this wish meanwhile"):
        wish_transition(
            wish=seen_by_other,
            to_state=S.PARKED,
            actor=world["tovholder"],
        )
    assert Wish.objects.get(pk=wish.pk).state == S.UNDER_REVIEW
