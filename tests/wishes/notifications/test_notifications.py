"""Notifications about wishes, without flooding: who hears of what, in the app and by
e-mail, only after the change is committed, at once or in the daily digest as each person
chooses."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from os2gov.accounts.services import api_token_create
from os2gov.core import reminders
from os2gov.economy.models import EconomicFrame
from os2gov.wishes import notifications, services
from os2gov.wishes.models import Notification, NotificationPreference, WishState
from os2gov.wishes.models_notifications import Delivery, NotificationKind
from tests.authority.conftest import english_client
from tests.wishes.world import LARGE, SMALL, WishWorld, make_wish, this_year

Kind = NotificationKind
Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture(autouse=True)
def _english_platform(settings: Any) -> Iterator[None]:
    """The platform's language writes the notifications; English here, the source texts."""
    settings.LANGUAGE_CODE = "en"
    yield


def received(person: Any, kind: str | None = None) -> list[Notification]:
    found = Notification.objects.filter(recipient=person).order_by("pk")
    if kind is not None:
        found = found.filter(kind=kind)
    return list(found)


def mailed_to(person: Any) -> list[Any]:
    return [message for message in mail.outbox if person.email in message.to]


def test_the_submitter_hears_of_each_state_change_at_once(
    world: WishWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    wish = make_wish(world)
    submitter = world["municipality_user"]
    with django_capture_on_commit_callbacks(execute=True):
        services.wish_review(wish=wish, actor=world["coordination_group_member"])
    [notice] = received(submitter, Kind.STATE_CHANGED)
    assert notice.wish == wish
    assert notice.delivery == Delivery.IMMEDIATE
    assert notice.text == f"Your wish “{wish.title}” (OS2alfa) is now: Under review."
    assert notice.link.endswith(f"/{wish.pk}/")
    assert notice.emailed_at is not None and notice.read_at is None
    [message] = mailed_to(submitter)
    assert wish.title in message.subject
    assert "http://" in message.body and str(wish.pk) in message.body
    with django_capture_on_commit_callbacks(execute=True):
        services.wish_park(wish=wish, actor=world["coordination_group_member"])
    assert len(received(submitter, Kind.STATE_CHANGED)) == 2
    assert len(mailed_to(submitter)) == 2


def test_nothing_is_sent_before_the_commit_nor_when_it_is_rolled_back(
    world: WishWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    wish = make_wish(world)
    with django_capture_on_commit_callbacks() as callbacks:
        services.wish_review(wish=wish, actor=world["coordination_group_member"])
        assert not Notification.objects.exists()
        assert mail.outbox == []
    assert callbacks  # registered, run only by the commit
    assert not Notification.objects.exists()

    class Undo(Exception):
        pass

    other = make_wish(world)
    with (
        django_capture_on_commit_callbacks(execute=True) as rolled_back,
        pytest.raises(Undo),
        transaction.atomic(),
    ):
        services.wish_review(wish=other, actor=world["coordination_group_member"])
        raise Undo
    assert rolled_back == []
    assert not Notification.objects.exists()
    assert mail.outbox == []
    other.refresh_from_db()
    assert other.state == WishState.SUBMITTED


def test_the_coordination_group_hears_of_new_wishes_and_supports_daily(
    world: WishWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        wish = services.wish_submit(
            product=world.alfa, actor=world["nordby_user"], title="Kalender i OS2alfa"
        )
    group = [world[r] for r in ("coordination_group_member", "tovholder")]
    group.append(world["supplier_representative"])
    for member in group:
        [notice] = received(member, Kind.NEW_WISH)
        assert notice.delivery == Delivery.DIGEST
        assert notice.text == "New wish for OS2alfa from Nordby Kommune: “Kalender i OS2alfa”."
    # Daily by default: no e-mail now, and the submitter is not told of her own submission.
    assert mail.outbox == []
    assert not received(world["nordby_user"])
    assert not received(world["steering_group_member"])
    with django_capture_on_commit_callbacks(execute=True):
        services.wish_support(wish=wish, actor=world["sydby_user"])
    [notice] = received(world["tovholder"], Kind.SUPPORTED)
    assert notice.text == "Sydby Kommune supports “Kalender i OS2alfa” (OS2alfa)."
    assert not received(world["sydby_user"])


def test_a_local_wish_is_not_announced_to_the_group(
    world: WishWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    """WSH-05: the group does not prioritise local wishes, so it is not told of them."""
    with django_capture_on_commit_callbacks(execute=True):
        services.wish_submit(
            product=world.alfa, actor=world["nordby_user"], title="Eget logo", scope="local"
        )
    assert not Notification.objects.filter(kind=Kind.NEW_WISH).exists()


def test_the_steering_group_hears_of_recommendations_at_once(
    world: WishWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    wish = make_wish(world, state=WishState.PRIORITISED, estimate=LARGE)
    with django_capture_on_commit_callbacks(execute=True):
        services.wish_recommend(wish=wish, actor=world["coordination_group_member"])
    steering = world["steering_group_member"]
    [notice] = received(steering, Kind.RECOMMENDED)
    assert "recommends" in notice.text and wish.title in notice.text
    assert len(mailed_to(steering)) == 1
    # The coordination group (the actor's group) gets no recommendation notice.
    assert not received(world["tovholder"], Kind.RECOMMENDED)


def test_without_a_steering_group_the_coordination_group_hears_of_recommendations(
    world: WishWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    """GRP-08: the coordination group holds the steering group's mandate there."""
    EconomicFrame.objects.create(
        product=world.beta,
        year=this_year(),
        coordination_group_limit=Decimal("1000.00"),
        set_by=world["product_coordinator_beta"],
    )
    wish = make_wish(world, product=world.beta, state=WishState.PRIORITISED, estimate=LARGE)
    with django_capture_on_commit_callbacks(execute=True):
        services.wish_recommend(wish=wish, actor=world["beta_coordination_member"])
    assert received(world["product_coordinator_beta"], Kind.RECOMMENDED)
    assert not received(world["beta_coordination_member"], Kind.RECOMMENDED)


def test_the_supplier_hears_of_orders_and_rejected_deliveries(
    world: WishWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    wish = make_wish(world, state=WishState.PRIORITISED, ready_to_start=True)
    coordinator = world["coordination_group_member"]
    supplier = world["supplier_representative"]
    with django_capture_on_commit_callbacks(execute=True):
        services.wish_start(wish=wish, actor=coordinator, order_reference="ORD-7")
    [order] = received(supplier, Kind.ORDERED)
    assert order.text == f"“{wish.title}” (OS2alfa) is ordered from you. Reference: ORD-7."
    assert len(mailed_to(supplier)) == 1
    # Only the supplier's people in the product's groups, not every colleague.
    assert not received(world["supplier_user"])
    services.wish_begin_delivery(wish=wish, actor=supplier)
    services.wish_deliver(wish=wish, actor=supplier)
    first, second = wish.done_criteria.all()
    with django_capture_on_commit_callbacks(execute=True):
        services.wish_review_delivery(
            wish=wish,
            actor=coordinator,
            results={first.pk: (True, ""), second.pk: (False, "Mangler i vejledningen.")},
        )
    [rejected] = received(supplier, Kind.DELIVERY_REJECTED)
    assert "Mangler i vejledningen." in rejected.text


def test_without_people_in_the_groups_every_person_of_the_supplier_hears_of_orders(
    world: WishWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    wish = make_wish(world, product=world.beta, state=WishState.APPROVED, ready_to_start=True)
    wish.approved_amount = SMALL
    wish.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.wish_start(wish=wish, actor=world["product_coordinator_beta"])
    recipients = set(
        Notification.objects.filter(kind=Kind.ORDERED).values_list("recipient", flat=True)
    )
    assert recipients == {world["supplier_representative"].pk, world["supplier_user"].pk}


def test_the_secretariat_hears_of_a_start_refused_for_lack_of_frame(
    world: WishWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    wish = make_wish(world, state=WishState.PRIORITISED, ready_to_start=True, estimate=LARGE)
    world.alfa_frame.coordination_group_limit = Decimal("450000.00")
    world.alfa_frame.save()
    big = make_wish(world, state=WishState.APPROVED, approved_amount=Decimal("400000.00"))
    big.committed_frame = world.alfa_frame
    big.frame_commitment = big.approved_amount
    big.commitment_mandate = "wish.approve"
    big.save()
    coordinator = world["coordination_group_member"]
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.TransitionRefused) as refused,
    ):
        services.wish_start(wish=wish, actor=coordinator)
    assert refused.value.error_dict["estimate"][0].code == "over_frame"
    staff = [world["secretariat_staff"], world["community_manager"]]
    for person in staff:
        [notice] = received(person, Kind.START_REFUSED)
        assert notice.wish == wish
        assert notice.text.startswith(f"A start of “{wish.title}” (OS2alfa) was refused: ")
        assert "has only DKK 50,000.00 left" in notice.text
    assert len(mail.outbox) == 2
    assert not received(coordinator)
    # Trying again the same day adds no second notice (no flooding).
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.TransitionRefused),
    ):
        services.wish_start(wish=wish, actor=coordinator)
    assert len(received(world["secretariat_staff"], Kind.START_REFUSED)) == 1


def test_a_start_refused_for_another_reason_is_not_the_secretariats_business(
    world: WishWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    over_own_limit = make_wish(
        world, state=WishState.PRIORITISED, ready_to_start=True, estimate=LARGE
    )
    without_done = make_wish(world, state=WishState.PRIORITISED, estimate=SMALL)
    coordinator = world["coordination_group_member"]
    with django_capture_on_commit_callbacks(execute=True):
        for wish in (over_own_limit, without_done):
            with pytest.raises(services.TransitionRefused):
                services.wish_start(wish=wish, actor=coordinator)
    assert not Notification.objects.exists()


def test_a_refused_start_in_a_transaction_that_is_rolled_back_tells_nobody(
    world: WishWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    EconomicFrame.objects.filter(pk=world.alfa_frame.pk).update(year=this_year() - 1)
    wish = make_wish(world, state=WishState.PRIORITISED, ready_to_start=True)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
        transaction.atomic(),
    ):
        services.wish_start(wish=wish, actor=world["coordination_group_member"])
    assert callbacks == []
    assert not Notification.objects.exists()


def test_each_person_chooses_at_once_or_daily_per_kind(
    world: WishWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    submitter = world["municipality_user"]
    assert notifications.preferences_of(submitter)[Kind.STATE_CHANGED] == Delivery.IMMEDIATE
    notifications.preference_set(
        person=submitter, kind=Kind.STATE_CHANGED, delivery=Delivery.DIGEST
    )
    tovholder = world["tovholder"]
    notifications.preference_set(person=tovholder, kind=Kind.NEW_WISH, delivery=Delivery.IMMEDIATE)
    assert notifications.preferences_of(submitter)[Kind.STATE_CHANGED] == Delivery.DIGEST
    wish = make_wish(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.wish_review(wish=wish, actor=world["coordination_group_member"])
        services.wish_submit(product=world.alfa, actor=world["nordby_user"], title="Ny rapport")
    [notice] = received(submitter)
    assert notice.delivery == Delivery.DIGEST and notice.emailed_at is None
    assert mailed_to(submitter) == []
    assert len(mailed_to(tovholder)) == 1  # chose new wishes at once
    assert mailed_to(world["coordination_group_member"]) == []  # the default: daily


def test_a_preference_names_a_kind_and_a_delivery(world: WishWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        notifications.preference_set(person=world["tovholder"], kind="gossip", delivery="hourly")
    assert set(refused.value.message_dict) == {"kind", "delivery"}
    assert not NotificationPreference.objects.exists()


def test_the_daily_digest_sends_one_email_per_person_once(
    world: WishWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    assert notifications.DIGEST_SOURCE in reminders.sources()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.wish_submit(
            product=world.alfa, actor=world["nordby_user"], title="Første ønske"
        )
        services.wish_submit(product=world.alfa, actor=world["sydby_user"], title="Andet ønske")
        services.wish_support(wish=first, actor=world["ostby_user"])
    assert mail.outbox == []
    today = timezone.localdate()
    # Read in the app already: not e-mailed again.
    notifications.mark_read(
        person=world["coordination_group_member"],
        notification_ids=[received(world["coordination_group_member"], Kind.SUPPORTED)[0].pk],
    )
    out = StringIO()
    call_command("remind", date=today.isoformat(), stdout=out)
    digests = {message.to[0]: message for message in mail.outbox}
    members = ("coordination_group_member", "tovholder", "supplier_representative")
    assert set(digests) == {world[r].email for r in members}
    body = digests[world["tovholder"].email].body
    assert "Første ønske" in body and "Andet ønske" in body and "Østby Kommune supports" in body
    assert "3 notifications" in digests[world["tovholder"].email].subject
    assert "Østby" not in digests[world["coordination_group_member"].email].body
    assert not Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True).exists()
    mail.outbox.clear()
    call_command("remind", date=today.isoformat(), stdout=StringIO())
    assert mail.outbox == []


def test_a_dry_run_of_the_digest_marks_nothing(
    world: WishWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.wish_submit(product=world.alfa, actor=world["nordby_user"], title="Et ønske")
    out = StringIO()
    call_command("remind", dry_run=True, stdout=out)
    assert "Et ønske" in out.getvalue()
    assert mail.outbox == []
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 3


def test_the_digest_of_a_day_leaves_later_notifications_for_later(
    world: WishWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.wish_submit(product=world.alfa, actor=world["nordby_user"], title="Et ønske")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert notifications.daily_digest(yesterday) == []
    assert len(notifications.daily_digest(timezone.localdate())) == 3


def test_an_immediate_email_that_fails_goes_out_in_the_digest(
    world: WishWorld, django_capture_on_commit_callbacks: Capture, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "tests.wishes.notifications.broken_mail.Backend"
    wish = make_wish(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.wish_review(wish=wish, actor=world["coordination_group_member"])
    [notice] = received(world["municipality_user"])
    assert notice.emailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    [digest] = notifications.daily_digest(timezone.localdate())
    assert digest.recipient == world["municipality_user"].email


def test_an_estimate_or_an_edit_tells_nobody(
    world: WishWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    wish = make_wish(world)
    coordinator = world["coordination_group_member"]
    with django_capture_on_commit_callbacks(execute=True):
        services.wish_estimate(wish=wish, actor=coordinator, amount="1000.00")
        services.wish_update(wish=wish, actor=coordinator, expected_version=2, title="Ny titel")
    assert not Notification.objects.exists()


def test_muted_changes_notify_nobody(
    world: WishWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    wish = make_wish(world)
    with django_capture_on_commit_callbacks(execute=True), notifications.muted():
        services.wish_review(wish=wish, actor=world["coordination_group_member"])
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_mark_read_marks_only_the_persons_own(
    world: WishWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.wish_submit(product=world.alfa, actor=world["nordby_user"], title="Et ønske")
    assert notifications.mark_read(person=world["tovholder"]) == 1
    assert received(world["tovholder"])[0].is_read
    assert not received(world["coordination_group_member"])[0].is_read


def test_a_notice_of_a_wish_that_is_gone_is_dropped(world: WishWorld) -> None:
    assert notifications.notify_event(10**9) == []
    assert notifications.notify_start_refused(10**9, None, ["Ingen ramme."]) == []


def test_the_wish_link_points_at_its_page(world: WishWorld) -> None:
    wish = make_wish(world)
    assert notifications.wish_link(wish) == f"/oensker/{world.alfa.slug}/{wish.pk}/"


# --- Through the API -------------------------------------------------------------------------


def _bearer(user: Any) -> dict[str, str]:
    _token, plaintext = api_token_create(actor=user, name="Tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def test_my_notifications_and_choices_through_the_api(
    world: WishWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    client = english_client()
    tovholder = world["tovholder"]
    with django_capture_on_commit_callbacks(execute=True):
        services.wish_submit(product=world.alfa, actor=world["nordby_user"], title="Et ønske")
        services.wish_submit(product=world.alfa, actor=world["sydby_user"], title="Et andet")
    headers = _bearer(tovholder)
    page = client.get("/api/v1/wishes/notifications", **headers).json()
    assert page["count"] == 2
    newest = page["items"][0]
    assert newest["kind"] == Kind.NEW_WISH and "Et andet" in newest["text"]
    assert newest["delivery"] == Delivery.DIGEST and newest["read_at"] is None
    marked = client.post(
        "/api/v1/wishes/notifications/read",
        json.dumps({"ids": [newest["id"]]}),
        content_type="application/json",
        **headers,
    )
    assert marked.json() == {"marked": 1}
    unread = client.get("/api/v1/wishes/notifications", {"unread": "true"}, **headers).json()
    assert unread["count"] == 1
    # Nobody reads or marks another person's notifications.
    other = _bearer(world["coordination_group_member"])
    assert client.get("/api/v1/wishes/notifications", **other).json()["count"] == 2
    everything = client.post(
        "/api/v1/wishes/notifications/read", "{}", content_type="application/json", **other
    )
    assert everything.json() == {"marked": 2}
    assert Notification.objects.filter(recipient=tovholder, read_at__isnull=True).count() == 1

    choices = client.get("/api/v1/wishes/notification-preferences", **headers).json()
    assert {c["kind"]: c["delivery"] for c in choices}[Kind.NEW_WISH] == Delivery.DIGEST
    changed = client.put(
        "/api/v1/wishes/notification-preferences",
        json.dumps({"kind": "new_wish", "delivery": "immediate"}),
        content_type="application/json",
        **headers,
    )
    assert changed.status_code == 200
    assert {c["kind"]: c["delivery"] for c in changed.json()}[Kind.NEW_WISH] == "immediate"
    bad = client.put(
        "/api/v1/wishes/notification-preferences",
        json.dumps({"kind": "new_wish", "delivery": "hourly"}),
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"delivery"}
    assert client.get("/api/v1/wishes/notifications").status_code == 401
