"""Product levels in the API: /api/v1/levels.

Public reads (COM-02): the level models with their criteria (current and by version), a
product's compliance (the held level with the reason for every criterion, per level) and
the badge. Writes need a login or an API token and go through the same services as the
pages: the tovholder's answers and the secretariat's verifications. A refused mandate
answers 403 naming its holder, a broken evidence rule 422 naming the field, and an answer
changed since the caller read it 409. The API reports how many evidence files an answer
has; files are uploaded on the compliance page or through decision_api.py, which also holds
deviations, evaluations and approvals (model_api.py edits the level model). The overview of
every product's level is the secretariat's.

The badge lookup finds a product by its repository address, so a repository can show the
badge of the product it belongs to without knowing the product's slug.
"""

# No `from __future__ import annotations`: ninja reads the parameter annotations at import.
import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from os2gov.accounts.auth import api_auth
from os2gov.authority import service as authority
from os2gov.core.api import ErrorOut
from os2gov.governance.people import public_name
from os2gov.governance.services import StaleEditError
from os2gov.levels import badge, selectors, services
from os2gov.levels.api_helpers import (
    READ_ERRORS,
    WRITE_ERRORS,
    field_error,
    product_or_404,
    stale,
)
from os2gov.levels.compliance import CriterionState
from os2gov.levels.models import (
    Answer,
    AnswerStatus,
    Criterion,
    CriterionKind,
    LevelModel,
    Obligation,
    Rating,
    Theme,
    Verification,
)
from os2gov.levels.services.answers import ANSWER_ACTION, VERIFY_ACTION

router = Router(tags=["levels"])

OVERVIEW_PAGE_SIZE = 50


# --- Schemas ------------------------------------------------------------------------------------


class BadgeOut(Schema):
    schemaVersion: int = Field(description="Always 1 (the badge-service endpoint format).")
    label: str
    message: str
    color: str
    product: str = Field(description="The product's slug.")
    approved_level: str | None = Field(description="The level the board approved, or null.")
    held_level: str | None = Field(description="The highest level the product holds, or null.")
    state: str = Field(description="held, not_held, unapproved or none.")
    title: str = Field(description="The badge in words, for screen readers.")


class LevelOut(Schema):
    code: str
    order: int = Field(description="The lowest level first.")
    name_da: str
    name_en: str
    description_da: str
    description_en: str


class LevelCriterionOut(Schema):
    key: str = Field(description="Stable across versions of the level model.")
    level: str = Field(description="The code of the level that demands it.")
    order: int
    theme: str = Field(description="One of: " + ", ".join(Theme.values))
    obligation: str = Field(description="One of: " + ", ".join(Obligation.values))
    kind: str = Field(description="One of: " + ", ".join(CriterionKind.values))
    rule: str = Field(description="For a computed criterion: the rule that computes it.")
    url_required: bool
    justification_required: bool
    not_applicable_allowed: bool
    text_da: str
    text_en: str
    guidance_da: str
    guidance_en: str

    @staticmethod
    def resolve_level(obj: Criterion) -> str:
        return obj.level.code


class LevelModelOut(Schema):
    version: int
    effective_on: datetime.date
    is_current: bool
    published_at: datetime.datetime | None
    notes: str
    levels: list[LevelOut]

    @staticmethod
    def resolve_levels(obj: LevelModel) -> list[Any]:
        return list(obj.levels.all())


class LevelModelDetailOut(LevelModelOut):
    criteria: list[LevelCriterionOut]

    @staticmethod
    def resolve_criteria(obj: LevelModel) -> list[Any]:
        return list(obj.criteria.all())


class LevelVerificationOut(Schema):
    rating: str = Field(description="One of: " + ", ".join(Rating.values))
    basis: str
    revision: int = Field(description="The revision of the answer that was verified.")
    verified_by: str = Field(description="The verifier's name.")
    verified_at: datetime.datetime


