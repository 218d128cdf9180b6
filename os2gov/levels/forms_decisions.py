"""Forms of the level decision pages: deviations, evaluations, recommendations and approvals.

They only read input; the rules and the mandate checks live in the services, whose field
errors go back on the form (``add_service_errors``). A required field left empty gets the
service's own message, so page and API say the same.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from os2gov.governance.forms import DateInput, DKFDSForm, describe_fields
from os2gov.governance.models import DecisionMethod
from os2gov.levels.models import Criterion, Level


class DecisionFieldsForm(DKFDSForm):
    """The day and manner of a body's decision."""

    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    method = forms.ChoiceField(
        label=_("How it was decided"),
        choices=DecisionMethod.choices,
        initial=DecisionMethod.IN_WRITING,
    )
    meeting_reference = forms.CharField(
        label=_("Meeting"),
        required=False,
        max_length=200,
        help_text=_("For a decision at a meeting: which meeting, e.g. its date and agenda item."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("decided_on", timezone.localdate())
        super().__init__(*args, **kwargs)

    def decision_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "decided_on": data["decided_on"],
            "method": data["method"],
            "meeting_reference": data["meeting_reference"],
        }


class DeviationForm(DecisionFieldsForm):
    criterion = forms.ChoiceField(
        label=_("Criterion"),
        help_text=_("Required criteria the product does not meet on its own."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": _("A deviation needs a documented reason.")},
        help_text=_("Why the product does not meet the criterion, and why that is acceptable."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        widget=DateInput(),
        error_messages={
            "required": _("A deviation needs an expiry date; it is accepted for a limited time.")
        },
        help_text=_("The last day the deviation covers the criterion."),
    )
    field_order = ["criterion", "reason", "expires_on", "decided_on", "method"]

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = {criterion.key: criterion for criterion in criteria}
        field = self.fields["criterion"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (criterion.key, f"{criterion.key} ({criterion.level.code})") for criterion in criteria
        ]
        describe_fields(self)

    def chosen_criterion(self) -> Criterion:
        return self.criteria[self.cleaned_data["criterion"]]


class EvaluationForm(DKFDSForm):
    evaluated_on = forms.DateField(
        label=_("Date of the evaluation"),
        widget=DateInput(),
        error_messages={"required": _("Give the date of the evaluation.")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": _("Summarise the evaluation.")},
    )
    minutes_url = forms.CharField(
        label=_("Link to the minutes"),
        max_length=500,
        error_messages={"required": _("Link to the minutes of the evaluation.")},
        help_text=_("A web address (http or https)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("evaluated_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class RecommendForm(DecisionFieldsForm):
    level_code = forms.ChoiceField(label=_("Level"))
    text = forms.CharField(
        label=_("Grounds"),
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        help_text=_("Added to the decision's text."),
    )
    field_order = ["level_code", "text", "decided_on", "method"]

    def __init__(self, *args: Any, levels: list[Level], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["level_code"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(level.code, f"{level.code} – {level.name}") for level in levels]


class ApproveForm(RecommendForm):
    """The board's approval; ``level_code`` is the recommended level."""
