"""Deviations, evaluations and level approvals in the API, through the same services as the
pages (PRD-05, PRD-06), and evidence files for an answer.

The lists are public like the compliance page (COM-02). Writes need a login or an API token:
a refused mandate answers 403 naming its holder, a broken rule 422 naming the field. A board
approval without the business committee's recommendation is a 422 on `recommendation`
whose message says who must act first. Evidence files go to the product's current answer
(multipart); a file over the size limit answers 413, a type that is not allowed 422, both
on the field `files`; an answer changed since the caller read it answers 409.
"""

# No `from __future__ import annotations`: ninja reads the parameter annotations at import.
import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile

from os2gov.accounts.auth import api_auth
from os2gov.authority import service as authority
from os2gov.catalogue.models import Product
from os2gov.core.api import error_body
from os2gov.core.errors import StaleEditError
from os2gov.governance.models import Decision, DecisionMethod
from os2gov.levels import decision_views as reads
from os2gov.levels import selectors, services
from os2gov.levels.api_helpers import (
    READ_ERRORS,
    WRITE_ERRORS,
    decision_fields,
    field_error,
    product_or_404,
    stale,
)
from os2gov.levels.evidence import MAX_EVIDENCE_FILE_SIZE, evidence_file_errors
from os2gov.levels.models import (
    Answer,
    ApprovedLevel,
    Criterion,
    CriterionKind,
    Deviation,
    Evaluation,
    LevelRecommendation,
    RecommendationKind,
    RecommendationStatus,
)
from os2gov.levels.services.answers import ANSWER_ACTION
from os2gov.levels.services.deviations import DEVIATION_ACTION

router = Router(tags=["levels"])

PAGE_SIZE = 50
METHODS = "One of: " + ", ".join(DecisionMethod.values)


# --- Schemas ----------------------------------------------------------------------------------


class DecisionRefOut(Schema):
    id: int = Field(description="The decision's id in /api/v1/decisions.")
    decided_on: datetime.date
    decided_by: str = Field(description="The name of the deciding body or group.")
    text: str
    method: str = Field(description=METHODS)
    meeting_reference: str


class DeviationOut(Schema):
    id: int
    criterion: str = Field(description="The criterion's key; it covers the key in later versions.")
    level: str = Field(description="The code of the level that demands the criterion.")
    reason: str
    expires_on: datetime.date = Field(description="The last day the deviation covers.")
    active: bool = Field(description="In force today (accepted and not expired).")
    decision: DecisionRefOut = Field(description="The business committee's decision.")


class DeviationPageOut(Schema):
    items: list[DeviationOut]
    count: int


class DeviationIn(Schema):
    criterion: str = Field(
        description="The key of a required criterion of the current level model that the "
        "product does not meet on its own."
    )
    reason: str = Field("", description="Required: why the deviation is accepted.")
    expires_on: datetime.date | None = Field(None, description="Required: the last day covered.")
    decided_on: datetime.date | None = Field(None, description="Default: today.")
    method: str = Field(DecisionMethod.IN_WRITING.value, description=METHODS)
    meeting_reference: str = Field("", description="Required when decided at a meeting.")


class EvaluationOut(Schema):
    id: int
    evaluated_on: datetime.date
    evaluated_by: str = Field(description="The name of the steering group or the board.")
    summary: str
    minutes_url: str
    decision: int = Field(description="The id of the decision recording the evaluation.")


class EvaluationPageOut(Schema):
    items: list[EvaluationOut]
    count: int
    yearly: bool = Field(description="An N3 product: evaluated at least every 12 months.")
    due_on: datetime.date | None = Field(
        description="The day the next evaluation is due by (null: never evaluated)."
    )
    overdue: bool = Field(description="An N3 product whose yearly evaluation is overdue.")


class EvaluationIn(Schema):
    evaluated_on: datetime.date | None = Field(None, description="Required.")
    summary: str = Field("", description="Required.")
    minutes_url: str = Field("", description="Required: a link (http or https) to the minutes.")


class ApprovalOut(Schema):
    level: str
    approved_on: datetime.date
    decision: DecisionRefOut = Field(description="The board's decision.")


