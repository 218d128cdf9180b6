"""Forms of the economy pages. They only read input: the service (frame_set) holds the
rules, and its field errors are put back where they belong, line by line."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from os2gov.economy.models import EconomicFrame, FundingLineKind
from os2gov.governance.forms import DKFDSForm, describe_fields


def _amount_input() -> forms.TextInput:
    # Read by the service as a Decimal (never a float), with its own messages.
    return forms.TextInput(attrs={"inputmode": "decimal", "class": "form-input input-width-m"})


class FrameForm(DKFDSForm):
    coordination_group_limit = forms.CharField(
        label=_("The coordination group's own limit (DKK)"),
        widget=_amount_input(),
        help_text=_(
            "The part of the frame the coordination group may commit on its own. Beyond it, "
            "wishes are recommended to the steering group."
        ),
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": "3"}),
        required=False,
        max_length=5000,
    )
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, frame: EconomicFrame | None = None, **kwargs: Any) -> None:
        if frame is not None:
            initial = kwargs.setdefault("initial", {})
            initial.setdefault("coordination_group_limit", frame.coordination_group_limit)
            initial.setdefault("note", frame.note)
            initial.setdefault("loaded_version", frame.version)
        super().__init__(*args, **kwargs)


class FundingLineForm(forms.Form):
    """One funding line besides the connection agreements' contributions. A line left
    empty is ignored; an existing line emptied is removed."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=FundingLineKind.choices,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    label = forms.CharField(
        label=_("Label"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )
    amount = forms.CharField(label=_("Amount (DKK)"), required=False, widget=_amount_input())

    def full_clean(self) -> None:
        super().full_clean()
        describe_fields(self)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("label") or "").strip() and not (data.get("amount") or "").strip()


FundingLineFormSet = forms.formset_factory(FundingLineForm, extra=2, max_num=20, validate_max=True)


def put_frame_errors(
    error: ValidationError,
    *,
    form: FrameForm,
    line_forms: list[FundingLineForm],
) -> None:
    """Put the service's errors on the form: ``funding_lines.N.field`` on the N-th line
    given to the service (``line_forms``), everything else on the frame form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.error_dict.items():
        messages = [message for item in errors for message in item.messages]
        parts = name.split(".")
        if len(parts) == 3 and parts[0] == "funding_lines" and parts[1].isdigit():
            index, field = int(parts[1]), parts[2]
            if index < len(line_forms) and field in line_forms[index].fields:
                line_forms[index].add_error(field, messages)
                describe_fields(line_forms[index])
                continue
        form.add_error(name if name in form.fields else None, messages)
    describe_fields(form)
