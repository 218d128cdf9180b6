"""The forms of the editing pages: a wish's text, its attachments, and the product's
priority weights. They only read input; the rules live in the services (wish_update,
wish_attachment_add, priority_weights_set), whose field errors go back on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from os2gov.governance.forms import DKFDSForm, describe_fields
from os2gov.wishes.forms._fields import (
    WishFieldsForm,
    decimal_input,
    description_field,
    scope_field,
    title_field,
)
from os2gov.wishes.models import PriorityWeights, Wish
from os2gov.wishes.services.attachments import ATTACHMENT_FILE_TYPES, MAX_ATTACHMENT_SIZE
from os2gov.wishes.services.priority import MAX_WEIGHT
from os2gov.wishes.services.submission import EDITABLE_FIELDS

WEIGHTS = ("support", "benefit", "cost", "strategic_fit", "urgency")


def _plain(value: Any) -> Any:
    """A stored value as the text field shows it (an empty field for None)."""
    return "" if value is None else value


class WishEditForm(WishFieldsForm):
    # Required by the service, which checks every field at once and names each wrong one.
    title = title_field(required=False)
    description = description_field(required=False)
    scope = scope_field(
        help_text=_(
            "A general wish goes through the coordination group, which prioritises it for "
            "all users. A local wish is ordered and paid by one municipality alone."
        )
    )
    jira_key = forms.CharField(
        label=_("Jira key"),
        required=False,
        max_length=50,
        help_text=_("The issue key in the product's Jira, e.g. ALFA-123."),
    )
    external_url = forms.CharField(
        label=_("Link"),
        required=False,
        max_length=200,
        help_text=_("A web address with more about the wish (https://…)."),
    )
    # The version the editor loaded: an edit on top of someone else's newer one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, wish: Wish, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        for name in EDITABLE_FIELDS:
            initial.setdefault(name, _plain(getattr(wish, name)))
        initial.setdefault("version", wish.version)
        super().__init__(*args, **kwargs)
        self.fields["external_url"].widget.attrs["inputmode"] = "url"

    def changes(self) -> dict[str, Any]:
        """The editable fields, as the service takes them (it keeps the ones that differ)."""
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


class AttachmentForm(DKFDSForm):
    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"class": "form-file-input"}),
        error_messages={"required": _("Choose a file to attach.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Allowed types: %(types)s. At most %(size)s MB a file."
        ) % {
            "types": ", ".join(sorted(ATTACHMENT_FILE_TYPES)),
            "size": MAX_ATTACHMENT_SIZE // 1024 // 1024,
        }
        describe_fields(self)


def _weight_field(label: Any, help_text: Any) -> forms.IntegerField:
    # No bounds here: the service's own message ("from 0 to 10") is the one shown.
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        error_messages={"invalid": _("Give a weight from 0 to 10, a whole number.")},
        widget=forms.NumberInput(
            attrs={"class": "form-input input-width-xs", "min": "0", "max": str(MAX_WEIGHT)}
        ),
    )


class PriorityWeightsForm(DKFDSForm):
    support = _weight_field(
        _("Support"),
        _("The share of the product's user municipalities that support the wish."),
    )
    benefit = _weight_field(_("Benefit"), _("The group's assessment of the benefit, 0 to 5."))
    cost = _weight_field(
        _("Low cost"),
        _("How much cheaper the estimate is than the cost reference below."),
    )
    strategic_fit = _weight_field(
        _("Strategic fit"), _("The group's assessment of the strategic fit, 0 to 5.")
    )
    urgency = _weight_field(_("Urgency"), _("The group's assessment of the urgency, 0 to 5."))
    cost_reference = forms.CharField(
        label=_("Cost reference (DKK)"),
        widget=decimal_input(),
        help_text=_(
            "An estimate at or above this amount gets no credit for being cheap; 0 leaves "
            "cost out of the score."
        ),
    )
    # The version the editor loaded (none before the product has weights of its own).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, weights: PriorityWeights | None, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        for name in WEIGHTS:
            initial.setdefault(name, getattr(weights, name) if weights is not None else 1)
        initial.setdefault(
            "cost_reference", weights.cost_reference if weights is not None else "0.00"
        )
        initial.setdefault("version", weights.version if weights is not None else None)
        super().__init__(*args, **kwargs)
