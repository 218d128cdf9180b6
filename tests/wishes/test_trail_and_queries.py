"""What every move leaves behind (ACC-03 for wishes), and lists whose query counts do not
grow with their rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from os2gov.core.models import AuditEvent
from os2gov.governance.models import Decision
from os2gov.wishes.models import Wish, WishEvent, WishState
from os2gov.wishes.selectors import allowed_moves, backlog, follow_ups, wish_detail
from os2gov.wishes.services import _trail as trail_module
from os2gov.wishes.services import (
    priority_refresh,
    wish_park,
    wish_prioritise,
    wish_review,
    wish_unpark,
)
from tests.wishes.world import WishWorld, make_wish

S = WishState


def test_a_move_writes_the_decision_the_audit_event_and_the_timeline_together(
    world: WishWorld,
) -> None:
    wish = make_wish(world, state=S.UNDER_REVIEW)
    wish_prioritise(wish=wish, actor=world["tovholder"], note="Bred gevinst.")
    decision = Decision.objects.get(subjects__object_id=str(wish.pk))
    assert decision.action == "wish.prioritise"
    assert decision.group == world.base.alfa_coordination
    assert decision.product == world.alfa
    assert decision.recorded_by == world["tovholder"]
    audit = AuditEvent.objects.get(action="wish.transition.prioritised")
    assert audit.object_id == str(wish.pk)
    assert audit.mandate.startswith("wish.prioritise: Prioritise development wishes")
    assert audit.changes["state"] == ["under_review", "prioritised"]
    event = WishEvent.objects.get(wish=wish)
    assert (event.from_state, event.to_state, event.decision) == (
        "under_review",
        "prioritised",
        decision,
    )
    assert event.text == f"“{wish.title}”: Under review → Prioritised. Bred gevinst."
    assert wish.version == 2


def test_when_the_trail_cannot_be_written_the_move_is_undone(
    world: WishWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    wish = make_wish(world)

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("the timeline is unavailable")

    monkeypatch.setattr(trail_module.WishEvent.objects, "create", broken)
    with pytest.raises(RuntimeError):
        wish_review(wish=wish, actor=world["tovholder"])
    assert Wish.objects.get(pk=wish.pk).state == S.SUBMITTED
    assert not Decision.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="wish.").exists()


def test_allowed_moves_show_only_what_the_person_may_do(world: WishWorld) -> None:
    wish = make_wish(world, state=S.PRIORITISED)
    coordination = {t.target for t in allowed_moves(world["coordination_group_member"], wish)}
    assert coordination == {S.STARTED, S.RECOMMENDED, S.CLOSED, S.PARKED}
    assert allowed_moves(world["supplier_representative"], wish) == []
    assert allowed_moves(world["municipality_user"], wish) == []
    started = make_wish(world, state=S.STARTED, ready_to_start=True)
    supplier_moves = allowed_moves(world["supplier_representative"], started)
    assert [t.target for t in supplier_moves] == [S.IN_DELIVERY]


def _many(world: WishWorld, count: int) -> None:
    organisations = (world.municipality, world.nordby, world.sydby)
    for n in range(count):
        make_wish(
            world,
            state=[S.SUBMITTED, S.PRIORITISED, S.ACCEPTED][n % 3],
            supported_by=organisations[: n % 3 + 1],
            follow_up_on=world.alfa_frame.created_at.date(),
        )


def _queries(run: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        run()
    return len(queries)


def test_the_backlog_and_follow_ups_cost_the_same_queries_for_6_and_60_wishes(
    world: WishWorld,
) -> None:
    def read() -> None:
        rows = list(backlog(world.alfa, order="support"))
        assert all(w.submitter_municipality is not None for w in rows)
        assert all(w.support_count >= 0 for w in rows)
        assert all(w.product.name for w in follow_ups())

    _many(world, 6)
    few = _queries(read)
    _many(world, 54)
    assert _queries(read) == few == 2


def test_the_priority_refresh_costs_the_same_queries_for_6_and_60_wishes(
    world: WishWorld,
) -> None:
    _many(world, 6)
    few = _queries(lambda: priority_refresh(world.alfa))
    _many(world, 54)
    assert _queries(lambda: priority_refresh(world.alfa)) == few


def test_the_wish_page_costs_the_same_queries_for_few_and_many_events(world: WishWorld) -> None:
    wish = make_wish(world, supported_by=(world.nordby,))
    wish_review(wish=wish, actor=world["tovholder"])

    def read() -> None:
        found = wish_detail(wish.pk)
        assert [e.decision for e in found.events.all()]
        assert [s.municipality.name for s in found.active_supports]  # type: ignore[attr-defined]

    few = _queries(read)
    for _ in range(5):
        wish_park(wish=wish, actor=world["tovholder"])
        wish_unpark(wish=wish, actor=world["tovholder"])
    assert _queries(read) == few
