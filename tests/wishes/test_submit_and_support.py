"""Submitting wishes and supporting them (WSH-01, WSH-05), editing without overwriting."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from os2gov.catalogue.models import ConnectionAgreement
from os2gov.core.models import AuditEvent
from os2gov.governance.models import Decision
from os2gov.wishes.models import Support, Wish, WishEvent, WishScope, WishState
from os2gov.wishes.selectors import backlog, similar_wishes
from os2gov.wishes.services import (
    StaleEditError,
    TransitionRefused,
    wish_prioritise,
    wish_review,
    wish_submit,
    wish_support,
    wish_support_withdraw,
    wish_update,
)
from tests.wishes.world import WishWorld, make_wish

S = WishState


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code or "" for e in errors] for field, errors in error.error_dict.items()}


# --- submit (WSH-01) ----------------------------------------------------------------------


def test_wsh01_a_person_from_a_user_municipality_submits_a_wish(world: WishWorld) -> None:
    wish = wish_submit(
        product=world.alfa,
        actor=world["nordby_user"],
        title="  Påmindelser om frister  ",
        description="Sagsbehandlere glemmer frister.",
        category="improvement",
        expected_dkk_per_year="25000.50",
    )
    assert wish.state == S.SUBMITTED
    assert wish.title == "Påmindelser om frister"
    assert wish.submitter == world["nordby_user"]
    assert wish.submitter_municipality == world.nordby
    assert wish.expected_dkk_per_year == Decimal("25000.50")
    # The submitting municipality is its first supporter.
    assert list(wish.supports.values_list("municipality__name", flat=True)) == ["Nordby Kommune"]
    event = WishEvent.objects.get(wish=wish)
    assert event.text == "Nora Nordby submitted the wish for Nordby Kommune."
    audit = AuditEvent.objects.get(action="wish.submit")
    assert audit.mandate.startswith("wish.submit: Submit a development wish")
    # Nobody decided anything: no decision.
    assert not Decision.objects.exists()


@pytest.mark.parametrize("role", ["fjernby_user", "secretariat_staff", "supplier_user"])
def test_wsh01_people_from_organisations_that_do_not_use_the_product_cannot_submit(
    world: WishWorld, role: str
) -> None:
    with pytest.raises(PermissionDenied) as refusal:
        wish_submit(product=world.alfa, actor=world[role], title="Noget nyt")
    assert str(refusal.value) == ("Only people from an organisation that uses OS2alfa can do this.")
    assert not Wish.objects.exists()


def test_wsh01_anonymous_cannot_submit(world: WishWorld) -> None:
    with pytest.raises(PermissionDenied):
        wish_submit(product=world.alfa, actor=world["anonymous"], title="Noget nyt")


def test_wsh01_an_ended_agreement_no_longer_lets_its_people_submit(world: WishWorld) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ConnectionAgreement.objects.filter(product=world.alfa, organisation=world.nordby).update(
        ends_on=yesterday
    )
    with pytest.raises(PermissionDenied):
        wish_submit(product=world.alfa, actor=world["nordby_user"], title="Noget nyt")
    wish = wish_submit(
        product=world.alfa, actor=world["nordby_user"], title="Noget nyt", on=yesterday
    )
    assert wish.submitter_municipality == world.nordby


def test_a_submission_with_bad_fields_names_each_field(world: WishWorld) -> None:
    with pytest.raises(ValidationError) as refusal:
        wish_submit(
            product=world.alfa,
            actor=world["nordby_user"],
            title=" ",
            category="wish",
            scope="everywhere",
            expected_dkk_per_year="-5",
            expected_hours_per_year="many",
            external_url="not a link",
        )
    assert codes(refusal.value) == {
        "title": ["required"],
        "category": ["invalid_choice"],
        "scope": ["invalid_choice"],
        "expected_dkk_per_year": ["negative_amount"],
        "expected_hours_per_year": ["invalid_hours"],
        "external_url": ["invalid_url"],
    }


def test_a_jira_key_is_unique_per_product(world: WishWorld) -> None:
    wish_submit(product=world.alfa, actor=world["nordby_user"], title="Et", jira_key="ALFA-1")
    with pytest.raises(ValidationError) as refusal:
        wish_submit(product=world.alfa, actor=world["sydby_user"], title="To", jira_key="ALFA-1")
    assert codes(refusal.value) == {"jira_key": ["jira_key_taken"]}
    other = wish_submit(
        product=world.beta, actor=world["municipality_user"], title="Tre", jira_key="ALFA-1"
    )
    assert other.jira_key == "ALFA-1"


def test_wsh12_similar_wishes_are_suggested_on_submit(world: WishWorld) -> None:
    original = make_wish(world, title="Eksport af sager til CSV-fil")
    make_wish(world, title="Mørk tilstand i brugerfladen")
    closed = make_wish(world, title="Eksport af sager til CSV", state=S.CLOSED)
    make_wish(world, product=world.beta, title="Eksport af sager til CSV")
    suggestions = similar_wishes(world.alfa, "Eksportere sager til CSV")
    assert [s.wish for s in suggestions] == [original]
    assert closed not in [s.wish for s in suggestions]
    assert similar_wishes(world.alfa, "og det") == []


# --- support (WSH-01) ---------------------------------------------------------------------


def test_wsh01_another_municipality_supports_and_counts_are_per_municipality(
    world: WishWorld,
) -> None:
    wish = wish_submit(product=world.alfa, actor=world["municipality_user"], title="Kalender")
    support = wish_support(
        wish=wish,
        actor=world["nordby_user"],
        note="Vi mangler det også.",
        expected_benefit="40 timer om året.",
    )
    assert support.municipality == world.nordby
    assert support.expected_benefit == "40 timer om året."
    wish_support(wish=wish, actor=world["sydby_user"])
    counted = backlog(world.alfa).get(pk=wish.pk)
    assert counted.support_count == 3
    assert counted.priority_components["supporters"] == 3
    assert counted.priority_components["user_municipalities"] == 4


def test_wsh01_a_second_support_from_the_same_municipality_is_refused(world: WishWorld) -> None:
    wish = make_wish(world)
    wish_support(wish=wish, actor=world["nordby_user"])
    with pytest.raises(ValidationError) as refusal:
        wish_support(wish=wish, actor=world["nordby_colleague"])
    assert codes(refusal.value) == {"municipality": ["already_supported"]}
    assert refusal.value.error_dict["municipality"][0].messages == [
        "Nordby Kommune already supports this wish."
    ]
    assert Support.objects.filter(wish=wish).count() == 1


def test_wsh01_the_database_refuses_a_second_active_support(world: WishWorld) -> None:
    wish = make_wish(world, supported_by=(world.nordby,))
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(wish=wish, municipality=world.nordby)


def test_wsh01_support_from_a_municipality_that_does_not_use_the_product_is_refused(
    world: WishWorld,
) -> None:
    wish = make_wish(world)
    with pytest.raises(PermissionDenied) as refusal:
        wish_support(wish=wish, actor=world["fjernby_user"])
    assert str(refusal.value) == "Only people from an organisation that uses OS2alfa can do this."
    assert not Support.objects.filter(wish=wish).exists()


def test_wsh01_support_is_withdrawn_and_can_be_declared_again(world: WishWorld) -> None:
    wish = make_wish(world)
    support = wish_support(wish=wish, actor=world["nordby_user"])
    with pytest.raises(PermissionDenied, match="Only people from Nordby Kommune"):
        wish_support_withdraw(support=support, actor=world["sydby_user"])
    withdrawn = wish_support_withdraw(support=support, actor=world["nordby_colleague"])
    assert withdrawn.withdrawn_at is not None
    assert withdrawn.withdrawn_by == world["nordby_colleague"]
    assert backlog(world.alfa).get(pk=wish.pk).support_count == 0
    with pytest.raises(ValidationError):
        wish_support_withdraw(support=support, actor=world["nordby_user"])
    again = wish_support(wish=wish, actor=world["nordby_user"])
    assert again.pk != support.pk
    assert Support.objects.filter(wish=wish).count() == 2  # history kept


@pytest.mark.parametrize("state", [S.STARTED, S.CLOSED, S.REJECTED])
def test_wsh01_support_is_declared_only_before_the_start(world: WishWorld, state: str) -> None:
    wish = make_wish(world, state=state)
    with pytest.raises(ValidationError) as refusal:
        wish_support(wish=wish, actor=world["nordby_user"])
    assert codes(refusal.value) == {"wish": ["not_open"]}


# --- scope (WSH-05) -----------------------------------------------------------------------


def test_wsh05_a_local_wish_is_shown_but_not_prioritised(world: WishWorld) -> None:
    local = wish_submit(
        product=world.alfa,
        actor=world["nordby_user"],
        title="Nordbys egen rapport",
        scope=WishScope.LOCAL,
    )
    general = wish_submit(product=world.alfa, actor=world["sydby_user"], title="Fælles rapport")
    assert local.rank is None and local.priority_score is None
    assert general.rank == 1
    assert local in backlog(world.alfa)
    wish_review(wish=local, actor=world["coordination_group_member"])
    with pytest.raises(TransitionRefused) as refusal:
        wish_prioritise(wish=local, actor=world["coordination_group_member"])
    assert codes(refusal.value) == {"scope": ["local_wish"]}


# --- editing without overwriting ----------------------------------------------------------


def test_the_submitter_edits_their_wish_while_it_is_under_review(world: WishWorld) -> None:
    wish = wish_submit(product=world.alfa, actor=world["nordby_user"], title="Første titel")
    edited = wish_update(
        wish=wish, actor=world["nordby_user"], expected_version=wish.version, title="Ny titel"
    )
    assert edited.title == "Ny titel"
    event = WishEvent.objects.filter(wish=wish, kind="edited").get()
    assert event.data == {"title": ["Første titel", "Ny titel"]}
    with pytest.raises(PermissionDenied):
        wish_update(
            wish=edited,
            actor=world["sydby_user"],
            expected_version=edited.version,
            title="Kapret",
        )


def test_an_edit_on_top_of_a_newer_one_is_refused(world: WishWorld) -> None:
    wish = wish_submit(product=world.alfa, actor=world["nordby_user"], title="Første titel")
    stale_version = wish.version
    wish_update(
        wish=wish,
        actor=world["coordination_group_member"],
        expected_version=stale_version,
        description="Præciseret af gruppen.",
    )
    with pytest.raises(StaleEditError):
        wish_update(
            wish=wish, actor=world["nordby_user"], expected_version=stale_version, title="Nej"
        )
    assert Wish.objects.get(pk=wish.pk).title == "Første titel"


def test_a_prioritised_wish_cannot_become_local(world: WishWorld) -> None:
    wish = make_wish(world, state=S.PRIORITISED)
    with pytest.raises(ValidationError) as refusal:
        wish_update(
            wish=wish,
            actor=world["coordination_group_member"],
            expected_version=wish.version,
            scope=WishScope.LOCAL,
        )
    assert codes(refusal.value) == {"scope": ["scope_locked"]}
