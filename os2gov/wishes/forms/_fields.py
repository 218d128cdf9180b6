"""Fields and choices the wish forms share."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from os2gov.accounts.models import User
from os2gov.catalogue.models import Product
from os2gov.governance.models import GroupKind, GroupMembership
from os2gov.governance.people import public_name

TEXT_MAX = 20_000


def criteria_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def decimal_input() -> forms.TextInput:
    # Amounts are read by the services (Decimal, never float): a text field, so that the
    # service's own message ("Enter an amount in kroner, e.g. 125000.50") is the one shown.
    return forms.TextInput(attrs={"inputmode": "decimal", "class": "form-input input-width-m"})


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        organisation = obj.organisation.name if obj.organisation_id else _("no organisation")
        return f"{public_name(obj)} ({organisation})"


class SupplierChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.organisation.name)


def decision_makers(product: Product, day: datetime.date, *also: Any) -> QuerySet[User]:
    """The people who may order a wish or approve its delivery: members of the product's
    steering and coordination groups on ``day``, and anyone the wish already names."""
    members = GroupMembership.objects.active_on(day).filter(
        group__product=product, group__kind__in=[GroupKind.STEERING, GroupKind.COORDINATION]
    )
    return (
        User.objects.filter(
            Q(is_active=True, group_memberships__in=members)
            | Q(pk__in=[p for p in also if p is not None])
        )
        .select_related("organisation")
        .distinct()
        .order_by("name", "email")
    )
