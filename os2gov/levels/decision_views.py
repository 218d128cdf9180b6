"""Pages for the decisions around a product's level: deviations accepted by the business
committee, evaluations, and the two-step level approvals (PRD-05, PRD-06).

The lists are public like the compliance page (COM-02). Each form shows only to those who
hold its mandate; everyone else reads who does. Forms go through the same services as the
API: the mandate is checked before the form is read, and a refusal writes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from os2gov.authority import service as authority
from os2gov.authority.service import MandateRefused
from os2gov.catalogue.models import Product
from os2gov.levels import selectors
from os2gov.levels.compliance import coverable_criteria
from os2gov.levels.forms_decisions import (
    ApproveForm,
    DeviationForm,
    EvaluationForm,
    RecommendForm,
)
from os2gov.levels.models import (
    Deviation,
    Evaluation,
    Level,
    LevelRecommendation,
    RecommendationKind,
    RecommendationStatus,
)
from os2gov.levels.page_helpers import form_page, posted, refused, submit
from os2gov.levels.services import (
    deviation_accept,
    evaluation_record,
    level_approve,
    level_recommend,
    product_approve,
    product_recommend,
)
from os2gov.levels.services.approvals import APPROVE_ACTIONS, RECOMMEND_ACTIONS
from os2gov.levels.services.deviations import DEVIATION_ACTION, EVALUATION_ACTION
from os2gov.levels.structural import one_year_after

PAGE_SIZE = 25
# MTG-04: the level whose products are evaluated every year.
EVALUATED_YEARLY = "N3"


# --- Reads shared with the API ----------------------------------------------------------------


def deviation_list(product: Product) -> QuerySet[Deviation]:
    """The product's deviations, the latest decision first."""
    return (
        Deviation.objects.filter(product=product)
        .select_related("criterion__level", "decision__body", "decision__group")
        .order_by("-decision__decided_on", "-pk")
    )


def deviation_active(deviation: Deviation, day: datetime.date) -> bool:
    return deviation.decision.decided_on <= day <= deviation.expires_on


def evaluation_list(product: Product) -> QuerySet[Evaluation]:
    """The product's evaluations, newest first."""
    return (
        Evaluation.objects.filter(product=product)
        .select_related("body", "group", "recorded_by")
        .order_by("-evaluated_on", "-pk")
    )


@dataclass(frozen=True)
class EvaluationDue:
    """Whether the product is evaluated yearly (MTG-04) and, if so, whether it is late."""

    yearly: bool
    last: Evaluation | None
    due_on: datetime.date | None

    @property
    def overdue(self) -> bool:
        if not self.yearly:
            return False
        return self.due_on is None or timezone.localdate() > self.due_on


def evaluation_due(product: Product) -> EvaluationDue:
    """An N3 product (approved at N3, or holding it while none is approved) is evaluated at
    least every 12 months; its evaluation is overdue when the last one is older."""
    summary = selectors.product_level_summary(product)
    last = (
        Evaluation.objects.filter(product=product, evaluated_on__lte=timezone.localdate())
        .select_related("body", "group")
        .order_by("-evaluated_on", "-pk")
        .first()
    )
    return EvaluationDue(
        yearly=summary.shown_code == EVALUATED_YEARLY,
        last=last,
        due_on=one_year_after(last.evaluated_on) if last is not None else None,
    )


def recommendation_list(product: Product) -> QuerySet[LevelRecommendation]:
    """The business committee's recommendations for the product with the board's approval
    of each, the latest first."""
    return (
        LevelRecommendation.objects.filter(product=product)
        .select_related(
            "decision__body",
            "decision__group",
            "approval__decision__body",
            "approval__decision__group",
        )
        .order_by("-created_at", "-pk")
    )


def pending_recommendation(product: Product) -> LevelRecommendation | None:
    return (
        LevelRecommendation.objects.filter(product=product, status=RecommendationStatus.PENDING)
        .select_related("decision__body")
        .first()
    )


def recommend_kind(product: Product) -> RecommendationKind:
    """A product never approved is recommended as a new product; otherwise its level
    changes."""
    if selectors.approved_level_of(product) is None:
        return RecommendationKind.NEW_PRODUCT
    return RecommendationKind.LEVEL_CHANGE


def approve_kind(product: Product, pending: LevelRecommendation | None) -> RecommendationKind:
    """What the board approves: the pending recommendation's kind, or else what a
    recommendation of the product would be."""
    if pending is not None:
        return RecommendationKind(pending.kind)
    return recommend_kind(product)


