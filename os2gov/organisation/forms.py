from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from os2gov.organisation.models import OrganisationType


class OrganisationFilterForm(forms.Form):
    """The GET form above the organisation list."""

    type = forms.ChoiceField(label=_("Type"), required=False)
    q = forms.CharField(
        label=_("Name or municipality code"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "class": "form-input"}),
    )

    def __init__(self, *args: Any, counts: dict[str, int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        counts = counts or {}
        choices: list[tuple[str, str]] = [("", str(_("All types")))]
        for value, label in OrganisationType.choices:
            if value in counts:
                choices.append((value, f"{label} ({counts[value]})"))
            else:
                choices.append((value, str(label)))
        type_field = self.fields["type"]
        assert isinstance(type_field, forms.ChoiceField)
        type_field.choices = choices
        type_field.widget.attrs["class"] = "form-select"

    def full_clean(self) -> None:
        super().full_clean()
        # Tie each field to its error message so screen readers announce it.
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"
