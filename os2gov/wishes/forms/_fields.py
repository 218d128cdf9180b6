"""Fields and choices the wish forms share."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from os2gov.accounts.models import User
from os2gov.catalogue.models import Product
from os2gov.governance.forms import DKFDSForm
from os2gov.governance.models import GroupKind, GroupMembership
from os2gov.governance.people import public_name
from os2gov.wishes.models import WishCategory, WishScope

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


# --- a wish's own fields, as submitted and as edited ---------------------------------------


def title_field(**extra: Any) -> forms.CharField:
    return forms.CharField(label=_("Title"), max_length=200, **extra)


def description_field(**extra: Any) -> forms.CharField:
    return forms.CharField(
        label=_("Description"),
        widget=forms.Textarea,
        max_length=TEXT_MAX,
        help_text=_("What should be possible, for whom, and why."),
        **extra,
    )


def scope_field(**extra: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Who is it for?"), choices=WishScope.choices, widget=forms.RadioSelect, **extra
    )


class WishFieldsForm(DKFDSForm):
    """The fields of a wish that submitting and editing share, in the order shown. A form
    narrows one by declaring it again (with the factories above); it keeps its place."""

    title = title_field()
    description = description_field()
    category = forms.ChoiceField(label=_("Category"), choices=WishCategory.choices)
    scope = scope_field()
    expected_benefit = forms.CharField(
        label=_("Expected benefit"),
        widget=forms.Textarea,
        required=False,
        max_length=TEXT_MAX,
        help_text=_("What you expect to gain, in words."),
    )
    expected_hours_per_year = forms.CharField(
        label=_("Hours saved per year"),
        required=False,
        widget=decimal_input(),
        help_text=_("If you can estimate it, e.g. 120.5."),
    )
    expected_dkk_per_year = forms.CharField(
        label=_("DKK saved per year"),
        required=False,
        widget=decimal_input(),
        help_text=_("If you can estimate it, in kroner, e.g. 25000."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["autocomplete"] = "off"
