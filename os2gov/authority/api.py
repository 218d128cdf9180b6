"""Read the mandate catalogue: /api/v1/mandates. The matrix and a product's resolved
mandates are public; /mandates/me needs a token or session."""

# No `from __future__ import annotations`: ninja reads the parameter annotations at import.
from django.http import HttpRequest
from ninja import Field, Router, Schema

from os2gov.accounts.auth import api_auth
from os2gov.authority import selectors
from os2gov.authority.actions import ACTIONS, Area, GovernedAction, Scope
from os2gov.authority.holders import ALL_HOLDERS, HolderKind
from os2gov.authority.predicates import ResolvedHolder
from os2gov.authority.roles import RoleCode
from os2gov.core.api import ErrorOut
from os2gov.governance.models import Group

router = Router(tags=["mandates"])

HOLDER_KINDS = ", ".join(kind.value for kind in HolderKind)


class HolderOut(Schema):
    kind: str = Field(description="One of: " + HOLDER_KINDS)
    label: str
    description: str


class ActionOut(Schema):
    code: str = Field(description="Stable code; decisions name the mandate by it.")
    label: str
    area: str = Field(description="One of: " + ", ".join(Area.values))
    scope: str = Field(description="What the action concerns: " + ", ".join(Scope))
    holders: list[str] = Field(description="Holder kinds; any one of them holds the mandate.")
    holder_restrictions: dict[str, str] = Field(
        description="Holder kind -> where it holds the mandate, when restricted."
    )
    condition: str


class MatrixOut(Schema):
    holders: list[HolderOut]
    actions: list[ActionOut]


class GroupRef(Schema):
    slug: str
    name: str
    kind: str


class BodyRef(Schema):
    slug: str
    name: str
    kind: str


class ResolvedHolderOut(Schema):
    kind: str = Field(description="One of: " + HOLDER_KINDS)
    label: str = Field(description="Who holds the mandate, in words.")
    body: BodyRef | None
    group: GroupRef | None
    in_place_of_steering_group: bool = Field(
        description="The coordination group holds the steering group's mandate (GRP-08)."
    )


class ResolvedActionOut(Schema):
    code: str
    label: str
    condition: str
    holders: list[ResolvedHolderOut]


class ProductRef(Schema):
    slug: str
    name: str


class ProductMandatesOut(Schema):
    product: ProductRef
    steering_group: GroupRef | None
    coordination_group: GroupRef | None
    professional_groups: list[GroupRef]
    coordination_group_holds_steering_mandate: bool = Field(
        description="True when the product has no steering group and its coordination group "
        "holds the steering group's mandates (GRP-08)."
    )
    actions: list[ResolvedActionOut]


class RoleOut(Schema):
    code: str = Field(description="One of: " + ", ".join(RoleCode.values))
    label: str
    body: BodyRef | None
    group: GroupRef | None
    product: ProductRef | None
    position: str


class HeldMandateOut(Schema):
    code: str
    label: str
    product: ProductRef | None = Field(
        description="The product whose group holds it; null when held through a body."
    )
    holder: ResolvedHolderOut


class MyMandatesOut(Schema):
    day: str
    roles: list[RoleOut]
    actions: list[HeldMandateOut]


def _action(action: GovernedAction) -> dict[str, object]:
    return {
        "code": action.code,
        "label": str(action.label),
        "area": action.area.value,
        "scope": action.scope.value,
        "holders": [holder.code for holder in action.holders],
        "holder_restrictions": {
            holder.code: holder.restriction_label
            for holder in action.holders
            if holder.restriction_label
        },
        "condition": str(action.condition),
    }


def _group(group: Group | None) -> dict[str, str] | None:
    if group is None:
        return None
    return {"slug": group.slug, "name": group.name, "kind": group.kind}


def _holder(resolved: ResolvedHolder) -> dict[str, object]:
    body = resolved.body
    return {
        "kind": resolved.kind.value,
        "label": resolved.label,
        "body": {"slug": body.slug, "name": body.name, "kind": body.kind} if body else None,
        "group": _group(resolved.group),
        "in_place_of_steering_group": resolved.shifted,
    }


@router.get(
    "",
    response={200: MatrixOut, 401: ErrorOut},
    auth=None,
    summary="The mandate matrix",
    operation_id="mandate_matrix",
)
def matrix(request: HttpRequest) -> dict[str, object]:
    """Every governed action with the holders of its mandate (any one of them suffices),
    its condition and what it concerns."""
    return {
        "holders": [
            {"kind": h.code, "label": str(h.label), "description": str(h.description)}
            for h in ALL_HOLDERS
        ],
        "actions": [_action(action) for action in ACTIONS],
    }


@router.get(
    "/products/{slug}",
    response={200: ProductMandatesOut, 401: ErrorOut, 404: ErrorOut},
    auth=None,
    summary="One product's mandates",
    operation_id="mandate_product",
)
def product(request: HttpRequest, slug: str) -> dict[str, object]:
    """The mandates that concern a product, each resolved to the body or the product's own
    group that holds it. Where the product has no steering group, its coordination group
    holds the steering group's mandates (GRP-08)."""
    found = selectors.product_by_slug(slug)
    mandates = selectors.product_mandates(found)
    return {
        "product": {"slug": found.slug, "name": found.name},
        "steering_group": _group(mandates.groups.steering),
        "coordination_group": _group(mandates.groups.coordination),
        "professional_groups": [_group(group) for group in mandates.professional_groups],
        "coordination_group_holds_steering_mandate": mandates.steering_mandate_shifted,
        "actions": [
            {
                "code": row.action.code,
                "label": str(row.action.label),
                "condition": str(row.action.condition),
                "holders": [_holder(holder) for holder in row.holders],
            }
            for row in mandates.mandates
        ],
    }


@router.get(
    "/me",
    response={200: MyMandatesOut, 401: ErrorOut},
    auth=api_auth,
    summary="My roles and mandates",
    operation_id="mandate_me",
)
def me(request: HttpRequest) -> dict[str, object]:
    """The caller's roles today, derived from the memberships in force, and the actions
    they may take under them (through a body, or per product through its groups)."""
    mine = selectors.my_mandates(request.auth)  # type: ignore[attr-defined]
    roles = []
    for role in mine.roles:
        product = role.product
        roles.append(
            {
                "code": role.code.value,
                "label": role.label,
                "body": (
                    {"slug": role.body.slug, "name": role.body.name, "kind": role.body.kind}
                    if role.body
                    else None
                ),
                "group": _group(role.group),
                "product": {"slug": product.slug, "name": product.name} if product else None,
                "position": role.position,
            }
        )
    actions = [
        {
            "code": held.action.code,
            "label": str(held.action.label),
            "product": None,
            "holder": _holder(held.holder),
        }
        for held in mine.association
    ]
    for found, held_list in mine.products:
        actions.extend(
            {
                "code": held.action.code,
                "label": str(held.action.label),
                "product": {"slug": found.slug, "name": found.name},
                "holder": _holder(held.holder),
            }
            for held in held_list
        )
    return {"day": mine.day.isoformat(), "roles": roles, "actions": actions}
