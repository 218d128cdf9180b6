"""Bodies, groups, memberships and decisions: /api/v1/bodies, /groups and /decisions.

Reading is public (COM-02) and shows people by name and organisation only; the one personal
e-mail address in these answers is the tovholder's, the product's contact (GRP-07).
Changes need a login or an API token and go through the same services as the pages: a
refused mandate answers 403 naming its holder, a broken rule 422 naming the field, and a
stale settings edit 409.
"""

# No `from __future__ import annotations`: ninja reads the parameter annotations at import.
import datetime
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from os2gov.accounts.auth import api_auth
from os2gov.accounts.models import User
from os2gov.core.api import ERROR_RESPONSES, ErrorOut
from os2gov.governance import selectors, services
from os2gov.governance.models import (
    Body,
    BodyMembership,
    CoordinationLead,
    Decision,
    Group,
    GroupFocus,
    GroupKind,
    GroupMembership,
    GroupRole,
    SupplierParticipation,
)
from os2gov.governance.people import public_name
from os2gov.governance.services.groups import SETTINGS_FIELDS
from os2gov.organisation.models import Organisation

bodies_router = Router(tags=["bodies"])
groups_router = Router(tags=["groups"])
decisions_router = Router(tags=["decisions"])

_Governing = TypeVar("_Governing", Body, Group)

READ_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {**ERROR_RESPONSES, 409: ErrorOut}


# --- Schemas ------------------------------------------------------------------------------


class _RepresentativeOut(Schema):
    """Resolves whom a member is and represents; body and group memberships alike. No fields
    here, so each schema keeps its own field order."""

    @staticmethod
    def resolve_name(obj: BodyMembership | GroupMembership) -> str:
        return public_name(obj.person)

    @staticmethod
    def resolve_organisation(obj: BodyMembership | GroupMembership) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj: BodyMembership | GroupMembership) -> str:
        return obj.organisation.name


class BodyMemberOut(_RepresentativeOut):
    id: int
    name: str = Field(description="The person's name. E-mail addresses are not public.")
    organisation: str = Field(description="The slug of the organisation represented.")
    organisation_name: str
    position: str
    starts_on: datetime.date
    ends_on: datetime.date | None


class BodyOut(Schema):
    slug: str
    kind: str
    name: str
    purpose: str
    members: list[BodyMemberOut] = Field(description="The members today.")

    @staticmethod
    def resolve_members(obj: Body) -> list[BodyMembership]:
        return list(getattr(obj, "active_members", []))


class BodyDetailOut(BodyOut):
    upcoming_members: list[BodyMemberOut]
    past_members: list[BodyMemberOut]


class MembershipOut(_RepresentativeOut):
    id: int
    group: int
    person: int = Field(description="The person's id.")
    name: str = Field(description="The person's name. E-mail addresses are not public.")
    organisation: str = Field(description="The slug of the organisation represented.")
    organisation_name: str
    role: str = Field(description="One of: " + ", ".join(GroupRole.values))
    starts_on: datetime.date
    ends_on: datetime.date | None
    secretariat_exception_reason: str
    supplier_participation: str
    agreement_reference: str

    @staticmethod
    def resolve_group(obj: GroupMembership) -> int:
        return obj.group_id

    @staticmethod
    def resolve_person(obj: GroupMembership) -> int:
        return obj.person_id


class GroupOut(Schema):
    id: int
    product: str = Field(description="The product's slug.")
    kind: str = Field(description="One of: " + ", ".join(GroupKind.values))
    name: str
    slug: str
    run_by: str = Field(description="Coordination groups: " + ", ".join(CoordinationLead.values))
    member_cap_per_municipality: int | None
    focus: str = Field(description="Coordination groups: " + ", ".join(GroupFocus.values))
    min_meetings_per_year: int | None
    working_basis: str
    # A string with the full precision (microseconds): the JSON encoder would cut a
    # datetime to milliseconds, and the value must match exactly when sent back.
    updated_at: str = Field(
        description="An ISO 8601 timestamp; send it back as expected_updated_at when "
        "changing the settings.",
        json_schema_extra={"format": "date-time"},
    )

    @staticmethod
    def resolve_product(obj: Group) -> str:
        return obj.product.slug

    @staticmethod
    def resolve_updated_at(obj: Group) -> str:
        return obj.updated_at.isoformat()


class ContactOut(Schema):
    name: str
    role: str
    organisation_name: str
    email: str = Field(description="The tovholder's address: the product's contact (GRP-07).")


