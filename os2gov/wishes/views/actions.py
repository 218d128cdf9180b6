"""The actions of the wish page: each a small form and the service it calls. The moves of
the workflow's table map to action keys here (``TRANSITION_KEYS``); which of them a person
is offered is decided in wish.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from os2gov.economy import services as economy_services
from os2gov.wishes import services
from os2gov.wishes.forms import (
    ActionForm,
    ApproveForm,
    AssessForm,
    CloseForm,
    DeliverForm,
    DeliveryReviewForm,
    DoneDefinitionForm,
    DuplicateForm,
    EstimateForm,
    NoteForm,
    PledgeForm,
    RealiseForm,
    RejectForm,
    StartForm,
    SupportForm,
    WithdrawPledgeForm,
    WithdrawSupportForm,
)
from os2gov.wishes.models import Support, Wish
from os2gov.wishes.views._common import S
from os2gov.wishes.workflow import Transition

# --- the wish page and its actions (principle 6) ------------------------------------------

Perform = Callable[[Wish, Any, Any], object]


@dataclass(frozen=True)
class ActionSpec:
    key: str
    form_class: type[ActionForm]
    perform: Perform
    done: Promise  # the message after it worked
    label: Promise | None = None  # None: the label in the workflow's table
    button: Promise | None = None  # None: the label


def _fields(service: Callable[..., Any], *names: str, **renamed: str) -> Perform:
    """Call ``service`` with the wish, the actor and the form's cleaned ``names``; in
    ``renamed`` the service's keyword names the form field that fills it."""

    def perform(wish: Wish, actor: Any, form: Any) -> object:
        data = form.cleaned_data
        values = {name: data[name] for name in names}
        values.update({keyword: data[name] for keyword, name in renamed.items()})
        return service(wish=wish, actor=actor, **values)

    return perform


def _start(wish: Wish, actor: Any, form: Any) -> object:
    data = form.cleaned_data
    return services.wish_start(
        wish=wish,
        actor=actor,
        done_definition=form.done_lines(),
        orderer=data["orderer"],
        delivering_supplier=data["delivering_supplier"],
        delivery_approver=data["delivery_approver"],
        order_reference=data["order_reference"],
        note=data["note"],
    )


def _review_delivery(wish: Wish, actor: Any, form: Any) -> object:
    data = form.cleaned_data
    return services.wish_review_delivery(
        wish=wish,
        actor=actor,
        results=form.results(),
        follow_up_on=data["follow_up_on"],
        note=data["note"],
    )


def _withdraw_support(wish: Wish, actor: Any, form: Any) -> object:
    support = (
        Support.objects.filter(
            wish=wish,
            municipality_id=getattr(actor, "organisation_id", None),
            withdrawn_at__isnull=True,
        )
        .select_related("wish__product", "municipality")
        .first()
    )
    if support is None:
        raise ValidationError(_("Your organisation does not support this wish."), code="none")
    return services.wish_support_withdraw(support=support, actor=actor)


def _withdraw_pledge(wish: Wish, actor: Any, form: Any) -> object:
    return economy_services.pledge_withdraw(pledge=form.cleaned_data["pledge"], actor=actor)


def _done(wish: Wish, actor: Any, form: Any) -> object:
    return services.wish_done_definition_set(
        wish=wish,
        actor=actor,
        criteria=form.done_lines(),
        expected_version=form.cleaned_data["loaded_version"],
    )


