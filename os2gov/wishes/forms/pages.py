"""The forms of the list pages: the backlog's filter, the submit form and the
prioritisation page's one form."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from os2gov.organisation.models import Organisation
from os2gov.wishes.forms._fields import TEXT_MAX, WishFieldsForm, scope_field, title_field
from os2gov.wishes.models import WishCategory, WishScope, WishState

# --- the backlog --------------------------------------------------------------------------


class BacklogFilterForm(forms.Form):
    """The GET form above a product's backlog."""

    q = forms.CharField(
        label=_("Text in title or description"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "class": "form-input"}),
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), *WishState.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *WishCategory.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    municipality = forms.ChoiceField(
        label=_("Supported by"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("rank", _("Rank")),
            ("score", _("Priority score")),
            ("support", _("Support")),
            ("age", _("Age (oldest first)")),
            ("newest", _("Newest first")),
        ],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, municipalities: Iterable[Organisation] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.municipalities = {m.slug: m for m in municipalities}
        field = self.fields["municipality"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", str(_("Any municipality"))),
            *((m.slug, m.name) for m in self.municipalities.values()),
        ]

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"

    def chosen_municipality(self) -> Organisation | None:
        return self.municipalities.get(self.cleaned_data.get("municipality") or "")


# --- submitting a wish --------------------------------------------------------------------


class WishSubmitForm(WishFieldsForm):
    title = title_field(
        help_text=_("A short name for what you wish for, e.g. “Export cases to CSV”.")
    )
    scope = scope_field(
        initial=WishScope.GENERAL,
        help_text=_(
            "A general wish goes through the coordination group, which prioritises it for "
            "all users. A local wish is ordered and paid by your municipality alone."
        ),
    )
    # The similar wishes the person has been shown (ids, comma-separated): when they are
    # the ones found again on submit, the wish is submitted without asking once more.
    similar_seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def seen_ids(self) -> set[int]:
        raw = self.cleaned_data.get("similar_seen") or ""
        return {int(part) for part in raw.split(",") if part.strip().isdigit()}


# --- prioritisation -----------------------------------------------------------------------


class ReorderForm(forms.Form):
    """The prioritisation page's one form: the reason, and which button was pressed."""

    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": "2", "class": "form-input"}),
        help_text=_(
            "Needed to move a wish: the reason is recorded with the group's decision and "
            "shown in the backlog."
        ),
    )
    move = forms.RegexField(regex=r"^\d+:(up|down)$", required=False)
    place = forms.RegexField(regex=r"^\d+:\d+$", required=False)  # from drag and drop
    reset = forms.IntegerField(required=False, min_value=1)

    def requested(self) -> tuple[int, str, int | None] | None:
        """(wish id, "up" / "down" / "place" / "reset", place) of the pressed button."""
        data = self.cleaned_data
        if data.get("reset"):
            return data["reset"], "reset", None
        if data.get("place"):
            pk, place = data["place"].split(":")
            return int(pk), "place", int(place)
        if data.get("move"):
            pk, direction = data["move"].split(":")
            return int(pk), direction, None
        return None