class GroupDetailOut(GroupOut):
    members: list[MembershipOut]
    upcoming_members: list[MembershipOut]
    past_members: list[MembershipOut]
    contact: ContactOut | None = Field(
        None, description="A coordination group's tovholder or product coordinator."
    )


class DecisionOut(Schema):
    id: int
    decided_on: datetime.date
    body: str | None = Field(None, description="The deciding body's slug, or null.")
    group: int | None = Field(None, description="The deciding group's id, or null.")
    product: str | None = Field(None, description="The slug of the product concerned.")
    action: str = Field(description="The mandate used: a code of the mandate catalogue.")
    text: str
    method: str
    meeting_reference: str
    subjects: list[str]

    @staticmethod
    def resolve_body(obj: Decision) -> str | None:
        return obj.body.slug if obj.body is not None else None

    @staticmethod
    def resolve_group(obj: Decision) -> int | None:
        return obj.group_id

    @staticmethod
    def resolve_product(obj: Decision) -> str | None:
        if obj.product is not None:
            return obj.product.slug
        return obj.group.product.slug if obj.group is not None else None

    @staticmethod
    def resolve_subjects(obj: Decision) -> list[str]:
        return [subject.label for subject in obj.subjects.all()]


class MembershipIn(Schema):
    person: int = Field(description="The id of the person joining.")
    organisation: str | None = Field(
        None, description="The slug of the organisation represented; default: the person's own."
    )
    role: GroupRole
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    secretariat_exception_reason: str = ""
    supplier_participation: SupplierParticipation | None = None
    agreement_reference: str = ""


class MembershipEndIn(Schema):
    ends_on: datetime.date = Field(description="The last day the membership counts.")


class GroupSettingsIn(Schema):
    expected_updated_at: datetime.datetime = Field(
        description="The group's updated_at as you read it; a newer one answers 409."
    )
    run_by: CoordinationLead | None = Field(None, description="Null clears it.")
    member_cap_per_municipality: int | None = Field(None, description="Null: no limit.")
    focus: GroupFocus | None = Field(None, description="Null clears it.")
    min_meetings_per_year: int | None = Field(None, description="Null clears it.")
    working_basis: str | None = Field(None, description="Professional groups only.")


def _with_roster(obj: _Governing, roster: selectors.Roster, **attached: Any) -> _Governing:
    """``obj`` with its upcoming and past members attached for its detail schema, and
    ``attached`` (its members today, under the name its schema reads them by)."""
    attached |= {"upcoming_members": roster.upcoming, "past_members": roster.past}
    for name, value in attached.items():
        setattr(obj, name, value)
    return obj


# --- Bodies -------------------------------------------------------------------------------


@bodies_router.get(
    "",
    response={200: list[BodyOut], **READ_ERRORS},
    auth=None,
    summary="The association's bodies",
    operation_id="body_list",
)
def list_bodies(request: HttpRequest) -> QuerySet[Body]:
    """The five bodies with their members today."""
    return selectors.body_list()


@bodies_router.get(
    "/{slug}",
    response={200: BodyDetailOut, **READ_ERRORS},
    auth=None,
    summary="One body with its members",
    operation_id="body_detail",
)
def get_body(request: HttpRequest, slug: str) -> Body:
    body, roster = selectors.body_detail(slug)
    return _with_roster(body, roster, active_members=roster.active)


# --- Groups -------------------------------------------------------------------------------


@groups_router.get(
    "",
    response={200: list[GroupOut], **READ_ERRORS},
    auth=None,
    summary="Groups",
    operation_id="group_list",
)
@paginate(PageNumberPagination, page_size=50)
def list_groups(request: HttpRequest, product: str | None = None) -> QuerySet[Group]:
    """Every product's groups, or those of one `product` (its slug)."""
    groups = selectors.group_list()
    if product:
        groups = groups.filter(product__slug=product)
    return groups


def _group_detail(group: Group) -> Group:
    """The group with its roster and contact attached, for GroupDetailOut."""
    roster = selectors.group_roster(group)
    contact = None
    if group.kind == GroupKind.COORDINATION:
        lead = next((m for m in roster.active if m.role in selectors.LEAD_ROLES), None)
        if lead is not None:
            contact = {
                "name": public_name(lead.person),
                "role": lead.role,
                "organisation_name": lead.organisation.name,
                "email": lead.person.email,
            }
    return _with_roster(group, roster, members=roster.active, contact=contact)


