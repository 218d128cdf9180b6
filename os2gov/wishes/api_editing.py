"""Editing wishes and priority weights in the API (/api/v1/wishes/…), through the same
services as the pages.

* ``PATCH /wishes/{id}``: a wish's text, category, scope, expected benefit and links, with
  the version the caller read (``expected_version``); 409 when someone changed it since.
* ``GET`` / ``PUT /wishes/priority-weights/{product}``: the product's priority weights
  (WSH-02); reading is public, changing them the coordination group's.
* ``GET`` / ``POST /wishes/{id}/attachments`` (multipart, field ``file``) and
  ``DELETE /wishes/{id}/attachments/{attachment_id}``: the wish's attachments. A file over
  the size limit answers 413, a file of a type that is not allowed 422, both naming ``file``.

Refusals answer 403 naming who may; bad fields 422 naming each field.
"""

# No `from __future__ import annotations`: ninja reads the parameter annotations at import.
import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from pydantic import StrictInt

from os2gov.accounts.auth import api_auth
from os2gov.catalogue.models import Product
from os2gov.core.api import ErrorOut, error_body
from os2gov.core.errors import StaleEditError
from os2gov.governance.people import public_name
from os2gov.wishes import priority
from os2gov.wishes import services as wish_services
from os2gov.wishes.api import (
    AMOUNT_IN_TEXT,
    WRITE_ERRORS,
    WishDetailOut,
    _detail,
    _wish,
    money,
)
from os2gov.wishes.api import router as wishes_router
from os2gov.wishes.models import PriorityWeights, WishAttachment, WishCategory, WishScope
from os2gov.wishes.services.attachments import wish_attachment_add, wish_attachment_remove

router = Router(tags=["wishes"])

WEIGHTS = priority.COMPONENTS
READ_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _errors(error: ValidationError) -> list[dict[str, str]]:
    if hasattr(error, "error_dict"):
        return [
            {"field": field, "message": message}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"field": "body", "message": message} for message in error.messages]


def _stale(error: StaleEditError, field: str = "expected_version") -> Status[dict[str, Any]]:
    messages = error.messages
    return Status(409, error_body(messages[0], [{"field": field, "message": m} for m in messages]))


# --- Editing a wish ------------------------------------------------------------------------


class WishPatchIn(Schema):
    expected_version: int = Field(
        description="The wish's `version` as you read it; 409 when it has changed since."
    )
    title: str | None = None
    description: str | None = None
    category: WishCategory | None = None
    scope: WishScope | None = None
    expected_benefit: str | None = None
    expected_hours_per_year: str | None = Field(None, description='e.g. "120.5"; null clears')
    expected_dkk_per_year: str | None = Field(None, description=AMOUNT_IN_TEXT + " Null clears.")
    jira_key: str | None = None
    external_url: str | None = None