class RecommendationOut(Schema):
    id: int
    kind: str = Field(description="One of: " + ", ".join(RecommendationKind.values))
    level: str
    status: str = Field(description="One of: " + ", ".join(RecommendationStatus.values))
    decision: DecisionRefOut = Field(description="The business committee's decision.")
    approval: ApprovalOut | None = Field(description="The board's approval, or null.")


class RecommendationPageOut(Schema):
    items: list[RecommendationOut]
    count: int
    approved_level: str | None = Field(description="The approved level in force, or null.")


class RecommendIn(Schema):
    level_code: str = Field(description="A level of the current level model, e.g. N2.")
    kind: RecommendationKind | None = Field(
        None,
        description="new_product or level_change; default: a new product until one is "
        "approved, a change of level after.",
    )
    text: str = Field("", description="Grounds, added to the decision's text.")
    decided_on: datetime.date | None = Field(None, description="Default: today.")
    method: str = Field(DecisionMethod.IN_WRITING.value, description=METHODS)
    meeting_reference: str = Field("", description="Required when decided at a meeting.")


class ApproveIn(Schema):
    level_code: str = Field(description="The recommended level.")
    text: str = ""
    decided_on: datetime.date | None = Field(None, description="Default: today.")
    method: str = Field(DecisionMethod.IN_WRITING.value, description=METHODS)
    meeting_reference: str = ""


class EvidenceFileOut(Schema):
    name: str
    size: int = Field(description="Bytes.")
    added_in: int = Field(description="The revision of the answer the file was added in.")


class EvidenceUploadOut(Schema):
    criterion: str
    revision: int = Field(description="The answer's revision after the upload.")
    files: list[EvidenceFileOut] = Field(description="Every evidence file of the answer.")


# --- Output -----------------------------------------------------------------------------------


def _decision(decision: Decision) -> dict[str, Any]:
    decider = decision.body or decision.group
    return {
        "id": decision.pk,
        "decided_on": decision.decided_on,
        "decided_by": decider.name if decider is not None else "",
        "text": decision.text,
        "method": decision.method,
        "meeting_reference": decision.meeting_reference,
    }


def _deviation(deviation: Deviation, day: datetime.date) -> dict[str, Any]:
    return {
        "id": deviation.pk,
        "criterion": deviation.criterion.key,
        "level": deviation.criterion.level.code,
        "reason": deviation.reason,
        "expires_on": deviation.expires_on,
        "active": reads.deviation_active(deviation, day),
        "decision": _decision(deviation.decision),
    }


def _evaluation(evaluation: Evaluation) -> dict[str, Any]:
    evaluator = evaluation.evaluator
    return {
        "id": evaluation.pk,
        "evaluated_on": evaluation.evaluated_on,
        "evaluated_by": evaluator.name if evaluator is not None else "",
        "summary": evaluation.summary,
        "minutes_url": evaluation.minutes_url,
        "decision": evaluation.decision_id,
    }


def _approval(approval: ApprovedLevel) -> dict[str, Any]:
    return {
        "level": approval.level_code,
        "approved_on": approval.approved_on,
        "decision": _decision(approval.decision),
    }


def _recommendation(recommendation: LevelRecommendation) -> dict[str, Any]:
    approval = getattr(recommendation, "approval", None)  # None before the board approves
    return {
        "id": recommendation.pk,
        "kind": recommendation.kind,
        "level": recommendation.level_code,
        "status": recommendation.status,
        "decision": _decision(recommendation.decision),
        "approval": _approval(approval) if approval is not None else None,
    }


# --- Deviations -------------------------------------------------------------------------------


@router.get(
    "/products/{slug}/deviations",
    response={200: DeviationPageOut, **READ_ERRORS},
    auth=None,
    summary="The deviations the business committee accepted for the product",
    operation_id="level_deviation_list",
)
def list_deviations(request: HttpRequest, slug: str, page: int = 1) -> Any:
    """The latest decision first, 50 a page, each flagged active or expired."""
    product = product_or_404(slug)
    page_obj = Paginator(reads.deviation_list(product), PAGE_SIZE).get_page(page)
    day = timezone.localdate()
    return {
        "items": [_deviation(deviation, day) for deviation in page_obj.object_list],
        "count": page_obj.paginator.count,
    }


