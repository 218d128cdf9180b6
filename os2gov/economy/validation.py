"""Field errors collected before anything is written, and amounts of money read safely.

Money is a Decimal with two decimals everywhere; a float is refused (it cannot hold
0.10 exactly), and so is anything that is not a finite, non-negative amount.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from os2gov.economy.models import MONEY_DIGITS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CENT = Decimal("0.01")
# Digits, optionally a minus and a decimal point: no exponents, no NaN or Infinity.
AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]+)?")
MAX_WHOLE_DIGITS = MONEY_DIGITS - 2


class FieldErrors:
    """Errors per field, raised together as one ValidationError."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message: StrOrPromise, code: str) -> None:
        self.by_field.setdefault(field, []).append(ValidationError(message, code=code))

    def has(self, field: str) -> bool:
        return field in self.by_field

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def parse_amount(
    value: Any,
    *,
    field: str,
    errors: FieldErrors,
    required: bool = True,
    positive: bool = False,
) -> Decimal | None:
    """``value`` (a Decimal, an int or a string such as "125000.50") as a DKK amount with
    two decimals; None when it is empty and not ``required``. A bad value adds an error to
    ``field`` and returns None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.add(field, _("Enter an amount."), "required")
        return None
    if isinstance(value, bool | float) or not isinstance(value, Decimal | int | str):
        errors.add(field, _("Enter an amount in kroner, e.g. 125000.50."), "invalid_amount")
        return None
    if isinstance(value, str):
        value = value.strip().replace(" ", "")
        if "," in value:
            # Danish notation: "125.000,50" or "125000,50" (dots group thousands).
            value = value.replace(".", "").replace(",", ".")
        if not AMOUNT.fullmatch(value):
            errors.add(field, _("Enter an amount in kroner, e.g. 125000.50."), "invalid_amount")
            return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        errors.add(field, _("Enter an amount in kroner, e.g. 125000.50."), "invalid_amount")
        return None
    if not amount.is_finite():
        errors.add(field, _("Enter an amount in kroner, e.g. 125000.50."), "invalid_amount")
        return None
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 and amount != amount.quantize(CENT):
        errors.add(field, _("An amount has at most two decimals."), "too_many_decimals")
        return None
    if amount < 0:
        errors.add(field, _("An amount cannot be negative."), "negative_amount")
        return None
    if positive and amount == 0:
        errors.add(field, _("The amount must be more than zero."), "zero_amount")
        return None
    if amount >= Decimal(10) ** MAX_WHOLE_DIGITS:
        errors.add(field, _("The amount is too large."), "amount_too_large")
        return None
    return amount.quantize(CENT)


def parse_hours(value: Any, *, field: str, errors: FieldErrors) -> Decimal | None:
    """Hours per year: empty, or a non-negative number with at most one decimal."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool | float) or not isinstance(value, Decimal | int | str):
        errors.add(field, _("Enter a number of hours, e.g. 120.5."), "invalid_hours")
        return None
    if isinstance(value, str) and not AMOUNT.fullmatch(value.strip()):
        errors.add(field, _("Enter a number of hours, e.g. 120.5."), "invalid_hours")
        return None
    try:
        hours = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except InvalidOperation:
        errors.add(field, _("Enter a number of hours, e.g. 120.5."), "invalid_hours")
        return None
    if not hours.is_finite() or hours < 0 or hours >= Decimal(10) ** 8:
        errors.add(field, _("Enter a number of hours, e.g. 120.5."), "invalid_hours")
        return None
    return hours.quantize(Decimal("0.1"))


def format_dkk(amount: Decimal | None) -> str:
    """ "DKK 125,000.50" (grouped and with the decimal mark of the active language)."""
    value = amount if amount is not None else Decimal("0.00")
    number = formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    return _("DKK %(amount)s") % {"amount": number}
