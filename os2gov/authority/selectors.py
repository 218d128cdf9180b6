"""Reads for the mandate pages and the API: the matrix, one product's resolved mandates,
and a person's roles and mandates. Built from the catalogue; a bounded number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from os2gov.authority.actions import ACTIONS, Area, GovernedAction, Scope, actions_by_area
from os2gov.authority.holders import ALL_HOLDERS, Holder, HolderKind, HolderScope
from os2gov.authority.predicates import (
    Context,
    GoverningGroups,
    ResolvedHolder,
    describe,
    governing_groups,
    held_by,
    remember_governing_groups,
    unresolved,
)
from os2gov.authority.roles import Role, Roles, roles_of
from os2gov.catalogue.models import Product
from os2gov.governance.models import Body, Group, GroupKind

# --- The matrix: the catalogue as a table ------------------------------------------------


@dataclass(frozen=True)
class MatrixCell:
    holds: bool
    note: str = ""  # a restriction ("professional groups only") or the GRP-08 shift


@dataclass(frozen=True)
class MatrixRow:
    action: GovernedAction
    cells: list[MatrixCell]


@dataclass(frozen=True)
class MatrixColumn:
    kind: HolderKind
    label: str
    detail: str = ""  # the actual group's name on a product's matrix


@dataclass(frozen=True)
class Matrix:
    columns: list[MatrixColumn]
    areas: list[tuple[Area, list[MatrixRow]]]

    @property
    def action_count(self) -> int:
        return sum(len(rows) for _area, rows in self.areas)


def _holder_in(action: GovernedAction, kind: HolderKind) -> Holder | None:
    return next((holder for holder in action.holders if holder.kind == kind), None)


def mandate_matrix() -> Matrix:
    """Every action of the catalogue, grouped by area, against every kind of holder."""
    columns = [MatrixColumn(holder.kind, str(holder.label)) for holder in ALL_HOLDERS]
    areas = []
    for area, actions in actions_by_area():
        rows = []
        for action in actions:
            cells = []
            for column in columns:
                holder = _holder_in(action, column.kind)
                cells.append(
                    MatrixCell(holder is not None, holder.restriction_label if holder else "")
                )
            rows.append(MatrixRow(action, cells))
        areas.append((area, rows))
    return Matrix(columns, areas)


# --- One product: the matrix resolved to its actual groups --------------------------------


@dataclass(frozen=True)
class ProductMandate:
    action: GovernedAction
    holders: list[ResolvedHolder]
    cells: list[MatrixCell]


@dataclass(frozen=True)
class ProductMandates:
    product: Product
    groups: GoverningGroups
    professional_groups: list[Group]
    columns: list[MatrixColumn]
    areas: list[tuple[Area, list[ProductMandate]]]

    @property
    def steering_mandate_shifted(self) -> bool:
        """GRP-08: the product has no steering group, so its coordination group holds it."""
        return self.groups.steering_mandate_shifted

    @property
    def mandates(self) -> list[ProductMandate]:
        return [mandate for _area, rows in self.areas for mandate in rows]


def product_actions() -> list[GovernedAction]:
    """The actions that concern a product or one of its groups."""
    return [action for action in ACTIONS if action.scope != Scope.ASSOCIATION]


def _column_for(resolved: ResolvedHolder) -> HolderKind:
    # GRP-08: the steering group's mandate sits with the coordination group.
    if resolved.kind == HolderKind.STEERING_GROUP and resolved.shifted:
        return HolderKind.COORDINATION_GROUP
    return resolved.kind


def product_list() -> list[Product]:
    """Every product, by name, for links to each product's mandates."""
    return list(Product.objects.order_by("name").only("name", "slug"))


def product_by_slug(slug: str) -> Product:
    return get_object_or_404(Product, slug=slug)