class LevelAnswerOut(Schema):
    criterion: str = Field(description="The criterion's key.")
    status: str = Field(description="One of: " + ", ".join(AnswerStatus.values))
    justification: str
    evidence_urls: list[str]
    evidence_file_count: int = Field(
        description="Uploaded evidence files; shown on the page to the product's groups and "
        "the secretariat."
    )
    revision: int = Field(description="Send it back as expected_revision when changing it.")
    answered_by: str = Field(description="The name of the person who answered.")
    answered_at: datetime.datetime
    verification: LevelVerificationOut | None = Field(
        description="The secretariat's verification of this revision, or null."
    )


class LevelDeviationOut(Schema):
    reason: str
    expires_on: datetime.date = Field(description="The last day the deviation covers.")


class LevelCriterionStateOut(Schema):
    key: str
    text: str
    kind: str
    obligation: str
    satisfied: bool = Field(description="Counts for the blue stamp (verified).")
    self_assessed: bool = Field(description="Counts when the answers are taken at their word.")
    reason: str = Field(description="Why, in words.")
    answer: LevelAnswerOut | None
    deviation: LevelDeviationOut | None


class LevelComplianceOut(Schema):
    code: str
    name: str
    order: int
    held: bool
    progress: int = Field(description="Per cent verified, of this level and every level below.")
    self_assessed_progress: int = Field(description="Per cent by the product's own answers.")
    achieved_on: datetime.date | None
    first_achieved_on: datetime.date | None
    lost_on: datetime.date | None
    criteria: list[LevelCriterionStateOut] = Field(description="This level's own criteria.")
    missing: list[str] = Field(
        description="The keys of the criteria not satisfied, of this level and every level below."
    )


class ProductComplianceOut(Schema):
    product: str = Field(description="The product's slug.")
    model_version: int
    day: datetime.date = Field(description="The day the compliance was computed for.")
    held_level: str | None
    approved_level: str | None
    below_approved_level: bool = Field(
        description="Approved at a level it does not hold: it does not live up to its level."
    )
    nobody_watches: bool = Field(
        description="At N1 no OS2 body watches the product; support is the municipality's own "
        "or its supplier's (PRD-07)."
    )
    levels: list[LevelComplianceOut]


class LevelAnswerIn(Schema):
    criterion: str = Field(description="The key of a manual criterion of the current model.")
    status: str = Field(description="One of: " + ", ".join(AnswerStatus.values))
    justification: str = ""
    evidence_urls: list[str] = []
    expected_revision: int | None = Field(
        None, description="The revision you read (null for a first answer); else 409."
    )


class LevelVerificationIn(Schema):
    rating: str = Field(description="One of: " + ", ".join(Rating.values))
    basis: str
    revision: int = Field(description="The revision of the answer you verified; else 409.")


class LevelOverviewOut(Schema):
    product: str = Field(description="The product's slug.")
    name: str
    approved_level: str | None
    held_level: str | None
    below_approved_level: bool
    target_level: str | None = Field(
        description="The level progress is measured towards: the approved level while it is "
        "not held, otherwise the level above the one held; null when every level is held."
    )
    progress: int | None
    self_assessed_progress: int | None
    last_evaluated_on: datetime.date | None


class LevelOverviewPageOut(Schema):
    items: list[LevelOverviewOut]
    count: int


# --- Output ---------------------------------------------------------------------------------------


def _verification(verification: Verification | None, revision: int) -> dict[str, Any] | None:
    if verification is None:
        return None
    return {
        "rating": verification.rating,
        "basis": verification.basis,
        "revision": revision,
        "verified_by": public_name(verification.verified_by),
        "verified_at": verification.verified_at,
    }


def _answer(answer: Answer, file_count: int) -> dict[str, Any]:
    return {
        "criterion": answer.criterion.key,
        "status": answer.status,
        "justification": answer.justification,
        "evidence_urls": list(answer.evidence_urls),
        "evidence_file_count": file_count,
        "revision": answer.revision,
        "answered_by": public_name(answer.answered_by) if answer.answered_by else "",
        "answered_at": answer.answered_at,
        "verification": _verification(answer.verification, answer.revision),
    }


