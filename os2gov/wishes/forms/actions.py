"""The action forms of the wish page, one per action, each prefixed with the action's key so
that several can share the page. Each carries the state and version of the wish as shown,
so that an action taken on a page that is out of date is refused rather than applied to a
wish that has moved on."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from os2gov.accounts.models import User
from os2gov.catalogue.models import ProductSupplier
from os2gov.economy.models import Pledge, PledgeState
from os2gov.economy.validation import format_dkk
from os2gov.governance.forms import DateInput, DKFDSForm
from os2gov.organisation.models import Organisation
from os2gov.wishes.forms._fields import (
    TEXT_MAX,
    PersonChoiceField,
    SupplierChoiceField,
    criteria_lines,
    decimal_input,
    decision_makers,
)
from os2gov.wishes.models import MAX_ASSESSMENT, CloseReason, DoneCriterion, Wish

# --- the actions of the wish page ---------------------------------------------------------

MET, NOT_MET = "met", "not_met"  # a criterion of DONE, as the delivery review says


class ActionForm(DKFDSForm):
    """What every action form carries: the state and version of the wish as shown."""

    loaded_state = forms.CharField(widget=forms.HiddenInput)
    loaded_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, wish: Wish, user: Any = None, today: datetime.date, **kwargs: Any
    ) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("loaded_state", wish.state)
        initial.setdefault("loaded_version", wish.version)
        self.wish = wish
        self.user = user
        self.today = today
        super().__init__(*args, **kwargs)


class NoteForm(ActionForm):
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": "2"}),
        required=False,
        max_length=TEXT_MAX,
        help_text=_("Shown in the wish's timeline."),
    )


def _done_field(**extra: Any) -> forms.CharField:
    return forms.CharField(
        label=_("Definition of DONE"),
        widget=forms.Textarea(attrs={"rows": "4"}),
        max_length=TEXT_MAX,
        help_text=_("The acceptance criteria agreed with the supplier, one per line."),
        **extra,
    )


class DoneDefinitionForm(ActionForm):
    done_definition = _done_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        wish: Wish = kwargs["wish"]
        kwargs.setdefault("initial", {}).setdefault(
            "done_definition", "\n".join(c.text for c in wish.done_criteria.all())
        )
        super().__init__(*args, **kwargs)

    def done_lines(self) -> list[str]:
        return criteria_lines(self.cleaned_data["done_definition"])


class StartForm(DoneDefinitionForm, NoteForm):
    """The start sets the definition of DONE too, with who orders and who delivers."""

    orderer = PersonChoiceField(label=_("Ordered by"), queryset=User.objects.none())
    delivering_supplier = SupplierChoiceField(
        label=_("Delivering supplier"), queryset=ProductSupplier.objects.none()
    )
    delivery_approver = PersonChoiceField(
        label=_("Approves the delivery"),
        queryset=User.objects.none(),
        help_text=_("Someone on the buyer's side, not from the delivering supplier."),
    )
    order_reference = forms.CharField(
        label=_("Order reference"),
        required=False,
        max_length=200,
        help_text=_("E.g. the purchase order number."),
    )
    field_order = [
        "done_definition",
        "orderer",
        "delivering_supplier",
        "delivery_approver",
        "order_reference",
        "note",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        wish: Wish = kwargs["wish"]
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("orderer", wish.orderer_id or getattr(kwargs.get("user"), "pk", None))
        initial.setdefault("delivering_supplier", wish.delivering_supplier_id)
        initial.setdefault("delivery_approver", wish.delivery_approver_id)
        initial.setdefault("order_reference", wish.order_reference)
        super().__init__(*args, **kwargs)
        people = decision_makers(
            wish.product, self.today, wish.orderer_id, wish.delivery_approver_id
        )
        for name in ("orderer", "delivery_approver"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = people
        supplier = self.fields["delivering_supplier"]
        assert isinstance(supplier, forms.ModelChoiceField)
        supplier.queryset = (
            ProductSupplier.objects.filter(product=wish.product)
            .select_related("organisation")
            .order_by("organisation__name")
        )


class ApproveForm(NoteForm):
    amount = forms.CharField(
        label=_("Approved amount (DKK)"),
        widget=decimal_input(),
        help_text=_("In kroner, e.g. 300000."),
    )
    expected_benefit = forms.CharField(
        label=_("Expected benefits"),
        widget=forms.Textarea(attrs={"rows": "3"}),
        max_length=TEXT_MAX,
        help_text=_("The benefits the approval is based on; they are followed up later."),
    )
    expected_hours_per_year = forms.CharField(
        label=_("Hours saved per year"), required=False, widget=decimal_input()
    )
    expected_dkk_per_year = forms.CharField(
        label=_("DKK saved per year"), required=False, widget=decimal_input()
    )
    field_order = [
        "amount",
        "expected_benefit",
        "expected_hours_per_year",
        "expected_dkk_per_year",
        "note",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        wish: Wish = kwargs["wish"]
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("amount", wish.estimate if wish.estimate is not None else "")
        initial.setdefault("expected_benefit", wish.expected_benefit)
        initial.setdefault("expected_hours_per_year", wish.expected_hours_per_year or "")
        initial.setdefault("expected_dkk_per_year", wish.expected_dkk_per_year or "")
        super().__init__(*args, **kwargs)


class RejectForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": "3"}), max_length=TEXT_MAX
    )


class DeliverForm(NoteForm):
    invoice_reference = forms.CharField(
        label=_("Invoice reference"), required=False, max_length=200
    )
    field_order = ["invoice_reference", "note"]


class DeliveryReviewForm(NoteForm):
    """The delivery, criterion by criterion against DONE (WSH-08): met or not, and why."""

    follow_up_on = forms.DateField(
        label=_("Follow up the benefits on"),
        required=False,
        widget=DateInput(),
        help_text=_("Used when the delivery is accepted. Empty: six months from today."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        wish: Wish = kwargs["wish"]
        self.criteria: list[DoneCriterion] = list(wish.done_criteria.all())
        super().__init__(*args, **kwargs)
        for criterion in self.criteria:
            self.fields[f"met_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.text,
                choices=[(MET, _("Met")), (NOT_MET, _("Not met"))],
                widget=forms.RadioSelect,
            )
            self.fields[f"reason_{criterion.pk}"] = forms.CharField(
                label=_("Reason"),
                required=False,
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": "2", "class": "form-input"}),
                help_text=_("Needed when the criterion is not met."),
            )

    def criterion_fields(self) -> list[tuple[DoneCriterion, forms.BoundField, forms.BoundField]]:
        return [(c, self[f"met_{c.pk}"], self[f"reason_{c.pk}"]) for c in self.criteria]

    def other_fields(self) -> list[forms.BoundField]:
        return [self["follow_up_on"], self["note"]]

    def results(self) -> dict[int, tuple[bool, str]]:
        data = self.cleaned_data
        return {
            c.pk: (data[f"met_{c.pk}"] == MET, data.get(f"reason_{c.pk}", ""))
            for c in self.criteria
        }


class RealiseForm(NoteForm):
    realised_benefit = forms.CharField(
        label=_("Realised benefits"),
        widget=forms.Textarea(attrs={"rows": "3"}),
        max_length=TEXT_MAX,
        help_text=_("What the wish brought, against the expected benefits."),
    )
    realised_hours_per_year = forms.CharField(
        label=_("Hours saved per year"), required=False, widget=decimal_input()
    )
    realised_dkk_per_year = forms.CharField(
        label=_("DKK saved per year"), required=False, widget=decimal_input()
    )
    field_order = ["realised_benefit", "realised_hours_per_year", "realised_dkk_per_year", "note"]


class CloseForm(ActionForm):
    close_reason = forms.ChoiceField(
        label=_("Why is the wish closed?"),
        # A duplicate is marked on its own form, which names the original.
        choices=[
            ("", _("Choose a reason")),
            *(c for c in CloseReason.choices if c[0] != CloseReason.DUPLICATE),
        ],
    )
    note = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": "3"}),
        required=False,
        max_length=TEXT_MAX,
        help_text=_("Needed for every reason except “Withdrawn”."),
    )


class DuplicateForm(ActionForm):
    original = forms.IntegerField(
        label=_("Number of the original wish"),
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-s"}),
        help_text=_("The wish this one duplicates, e.g. 42. Its supports move there."),
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": "2"}),
        required=False,
        max_length=TEXT_MAX,
    )

    def clean_original(self) -> Wish:
        number = self.cleaned_data["original"]
        found = Wish.objects.filter(pk=number, product=self.wish.product).first()
        if found is None:
            raise forms.ValidationError(
                _("%(product)s has no wish number %(number)s.")
                % {"product": self.wish.product.name, "number": number},
                code="not_found",
            )
        return found


class SupportForm(ActionForm):
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": "2"}),
        required=False,
        max_length=TEXT_MAX,
    )
    expected_benefit = forms.CharField(
        label=_("Expected benefit for your municipality"),
        widget=forms.Textarea(attrs={"rows": "2"}),
        required=False,
        max_length=TEXT_MAX,
    )


class WithdrawSupportForm(ActionForm):
    pass


class PledgeForm(ActionForm):
    amount = forms.CharField(
        label=_("Amount (DKK)"), widget=decimal_input(), help_text=_("In kroner, e.g. 25000.")
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        widget=forms.Textarea(attrs={"rows": "2"}),
        required=False,
        max_length=TEXT_MAX,
        help_text=_("E.g. “only if it is delivered this year”."),
    )


class PledgeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.organisation.name}: {format_dkk(obj.amount)}"


def own_open_pledges(wish: Wish, user: Any) -> list[Pledge]:
    """The pledges of ``user``'s organisation to ``wish`` that are not yet committed (from
    the wish's prefetched pledges)."""
    organisation_id = getattr(user, "organisation_id", None)
    if organisation_id is None:
        return []
    return [
        pledge
        for pledge in wish.pledges.all()
        if pledge.organisation_id == organisation_id and pledge.state == PledgeState.PLEDGED
    ]


