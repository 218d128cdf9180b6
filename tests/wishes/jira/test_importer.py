"""Importing Jira CSV exports into a product's backlog (WSH-11): what is written, what a
re-import changes, and that a refused or failing import writes nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from os2gov.authority.service import MandateRefused
from os2gov.core.models import AuditEvent
from os2gov.wishes.jira.importer import ImportReport, import_jira_csv
from os2gov.wishes.jira.parser import COPENHAGEN, JiraFileError
from os2gov.wishes.models import (
    CloseReason,
    Wish,
    WishCategory,
    WishEvent,
    WishEventKind,
    WishState,
)
from os2gov.wishes.services import wish_assess, wish_transition, wish_update
from tests.authority.conftest import World, fresh
from tests.wishes.jira.samples import sample

pytestmark = pytest.mark.django_db

IMPORTER = "coordination_group_member"


def run(world: World, name: str, *, role: str = IMPORTER, **options: Any) -> ImportReport:
    return import_jira_csv(
        product=world.alfa, data=sample(name), actor=fresh(world, role), **options
    )


def wishes(world: World) -> dict[str, Wish]:
    return {wish.jira_key: wish for wish in Wish.objects.filter(product=world.alfa)}


def written() -> tuple[int, int, int]:
    return Wish.objects.count(), WishEvent.objects.count(), AuditEvent.objects.count()


def test_wsh11_an_english_export_becomes_wishes_with_the_mapped_fields(world: World) -> None:
    report = run(world, "english_export.csv")
    assert report.ok and report.written
    assert report.created == ["ALFA-101", "ALFA-102", "ALFA-103", "ALFA-104", "ALFA-105"]
    found = wishes(world)
    first = found["ALFA-101"]
    assert first.title == "Export the case list to PDF"
    assert first.description.startswith("As a caseworker I want to export the case list")
    assert first.description.count("\n") == 3
    assert first.category == WishCategory.NEW_FUNCTIONALITY
    assert first.state == WishState.SUBMITTED
    assert first.urgency == 4  # High
    assert first.reporter_label == "Anne Eksempel"
    assert first.submitter is None
    assert first.created_at == datetime.datetime(2026, 11, 23, 9, 15, tzinfo=COPENHAGEN)
    assert (found["ALFA-102"].category, found["ALFA-102"].state) == (
        WishCategory.ERROR,
        WishState.IN_DELIVERY,
    )
    assert found["ALFA-103"].category == WishCategory.IMPROVEMENT
    assert found["ALFA-103"].state == WishState.ACCEPTED
    assert found["ALFA-104"].category == WishCategory.MAINTENANCE
    assert found["ALFA-104"].state == WishState.ACCEPTED  # Closed, resolution Fixed
    declined = found["ALFA-105"]
    assert declined.state == WishState.CLOSED
    assert declined.close_reason == CloseReason.DECLINED
    assert "Won't Do" in declined.close_note
    assert declined.closed_on == datetime.date(2026, 2, 11)


def test_wsh11_each_imported_wish_has_an_imported_event_in_its_timeline(world: World) -> None:
    run(world, "english_export.csv")
    wish = wishes(world)["ALFA-102"]
    events = list(wish.events.all())
    assert [event.kind for event in events] == [WishEventKind.IMPORTED]
    event = events[0]
    assert event.to_state == WishState.IN_DELIVERY
    assert event.actor == world[IMPORTER]
    assert "ALFA-102" in event.text
    assert event.data["jira"]["components"] == ["Søgning", "Brugerflade"]
    assert event.data["imported"]["state"] == WishState.IN_DELIVERY


def test_wsh11_the_import_is_one_audit_event_with_the_counts(world: World) -> None:
    run(world, "english_export.csv")
    event = AuditEvent.objects.get(action="wish.import")
    assert event.object_id == str(world.alfa.pk)
    assert event.actor == world[IMPORTER]
    assert event.mandate.startswith("wish.import")
    assert "coordination group" in event.mandate.lower()
    assert event.changes["created"] == 5
    assert event.changes["updated"] == 0
    assert "5 created" in event.summary


def test_wsh11_danish_statuses_in_a_semicolon_file_with_bom(world: World) -> None:
    report = run(world, "danish_semicolon_bom.csv")
    assert report.ok
    states = {key: wish.state for key, wish in wishes(world).items()}
    assert states == {
        "BETA-1": WishState.UNDER_REVIEW,  # Til vurdering
        "BETA-2": WishState.IN_DELIVERY,  # I gang
        "BETA-3": WishState.ACCEPTED,  # Færdig
        "BETA-4": WishState.CLOSED,  # Afvist
        "BETA-5": WishState.SUBMITTED,  # Åben
        "BETA-6": WishState.ACCEPTED,  # Lukket
    }
    assert wishes(world)["BETA-1"].urgency == 4  # Høj


def test_wsh11_a_second_import_of_the_same_file_changes_nothing(world: World) -> None:
    run(world, "english_export.csv")
    ids = {key: wish.pk for key, wish in wishes(world).items()}
    events = WishEvent.objects.count()
    report = run(world, "english_export.csv")
    assert report.created == [] and report.updated == []
    assert len(report.unchanged) == 5
    assert {key: wish.pk for key, wish in wishes(world).items()} == ids
    assert WishEvent.objects.count() == events
    assert AuditEvent.objects.filter(action="wish.import").count() == 2


def test_wsh11_a_reimport_updates_by_issue_key_and_never_duplicates(world: World) -> None:
    run(world, "english_export.csv")
    before = wishes(world)
    report = run(world, "english_export_later.csv")
    assert report.created == ["ALFA-106"]
    assert report.updated == ["ALFA-101", "ALFA-102", "ALFA-103"]
    assert report.unchanged == ["ALFA-104", "ALFA-105"]
    after = wishes(world)
    assert Wish.objects.filter(product=world.alfa).count() == 6
    assert after["ALFA-102"].pk == before["ALFA-102"].pk
    assert after["ALFA-102"].state == WishState.ACCEPTED
    assert after["ALFA-102"].version == before["ALFA-102"].version + 1
    assert after["ALFA-103"].title == "Faster loading of the overview page"
    moved = after["ALFA-102"].events.order_by("id").last()
    assert moved is not None
    assert moved.kind == WishEventKind.IMPORTED
    assert (moved.from_state, moved.to_state) == (WishState.IN_DELIVERY, WishState.ACCEPTED)
    assert moved.data["state"] == [WishState.IN_DELIVERY, WishState.ACCEPTED]


def test_a_reimport_keeps_what_the_platform_changed_since(world: World) -> None:
    run(world, "english_export.csv")
    group_member = fresh(world, IMPORTER)
    # The group takes the wish up for review and re-categorises it ...
    wish = wish_transition(
        wish=wishes(world)["ALFA-101"], to_state=WishState.UNDER_REVIEW, actor=group_member
    )
    wish_update(
        wish=wish,
        actor=group_member,
        expected_version=wish.version,
        category=WishCategory.IMPROVEMENT,
    )
    # ... while its summary changes in Jira, where its status is still "Open".
    report = run(world, "english_export_later.csv")
    assert report.kept["ALFA-101"] == ["category", "state"]
    after = wishes(world)["ALFA-101"]
    assert after.title == "Export the case list to PDF/A"
    assert (after.state, after.category) == (WishState.UNDER_REVIEW, WishCategory.IMPROVEMENT)
    # The next import still recognises the platform's changes.
    again = run(world, "english_export_later.csv")
    assert again.updated == []
    assert again.kept["ALFA-101"] == ["category", "state"]
    assert wishes(world)["ALFA-101"].state == WishState.UNDER_REVIEW


def test_a_priority_added_in_jira_later_sets_an_urgency_nobody_set(world: World) -> None:
    no_priority = b"Summary,Issue key,Status\nA wish,ALFA-1,Open\nAnother,ALFA-2,Open\n"
    import_jira_csv(product=world.alfa, data=no_priority, actor=fresh(world, IMPORTER))
    wish_assess(
        wish=wishes(world)["ALFA-2"],
        actor=fresh(world, IMPORTER),
        benefit_score=None,
        strategic_fit=None,
        urgency=1,
    )
    with_priority = (
        b"Summary,Issue key,Status,Priority\nA wish,ALFA-1,Open,High\nAnother,ALFA-2,Open,High\n"
    )
    report = import_jira_csv(product=world.alfa, data=with_priority, actor=fresh(world, IMPORTER))
    assert report.updated == ["ALFA-1"]
    assert report.kept == {"ALFA-2": ["urgency"]}
    assert {key: wish.urgency for key, wish in wishes(world).items()} == {"ALFA-1": 4, "ALFA-2": 1}


def test_a_wish_made_in_the_platform_and_linked_by_key_is_not_overwritten(world: World) -> None:
    made_here = Wish.objects.create(
        product=world.alfa, title="Our own words", jira_key="ALFA-101", category="improvement"
    )
    report = run(world, "english_export.csv")
    assert "ALFA-101" not in report.created
    assert set(report.kept["ALFA-101"]) >= {"title", "category"}
    made_here.refresh_from_db()
    assert made_here.title == "Our own words"
    assert Wish.objects.filter(product=world.alfa, jira_key="ALFA-101").count() == 1


def test_the_same_key_in_another_product_is_another_wish(world: World) -> None:
    run(world, "english_export.csv")
    import_jira_csv(
        product=world.beta,
        data=sample("english_export.csv"),
        actor=fresh(world, "beta_coordination_member"),
    )
    assert Wish.objects.filter(jira_key="ALFA-101").count() == 2


def test_wsh11_a_dry_run_reports_and_writes_nothing(world: World) -> None:
    before = written()
    report = run(world, "english_export.csv", dry_run=True)
    assert report.dry_run and not report.written
    assert len(report.created) == 5
    assert written() == before

    run(world, "english_export.csv")
    before = written()
    report = run(world, "english_export_later.csv", dry_run=True)
    assert report.created == ["ALFA-106"]
    assert report.updated == ["ALFA-101", "ALFA-102", "ALFA-103"]
    assert written() == before
    assert wishes(world)["ALFA-102"].state == WishState.IN_DELIVERY


def test_wsh11_a_row_error_stops_the_whole_import_with_its_row_number(world: World) -> None:
    before = written()
    report = run(world, "unknown_date.csv")
    assert not report.written
    assert [(error.row, error.column) for error in report.errors] == [
        (3, "Created"),
        (4, "Updated"),
    ]
    assert written() == before  # not even the good row BAD-1


@pytest.mark.parametrize(
    "name", ["missing_summary.csv", "broken_quoting.csv", "unclosed_quote.csv", "not_csv.png"]
)
def test_wsh11_a_file_that_is_not_a_jira_export_writes_nothing(world: World, name: str) -> None:
    before = written()
    with pytest.raises(JiraFileError):
        run(world, name)
    assert written() == before


@pytest.mark.parametrize(
    "role",
    ["municipality_user", "supplier_representative", "secretariat_staff", "steering_group_member"],
)
def test_an_import_without_the_mandate_is_refused_and_writes_nothing(
    world: World, role: str
) -> None:
    before = written()
    with pytest.raises(MandateRefused, match="coordination group"):
        run(world, "english_export.csv", role=role)
    with pytest.raises(MandateRefused):
        run(world, "english_export.csv", role=role, dry_run=True)
    assert written() == before


def test_wsh11_unknown_statuses_land_as_submitted_and_are_reported(world: World) -> None:
    report = run(world, "unknown_status.csv")
    assert report.written
    assert report.unknown_statuses == {"Waiting for Godot": ["DELTA-2"]}
    assert report.unknown_types == {"Spike": ["DELTA-3"]}
    assert wishes(world)["DELTA-2"].state == WishState.SUBMITTED
    assert AuditEvent.objects.get(action="wish.import").changes["unknown_statuses"] == {
        "Waiting for Godot": ["DELTA-2"]
    }


def test_wsh11_the_users_status_mapping_is_used(world: World) -> None:
    report = run(world, "unknown_status.csv", status_map={"Waiting for Godot": "parked"})
    assert report.unknown_statuses == {}
    assert wishes(world)["DELTA-2"].state == WishState.PARKED


def test_imported_wishes_enter_the_ranked_backlog(world: World) -> None:
    run(world, "english_export.csv")
    submitted = wishes(world)["ALFA-101"]
    assert submitted.rank == 1
    assert wishes(world)["ALFA-102"].rank is None  # in delivery: not in the backlog
