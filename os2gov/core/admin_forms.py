"""Admin forms shared by the apps: edits carry the version they were loaded at."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STALE_MESSAGE = gettext_lazy(
    "Someone else changed this record after you opened it. "
    "Reload it to see their change, then make yours again."
)


class VersionedFormMixin(forms.ModelForm):
    """A hidden ``loaded_version`` (the ``updated_at`` the editor loaded), checked on save
    so a concurrent change is caught instead of overwritten."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = self.instance.updated_at.isoformat()

    def clean_loaded_version(self) -> datetime | None:
        if self.instance.pk is None:
            return None
        raw = self.cleaned_data.get("loaded_version") or ""
        try:
            loaded = datetime.fromisoformat(raw)
        except ValueError:
            raise ValidationError(
                _("The form is missing the version it was loaded at. Reload and try again."),
                code="missing_version",
            ) from None
        model = type(self.instance)
        current = model._default_manager.filter(pk=self.instance.pk).values_list(
            "updated_at", flat=True
        )
        if current.first() != loaded:
            raise ValidationError(STALE_MESSAGE, code="stale_edit")
        return loaded
