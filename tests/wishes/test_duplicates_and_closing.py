"""Closing, duplicates and sprawl (WSH-03, WSH-12), and parking."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from os2gov.economy.models import Pledge, PledgeState
from os2gov.governance.models import Decision
from os2gov.wishes.models import Support, WishEvent, WishState
from os2gov.wishes.selectors import backlog
from os2gov.wishes.services import (
    TransitionNotAllowed,
    TransitionRefused,
    wish_close,
    wish_mark_duplicate,
    wish_mark_outside_business_need,
    wish_park,
    wish_transition,
    wish_unpark,
)
from tests.wishes.world import WishWorld, make_wish

S = WishState


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code or "" for e in errors] for field, errors in error.error_dict.items()}


def test_wsh12_a_duplicate_moves_its_supports_to_the_original_and_keeps_history(
    world: WishWorld,
) -> None:
    original = make_wish(world, title="Eksport til CSV", supported_by=(world.municipality,))
    duplicate = make_wish(
        world,
        title="CSV-eksport",
        supported_by=(world.municipality, world.nordby, world.sydby),
    )
    closed = wish_mark_duplicate(
        wish=duplicate, original=original, actor=world["coordination_group_member"]
    )
    assert closed.state == S.CLOSED
    assert closed.close_reason == "duplicate"
    assert closed.duplicate_of == original
    on_original = Support.objects.filter(wish=original, withdrawn_at__isnull=True)
    assert sorted(s.municipality.name for s in on_original) == [
        "Nordby Kommune",
        "Prøvested Kommune",
        "Sydby Kommune",
    ]
    moved = on_original.exclude(moved_from=None)
    assert {s.moved_from_id for s in moved} == {duplicate.pk}
    # Prøvested already supported the original: its support stays on the duplicate.
    assert list(Support.objects.filter(wish=duplicate).values_list("municipality", flat=True)) == [
        world.municipality.pk
    ]
    assert backlog(world.alfa).get(pk=original.pk).support_count == 3
    moved_event = WishEvent.objects.get(wish=original, kind="support_moved")
    assert "Nordby Kommune, Sydby Kommune" in moved_event.text
    decision = Decision.objects.get(subjects__object_id=str(duplicate.pk))
    assert decision.text == f"Closed “{duplicate.title}” as a duplicate of “{original.title}”."


@pytest.mark.parametrize(
    ("original_state", "code"),
    [(S.CLOSED, "original_closed"), (S.REJECTED, "original_closed")],
)
def test_wsh12_a_duplicate_of_a_closed_wish_is_refused(
    world: WishWorld, original_state: str, code: str
) -> None:
    original = make_wish(world, state=original_state)
    duplicate = make_wish(world)
    with pytest.raises(ValidationError) as refusal:
        wish_mark_duplicate(
            wish=duplicate, original=original, actor=world["coordination_group_member"]
        )
    assert codes(refusal.value) == {"duplicate_of": [code]}


def test_wsh12_a_duplicate_names_an_original_of_the_same_product(world: WishWorld) -> None:
    other = make_wish(world, product=world.beta)
    duplicate = make_wish(world)
    with pytest.raises(ValidationError) as refusal:
        wish_mark_duplicate(wish=duplicate, original=other, actor=world["tovholder"])
    assert codes(refusal.value) == {"duplicate_of": ["other_product"]}
    with pytest.raises(ValidationError) as itself:
        wish_mark_duplicate(wish=duplicate, original=duplicate, actor=world["tovholder"])
    assert codes(itself.value) == {"duplicate_of": ["itself"]}
    with pytest.raises(TransitionRefused) as missing:
        wish_close(wish=duplicate, actor=world["tovholder"], reason="duplicate")
    assert codes(missing.value) == {"duplicate_of": ["original_required"]}


def test_wsh12_outside_the_business_need_is_closed_with_the_reason(world: WishWorld) -> None:
    wish = make_wish(world, state=S.UNDER_REVIEW)
    with pytest.raises(TransitionRefused) as refusal:
        wish_mark_outside_business_need(wish=wish, actor=world["tovholder"], reason="")
    assert codes(refusal.value) == {"note": ["note_required"]}
    closed = wish_mark_outside_business_need(
        wish=wish, actor=world["tovholder"], reason="Hører til et andet fagsystem."
    )
    assert (closed.close_reason, closed.close_note) == (
        "outside_business_need",
        "Hører til et andet fagsystem.",
    )
    decision = Decision.objects.get(subjects__object_id=str(wish.pk))
    assert decision.text == (
        f"Closed “{wish.title}”: Outside the business need. Hører til et andet fagsystem."
    )


def test_wsh03_closing_needs_a_known_reason(world: WishWorld) -> None:
    wish = make_wish(world)
    with pytest.raises(TransitionRefused) as refusal:
        wish_close(wish=wish, actor=world["tovholder"], reason="bored", note="Nej.")
    assert codes(refusal.value) == {"close_reason": ["reason_required"]}
    withdrawn = wish_close(wish=wish, actor=world["tovholder"], reason="withdrawn")
    assert withdrawn.close_reason == "withdrawn"
    assert withdrawn.rank is None


def test_wsh10_closing_releases_the_pledges(world: WishWorld) -> None:
    wish = make_wish(world, state=S.PRIORITISED)
    pledge = Pledge.objects.create(
        wish=wish,
        organisation=world.nordby,
        person=world["nordby_user"],
        amount=Decimal("10000.00"),
    )
    wish_close(wish=wish, actor=world["tovholder"], reason="declined", note="Ikke relevant.")
    pledge.refresh_from_db()
    assert pledge.state == PledgeState.RELEASED


def test_a_parked_wish_returns_to_the_state_it_was_parked_from(world: WishWorld) -> None:
    wish = make_wish(world, state=S.PRIORITISED)
    parked = wish_park(wish=wish, actor=world["tovholder"], note="Afventer lovændring.")
    assert (parked.state, parked.parked_from, parked.rank) == (S.PARKED, S.PRIORITISED, None)
    with pytest.raises(TransitionRefused) as refusal:
        wish_transition(wish=parked, to_state=S.SUBMITTED, actor=world["tovholder"])
    assert codes(refusal.value) == {"to_state": ["not_parked_from"]}
    back = wish_unpark(wish=parked, actor=world["tovholder"])
    assert (back.state, back.parked_from) == (S.PRIORITISED, "")
    assert back.rank == 1


def test_a_parked_wish_cannot_start(world: WishWorld) -> None:
    wish = make_wish(world, state=S.PARKED, ready_to_start=True)
    with pytest.raises(TransitionNotAllowed):
        wish_transition(wish=wish, to_state=S.STARTED, actor=world["tovholder"])
