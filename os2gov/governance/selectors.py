"""Every read of the governance data. All of it is public (COM-02), but of a person only the
name and organisation: e-mail addresses are never part of what these return, except the
tovholder's, which ``product_governance`` exposes on purpose (GRP-07).

Each function costs a fixed number of queries however many rows there are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Prefetch, Q, QuerySet
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404
from django.utils import timezone

from os2gov.catalogue.models import Product
from os2gov.governance.models import (
    Body,
    BodyMembership,
    Decision,
    DecisionSubject,
    Group,
    GroupKind,
    GroupMembership,
    GroupRole,
)

LEAD_ROLES = (GroupRole.TOVHOLDER, GroupRole.PRODUCT_COORDINATOR)


def _today() -> datetime.date:
    return timezone.localdate()


def _active(day: datetime.date) -> Q:
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


@dataclass
class Roster:
    """A body's or group's memberships on a day, split by when they apply."""

    active: list[Any] = field(default_factory=list)
    upcoming: list[Any] = field(default_factory=list)
    past: list[Any] = field(default_factory=list)


def _split(memberships: list[GroupMembership] | list[BodyMembership], day: datetime.date) -> Roster:
    roster = Roster()
    for membership in memberships:
        if membership.ends_on is not None and membership.ends_on < day:
            roster.past.append(membership)
        elif membership.starts_on > day:
            roster.upcoming.append(membership)
        else:
            roster.active.append(membership)
    roster.past.sort(key=lambda m: (m.ends_on or day, m.pk), reverse=True)
    return roster


# --- Bodies ------------------------------------------------------------------------------


def body_list(*, day: datetime.date | None = None) -> QuerySet[Body]:
    """The five bodies in order, each with ``active_members`` (memberships in force on
    ``day``, with person and organisation). Two queries."""
    day = day or _today()
    active = (
        BodyMembership.objects.filter(_active(day))
        .select_related("person", "organisation")
        .order_by("position", "person__name", "pk")
    )
    return Body.objects.order_by("position", "name").prefetch_related(
        Prefetch("memberships", queryset=active, to_attr="active_members")
    )


def body_detail(slug: str, *, day: datetime.date | None = None) -> tuple[Body, Roster]:
    """One body and its members: active, upcoming and past. Raises Http404."""
    day = day or _today()
    body = get_object_or_404(Body, slug=slug)
    memberships = list(
        body.memberships.select_related("person", "organisation").order_by(
            "starts_on", "person__name", "pk"
        )
    )
    return body, _split(memberships, day)


# --- Groups ------------------------------------------------------------------------------


def group_list() -> QuerySet[Group]:
    """Every product's groups, by product and kind; one query."""
    return Group.objects.select_related("product").order_by("product__name", "kind", "name", "pk")


def group_get(product_slug: str, group_slug: str) -> Group:
    """A group by its product's slug and its own. Raises Http404."""
    return get_object_or_404(
        Group.objects.select_related("product"), product__slug=product_slug, slug=group_slug
    )


def group_by_id(group_id: int) -> Group:
    return get_object_or_404(Group.objects.select_related("product"), pk=group_id)


def group_roster(group: Group, *, day: datetime.date | None = None) -> Roster:
    """The group's memberships, active, upcoming and past; one query."""
    memberships = list(
        group.memberships.select_related("person", "organisation").order_by(
            "starts_on", "person__name", "pk"
        )
    )
    return _split(memberships, day or _today())


def group_memberships(group: Group) -> QuerySet[GroupMembership]:
    """Every membership of the group, newest start first; one query."""
    return group.memberships.select_related("person", "organisation").order_by("-starts_on", "-pk")


# --- A product's governance ---------------------------------------------------------------


def product_tovholder(
    product: Product, *, day: datetime.date | None = None
) -> GroupMembership | None:
    """The active tovholder or product coordinator of the product's coordination group."""
    day = day or _today()
    return (
        GroupMembership.objects.filter(_active(day))
        .filter(
            group__product=product,
            group__kind=GroupKind.COORDINATION,
            role__in=LEAD_ROLES,
        )
        .select_related("person", "organisation")
        .order_by("starts_on", "pk")
        .first()
    )


@dataclass
class ProductGovernance:
    product: Product
    groups: list[Group]
    steering_group: Group | None
    coordination_group: Group | None
    professional_groups: list[Group]
    tovholder: GroupMembership | None

    @property
    def coordination_group_holds_steering_mandate(self) -> bool:
        """GRP-08: without a steering group, the coordination group also holds its
        strategic and economic mandate."""
        return self.steering_group is None and self.coordination_group is not None

    @property
    def tovholder_email(self) -> str:
        """The one personal e-mail address shown in public (GRP-07)."""
        return self.tovholder.person.email if self.tovholder is not None else ""


def product_governance(product: Product, *, day: datetime.date | None = None) -> ProductGovernance:
    """The product's groups, its tovholder and the GRP-08 flag; two queries."""
    groups = list(Group.objects.filter(product=product).order_by("kind", "name", "pk"))
    for group in groups:
        group.product = product  # spare a query per group when linking
    steering = next((g for g in groups if g.kind == GroupKind.STEERING), None)
    coordination = next((g for g in groups if g.kind == GroupKind.COORDINATION), None)
    tovholder = product_tovholder(product, day=day) if coordination is not None else None
    return ProductGovernance(
        product=product,
        groups=groups,
        steering_group=steering,
        coordination_group=coordination,
        professional_groups=[g for g in groups if g.kind == GroupKind.PROFESSIONAL],
        tovholder=tovholder,
    )


def product_get(slug: str) -> Product:
    return get_object_or_404(Product, slug=slug)


# --- Decisions ---------------------------------------------------------------------------


def decision_list(
    *,
    body: Body | None = None,
    group: Group | None = None,
    product: Product | None = None,
) -> QuerySet[Decision]:
    """Decisions, newest first (or all): of one ``body``; taken by one ``group`` or about it
    or its memberships (which the secretariat may have decided); or about one ``product``.
    Deciders and subjects come in a fixed number of queries."""
    decisions = (
        Decision.objects.select_related("body", "group__product", "product")
        .prefetch_related("subjects")
        .order_by("-decided_on", "-pk")
    )
    if body is not None:
        decisions = decisions.filter(body=body)
    if group is not None:
        membership_ids = (
            GroupMembership.objects.filter(group=group)
            .annotate(key=Cast("pk", CharField()))
            .values("key")
        )
        about = DecisionSubject.objects.filter(
            Q(
                content_type=ContentType.objects.get_for_model(GroupMembership),
                object_id__in=membership_ids,
            )
            | Q(content_type=ContentType.objects.get_for_model(Group), object_id=str(group.pk))
        ).values("decision_id")
        decisions = decisions.filter(Q(group=group) | Q(pk__in=about))
    if product is not None:
        decisions = decisions.filter(Q(product=product) | Q(group__product=product))
    return decisions