def _state(state: CriterionState, file_count: int) -> dict[str, Any]:
    criterion = state.criterion
    deviation = state.deviation
    return {
        "key": criterion.key,
        "text": criterion.text,
        "kind": criterion.kind,
        "obligation": criterion.obligation,
        "satisfied": state.satisfied,
        "self_assessed": state.self_assessed,
        "reason": state.reason,
        "answer": _answer(state.answer, file_count) if state.answer is not None else None,
        "deviation": (
            {"reason": deviation.reason, "expires_on": deviation.expires_on}
            if deviation is not None
            else None
        ),
    }


# --- Level models ---------------------------------------------------------------------------------


@router.get(
    "/models",
    response={200: list[LevelModelOut], **READ_ERRORS},
    auth=None,
    summary="The published versions of the level model",
    operation_id="level_model_list",
)
def list_models(request: HttpRequest) -> list[LevelModel]:
    """Newest first, each with its levels. Drafts are not listed."""
    return list(
        LevelModel.objects.filter(published_at__isnull=False)
        .prefetch_related("levels")
        .order_by("-version")
    )


def _model_detail(model: LevelModel) -> LevelModel:
    return (
        LevelModel.objects.prefetch_related("levels", "criteria__level").filter(pk=model.pk).get()
    )


@router.get(
    "/models/current",
    response={200: LevelModelDetailOut, **READ_ERRORS},
    auth=None,
    summary="The current level model with its criteria",
    operation_id="level_model_current",
)
def current_model(request: HttpRequest) -> LevelModel:
    return _model_detail(get_object_or_404(LevelModel, is_current=True))


@router.get(
    "/models/{version}",
    response={200: LevelModelDetailOut, **READ_ERRORS},
    auth=None,
    summary="One published version of the level model with its criteria",
    operation_id="level_model_detail",
)
def model_by_version(request: HttpRequest, version: int) -> LevelModel:
    return _model_detail(get_object_or_404(LevelModel, version=version, published_at__isnull=False))


# --- A product's compliance -----------------------------------------------------------------------


@router.get(
    "/products/{slug}/compliance",
    response={200: ProductComplianceOut, **READ_ERRORS},
    auth=None,
    summary="The product's held level, with the reason for every criterion",
    operation_id="level_compliance",
)
def product_compliance(request: HttpRequest, slug: str, version: int | None = None) -> Any:
    """Computed now, for the current level model or the published `version` asked for
    (products keep their answers per version)."""
    product = product_or_404(slug)
    model = None
    if version is not None:
        model = get_object_or_404(LevelModel, version=version, published_at__isnull=False)
    detail = selectors.compliance_detail(product, model=model)
    approved = detail.approved_level
    held = detail.held_level
    return {
        "product": product.slug,
        "model_version": detail.compliance.model.version,
        "day": detail.compliance.day,
        "held_level": held.code if held else None,
        "approved_level": approved.code if approved else None,
        "below_approved_level": detail.below_approved_level,
        "nobody_watches": detail.nobody_watches,
        "levels": [
            {
                "code": item.level.code,
                "name": item.level.name,
                "order": item.level.order,
                "held": item.entry.held,
                "progress": item.entry.progress,
                "self_assessed_progress": item.entry.self_assessed_progress,
                "achieved_on": item.status.achieved_on if item.status else None,
                "first_achieved_on": item.status.first_achieved_on if item.status else None,
                "lost_on": item.status.lost_on if item.status else None,
                "criteria": [_state(row.state, len(row.files)) for row in item.rows],
                "missing": [state.criterion.key for state in item.entry.missing],
            }
            for item in detail.levels
        ],
    }


# --- Answers and verifications --------------------------------------------------------------------


def _manual_criterion(key: str) -> Criterion:
    criterion = (
        Criterion.objects.filter(model__is_current=True, key=key).select_related("model").first()
    )
    if criterion is None:
        raise field_error(
            "criterion",
            _("The current level model has no criterion %(key)s.") % {"key": key[:100]},
            "unknown_criterion",
        )
    return criterion