RECOMMEND_SERVICES = {
    RecommendationKind.NEW_PRODUCT: product_recommend,
    RecommendationKind.LEVEL_CHANGE: level_recommend,
}
APPROVE_SERVICES = {
    RecommendationKind.NEW_PRODUCT: product_approve,
    RecommendationKind.LEVEL_CHANGE: level_approve,
}


# --- Helpers ----------------------------------------------------------------------------------


def _crumbs(product: Product, label: str) -> list[dict[str, str]]:
    return [
        {"label": _("Products"), "url": reverse("products:list")},
        {"label": product.name, "url": reverse("products:detail", args=[product.slug])},
        {"label": _("Product level"), "url": reverse("levels:compliance", args=[product.slug])},
        {"label": label},
    ]


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _current_levels() -> list[Level]:
    return list(Level.objects.filter(model__is_current=True).order_by("order"))


def _holder_page(
    request: HttpRequest, template: str, context: dict[str, Any], refusal: MandateRefused
) -> HttpResponse:
    """The list with who holds the mandate in place of the form; a submit is refused."""
    context["holder"] = str(refusal)
    if request.method == "POST":
        return refused(request, template, context, refusal)
    return render(request, template, context)


# --- Deviations -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def deviations(request: HttpRequest, slug: str) -> HttpResponse:
    """The product's deviations, active and expired; the business committee's form to
    accept one for a required criterion the product does not meet."""
    product = get_object_or_404(Product, slug=slug)
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    outcome = authority.check(request.user, DEVIATION_ACTION, product=product)
    template = "levels/decisions/deviations.html"
    context: dict[str, Any] = {
        "product": product,
        "page_obj": _page(request, deviation_list(product)),
        "today": timezone.localdate(),
        "form": None,
        "breadcrumbs": _crumbs(product, _("Deviations")),
    }
    if isinstance(outcome, MandateRefused):
        return _holder_page(request, template, context, outcome)
    form = DeviationForm(posted(request), criteria=coverable_criteria(product))

    def save() -> HttpResponse:
        criterion = form.chosen_criterion()
        deviation_accept(
            actor=request.user,
            product=product,
            criterion=criterion,
            reason=form.cleaned_data["reason"],
            expires_on=form.cleaned_data["expires_on"],
            **form.decision_fields(),
        )
        messages.success(
            request, _("The deviation from %(key)s was accepted.") % {"key": criterion.key}
        )
        return redirect("levels:deviations", slug=product.slug)

    return form_page(request, template, context, outcome=outcome, form=form, save=save)


# --- Evaluations ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def evaluations(request: HttpRequest, slug: str) -> HttpResponse:
    """The product's evaluations, newest first, flagged when an N3 product's is overdue
    (MTG-04); the form to record one for the steering group and the board."""
    product = get_object_or_404(Product, slug=slug)
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    outcome = authority.check(request.user, EVALUATION_ACTION, product=product)
    template = "levels/decisions/evaluations.html"
    context: dict[str, Any] = {
        "product": product,
        "page_obj": _page(request, evaluation_list(product)),
        "due": evaluation_due(product),
        "form": None,
        "breadcrumbs": _crumbs(product, _("Evaluations")),
    }
    if isinstance(outcome, MandateRefused):
        return _holder_page(request, template, context, outcome)
    context["mandate_holder"] = outcome.holder.label
    form = EvaluationForm(posted(request))

    def save() -> HttpResponse:
        data = form.cleaned_data
        evaluation_record(
            actor=request.user,
            product=product,
            evaluated_on=data["evaluated_on"],
            summary=data["summary"],
            minutes_url=data["minutes_url"],
        )
        messages.success(request, _("The evaluation was recorded."))
        return redirect("levels:evaluations", slug=product.slug)

    return form_page(request, template, context, outcome=outcome, form=form, save=save)


# --- Recommendations and approvals (PRD-06) ---------------------------------------------------