def product_mandates(product: Product) -> ProductMandates:
    """The product's mandates, each resolved to the body or the actual group holding it."""
    groups = governing_groups(product)
    professional_groups = list(
        Group.objects.filter(product=product, kind=GroupKind.PROFESSIONAL).order_by("name")
    )
    context = Context(product=product)
    resolved_rows: list[tuple[GovernedAction, list[tuple[Holder, ResolvedHolder]]]] = []
    for action in product_actions():
        found = []
        for holder in action.holders:
            resolved = describe(holder, context)
            if resolved is not None:
                found.append((holder, resolved))
        resolved_rows.append((action, found))

    used = {_column_for(resolved) for _action, found in resolved_rows for _h, resolved in found}
    columns = []
    for holder in ALL_HOLDERS:
        if holder.kind not in used:
            continue
        detail = ""
        if holder.kind == HolderKind.STEERING_GROUP and groups.steering is not None:
            detail = groups.steering.name
        elif holder.kind in {HolderKind.COORDINATION_GROUP, HolderKind.TOVHOLDER}:
            detail = groups.coordination.name if groups.coordination else _("none")
        elif holder.kind == HolderKind.STEERING_GROUP:
            detail = _("none")
        columns.append(MatrixColumn(holder.kind, str(holder.label), detail))

    by_area: dict[Area, list[ProductMandate]] = {}
    for action, found in resolved_rows:
        cells = []
        for column in columns:
            notes = []
            holds = False
            for holder, resolved in found:
                if _column_for(resolved) != column.kind:
                    continue
                holds = True
                if resolved.shifted:
                    notes.append(_("in place of a steering group"))
                if holder.restriction_label:
                    notes.append(holder.restriction_label)
            cells.append(MatrixCell(holds, "; ".join(notes)))
        by_area.setdefault(action.area, []).append(
            ProductMandate(action, [resolved for _h, resolved in found], cells)
        )
    areas = [(area, by_area[area]) for area in Area if area in by_area]
    return ProductMandates(product, groups, professional_groups, columns, areas)


# --- One person: roles and the mandates they hold -----------------------------------------


@dataclass(frozen=True)
class HeldMandate:
    action: GovernedAction
    holder: ResolvedHolder
    note: str = ""


@dataclass
class MyMandates:
    day: datetime.date
    roles: list[Role]
    # Held through a body: on every product where the action concerns one.
    association: list[HeldMandate] = field(default_factory=list)
    # Held through the person's groups, per product.
    products: list[tuple[Product, list[HeldMandate]]] = field(default_factory=list)


def _held_through_bodies(
    roles: Roles, action: GovernedAction, bodies: Iterable[Body]
) -> list[HeldMandate]:
    """The action's mandate as the person holds it through their bodies: once through a body
    holder (the board, the secretariat…), else as a member of each body it concerns."""
    for holder in action.holders:
        if holder.scope == HolderScope.BODY:
            used = held_by(roles, holder, unresolved(holder))
            if used is not None:
                return [HeldMandate(action, used, holder.restriction_label)]
    found = []
    for holder in action.holders:
        if holder.scope != HolderScope.GROUP:
            continue
        # "The body itself": a body's members, e.g. recording the body's own decisions.
        for body in bodies:
            resolved = describe(holder, Context(body=body))
            used = held_by(roles, holder, resolved) if resolved is not None else None
            if used is not None:
                found.append(HeldMandate(action, used))
    return found


def _held_in_product(roles: Roles, product: Product, groups: Iterable[Group]) -> list[HeldMandate]:
    """The product's mandates the person holds through its groups (not through a body)."""
    held: list[HeldMandate] = []
    for action in product_actions():
        if action.scope == Scope.GROUP:
            contexts = [Context(product=product, group=group) for group in groups]
        else:
            contexts = [Context(product=product)]
        for context in contexts:
            for holder in action.holders:
                if holder.scope == HolderScope.BODY:
                    continue
                resolved = describe(holder, context)
                used = held_by(roles, holder, resolved) if resolved is not None else None
                if used is not None:
                    held.append(HeldMandate(action, used))
                    break
    return held


def my_mandates(user: Any, *, on: datetime.date | None = None) -> MyMandates:
    """The person's roles on the day and the actions they may take under them."""
    day = on or timezone.localdate()
    roles = roles_of(user, day)
    result = MyMandates(day=day, roles=roles.roles())
    bodies = {m.body_id: m.body for m in roles.body_memberships}
    for action in ACTIONS:
        result.association.extend(_held_through_bodies(roles, action, bodies.values()))
    products = roles.products()
    remember_governing_groups(products)
    groups_by_product: dict[int, dict[int, Group]] = {}
    for membership in roles.group_memberships:
        groups = groups_by_product.setdefault(membership.group.product_id, {})
        groups.setdefault(membership.group_id, membership.group)
    for product in products:
        held = _held_in_product(roles, product, groups_by_product[product.pk].values())
        if held:
            result.products.append((product, held))
    return result
