"""Level-model editing in the API (/api/v1/levels/drafts…), through the criteria services
(PRD-02): start a draft, read it, save a level or a criterion (created or changed by its
code or key), remove a criterion, publish the draft. The mandate is ``criteria.edit`` (the
business committee).

A refused mandate answers 403 naming its holder, a broken rule 422 naming the field, and an
edit of something changed since the caller read it 409: every level and criterion of a
draft carries an ``edit_version``, sent back as ``expected_edit_version`` (empty or null for
a new one). A version published in the meantime is never edited: 409 as well. The
published versions are read through /models (api.py).
"""

# No `from __future__ import annotations`: ninja reads the parameter annotations at import.
import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from os2gov.accounts.auth import api_auth
from os2gov.authority import service as authority
from os2gov.core.api import ErrorOut, error_body
from os2gov.core.errors import StaleEditError
from os2gov.governance.models import DecisionMethod
from os2gov.levels import services
from os2gov.levels.api import LevelCriterionOut, LevelModelOut, LevelOut
from os2gov.levels.api_helpers import WRITE_ERRORS, decision_fields
from os2gov.levels.forms_model import (
    criterion_edit_version,
    criterion_remove_checked,
    criterion_save_checked,
    level_edit_version,
    level_save_checked,
)
from os2gov.levels.models import Criterion, CriterionKind, Level, LevelModel, Obligation, Theme
from os2gov.levels.services.criteria import CRITERIA_ACTION
from os2gov.levels.structural import RULES

router = Router(tags=["levels"])

READ_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut}
MAX_ORDER = 32767


# --- Schemas ------------------------------------------------------------------------------------


class DraftLevelOut(LevelOut):
    edit_version: str = Field(description="Send it back as expected_edit_version to change it.")

    @staticmethod
    def resolve_edit_version(obj: Level) -> str:
        return level_edit_version(obj)


class DraftCriterionOut(LevelCriterionOut):
    edit_version: str = Field(description="Send it back as expected_edit_version to change it.")

    @staticmethod
    def resolve_edit_version(obj: Criterion) -> str:
        return criterion_edit_version(obj)


class DraftOut(LevelModelOut):
    based_on: int | None = Field(description="The version the draft was copied from.")
    levels: list[DraftLevelOut]  # type: ignore[assignment]
    criteria: list[DraftCriterionOut]

    @staticmethod
    def resolve_based_on(obj: LevelModel) -> int | None:
        return obj.based_on.version if obj.based_on is not None else None

    @staticmethod
    def resolve_criteria(obj: LevelModel) -> list[Any]:
        return list(obj.criteria.all())


class DraftIn(Schema):
    effective_on: datetime.date = Field(description="The day the version is to apply from.")
    notes: str = Field("", max_length=5000, description="What changes and why.")