def _approvals_page(
    request: HttpRequest,
    product: Product,
    *,
    recommend_form: RecommendForm | None = None,
    approve_form: ApproveForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    """The history with the forms the user may use; a bound form passed in replaces the
    empty one."""
    levels = _current_levels()
    pending = pending_recommendation(product)
    approved = selectors.approved_level_of(product)
    kind = recommend_kind(product)
    recommend = authority.check(request.user, RECOMMEND_ACTIONS[kind], product=product)
    approve = authority.check(
        request.user, APPROVE_ACTIONS[approve_kind(product, pending)], product=product
    )
    if isinstance(recommend, MandateRefused):
        recommend_form = None
    elif recommend_form is None and pending is None:
        choices = [
            level for level in levels if approved is None or level.code != approved.level_code
        ]
        recommend_form = RecommendForm(prefix="recommend", levels=choices)
    if isinstance(approve, MandateRefused):
        approve_form = None
    elif approve_form is None and pending is not None:
        approve_form = ApproveForm(
            prefix="approve", levels=levels, initial={"level_code": pending.level_code}
        )
    context = {
        "product": product,
        "page_obj": _page(request, recommendation_list(product)),
        "approved": approved,
        "pending": pending,
        "kind": kind,
        "recommend_form": recommend_form,
        "approve_form": approve_form,
        "recommend_holder": str(recommend) if isinstance(recommend, MandateRefused) else "",
        "approve_holder": str(approve) if isinstance(approve, MandateRefused) else "",
        "refusal": refusal,
        "breadcrumbs": _crumbs(product, _("Level approval")),
    }
    return render(request, "levels/decisions/approvals.html", context, status=status)


@require_GET
def approvals(request: HttpRequest, slug: str) -> HttpResponse:
    """The history of the business committee's recommendations and the board's approvals
    for the product; the committee's form to recommend and the board's to approve."""
    return _approvals_page(request, get_object_or_404(Product, slug=slug))


def _level_decision(
    service: Any, request: HttpRequest, product: Product, form: RecommendForm
) -> Any:
    """The business committee's recommendation or the board's approval, as ``form`` records
    it; both take the level, the grounds and the decision."""
    return service(
        actor=request.user,
        product=product,
        level_code=form.cleaned_data["level_code"],
        text=form.cleaned_data["text"],
        **form.decision_fields(),
    )


def _refused_approvals(
    request: HttpRequest, product: Product, refusal: MandateRefused
) -> HttpResponse:
    return _approvals_page(request, product, refusal=str(refusal), status=403)


@require_POST
def recommend(request: HttpRequest, slug: str) -> HttpResponse:
    """The business committee recommends the product (new) or a change of its level."""
    product = get_object_or_404(Product, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("levels:approvals", args=[product.slug]))
    kind = recommend_kind(product)
    outcome = authority.check(request.user, RECOMMEND_ACTIONS[kind], product=product)
    if isinstance(outcome, MandateRefused):
        return _refused_approvals(request, product, outcome)
    form = RecommendForm(request.POST, prefix="recommend", levels=_current_levels())

    def save() -> HttpResponse:
        recommendation = _level_decision(RECOMMEND_SERVICES[kind], request, product, form)
        messages.success(
            request,
            _("The business committee's recommendation of %(code)s was recorded.")
            % {"code": recommendation.level_code},
        )
        return redirect("levels:approvals", slug=product.slug)

    response = submit(form, save, lambda refusal: _refused_approvals(request, product, refusal))
    if response is not None:
        return response
    return _approvals_page(request, product, recommend_form=form, status=400)


@require_POST
def approve(request: HttpRequest, slug: str) -> HttpResponse:
    """The board approves the pending recommendation. Without one the service refuses and
    its message names who must act first."""
    product = get_object_or_404(Product, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("levels:approvals", args=[product.slug]))
    kind = approve_kind(product, pending_recommendation(product))
    outcome = authority.check(request.user, APPROVE_ACTIONS[kind], product=product)
    if isinstance(outcome, MandateRefused):
        return _refused_approvals(request, product, outcome)
    form = ApproveForm(request.POST, prefix="approve", levels=_current_levels())

    def save() -> HttpResponse:
        approved = _level_decision(APPROVE_SERVICES[kind], request, product, form)
        messages.success(
            request,
            _("The board approved %(product)s at %(code)s.")
            % {"product": product.name, "code": approved.level_code},
        )
        return redirect("levels:approvals", slug=product.slug)

    response = submit(form, save, lambda refusal: _refused_approvals(request, product, refusal))
    if response is not None:
        return response
    return _approvals_page(request, product, approve_form=form, status=400)


urlpatterns: list[URLPattern] = [
    path("<slug:slug>/niveau/afvigelser/", deviations, name="deviations"),
    path("<slug:slug>/niveau/evalueringer/", evaluations, name="evaluations"),
    path("<slug:slug>/niveau/godkendelse/", approvals, name="approvals"),
    path("<slug:slug>/niveau/godkendelse/indstil/", recommend, name="recommend"),
    path("<slug:slug>/niveau/godkendelse/godkend/", approve, name="approve"),
]