ACTIONS: dict[str, ActionSpec] = {
    spec.key: spec
    for spec in (
        # --- the moves of the workflow's table ---
        ActionSpec(
            "review",
            NoteForm,
            _fields(services.wish_review, "note"),
            gettext_lazy("The wish is under review."),
        ),
        ActionSpec(
            "prioritise",
            NoteForm,
            _fields(services.wish_prioritise, "note"),
            gettext_lazy("The wish is prioritised."),
        ),
        ActionSpec(
            "start",
            StartForm,
            _start,
            gettext_lazy("The wish is started: the order goes to the supplier."),
        ),
        ActionSpec(
            "recommend",
            NoteForm,
            _fields(services.wish_recommend, "note"),
            gettext_lazy("The wish is recommended to the steering group."),
        ),
        ActionSpec(
            "approve",
            ApproveForm,
            _fields(
                services.wish_approve,
                "amount",
                "expected_benefit",
                "expected_hours_per_year",
                "expected_dkk_per_year",
                "note",
            ),
            gettext_lazy("The wish is approved."),
        ),
        ActionSpec(
            "reject",
            RejectForm,
            _fields(services.wish_reject, "reason"),
            gettext_lazy("The wish is rejected."),
        ),
        ActionSpec(
            "begin-delivery",
            NoteForm,
            _fields(services.wish_begin_delivery, "note"),
            gettext_lazy("The delivery has begun."),
        ),
        ActionSpec(
            "deliver",
            DeliverForm,
            _fields(services.wish_deliver, "invoice_reference", "note"),
            gettext_lazy("The wish is reported as delivered."),
        ),
        ActionSpec(
            "review-delivery",
            DeliveryReviewForm,
            _review_delivery,
            gettext_lazy("The delivery review is recorded."),
            label=gettext_lazy("Review the delivery against DONE"),
            button=gettext_lazy("Record the review"),
        ),
        ActionSpec(
            "begin-follow-up",
            NoteForm,
            _fields(services.wish_begin_follow_up, "note"),
            gettext_lazy("The benefit follow-up has begun."),
        ),
        ActionSpec(
            "realise",
            RealiseForm,
            _fields(
                services.wish_realise,
                "realised_benefit",
                "realised_hours_per_year",
                "realised_dkk_per_year",
                "note",
            ),
            gettext_lazy("The realised benefits are recorded."),
        ),
        ActionSpec(
            "close",
            CloseForm,
            _fields(services.wish_close, "note", reason="close_reason"),
            gettext_lazy("The wish is closed."),
        ),
        ActionSpec(
            "park",
            NoteForm,
            _fields(services.wish_park, "note"),
            gettext_lazy("The wish is parked."),
        ),
        ActionSpec(
            "unpark",
            NoteForm,
            _fields(services.wish_unpark, "note"),
            gettext_lazy("The wish is taken back from parked."),
        ),
        # --- around the moves ---
        ActionSpec(
            "duplicate",
            DuplicateForm,
            _fields(services.wish_mark_duplicate, "original", "note"),
            gettext_lazy("The wish is closed as a duplicate; its supports moved to the original."),
            label=gettext_lazy("Mark as a duplicate"),
        ),
        ActionSpec(
            "support",
            SupportForm,
            _fields(services.wish_support, "note", "expected_benefit"),
            gettext_lazy("Your municipality now supports the wish."),
            label=gettext_lazy("Support the wish"),
            button=gettext_lazy("We want this too"),
        ),
        ActionSpec(
            "withdraw-support",
            WithdrawSupportForm,
            _withdraw_support,
            gettext_lazy("Your municipality's support is withdrawn."),
            label=gettext_lazy("Withdraw your municipality's support"),
            button=gettext_lazy("Withdraw the support"),
        ),
        ActionSpec(
            "pledge",
            PledgeForm,
            _fields(economy_services.pledge_make, "amount", "conditions"),
            gettext_lazy("The pledge is recorded."),
            label=gettext_lazy("Pledge co-financing"),
            button=gettext_lazy("Pledge"),
        ),
        ActionSpec(
            "withdraw-pledge",
            WithdrawPledgeForm,
            _withdraw_pledge,
            gettext_lazy("The pledge is withdrawn."),
            label=gettext_lazy("Withdraw a pledge"),
            button=gettext_lazy("Withdraw the pledge"),
        ),
        ActionSpec(
            "estimate",
            EstimateForm,
            _fields(
                services.wish_estimate,
                "amount",
                "estimated_by",
                "estimated_on",
                expected_version="loaded_version",
            ),
            gettext_lazy("The estimate is recorded."),
            label=gettext_lazy("Record the estimate"),
            button=gettext_lazy("Save the estimate"),
        ),
        ActionSpec(
            "assess",
            AssessForm,
            _fields(
                services.wish_assess,
                "benefit_score",
                "strategic_fit",
                "urgency",
                expected_version="loaded_version",
            ),
            gettext_lazy("The assessment is recorded and the score recomputed."),
            label=gettext_lazy("Assess benefit, strategic fit and urgency"),
            button=gettext_lazy("Save the assessment"),
        ),
        ActionSpec(
            "done",
            DoneDefinitionForm,
            _done,
            gettext_lazy("The definition of DONE is saved."),
            label=gettext_lazy("Set the definition of DONE"),
            button=gettext_lazy("Save the definition of DONE"),
        ),
    )
}

# The action key of each move in the table (the two outcomes of a delivery review share
# one form: it accepts when every criterion is met and rejects otherwise).
TRANSITION_KEYS: dict[str, str] = {
    S.UNDER_REVIEW: "review",
    S.PRIORITISED: "prioritise",
    S.STARTED: "start",
    S.RECOMMENDED: "recommend",
    S.APPROVED: "approve",
    S.REJECTED: "reject",
    S.IN_DELIVERY: "begin-delivery",
    S.DELIVERED: "deliver",
    S.ACCEPTED: "review-delivery",
    S.DELIVERY_REJECTED: "review-delivery",
    S.FOLLOW_UP: "begin-follow-up",
    S.REALISED: "realise",
    S.CLOSED: "close",
    S.PARKED: "park",
}


def transition_key(transition: Transition) -> str:
    if transition.source == S.PARKED:
        return "unpark"
    return TRANSITION_KEYS[transition.target]
