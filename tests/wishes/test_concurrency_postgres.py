"""Two real concurrent transactions, on PostgreSQL (collected only there: see
conftest.py). Each attempt runs in its own thread, with its own database connection; a
barrier lets them go at the same moment, and reading the frame is slowed down so that,
without the row locks, both would see the frame before the other's commitment."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from os2gov.economy import selectors as economy_selectors
from os2gov.wishes.models import Support, Wish, WishState
from os2gov.wishes.services import TransitionRefused, transitions, wish_start, wish_support
from tests.wishes.concurrency import (
    LEFT,
    SUPPORTERS,
    SUPPORTING_MUNICIPALITIES,
    two_starts_the_frame_covers_once,
)
from tests.wishes.world import FRAME_TOTAL, WishWorld, build_wish_world, make_wish, this_year

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db: None) -> WishWorld:
    return build_wish_world()


@pytest.fixture
def slow_frame_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real = economy_selectors.frame_status

    def slow(*args: Any, **kwargs: Any) -> Any:
        status = real(*args, **kwargs)
        time.sleep(0.3)
        return status

    monkeypatch.setattr(transitions, "frame_status", slow)
    yield


def run_together(attempts: list[Callable[[], Any]]) -> list[Any]:
    """Run each attempt in its own thread and connection, all released at once; the result
    of each, or the exception it raised."""
    barrier = threading.Barrier(len(attempts))
    results: list[Any] = [None] * len(attempts)

    def run(place: int, attempt: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[place] = attempt()
        except Exception as error:  # reported to the test
            results[place] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(place, attempt))
        for place, attempt in enumerate(attempts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_eco02_wsh04_two_concurrent_starts_the_frame_covers_once_exactly_one_succeeds(
    world: WishWorld, slow_frame_reads: None
) -> None:
    first, second = two_starts_the_frame_covers_once(world)
    actors = [world["coordination_group_member"], world["tovholder"]]
    results = run_together(
        [
            lambda: wish_start(wish=Wish.objects.get(pk=first.pk), actor=actors[0]),
            lambda: wish_start(wish=Wish.objects.get(pk=second.pk), actor=actors[1]),
        ]
    )
    started = [r for r in results if isinstance(r, Wish)]
    refused = [r for r in results if isinstance(r, TransitionRefused)]
    assert (len(started), len(refused)) == (1, 1), results
    assert [e.code for e in refused[0].error_dict["estimate"]] == ["over_frame"]
    assert Wish.objects.filter(pk__in=[first.pk, second.pk], state=WishState.STARTED).count() == 1
    status = economy_selectors.frame_status(world.alfa, this_year())
    assert status.committed == FRAME_TOTAL - LEFT + started[0].frame_commitment
    assert status.available >= 0


def test_wsh01_concurrent_supports_give_the_exact_count(world: WishWorld) -> None:
    wish = make_wish(world)
    people = [world[role] for role in SUPPORTERS]
    results = run_together(
        [
            (lambda person=person: wish_support(wish=Wish.objects.get(pk=wish.pk), actor=person))
            for person in people
        ]
    )
    supports = [r for r in results if isinstance(r, Support)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(supports) == SUPPORTING_MUNICIPALITIES, results
    assert len(refused) == len(SUPPORTERS) - SUPPORTING_MUNICIPALITIES
    assert [e.code for e in refused[0].error_dict["municipality"]] == ["already_supported"]
    active = Support.objects.filter(wish=wish, withdrawn_at__isnull=True)
    assert active.count() == SUPPORTING_MUNICIPALITIES
    assert active.values("municipality").distinct().count() == SUPPORTING_MUNICIPALITIES
