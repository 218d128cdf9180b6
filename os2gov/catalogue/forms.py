from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from os2gov.catalogue.models import ProductStatus
from os2gov.organisation.models import Organisation


class ProductFilterForm(forms.Form):
    """The GET form above the product list."""

    q = forms.CharField(
        label=_("Name or description"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "class": "form-input"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *ProductStatus.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    municipality = forms.ChoiceField(
        label=_("Used by"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, holders: Iterable[Organisation] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = self.fields["municipality"]
        assert isinstance(municipality, forms.ChoiceField)
        municipality.choices = [
            ("", str(_("Any organisation"))),
            *((holder.slug, holder.name) for holder in holders),
        ]

    def full_clean(self) -> None:
        super().full_clean()
        # Tie each field to its error message so screen readers announce it.
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"
