"""Forms of the level-model pages (PRD-02), and the edit versions the pages and the API
share to refuse stale edits.

The forms only read input; the rules live in the criteria services, whose field errors go
back on the form (``add_service_errors``). The criteria services keep no revision numbers,
so an edit carries a fingerprint of the level or criterion as the editor loaded it
(``edit_version``); ``criterion_save_checked`` and friends compare it under a lock on the
draft and refuse with ``StaleEditError`` rather than overwrite someone else's change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from os2gov.authority import service as authority
from os2gov.core.errors import StaleEditError
from os2gov.governance.forms import DateInput, DKFDSForm, add_service_errors, describe_fields
from os2gov.levels import services
from os2gov.levels.forms_decisions import DecisionFieldsForm
from os2gov.levels.models import Criterion, CriterionKind, Level, LevelModel, Obligation, Theme
from os2gov.levels.services.criteria import CRITERIA_ACTION, CRITERION_FIELDS, LEVEL_FIELDS
from os2gov.levels.structural import RULES

MAX_ORDER = 32767  # PositiveSmallIntegerField

# --- Edit versions (stale edits) --------------------------------------------------------------


def _fingerprint(values: list[Any]) -> str:
    return hashlib.sha256(json.dumps(values, default=str).encode()).hexdigest()[:20]


def criterion_edit_version(criterion: Criterion | None) -> str:
    """The criterion as loaded, in 20 characters; empty when there is none."""
    if criterion is None:
        return ""
    fields = [name for name in CRITERION_FIELDS if name != "level_code"]
    return _fingerprint([criterion.level_id, *(getattr(criterion, name) for name in fields)])


def level_edit_version(level: Level | None) -> str:
    if level is None:
        return ""
    return _fingerprint([getattr(level, name) for name in LEVEL_FIELDS])


def _check_fresh(
    *, found: bool, current: str, expected: str | None, messages: tuple[str, str, str]
) -> None:
    """``messages``: the thing went, appeared unseen, or changed since it was loaded."""
    expected = expected or ""
    if current == expected:
        return
    went, appeared, changed = messages
    if not found:
        message = went
    elif not expected:
        message = appeared
    else:
        message = changed
    raise StaleEditError(message, code="stale_edit")


def _criterion_messages(key: str, version: int) -> tuple[str, str, str]:
    values = {"key": key, "version": version}
    return (
        _t("The criterion %(key)s was removed from version %(version)s after you opened it.")
        % values,
        _t(
            "Version %(version)s already has a criterion %(key)s, which you had not loaded. "
            "Reload it to see it, then make your change again."
        )
        % values,
        _t(
            "Someone else changed the criterion %(key)s after you opened it. Reload it to see "
            "their change, then make yours again."
        )
        % values,
    )


def _level_messages(code: str, version: int) -> tuple[str, str, str]:
    values = {"code": code, "version": version}
    return (
        _t("The level %(code)s was removed from version %(version)s after you opened it.") % values,
        _t(
            "Version %(version)s already has a level %(code)s, which you had not loaded. "
            "Reload it to see it, then make your change again."
        )
        % values,
        _t(
            "Someone else changed the level %(code)s after you opened it. Reload it to see "
            "their change, then make yours again."
        )
        % values,
    )


def _lock(model: LevelModel) -> LevelModel:
    # Edits of one draft wait for each other, so the check that follows sees the latest.
    return LevelModel.objects.select_for_update().get(pk=model.pk)


def _check_criterion_fresh(locked: LevelModel, key: str, expected: str | None) -> None:
    current = locked.criteria.filter(key=key).first()
    _check_fresh(
        found=current is not None,
        current=criterion_edit_version(current),
        expected=expected,
        messages=_criterion_messages(key, locked.version),
    )


def criterion_save_checked(
    *,
    actor: Any,
    model: LevelModel,
    key: str,
    data: dict[str, Any],
    expected_edit_version: str | None,
) -> Criterion:
    """``criterion_save``, refused (StaleEditError) when the criterion changed, appeared or
    went after the editor loaded it (``expected_edit_version`` empty: a new criterion)."""
    authority.require(actor, CRITERIA_ACTION)  # the mandate first, as in the service
    with transaction.atomic():
        locked = _lock(model)
        _check_criterion_fresh(locked, key, expected_edit_version)
        return services.criterion_save(actor=actor, model=locked, key=key, data=data)


def criterion_remove_checked(
    *, actor: Any, model: LevelModel, key: str, expected_edit_version: str | None
) -> None:
    """``criterion_remove``; with ``expected_edit_version`` only if the criterion is still
    as the editor saw it."""
    authority.require(actor, CRITERIA_ACTION)
    with transaction.atomic():
        locked = _lock(model)
        if expected_edit_version is not None:
            _check_criterion_fresh(locked, key, expected_edit_version)
        services.criterion_remove(actor=actor, model=locked, key=key)


def level_save_checked(
    *,
    actor: Any,
    model: LevelModel,
    code: str,
    data: dict[str, Any],
    expected_edit_version: str | None,
) -> Level:
    """``level_save``, refused (StaleEditError) when the level changed after the editor
    loaded it (``expected_edit_version`` empty: a new level)."""
    authority.require(actor, CRITERIA_ACTION)
    with transaction.atomic():
        locked = _lock(model)
        current = locked.levels.filter(code=code).first()
        _check_fresh(
            found=current is not None,
            current=level_edit_version(current),
            expected=expected_edit_version,
            messages=_level_messages(code, locked.version),
        )
        return services.level_save(actor=actor, model=locked, code=code, data=data)


def published_message(model: LevelModel) -> str:
    # The service's own wording, for pages that refuse before calling it.
    return _t(
        "Version %(version)s is published and is never edited: start a new draft version instead."
    ) % {"version": model.version}


# --- Forms ------------------------------------------------------------------------------------


def _stripped(data: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The service's fields from the form, texts without surrounding blanks."""
    return {
        name: data[name].strip() if isinstance(data[name], str) else data[name] for name in names
    }