@groups_router.get(
    "/{group_id}",
    response={200: GroupDetailOut, **READ_ERRORS},
    auth=None,
    summary="One group with its members",
    operation_id="group_detail",
)
def get_group(request: HttpRequest, group_id: int) -> Group:
    return _group_detail(selectors.group_by_id(group_id))


@groups_router.get(
    "/{group_id}/memberships",
    response={200: list[MembershipOut], **READ_ERRORS},
    auth=None,
    summary="A group's memberships, past ones included",
    operation_id="group_memberships",
)
@paginate(PageNumberPagination, page_size=50)
def list_memberships(request: HttpRequest, group_id: int) -> QuerySet[GroupMembership]:
    return selectors.group_memberships(selectors.group_by_id(group_id))


def _person(person_id: int) -> User:
    person = User.objects.select_related("organisation").filter(pk=person_id).first()
    if person is None:
        raise ValidationError({"person": ValidationError("No person has this id.")})
    return person


def _organisation(slug: str | None) -> Organisation | None:
    if slug is None:
        return None
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise ValidationError({"organisation": ValidationError("No organisation has this slug.")})
    return organisation


@groups_router.post(
    "/{group_id}/memberships",
    response={201: MembershipOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Add a member",
    operation_id="group_membership_add",
)
def add_membership(
    request: HttpRequest, group_id: int, payload: MembershipIn
) -> Status[GroupMembership]:
    """Add a person to the group under the caller's mandate. 403 names the mandate's holder
    when the caller does not hold it; 422 names each field that breaks a rule of the group."""
    group = selectors.group_by_id(group_id)
    membership = services.membership_add(
        actor=request.user,
        group=group,
        person=_person(payload.person),
        organisation=_organisation(payload.organisation),
        role=payload.role.value,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        secretariat_exception_reason=payload.secretariat_exception_reason,
        supplier_participation=(
            payload.supplier_participation.value if payload.supplier_participation else ""
        ),
        agreement_reference=payload.agreement_reference,
    )
    return Status(201, membership)


@groups_router.post(
    "/{group_id}/memberships/{membership_id}/end",
    response={200: MembershipOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="End a membership",
    operation_id="group_membership_end",
)
def end_membership(
    request: HttpRequest, group_id: int, membership_id: int, payload: MembershipEndIn
) -> GroupMembership:
    """End the membership on `ends_on`. It is kept, with its dates."""
    group = selectors.group_by_id(group_id)
    membership = get_object_or_404(
        GroupMembership.objects.select_related("person", "organisation"),
        pk=membership_id,
        group=group,
    )
    membership.group = group
    return services.membership_end(
        actor=request.user, membership=membership, ends_on=payload.ends_on
    )


@groups_router.patch(
    "/{group_id}/settings",
    response={200: GroupOut, **WRITE_ERRORS},
    auth=api_auth,
    summary="Change a group's settings",
    operation_id="group_settings_update",
)
def update_settings(
    request: HttpRequest, group_id: int, payload: GroupSettingsIn
) -> Group | Status[dict[str, Any]]:
    """Change the fields sent; the others keep their value. `expected_updated_at` must be
    the group's current `updated_at`, otherwise 409: someone changed it in the meantime."""
    group = selectors.group_by_id(group_id)
    sent = payload.dict(exclude_unset=True)
    sent.pop("expected_updated_at", None)
    values: dict[str, Any] = {field: getattr(group, field) for field in SETTINGS_FIELDS}
    for field, value in sent.items():
        if field in ("run_by", "focus", "working_basis"):
            value = value or ""
        values[field] = getattr(value, "value", value)
    try:
        return services.group_settings_update(
            actor=request.user,
            group=group,
            expected_updated_at=payload.expected_updated_at,
            **values,
        )
    except services.StaleEditError as stale:
        return Status(409, {"detail": stale.messages[0], "errors": []})


# --- Decisions ----------------------------------------------------------------------------


@decisions_router.get(
    "",
    response={200: list[DecisionOut], **READ_ERRORS},
    auth=None,
    summary="Decisions",
    operation_id="decision_list",
)
@paginate(PageNumberPagination, page_size=50)
def list_decisions(
    request: HttpRequest,
    product: str | None = None,
    body: str | None = None,
    group: int | None = None,
) -> QuerySet[Decision]:
    """Decisions, newest first: of one `body` (slug), one `group` (id), or about one
    `product` (slug)."""
    return selectors.decision_list(
        body=get_object_or_404(Body, slug=body) if body else None,
        group=selectors.group_by_id(group) if group is not None else None,
        product=selectors.product_get(product) if product else None,
    )