def _coverable(product: Product, key: str) -> Criterion:
    criteria = {criterion.key: criterion for criterion in reads.coverable_criteria(product)}
    criterion = criteria.get(key)
    if criterion is not None:
        return criterion
    if not Criterion.objects.filter(model__is_current=True, key=key).exists():
        raise field_error(
            "criterion",
            _("The current level model has no criterion %(key)s.") % {"key": key[:100]},
            "unknown_criterion",
        )
    raise field_error(
        "criterion",
        _(
            "A deviation covers only a required criterion the product does not meet; "
            "%(key)s is not one for %(product)s."
        )
        % {"key": key[:100], "product": product.name},
        "not_coverable",
    )


@router.post(
    "/products/{slug}/deviations",
    response={201: DeviationOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Accept a deviation from a criterion (the business committee)",
    operation_id="level_deviation_accept",
)
def accept_deviation(request: HttpRequest, slug: str, payload: DeviationIn) -> Any:
    """A documented deviation with a reason and an expiry date, for a required criterion
    the product does not meet. 403 names the mandate's holder; 422 names each field."""
    product = product_or_404(slug)
    authority.require(request.user, DEVIATION_ACTION, product=product)
    criterion = _coverable(product, payload.criterion)
    deviation = services.deviation_accept(
        actor=request.user,
        product=product,
        criterion=criterion,
        reason=payload.reason,
        expires_on=payload.expires_on,
        **decision_fields(payload),
    )
    deviation = reads.deviation_list(product).get(pk=deviation.pk)
    return Status(201, _deviation(deviation, timezone.localdate()))


# --- Evaluations ------------------------------------------------------------------------------


@router.get(
    "/products/{slug}/evaluations",
    response={200: EvaluationPageOut, **READ_ERRORS},
    auth=None,
    summary="The product's evaluations, newest first",
    operation_id="level_evaluation_list",
)
def list_evaluations(request: HttpRequest, slug: str, page: int = 1) -> Any:
    """50 a page, with whether the product is evaluated yearly (N3) and whether its
    evaluation is overdue (MTG-04)."""
    product = product_or_404(slug)
    page_obj = Paginator(reads.evaluation_list(product), PAGE_SIZE).get_page(page)
    due = reads.evaluation_due(product)
    return {
        "items": [_evaluation(evaluation) for evaluation in page_obj.object_list],
        "count": page_obj.paginator.count,
        "yearly": due.yearly,
        "due_on": due.due_on,
        "overdue": due.overdue,
    }


@router.post(
    "/products/{slug}/evaluations",
    response={201: EvaluationOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Record an evaluation of the product (its steering group or the board)",
    operation_id="level_evaluation_record",
)
def record_evaluation(request: HttpRequest, slug: str, payload: EvaluationIn) -> Any:
    """With its date, summary and a link to the minutes. 403 names the mandate's holders;
    422 names each field."""
    product = product_or_404(slug)
    evaluation = services.evaluation_record(
        actor=request.user,
        product=product,
        evaluated_on=payload.evaluated_on,
        summary=payload.summary,
        minutes_url=payload.minutes_url,
    )
    evaluation = reads.evaluation_list(product).get(pk=evaluation.pk)
    return Status(201, _evaluation(evaluation))


# --- Recommendations and approvals (PRD-06) ---------------------------------------------------


@router.get(
    "/products/{slug}/approvals",
    response={200: RecommendationPageOut, **READ_ERRORS},
    auth=None,
    summary="The business committee's recommendations and the board's approvals",
    operation_id="level_approval_list",
)
def list_approvals(request: HttpRequest, slug: str, page: int = 1) -> Any:
    """Every recommendation of the product, the latest first, 50 a page, each with the
    board's approval or null."""
    product = product_or_404(slug)
    page_obj = Paginator(reads.recommendation_list(product), PAGE_SIZE).get_page(page)
    approved = selectors.approved_level_of(product)
    return {
        "items": [_recommendation(item) for item in page_obj.object_list],
        "count": page_obj.paginator.count,
        "approved_level": approved.level_code if approved is not None else None,
    }


@router.post(
    "/products/{slug}/approvals/recommend",
    response={201: RecommendationOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Recommend the product, or a change of its level, to the board",
    operation_id="level_recommend",
)
def recommend(request: HttpRequest, slug: str, payload: RecommendIn) -> Any:
    """The business committee's recommendation. 403 names the mandate's holder; 422 names
    the field (an unknown level, a product already approved, a pending recommendation)."""
    product = product_or_404(slug)
    kind = payload.kind or reads.recommend_kind(product)
    recommendation = reads.RECOMMEND_SERVICES[kind](
        actor=request.user,
        product=product,
        level_code=payload.level_code,
        text=payload.text,
        **decision_fields(payload),
    )
    return Status(
        201, _recommendation(reads.recommendation_list(product).get(pk=recommendation.pk))
    )


@router.post(
    "/products/{slug}/approvals/approve",
    response={201: ApprovalOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Approve the recommended level (the board)",
    operation_id="level_approve",
)
def approve(request: HttpRequest, slug: str, payload: ApproveIn) -> Any:
    """The board approves the business committee's pending recommendation of `level_code`.
    Without one: 422 on `recommendation`, naming who must act first."""
    product = product_or_404(slug)
    kind = reads.approve_kind(product, reads.pending_recommendation(product))
    approved = reads.APPROVE_SERVICES[kind](
        actor=request.user,
        product=product,
        level_code=payload.level_code,
        text=payload.text,
        **decision_fields(payload),
    )
    approved = ApprovedLevel.objects.select_related("decision__body", "decision__group").get(
        pk=approved.pk
    )
    return Status(201, _approval(approved))


# --- Evidence files ---------------------------------------------------------------------------


@router.post(
    "/products/{slug}/answers/{key}/files",
    response={201: EvidenceUploadOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Add evidence files to the product's answer to a criterion (the tovholder)",
    operation_id="level_evidence_upload",
)
def upload_evidence(
    request: HttpRequest,
    slug: str,
    key: str,
    files: File[list[UploadedFile]],
    expected_revision: Form[int],
) -> Any:
    """Multipart: one or more files in the field `files` and the answer's revision you read
    in `expected_revision`. The answer keeps its status, justification and links, gets a
    new revision and loses its verification. 403 names the mandate's holder; a file over
    the size limit answers 413, a type that is not allowed 422 (both on `files`); 409 when
    the answer changed after `expected_revision`."""
    product = product_or_404(slug)
    authority.require(request.user, ANSWER_ACTION, product=product)
    criterion = Criterion.objects.filter(
        model__is_current=True, key=key, kind=CriterionKind.MANUAL
    ).first()
    if criterion is None:
        raise field_error(
            "criterion",
            _("The current level model has no answered criterion %(key)s.") % {"key": key[:100]},
            "unknown_criterion",
        )
    answer = Answer.objects.filter(product=product, criterion=criterion).first()
    if answer is None:
        raise field_error(
            "criterion",
            _("Answer %(key)s before adding evidence files to the answer.") % {"key": key},
            "not_answered",
        )
    too_large = [upload for upload in files if (upload.size or 0) > MAX_EVIDENCE_FILE_SIZE]
    if too_large:
        errors = [
            {"field": "files", "message": message}
            for upload in too_large
            for message in evidence_file_errors(upload)
        ]
        return Status(413, error_body(errors[0]["message"], errors))
    try:
        answer = services.answer_save(
            actor=request.user,
            product=product,
            criterion=criterion,
            status=answer.status,
            justification=answer.justification,
            evidence_urls=list(answer.evidence_urls),
            files=list(files),
            expected_revision=expected_revision,
        )
    except StaleEditError as error:
        return stale(error)
    return Status(
        201,
        {
            "criterion": criterion.key,
            "revision": answer.revision,
            "files": [
                {"name": item.name, "size": item.size, "added_in": item.added_in}
                for item in answer.files.order_by("uploaded_at", "pk")
            ],
        },
    )