@router.post(
    "/products/{slug}/answers",
    response={200: LevelAnswerOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Answer a criterion for the product (the tovholder)",
    operation_id="level_answer_save",
)
def save_answer(request: HttpRequest, slug: str, payload: LevelAnswerIn) -> Any:
    """The product's self-assessment of one manual criterion. A changed answer loses its
    verification. 403 names the mandate's holder; 422 names each field that breaks the
    criterion's evidence rules; 409 when the answer changed after `expected_revision`."""
    product = product_or_404(slug)
    authority.require(request.user, ANSWER_ACTION, product=product)
    criterion = _manual_criterion(payload.criterion)
    try:
        answer = services.answer_save(
            actor=request.user,
            product=product,
            criterion=criterion,
            status=payload.status,
            justification=payload.justification,
            evidence_urls=payload.evidence_urls,
            expected_revision=payload.expected_revision,
        )
    except StaleEditError as error:
        return stale(error)
    answer = (
        Answer.objects.select_related("criterion", "answered_by", "verification__verified_by")
        .prefetch_related("files")
        .get(pk=answer.pk)
    )
    return _answer(answer, len(answer.files.all()))


@router.post(
    "/products/{slug}/answers/{key}/verifications",
    response={201: LevelVerificationOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Verify the product's answer to a criterion (the secretariat)",
    operation_id="level_verification_record",
)
def record_verification(
    request: HttpRequest, slug: str, key: str, payload: LevelVerificationIn
) -> Any:
    """Rate the answer's revision `revision` green, yellow or red, with its basis. 403 names
    the mandate's holder; 422 names the field; 409 when the answer changed since."""
    product = product_or_404(slug)
    authority.require(request.user, VERIFY_ACTION, product=product)
    criterion = _manual_criterion(key)
    answer = get_object_or_404(Answer, product=product, criterion=criterion)
    try:
        verification = services.verification_record(
            actor=request.user,
            answer=answer,
            rating=payload.rating,
            basis=payload.basis,
            revision=payload.revision,
        )
    except StaleEditError as error:
        return stale(error)
    return Status(201, _verification(verification, payload.revision))


# --- The secretariat's overview -------------------------------------------------------------------


@router.get(
    "/overview",
    response={200: LevelOverviewPageOut, **READ_ERRORS, 403: ErrorOut},
    auth=api_auth,
    summary="Every product's approved and held level (the secretariat)",
    operation_id="level_overview",
)
def overview(request: HttpRequest, below_only: bool = False, page: int = 1) -> Any:
    """Products by name, 50 a page; `below_only`: only those that do not live up to their
    approved level."""
    if not selectors.is_secretariat(request.user):
        raise PermissionDenied(_("Only the secretariat can see the overview of product levels."))
    products = selectors.secretariat_overview_products(below_only=below_only)
    page_obj = Paginator(products, OVERVIEW_PAGE_SIZE).get_page(page)
    items = []
    for row in selectors.secretariat_overview(page_obj.object_list):
        summary, target = row.summary, row.target
        items.append(
            {
                "product": row.product.slug,
                "name": row.product.name,
                "approved_level": summary.approved_code or None,
                "held_level": summary.held_code or None,
                "below_approved_level": summary.below_approved_level,
                "target_level": target.code if target else None,
                "progress": target.progress if target else None,
                "self_assessed_progress": target.self_assessed_progress if target else None,
                "last_evaluated_on": row.last_evaluated_on,
            }
        )
    return {"items": items, "count": page_obj.paginator.count}


# --- The badge ------------------------------------------------------------------------------------


@router.get(
    "/badge",
    response={200: BadgeOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="The level badge of the product with this repository",
)
def badge_by_repository(request: HttpRequest, repository: str) -> dict[str, object]:
    """Answers 404 when no product has the repository, 409 when several do."""
    products = selectors.products_by_repository(repository)
    if not products:
        raise HttpError(404, _("No product has this repository."))
    if len(products) > 1:
        raise HttpError(
            409,
            _("Several products have this repository: %(names)s.")
            % {"names": ", ".join(product.name for product in products)},
        )
    return badge.badge_json(selectors.product_level_summary(products[0]))