class LevelIn(Schema):
    order: int | None = Field(
        None, ge=0, le=MAX_ORDER, description="The lowest level first; required for a new level."
    )
    name_da: str | None = Field(None, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    description_da: str | None = Field(None, max_length=5000)
    description_en: str | None = Field(None, max_length=5000)
    expected_edit_version: str | None = Field(
        None,
        max_length=64,
        description="The level's edit_version as you read it; null for a new level. Else 409.",
    )


class CriterionIn(Schema):
    level_code: str | None = Field(
        None,
        max_length=16,
        description="The code of the level that demands it (`level` in the reads); "
        "required for a new criterion.",
    )
    order: int | None = Field(None, ge=0, le=MAX_ORDER)
    theme: str | None = Field(None, description="One of: " + ", ".join(Theme.values))
    obligation: str | None = Field(None, description="One of: " + ", ".join(Obligation.values))
    kind: str | None = Field(None, description="One of: " + ", ".join(CriterionKind.values))
    rule: str | None = Field(
        None,
        max_length=64,
        description="Only for a structural criterion, one of: " + ", ".join(sorted(RULES)),
    )
    url_required: bool | None = None
    justification_required: bool | None = None
    not_applicable_allowed: bool | None = None
    text_da: str | None = Field(None, max_length=5000)
    text_en: str | None = Field(None, max_length=5000)
    guidance_da: str | None = Field(None, max_length=10000)
    guidance_en: str | None = Field(None, max_length=10000)
    expected_edit_version: str | None = Field(
        None,
        max_length=64,
        description="The criterion's edit_version as you read it; null for a new criterion. "
        "Else 409.",
    )


class PublishIn(Schema):
    decided_on: datetime.date | None = Field(
        None, description="The day the business committee decided; today when left out."
    )
    method: str = Field(
        DecisionMethod.IN_WRITING, description="One of: " + ", ".join(DecisionMethod.values)
    )
    meeting_reference: str = Field(
        "", max_length=200, description="The meeting, for a decision taken at one."
    )
    effective_on: datetime.date | None = Field(
        None, description="The day the version applies from; the draft's date when left out."
    )
    notes: str | None = Field(None, description="Replaces the draft's notes when given.")


# --- Helpers --------------------------------------------------------------------------------------


def _model(version: int) -> LevelModel:
    return get_object_or_404(LevelModel.objects.select_related("based_on"), version=version)


def _draft_detail(model: LevelModel) -> LevelModel:
    return (
        LevelModel.objects.select_related("based_on")
        .prefetch_related("levels", "criteria__level")
        .get(pk=model.pk)
    )


def _conflict(message: str, field: str = "expected_edit_version") -> Status[dict[str, Any]]:
    return Status(409, error_body(message, [{"field": field, "message": message}]))


def _published_conflict(error: ValidationError) -> Status[dict[str, Any]] | None:
    """A version published since the caller read it is a conflict, not a bad field."""
    if not hasattr(error, "error_dict"):
        return None
    for item in error.error_dict.get("model", []):
        if item.code == "published_model":
            return _conflict(item.messages[0], "model")
    return None


def _draft_edit(write: Callable[[], Any]) -> Any:
    """``write``'s answer; a stale edit or a version published meanwhile is a 409."""
    try:
        return write()
    except StaleEditError as stale:
        return _conflict(stale.messages[0])
    except ValidationError as error:
        conflict = _published_conflict(error)
        if conflict is None:
            raise
        return conflict


def _editable(request: HttpRequest, version: int) -> LevelModel:
    """The version, once the caller is known to hold the mandate to edit it."""
    model = _model(version)
    authority.require(request.user, CRITERIA_ACTION)
    return model


def _sent(payload: Schema) -> dict[str, Any]:
    """The fields sent; a null leaves the field as it is (a new one then lacks it)."""
    data = payload.dict(exclude_unset=True)
    data.pop("expected_edit_version", None)
    return {name: value for name, value in data.items() if value is not None}


# --- Operations -----------------------------------------------------------------------------------


@router.post(
    "/drafts",
    response={201: DraftOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Start a new draft version of the level model (the business committee)",
    operation_id="level_model_draft",
)
def start_draft(request: HttpRequest, payload: DraftIn) -> Any:
    """A copy of the current version's levels and criteria with the next version number.
    Only one draft at a time: 422 (`model`) names the draft in preparation."""
    draft = services.level_model_draft(
        actor=request.user, effective_on=payload.effective_on, notes=payload.notes
    )
    return Status(201, _draft_detail(draft))


@router.get(
    "/drafts/{version}",
    response={200: DraftOut, **READ_ERRORS},
    auth=api_auth,
    summary="A draft version of the level model with its edit versions",
    operation_id="level_model_draft_detail",
)
def draft_detail(request: HttpRequest, version: int) -> LevelModel:
    """For people who are logged in; 404 once the version is published (read it through
    /models then)."""
    return _draft_detail(get_object_or_404(LevelModel, version=version, published_at__isnull=True))


@router.put(
    "/drafts/{version}/levels/{code}",
    response={200: DraftLevelOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Add or change a level of a draft (e.g. a sandbox below N1)",
    operation_id="level_model_level_save",
)
def save_level(request: HttpRequest, version: int, code: str, payload: LevelIn) -> Any:
    """Only the fields sent change. 403 names the mandate's holder; 422 names each wrong
    field; 409 when the level changed after `expected_edit_version` or the version is
    published."""
    model = _editable(request, version)
    return _draft_edit(
        lambda: level_save_checked(
            actor=request.user,
            model=model,
            code=code,
            data=_sent(payload),
            expected_edit_version=payload.expected_edit_version,
        )
    )


@router.put(
    "/drafts/{version}/criteria/{key}",
    response={200: DraftCriterionOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Add or change a criterion of a draft, by its key",
    operation_id="level_model_criterion_save",
)
def save_criterion(request: HttpRequest, version: int, key: str, payload: CriterionIn) -> Any:
    """Only the fields sent change; a new criterion needs its level, theme and texts. 403
    names the mandate's holder; 422 names each wrong field; 409 when the criterion changed
    after `expected_edit_version` or the version is published."""
    model = _editable(request, version)

    def write() -> Criterion:
        criterion = criterion_save_checked(
            actor=request.user,
            model=model,
            key=key,
            data=_sent(payload),
            expected_edit_version=payload.expected_edit_version,
        )
        return Criterion.objects.select_related("level").get(pk=criterion.pk)

    return _draft_edit(write)


@router.delete(
    "/drafts/{version}/criteria/{key}",
    response={204: None, **WRITE_ERRORS},
    auth=api_auth,
    summary="Remove a criterion from a draft",
    operation_id="level_model_criterion_remove",
)
def remove_criterion(
    request: HttpRequest, version: int, key: str, expected_edit_version: str | None = None
) -> Any:
    """With `expected_edit_version`, only if the criterion is unchanged since (else 409).
    404 when the draft has no such criterion; 409 when the version is published."""
    model = _editable(request, version)
    get_object_or_404(Criterion, model=model, key=key)

    def write() -> Status[None]:
        criterion_remove_checked(
            actor=request.user,
            model=model,
            key=key,
            expected_edit_version=expected_edit_version,
        )
        return Status(204, None)

    return _draft_edit(write)


@router.post(
    "/drafts/{version}/publish",
    response={200: LevelModelOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Publish a draft: it becomes the current level model",
    operation_id="level_model_publish",
)
def publish(request: HttpRequest, version: int, payload: PublishIn) -> Any:
    """Records the business committee's decision; the answers to unchanged criteria are
    carried over with their verification. 403 names the holder; 422 the wrong field; 409
    when the version is already published."""
    model = _editable(request, version)

    def write() -> LevelModel:
        published = services.level_model_publish(
            actor=request.user,
            model=model,
            effective_on=payload.effective_on,
            notes=payload.notes,
            **decision_fields(payload),
        )
        return LevelModel.objects.prefetch_related("levels").get(pk=published.pk)

    # The service never raises a stale edit; a version published meanwhile is a 409.
    return _draft_edit(write)