# The path is the main wishes router's ("/{wish_id}", which answers GET): a path of this
# router would shadow it, so the operation is added there.
@wishes_router.patch(
    "/{wish_id}",
    response={200: WishDetailOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Edit a wish's text",
    operation_id="wish_update",
)
def update_wish(request: HttpRequest, wish_id: int, payload: WishPatchIn) -> Any:
    """Change the fields you send (the others stay): title, description, category, scope,
    expected benefit and links. The coordination group may until the wish starts; its
    submitter while it is submitted or under review. Every change is on the timeline."""
    changes = payload.model_dump(mode="json", exclude_unset=True)
    expected_version = changes.pop("expected_version")
    wish = _wish(wish_id)
    try:
        wish_services.wish_update(
            wish=wish, actor=request.user, expected_version=expected_version, **changes
        )
    except StaleEditError as stale:
        return _stale(stale)
    return _detail(request, wish.pk)


# --- Priority weights (WSH-02) -------------------------------------------------------------


class WeightsOut(Schema):
    product: str = Field(description="The product's slug.")
    support: int
    benefit: int
    cost: int
    strategic_fit: int
    urgency: int
    cost_reference: str = Field(description="DKK, an exact decimal string with two decimals.")
    version: int | None = Field(
        None, description="Send it back as `expected_version`; null while none are set."
    )
    set_by_group: bool = Field(description="False: the defaults (every weight 1).")


class WeightsIn(Schema):
    support: StrictInt = Field(description="0 to 10")
    benefit: StrictInt = Field(description="0 to 10")
    cost: StrictInt = Field(description="0 to 10")
    strategic_fit: StrictInt = Field(description="0 to 10")
    urgency: StrictInt = Field(description="0 to 10")
    cost_reference: str = Field("0.00", description=AMOUNT_IN_TEXT)
    expected_version: int | None = Field(
        None, description="The `version` you read; needed once the product has weights."
    )


def _weights_out(product: Product, row: PriorityWeights | None) -> dict[str, Any]:
    weights = priority.Weights.of(row)
    return {
        "product": product.slug,
        **{name: weights.weight(name) for name in WEIGHTS},
        "cost_reference": money(weights.cost_reference),
        "version": row.version if row is not None else None,
        "set_by_group": row is not None,
    }


@router.get(
    "/priority-weights/{product}",
    response={200: WeightsOut, **READ_ERRORS},
    auth=None,
    summary="A product's priority weights",
    operation_id="wish_priority_weights",
)
def get_weights(request: HttpRequest, product: str) -> dict[str, Any]:
    """How the coordination group weighs the components of the priority score (WSH-02)."""
    found = get_object_or_404(Product, slug=product)
    return _weights_out(found, PriorityWeights.objects.filter(product=found).first())


@router.put(
    "/priority-weights/{product}",
    response={200: WeightsOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Set a product's priority weights",
    operation_id="wish_priority_weights_set",
)
def set_weights(request: HttpRequest, product: str, payload: WeightsIn) -> Any:
    """The coordination group's public-authority members set the five weights (whole
    numbers 0 to 10, at least one above 0) and the cost reference; the backlog is ranked
    again at once. A supplier's representative in the group may not (GRP-06)."""
    found = get_object_or_404(Product, slug=product)
    try:
        row = wish_services.priority_weights_set(
            product=found,
            actor=request.user,
            **{name: getattr(payload, name) for name in WEIGHTS},
            cost_reference=payload.cost_reference,
            expected_version=payload.expected_version,
        )
    except StaleEditError as stale:
        return _stale(stale)
    return _weights_out(found, row)


# --- Attachments ---------------------------------------------------------------------------


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int = Field(description="In bytes.")
    uploaded_by: str
    uploaded_at: datetime.datetime
    removed_at: datetime.datetime | None = None
    url: str | None = Field(None, description="Where to download it; null once removed.")

    @staticmethod
    def resolve_name(obj: WishAttachment) -> str:
        return obj.original_name

    @staticmethod
    def resolve_uploaded_by(obj: WishAttachment) -> str:
        return public_name(obj.uploaded_by)

    @staticmethod
    def resolve_url(obj: WishAttachment) -> str | None:
        if obj.removed_at is not None:
            return None
        return reverse("wishes:attachment", args=[obj.wish.product.slug, obj.wish_id, obj.pk])


@router.get(
    "/{wish_id}/attachments",
    response={200: list[AttachmentOut], **READ_ERRORS},
    auth=None,
    summary="A wish's attachments",
    operation_id="wish_attachments",
)
@paginate(PageNumberPagination, page_size=50)
def list_attachments(request: HttpRequest, wish_id: int) -> QuerySet[WishAttachment]:
    """The files attached to the wish and not removed, oldest first. Public, like the wish."""
    wish = _wish(wish_id)
    return WishAttachment.objects.filter(wish=wish).shown().select_related("wish__product")


@router.post(
    "/{wish_id}/attachments",
    response={201: AttachmentOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Attach a file to a wish",
    operation_id="wish_attachment_add",
)
def add_attachment(request: HttpRequest, wish_id: int, file: File[UploadedFile]) -> Status[Any]:
    """Multipart, the file in the field `file`. People of the submitting municipality may
    while the wish is submitted or under review, the coordination group until it is final.
    A file over the size limit answers 413, a type that is not allowed 422."""
    wish = _wish(wish_id)
    try:
        added = wish_attachment_add(wish=wish, actor=request.user, file=file)
    except StaleEditError as stale:
        return _stale(stale, "file")
    except ValidationError as error:
        codes = {item.code for items in getattr(error, "error_dict", {}).values() for item in items}
        status = 413 if "too_large" in codes else 422
        return Status(status, error_body(error.messages[0], _errors(error)))
    return Status(201, added)


@router.delete(
    "/{wish_id}/attachments/{attachment_id}",
    response={200: AttachmentOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Remove an attachment from a wish",
    operation_id="wish_attachment_remove",
)
def remove_attachment(request: HttpRequest, wish_id: int, attachment_id: int) -> Any:
    """Take the attachment off the wish: it is no longer listed or served, and the
    timeline and audit trail keep its name. The coordination group may, and the person
    who attached it while the wish is submitted or under review."""
    wish = _wish(wish_id)
    attachment = get_object_or_404(
        WishAttachment.objects.select_related("wish__product", "uploaded_by"),
        pk=attachment_id,
        wish=wish,
        removed_at__isnull=True,
    )
    try:
        return wish_attachment_remove(attachment=attachment, actor=request.user)
    except StaleEditError as stale:
        return _stale(stale, "attachment")
