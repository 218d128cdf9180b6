"""Forms of the governance pages. They only read input; the rules live in the services, whose
field errors are put back on the form with ``add_service_errors``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from os2gov.accounts.models import User
from os2gov.governance.models import (
    CoordinationLead,
    Group,
    GroupFocus,
    GroupKind,
    GroupRole,
    SupplierParticipation,
)
from os2gov.governance.people import public_name
from os2gov.governance.services.memberships import ROLES_BY_KIND
from os2gov.organisation.models import Organisation


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        # A date input only takes ISO dates, whatever the page's language.
        super().__init__(
            attrs={"class": "form-input form-input--date", **(attrs or {})}, format="%Y-%m-%d"
        )


class DKFDSForm(forms.Form):
    """DKFDS classes on every widget, and each field tied to its error message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("class", "form-input")
                widget.attrs.setdefault("rows", "4")
            else:
                widget.attrs.setdefault("class", "form-input")
        describe_fields(self)

    def full_clean(self) -> None:
        super().full_clean()
        describe_fields(self)


def describe_fields(form: forms.Form) -> None:
    """Tie each field to its hint and error message, so screen readers announce them."""
    errors = getattr(form, "_errors", None) or {}
    for name, field in form.fields.items():
        ids = []
        if name in errors:
            ids.append(f"{form[name].auto_id}_error")
            field.widget.attrs["aria-invalid"] = "true"
        if field.help_text:
            ids.append(f"{form[name].auto_id}_hint")
        if ids:
            field.widget.attrs["aria-describedby"] = " ".join(ids)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: by field where the form has the field,
    otherwise as a form-wide error."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item.messages)
    else:
        form.add_error(None, error.messages)
    # add_error() does not rerun full_clean(), so tie the new errors to their fields here.
    describe_fields(form)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        organisation = obj.organisation.name if obj.organisation_id else _("no organisation")
        return f"{public_name(obj)} ({organisation})"


class MembershipAddForm(DKFDSForm):
    person = PersonChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        help_text=_("People with an account on the platform."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Represents"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_(
            "Leave empty for the person's own organisation. OS2 board members and people "
            "appointed by the board represent the OS2 association."
        ),
    )
    role = forms.ChoiceField(label=_("Role"))
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("To"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty while the membership has no planned end."),
    )
    secretariat_exception_reason = forms.CharField(
        label=_("Reason for the secretariat exception"),
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        help_text=_(
            "Only when secretariat staff join a steering or coordination group: why the "
            "exception is needed."
        ),
    )
    supplier_participation = forms.ChoiceField(
        label=_("Supplier participation"),
        required=False,
        choices=[("", _("Not a supplier")), *SupplierParticipation.choices],
        help_text=_("Only for a supplier representative."),
    )
    agreement_reference = forms.CharField(
        label=_("Agreement reference"),
        required=False,
        max_length=200,
        help_text=_("The written agreement that requires the supplier to take part."),
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("starts_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.ModelChoiceField)
        person_field.queryset = (
            User.objects.filter(is_active=True)
            .select_related("organisation")
            .order_by("name", "email")
        )
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        allowed = ROLES_BY_KIND[group.kind]
        role_field.choices = [
            (value, label) for value, label in GroupRole.choices if value in allowed
        ]
        role_field.initial = GroupRole.MEMBER
        if group.kind != GroupKind.COORDINATION:
            del self.fields["supplier_participation"]
            del self.fields["agreement_reference"]
        if group.kind == GroupKind.PROFESSIONAL:
            del self.fields["secretariat_exception_reason"]


class MembershipEndForm(DKFDSForm):
    ends_on = forms.DateField(
        label=_("Last day of the membership"),
        widget=DateInput(),
        help_text=_("The membership is kept with its dates, so its history stays visible."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("ends_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class GroupSettingsForm(DKFDSForm):
    loaded_version = forms.CharField(widget=forms.HiddenInput)
    run_by = forms.ChoiceField(
        label=_("Run by"),
        required=False,
        choices=[("", _("Not decided")), *CoordinationLead.choices],
    )
    focus = forms.ChoiceField(
        label=_("Focus"),
        required=False,
        choices=[("", _("Not decided")), *GroupFocus.choices],
    )
    member_cap_per_municipality = forms.IntegerField(
        label=_("Maximum members per municipality"),
        required=False,
        min_value=1,
        help_text=_("Empty means no limit."),
    )
    min_meetings_per_year = forms.IntegerField(
        label=_("Minimum meetings a year"), required=False, min_value=1, max_value=52
    )
    working_basis = forms.CharField(
        label=_("Working basis"),
        widget=forms.Textarea,
        required=False,
        help_text=_("What the group works on and how, in its own words."),
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("loaded_version", group.updated_at.isoformat())
        for name in (
            "run_by",
            "focus",
            "member_cap_per_municipality",
            "min_meetings_per_year",
            "working_basis",
        ):
            initial.setdefault(name, getattr(group, name))
        super().__init__(*args, **kwargs)
        if group.kind != GroupKind.COORDINATION:
            del self.fields["run_by"]
            del self.fields["focus"]
        if group.kind != GroupKind.PROFESSIONAL:
            del self.fields["working_basis"]

    def clean_loaded_version(self) -> datetime:
        try:
            return datetime.fromisoformat(self.cleaned_data["loaded_version"])
        except ValueError:
            raise ValidationError(
                _("The form is missing the version it was loaded at. Reload and try again."),
                code="missing_version",
            ) from None

    def settings(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "run_by": data.get("run_by", ""),
            "focus": data.get("focus", ""),
            "member_cap_per_municipality": data.get("member_cap_per_municipality"),
            "min_meetings_per_year": data.get("min_meetings_per_year"),
            "working_basis": data.get("working_basis", ""),
        }


class ContactForm(DKFDSForm):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The contact person answers you at this address."),
    )
    message = forms.CharField(label=_("Message"), widget=forms.Textarea, max_length=5000)
    # A trap for robots: hidden from people (and screen readers) by a CSS class; a form
    # that fills it in is thrown away.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    next = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        website = self.fields["website"].widget
        website.attrs.update({"autocomplete": "off", "tabindex": "-1"})
