from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The weights of the CVR modulus-11 check (Danish Business Authority).
_CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def is_valid_cvr(value: str) -> bool:
    # isascii(): str.isdigit() also accepts other scripts' digits and superscripts.
    if len(value) != 8 or not (value.isascii() and value.isdigit()) or value[0] == "0":
        return False
    return sum(int(d) * w for d, w in zip(value, _CVR_WEIGHTS, strict=True)) % 11 == 0


def validate_cvr(value: str) -> None:
    if value and not is_valid_cvr(value):
        raise ValidationError(
            _("A CVR number has 8 digits and must pass the modulus-11 check."), code="invalid_cvr"
        )
