"""Forms for the account pages."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiTokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, for example “Reporting script”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    expires_on = forms.DateField(
        label=_("Expires after"),
        required=False,
        help_text=_("The token stops working after this day. Leave empty for no expiry."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_expires_on(self) -> date | None:
        value: date | None = self.cleaned_data.get("expires_on")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("The expiry date must be today or later."))
        return value

    def expires_at(self) -> datetime | None:
        """The moment the token stops working: the end of the chosen day, local time."""
        value: date | None = self.cleaned_data.get("expires_on")
        if value is None:
            return None
        return timezone.make_aware(datetime.combine(value + timedelta(days=1), time.min))
