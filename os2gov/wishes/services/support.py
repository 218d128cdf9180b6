"""Support from municipalities (WSH-01): a person from an organisation that uses the
product declares that the organisation wants the wish too. One active declaration per
organisation per wish (a database constraint, so parallel requests cannot double it);
withdrawable; counted per organisation, never per person."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from os2gov.economy.validation import FieldErrors
from os2gov.wishes import participation
from os2gov.wishes.models import Support, Wish, WishEventKind
from os2gov.wishes.services._trail import lock_wish, record
from os2gov.wishes.services.priority import priority_refresh
from os2gov.wishes.workflow import OPEN_FOR_SUPPORT


def _already(errors: FieldErrors, municipality: Any) -> None:
    errors.add(
        "municipality",
        _("%(municipality)s already supports this wish.") % {"municipality": municipality.name},
        "already_supported",
    )


def _closed(errors: FieldErrors) -> None:
    errors.add(
        "wish",
        _("Support can be declared only until the wish starts or is closed."),
        "not_open",
    )


def wish_support(
    *,
    wish: Wish,
    actor: Any,
    note: str = "",
    expected_benefit: str = "",
    on: datetime.date | None = None,
) -> Support:
    """``actor``'s organisation declares that it wants ``wish`` too."""
    day = on or timezone.localdate()
    municipality = participation.require_user_organisation(
        actor, participation.SUPPORT, wish.product, on=day
    )
    errors = FieldErrors()
    if wish.state not in OPEN_FOR_SUPPORT:
        _closed(errors)
    if Support.objects.filter(
        wish=wish, municipality=municipality, withdrawn_at__isnull=True
    ).exists():
        _already(errors, municipality)
    errors.raise_if_any()
    try:
        with transaction.atomic():
            current = lock_wish(wish)
            if current.state not in OPEN_FOR_SUPPORT:
                _closed(errors)
                errors.raise_if_any()
            support = Support.objects.create(
                wish=current,
                municipality=municipality,
                person=actor,
                note=(note or "").strip(),
                expected_benefit=(expected_benefit or "").strip(),
            )
            record(
                wish=current,
                actor=actor,
                kind=WishEventKind.SUPPORTED,
                text=_("%(municipality)s wants this wish too.")
                % {"municipality": municipality.name},
                audit_action="wish.support",
                participation_code=participation.SUPPORT,
                changes={"municipality": [None, municipality.name]},
            )
            priority_refresh(current.product, on=day)
    except IntegrityError:
        # Someone from the same organisation declared it in the same moment.
        _already(errors, municipality)
        errors.raise_if_any()
    return support


def wish_support_withdraw(*, support: Support, actor: Any) -> Support:
    """Someone from the supporting organisation withdraws its support (kept, dated)."""
    if (
        not getattr(actor, "is_authenticated", False)
        or getattr(actor, "organisation_id", None) != support.municipality_id
    ):
        raise participation.ParticipationRefused(
            _("Only people from %(municipality)s can withdraw its support.")
            % {"municipality": support.municipality.name},
            code=participation.SUPPORT,
        )
    errors = FieldErrors()
    if support.withdrawn_at is not None:
        errors.add("support", _("This support is already withdrawn."), "withdrawn")
    if support.wish.state not in OPEN_FOR_SUPPORT:
        errors.add(
            "support",
            _("Support can be withdrawn only until the wish starts or is closed."),
            "not_open",
        )
    errors.raise_if_any()
    with transaction.atomic():
        current = lock_wish(support.wish)
        updated = Support.objects.filter(pk=support.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now(), withdrawn_by=actor
        )
        if not updated:
            errors.add("support", _("This support is already withdrawn."), "withdrawn")
            errors.raise_if_any()
        record(
            wish=current,
            actor=actor,
            kind=WishEventKind.SUPPORT_WITHDRAWN,
            text=_("%(municipality)s withdrew its support.")
            % {"municipality": support.municipality.name},
            audit_action="wish.support.withdraw",
            participation_code=participation.SUPPORT,
            changes={"municipality": [support.municipality.name, None]},
        )
        priority_refresh(current.product)
    support.refresh_from_db()
    return support