class EditForm(DKFDSForm):
    """DKFDS checkboxes, and the service's field errors next to the fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-checkbox"

    def add_service_errors(self, error: ValidationError) -> None:
        add_service_errors(self, error)


class DraftForm(EditForm):
    effective_on = forms.DateField(
        label=_("Effective from"),
        widget=DateInput(),
        help_text=_("The day the new version is to apply from once it is published."),
    )
    notes = forms.CharField(
        label=_("What changes and why"),
        widget=forms.Textarea,
        required=False,
        max_length=5000,
    )


class LevelForm(EditForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("Short, in capitals, e.g. SANDBOX. It cannot be changed later."),
    )
    order = forms.IntegerField(
        label=_("Place in the order"),
        min_value=0,
        max_value=MAX_ORDER,
        help_text=_(
            "The lowest level has the lowest number; each level needs a number of its own. "
            "To swap two levels, first move one of them to a free number."
        ),
    )
    name_da = forms.CharField(label=_("Name (Danish)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    description_da = forms.CharField(
        label=_("Description (Danish)"), widget=forms.Textarea, required=False, max_length=5000
    )
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea, required=False, max_length=5000
    )
    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, level: Level | None = None, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("loaded_version", level_edit_version(level))
        if level is not None:
            for name in LEVEL_FIELDS:
                initial.setdefault(name, getattr(level, name))
        super().__init__(*args, **kwargs)
        if level is not None:
            del self.fields["code"]  # the level's identity, in the address

    def level_data(self) -> dict[str, Any]:
        return _stripped(self.cleaned_data, LEVEL_FIELDS)


def _rule_choices() -> list[tuple[str, str]]:
    rules = [(code, code) for code in sorted(RULES)]
    return [("", str(_("None: answered by the product"))), *rules]


class CriterionForm(EditForm):
    key = forms.CharField(
        label=_("Key"),
        max_length=64,
        help_text=_(
            "Capitals, digits and hyphens, e.g. N2-PUBLIC-ROADMAP. It stays the same in later "
            "versions and cannot be changed."
        ),
    )
    level_code = forms.ChoiceField(label=_("Level"))
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices)
    obligation = forms.ChoiceField(label=_("Obligation"), choices=Obligation.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=CriterionKind.choices)
    rule = forms.ChoiceField(
        label=_("Rule"),
        required=False,
        help_text=_("Only for a criterion computed from the governance data."),
    )
    order = forms.IntegerField(
        label=_("Place within the level"),
        min_value=0,
        max_value=MAX_ORDER,
        initial=0,
        help_text=_("Criteria with lower numbers are listed first."),
    )
    url_required = forms.BooleanField(label=_("A link to the evidence is required"), required=False)
    justification_required = forms.BooleanField(
        label=_("A justification is required"), required=False
    )
    not_applicable_allowed = forms.BooleanField(
        label=_("May be answered “not applicable”"), required=False
    )
    text_da = forms.CharField(
        label=_("Criterion (Danish)"),
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": _("Write the criterion in Danish.")},
    )
    text_en = forms.CharField(
        label=_("Criterion (English)"),
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": _("Write the criterion in English.")},
    )
    guidance_da = forms.CharField(
        label=_("Guidance (Danish)"), widget=forms.Textarea, required=False, max_length=10000
    )
    guidance_en = forms.CharField(
        label=_("Guidance (English)"), widget=forms.Textarea, required=False, max_length=10000
    )
    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        model: LevelModel,
        levels: list[Level],
        criterion: Criterion | None = None,
        **kwargs: Any,
    ) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("loaded_version", criterion_edit_version(criterion))
        if criterion is not None:
            for name in CRITERION_FIELDS:
                if name == "level_code":
                    initial.setdefault(name, criterion.level.code)
                else:
                    initial.setdefault(name, getattr(criterion, name))
        super().__init__(*args, **kwargs)
        level_code = self.fields["level_code"]
        assert isinstance(level_code, forms.ChoiceField)
        level_code.choices = [(level.code, f"{level.code} – {level.name}") for level in levels]
        rule = self.fields["rule"]
        assert isinstance(rule, forms.ChoiceField)
        rule.choices = _rule_choices()
        if criterion is not None:
            del self.fields["key"]  # the criterion's identity, in the address
        describe_fields(self)

    def criterion_data(self) -> dict[str, Any]:
        return _stripped(self.cleaned_data, CRITERION_FIELDS)


class RemoveForm(EditForm):
    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, criterion: Criterion, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault(
            "loaded_version", criterion_edit_version(criterion)
        )
        super().__init__(*args, **kwargs)


class PublishForm(EditForm, DecisionFieldsForm):
    # Prefilled with the draft's own values; left empty, the draft's date stands.
    effective_on = forms.DateField(
        label=_("Effective from"),
        required=False,
        widget=DateInput(),
        help_text=_("The day the new version applies from; not before the decision."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What changed and why, for the products that must answer again."),
    )
    # The shared field, with a hint on whose decision it is.
    decided_on = forms.DateField(
        label=_("Decided on"),
        widget=DateInput(),
        help_text=_("The day the business committee adopted the new version."),
    )
    field_order = ["effective_on", "notes", "decided_on", "method", "meeting_reference"]
