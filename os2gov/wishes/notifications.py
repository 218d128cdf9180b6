"""Notifications about development wishes, without flooding: in the app and by e-mail,
sent after the change has been committed.

Who hears of what:

* the submitter, of every state change of their wish;
* the product's coordination group, of new (general) wishes and of supports;
* the steering group (or, where a product has none, the coordination group that holds its
  mandate, GRP-08), of wishes recommended to it;
* the delivering supplier, of orders (a start) and of rejected deliveries: its people in
  the product's groups, or all its people where none sits there;
* the secretariat, of a start refused for lack of economic frame (no frame, or a frame
  with too little left).

Nobody is told of their own action. Each person chooses per kind whether the e-mail comes
at once or in one daily digest (``NotificationPreference``; ``DEFAULT_DELIVERY`` where they
have not chosen). The in-app notification is written either way.

How it is hooked: every change of a wish writes a ``WishEvent``; its ``post_save`` only
registers the work with ``transaction.on_commit``, so a change that is rolled back notifies
nobody, and the recipients are worked out once the change is visible. A refused start
writes nothing, so the service announces it (``signals.transition_refused``) after its own
transaction has been rolled back; the listener registers the work with ``on_commit`` from
there, which runs at once when the caller holds no transaction (an API request), or when
the caller's transaction commits.

The daily digest is a reminder source (``os2gov remind``): one e-mail per person with
everything not yet e-mailed, which also picks up an immediate e-mail that failed.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models.signals import post_save
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from os2gov.accounts.models import User
from os2gov.authority.predicates import governing_groups
from os2gov.core import reminders
from os2gov.governance.models import BodyKind, BodyMembership, GroupMembership
from os2gov.wishes import signals
from os2gov.wishes.models import Wish, WishEvent, WishEventKind, WishState
from os2gov.wishes.models_notifications import (
    DEFAULT_DELIVERY,
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
)

logger = logging.getLogger(__name__)

Kind = NotificationKind
DIGEST_SOURCE = "wishes.notification_digest"
# The guards' error codes that mean "not enough frame" (workflow.py).
FRAME_REFUSALS = frozenset({"over_frame", "no_frame"})

_muted: ContextVar[bool] = ContextVar("os2gov_wish_notifications_muted", default=False)


@contextmanager
def muted() -> Iterator[None]:
    """Notify nobody of the changes made inside (e.g. the demo data's invented history)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


# --- hooking into the services ------------------------------------------------------------


def connect() -> None:
    post_save.connect(_event_saved, sender=WishEvent, dispatch_uid="wishes:notify:event")
    signals.transition_refused.connect(_transition_refused, dispatch_uid="wishes:notify:refused")


# The events anybody is told of (an import, an edit or an estimate tells nobody).
ANNOUNCED = frozenset({WishEventKind.SUBMITTED, WishEventKind.SUPPORTED, WishEventKind.TRANSITION})


def _event_saved(sender: Any, instance: WishEvent, created: bool, **kwargs: Any) -> None:
    if not created or kwargs.get("raw") or _muted.get() or instance.kind not in ANNOUNCED:
        return
    event_id = instance.pk
    transaction.on_commit(lambda: notify_event(event_id))


def _frame_messages(refusal: ValidationError) -> list[str]:
    found = []
    for errors in getattr(refusal, "error_dict", {}).values():
        for error in errors:
            if error.code in FRAME_REFUSALS:
                found.extend(error.messages)
    return found


def _transition_refused(
    sender: Any,
    wish: Wish,
    to_state: str,
    actor: Any,
    day: datetime.date,
    refusal: ValidationError,
    **kwargs: Any,
) -> None:
    if to_state != WishState.STARTED or _muted.get():
        return
    reasons = _frame_messages(refusal)
    if not reasons:
        return
    wish_id = wish.pk
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    transaction.on_commit(lambda: notify_start_refused(wish_id, actor_id, reasons))


# --- who hears of what ------------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    kind: str
    recipients: list[User]
    text: str


def _active(people: Iterable[User]) -> list[User]:
    seen: dict[int, User] = {}
    for person in people:
        if person.is_active and person.email:
            seen.setdefault(person.pk, person)
    return list(seen.values())


def _group_people(group: Any, day: datetime.date) -> list[User]:
    if group is None:
        return []
    memberships = (
        GroupMembership.objects.active_on(day).filter(group=group).select_related("person")
    )
    return _active(m.person for m in memberships.order_by("pk"))


def coordination_group_people(wish: Wish, day: datetime.date) -> list[User]:
    return _group_people(governing_groups(wish.product).coordination, day)


def steering_people(wish: Wish, day: datetime.date) -> list[User]:
    """The steering group, or the coordination group holding its mandate (GRP-08)."""
    return _group_people(governing_groups(wish.product).steering_mandate_holder, day)


def supplier_people(wish: Wish, day: datetime.date) -> list[User]:
    """The delivering supplier's people in the product's groups, or all its people."""
    supplier = wish.delivering_supplier
    if supplier is None:
        return []
    seated = GroupMembership.objects.active_on(day).filter(
        group__product_id=wish.product_id, person__organisation_id=supplier.organisation_id
    )
    people = _active(m.person for m in seated.select_related("person").order_by("pk"))
    if people:
        return people
    return _active(User.objects.filter(organisation_id=supplier.organisation_id).order_by("pk"))


def secretariat_people(day: datetime.date) -> list[User]:
    staff = (
        BodyMembership.objects.active_on(day)
        .filter(body__kind=BodyKind.SECRETARIAT)
        .select_related("person")
        .order_by("pk")
    )
    return _active(m.person for m in staff)


def wish_link(wish: Wish) -> str:
    """The wish's page (its API address where the pages are not mounted)."""
    try:
        return reverse("wishes:detail", kwargs={"product": wish.product.slug, "pk": wish.pk})
    except NoReverseMatch:
        return f"/api/v1/wishes/{wish.pk}"


def _names(wish: Wish) -> dict[str, str]:
    return {"title": wish.title, "product": wish.product.name}


def _planned(event: WishEvent, day: datetime.date) -> list[Planned]:
    wish = event.wish
    names = _names(wish)
    planned: list[Planned] = []
    if event.kind == WishEventKind.SUBMITTED and wish.is_general:
        municipality = wish.submitter_municipality
        planned.append(
            Planned(
                Kind.NEW_WISH,
                coordination_group_people(wish, day),
                _("New wish for %(product)s from %(municipality)s: “%(title)s”.")
                % {**names, "municipality": municipality.name if municipality else "—"},
            )
        )
    elif event.kind == WishEventKind.SUPPORTED:
        municipality = (event.data.get("municipality") or [None, ""])[-1]
        planned.append(
            Planned(
                Kind.SUPPORTED,
                coordination_group_people(wish, day),
                _("%(municipality)s supports “%(title)s” (%(product)s).")
                % {**names, "municipality": municipality},
            )
        )
    elif event.kind == WishEventKind.TRANSITION:
        target = event.to_state
        state = WishState(target).label if target in WishState.values else target
        if wish.submitter is not None:
            planned.append(
                Planned(
                    Kind.STATE_CHANGED,
                    _active([wish.submitter]),
                    _("Your wish “%(title)s” (%(product)s) is now: %(state)s.")
                    % {**names, "state": state},
                )
            )
        if target == WishState.RECOMMENDED:
            planned.append(
                Planned(
                    Kind.RECOMMENDED,
                    steering_people(wish, day),
                    _(
                        "The coordination group of %(product)s recommends “%(title)s” to the "
                        "steering group for a decision."
                    )
                    % names,
                )
            )
        elif target == WishState.STARTED:
            planned.append(
                Planned(
                    Kind.ORDERED,
                    supplier_people(wish, day),
                    _("“%(title)s” (%(product)s) is ordered from you. Reference: %(reference)s.")
                    % {**names, "reference": wish.order_reference or "—"},
                )
            )
        elif target == WishState.DELIVERY_REJECTED:
            planned.append(
                Planned(
                    Kind.DELIVERY_REJECTED,
                    supplier_people(wish, day),
                    _("The delivery of “%(title)s” (%(product)s) was rejected: %(details)s")
                    % {**names, "details": event.text},
                )
            )
    return planned


# --- writing and sending ----------------------------------------------------------------------


def _deliveries(people: Iterable[User], kinds: Iterable[str]) -> dict[tuple[int, str], str]:
    chosen = NotificationPreference.objects.filter(
        person__in=list(people), kind__in=list(kinds)
    ).values_list("person_id", "kind", "delivery")
    return {(person_id, kind): delivery for person_id, kind, delivery in chosen}


def delivery_for(person: User, kind: str) -> str:
    """How ``kind`` reaches ``person``: their choice, or the default."""
    chosen = _deliveries([person], [kind]).get((person.pk, kind))
    return chosen or DEFAULT_DELIVERY[kind]


def _subject(notification: Notification) -> str:
    return _("OS2gov: %(text)s") % {"text": notification.text[:120]}


def _absolute(link: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{link}" if link.startswith("/") else link


def _body(notification: Notification) -> str:
    lines = [notification.text]
    if notification.link:
        lines += ["", _absolute(notification.link)]
    lines += [
        "",
        _(
            "You get this e-mail at once because of your notification settings; you can "
            "choose a daily digest instead."
        ),
    ]
    return "\n".join(lines)


def _send_at_once(notifications: list[Notification]) -> None:
    if not notifications:
        return
    messages = [
        EmailMessage(
            subject=_subject(n),
            body=_body(n),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[n.recipient.email],
        )
        for n in notifications
    ]
    try:
        get_connection().send_messages(messages)
    except Exception:  # the digest picks up what could not be sent now
        logger.exception("Sending %d wish notification(s) failed", len(messages))
        return
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        emailed_at=timezone.now()
    )


def _write(wish: Wish | None, actor_id: int | None, planned: list[Planned]) -> list[Notification]:
    pairs: list[tuple[Planned, User]] = []
    seen: set[tuple[str, int]] = set()
    for item in planned:
        for person in item.recipients:
            if person.pk == actor_id or (item.kind, person.pk) in seen:
                continue
            seen.add((item.kind, person.pk))
            pairs.append((item, person))
    if not pairs:
        return []
    chosen = _deliveries([p for _i, p in pairs], {i.kind for i, _p in pairs})
    link = wish_link(wish) if wish is not None else ""
    rows = Notification.objects.bulk_create(
        Notification(
            recipient=person,
            kind=item.kind,
            wish=wish,
            text=item.text,
            link=link,
            delivery=chosen.get((person.pk, item.kind), DEFAULT_DELIVERY[item.kind]),
        )
        for item, person in pairs
    )
    _send_at_once([row for row in rows if row.delivery == Delivery.IMMEDIATE])
    return rows


def notify_event(event_id: int) -> list[Notification]:
    """Write (and send at once where chosen) the notifications of one committed event."""
    event = (
        WishEvent.objects.select_related(
            "wish__product",
            "wish__submitter",
            "wish__submitter_municipality",
            "wish__delivering_supplier",
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return []
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        return _write(event.wish, event.actor_id, _planned(event, timezone.localdate()))


def notify_start_refused(
    wish_id: int, actor_id: int | None, reasons: list[str]
) -> list[Notification]:
    """Tell the secretariat that a start of the wish was refused for lack of frame. One
    unread notice per wish and day is enough: repeated attempts add none."""
    wish = Wish.objects.select_related("product").filter(pk=wish_id).first()
    if wish is None:
        return []
    day = timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        already = set(
            Notification.objects.filter(
                wish=wish,
                kind=Kind.START_REFUSED,
                read_at__isnull=True,
                created_at__date=day,
            ).values_list("recipient_id", flat=True)
        )
        people = [p for p in secretariat_people(day) if p.pk not in already]
        text = _("A start of “%(title)s” (%(product)s) was refused: %(reasons)s") % {
            **_names(wish),
            "reasons": " ".join(reasons),
        }
        return _write(wish, actor_id, [Planned(Kind.START_REFUSED, people, text)])


# --- a person's own notifications and choices -----------------------------------------------


def preferences_of(person: User) -> dict[str, str]:
    """Every kind with how it reaches ``person``."""
    chosen = dict(
        NotificationPreference.objects.filter(person=person).values_list("kind", "delivery")
    )
    return {kind: chosen.get(kind, DEFAULT_DELIVERY[kind]) for kind in Kind.values}


def preference_set(*, person: User, kind: str, delivery: str) -> NotificationPreference:
    """``person`` chooses how ``kind`` reaches them (their own setting: no mandate)."""
    errors: dict[str, list[ValidationError]] = {}
    if kind not in Kind.values:
        errors["kind"] = [ValidationError(_("Choose a kind of notification."), code="invalid")]
    if delivery not in Delivery.values:
        errors["delivery"] = [ValidationError(_("Choose at once or daily."), code="invalid")]
    if errors:
        raise ValidationError(errors)
    row, _created = NotificationPreference.objects.update_or_create(
        person=person, kind=kind, defaults={"delivery": delivery}
    )
    return row


def mark_read(*, person: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark ``person``'s notifications (all unread ones, or those given) read."""
    unread = Notification.objects.filter(recipient=person, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


# --- the daily digest ---------------------------------------------------------------------------


def _end_of(day: datetime.date) -> datetime.datetime:
    midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(midnight) if settings.USE_TZ else midnight


def daily_digest(day: datetime.date) -> list[reminders.Reminder]:
    """The reminder source: for each person, one e-mail with every unread notification of
    ``day`` or before that has not been e-mailed (those they chose to get daily, and any
    immediate e-mail that failed); they are then marked e-mailed."""
    pending = list(
        Notification.objects.filter(
            emailed_at__isnull=True,
            read_at__isnull=True,
            created_at__lt=_end_of(day),
            recipient__is_active=True,
        )
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "pk")
    )
    by_person: dict[int, list[Notification]] = defaultdict(list)
    for notification in pending:
        by_person[notification.recipient_id].append(notification)
    messages = []
    for items in by_person.values():
        recipient = items[0].recipient
        lines = [
            _("What happened to development wishes you follow, up to %(day)s:")
            % {"day": day.isoformat()},
            "",
        ]
        for item in items:
            lines.append(f"- {item.text}")
            if item.link:
                lines.append(f"  {_absolute(item.link)}")
        lines += [
            "",
            _("You get this daily digest because of your notification settings."),
        ]
        messages.append(
            reminders.Reminder(
                recipient=recipient.email,
                subject=_("OS2gov: %(count)s notifications about development wishes")
                % {"count": len(items)},
                body="\n".join(lines),
            )
        )
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
    return messages


def register() -> None:
    connect()
    reminders.register(DIGEST_SOURCE, daily_digest)