class WithdrawPledgeForm(ActionForm):
    pledge = PledgeChoiceField(label=_("Pledge"), queryset=Pledge.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["pledge"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Pledge.objects.filter(
            pk__in=[p.pk for p in own_open_pledges(self.wish, self.user)]
        ).select_related("organisation")


class EstimateForm(ActionForm):
    amount = forms.CharField(
        label=_("Estimated cost (DKK)"), widget=decimal_input(), help_text=_("In kroner.")
    )
    estimated_by = forms.ModelChoiceField(
        label=_("Estimated by"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Typically the supplier."),
    )
    estimated_on = forms.DateField(
        label=_("Estimated on"), required=False, widget=DateInput(), help_text=_("Empty: today.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        wish: Wish = kwargs["wish"]
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("amount", wish.estimate if wish.estimate is not None else "")
        initial.setdefault("estimated_by", wish.estimated_by_id)
        super().__init__(*args, **kwargs)
        field = self.fields["estimated_by"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Organisation.objects.filter(
                Q(supplied_products__product=wish.product) | Q(pk=wish.estimated_by_id or 0)
            )
            .distinct()
            .order_by("name")
        )


ASSESSMENT_CHOICES = [
    ("", _("Not assessed")),
    *((str(n), str(n)) for n in range(MAX_ASSESSMENT + 1)),
]


def _assessment(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=ASSESSMENT_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("0 (none) to 5 (very high)."),
    )


class AssessForm(ActionForm):
    benefit_score = _assessment(_("Benefit"))
    strategic_fit = _assessment(_("Strategic fit"))
    urgency = _assessment(_("Urgency"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        wish: Wish = kwargs["wish"]
        initial = kwargs.setdefault("initial", {})
        for name in ("benefit_score", "strategic_fit", "urgency"):
            initial.setdefault(name, getattr(wish, name))
        super().__init__(*args, **kwargs)
