"""The small predicates the mandate checks are built from: does this person, on this day,
hold this kind of holder's mandate in this context?

Each holder kind resolves, for a context (a product, a group or body the action is about),
to the body or group whose mandate it is (``describe``), and a person holds it when one of
their memberships active that day is the right one (``held_by``). The two rules of the
groups are here and nowhere else:

* GRP-08: the steering group's mandate, on a product without a steering group, is its
  coordination group's. Computed from the product's groups, never configured.
* GRP-06: a group decides through its public-authority members; a supplier representative
  (or anyone representing a supplier) takes part but holds no mandate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from os2gov.authority.holders import Holder, HolderKind, HolderScope
from os2gov.authority.roles import Roles
from os2gov.governance.models import Body, Group, GroupKind

GROUPS_CACHE_ATTR = "_os2gov_governing_groups"


@dataclass(frozen=True)
class Context:
    """What an action is about. ``product`` is filled from ``group`` when only that is given."""

    product: Any = None  # catalogue.Product
    group: Group | None = None
    body: Body | None = None

    @property
    def group_kind(self) -> str | None:
        return self.group.kind if self.group is not None else None


@dataclass(frozen=True)
class GoverningGroups:
    """A product's steering and coordination groups (either may be missing)."""

    steering: Group | None
    coordination: Group | None

    @property
    def steering_mandate_holder(self) -> Group | None:
        """The group holding the steering group's mandate (GRP-08)."""
        return self.steering if self.steering is not None else self.coordination

    @property
    def steering_mandate_shifted(self) -> bool:
        """True when the coordination group holds the steering group's mandate (GRP-08)."""
        return self.steering is None and self.coordination is not None


@dataclass(frozen=True)
class ResolvedHolder:
    """The body or group whose mandate a holder kind is, for one context."""

    kind: HolderKind
    body: Body | None
    group: Group | None
    label: str  # "the steering group of OS2mo", for sentences
    # GRP-08: the product's coordination group holds the steering group's mandate.
    shifted: bool = False

    def __str__(self) -> str:
        return self.label


def governing_groups(product: Any) -> GoverningGroups:
    """The product's steering and coordination groups, asked once per product object."""
    cached = getattr(product, GROUPS_CACHE_ATTR, None)
    if cached is not None:
        return cached
    groups: dict[str, Group] = {}
    for group in Group.objects.filter(
        product=product, kind__in=[GroupKind.STEERING, GroupKind.COORDINATION]
    ):
        group.product = product
        groups[group.kind] = group
    found = GoverningGroups(
        steering=groups.get(GroupKind.STEERING), coordination=groups.get(GroupKind.COORDINATION)
    )
    setattr(product, GROUPS_CACHE_ATTR, found)
    return found


def remember_governing_groups(products: list[Any]) -> None:
    """Ask for the governing groups of many products in one query (for lists and matrices)."""
    pending = [p for p in products if getattr(p, GROUPS_CACHE_ATTR, None) is None]
    if not pending:
        return
    by_product: dict[int, dict[str, Group]] = {p.pk: {} for p in pending}
    for group in Group.objects.filter(
        product__in=pending, kind__in=[GroupKind.STEERING, GroupKind.COORDINATION]
    ):
        by_product[group.product_id][group.kind] = group
    for product in pending:
        groups = by_product[product.pk]
        for group in groups.values():
            group.product = product
        setattr(
            product,
            GROUPS_CACHE_ATTR,
            GoverningGroups(
                steering=groups.get(GroupKind.STEERING),
                coordination=groups.get(GroupKind.COORDINATION),
            ),
        )


def forget_governing_groups(product: Any) -> None:
    if product is not None:
        product.__dict__.pop(GROUPS_CACHE_ATTR, None)


def _generic_label(holder: Holder) -> str:
    labels = {
        HolderKind.GENERAL_ASSEMBLY: _("the general assembly"),
        HolderKind.BOARD: _("the board"),
        HolderKind.BUSINESS_COMMITTEE: _("the business committee"),
        HolderKind.COORDINATION_COMMITTEE: _("the coordination committee"),
        HolderKind.SECRETARIAT: _("the secretariat"),
        HolderKind.COMMUNITY_MANAGER: _("the community manager"),
        HolderKind.STEERING_GROUP: _("the product's steering group"),
        HolderKind.COORDINATION_GROUP: _(
            "the public-authority members of the product's coordination group"
        ),
        HolderKind.TOVHOLDER: _("the tovholder of the product's coordination group"),
        HolderKind.THE_GROUP: _("the members of the group itself"),
    }
    return labels[holder.kind]


def unresolved(holder: Holder) -> ResolvedHolder:
    """The holder in general words, without a context ("the product's steering group")."""
    return ResolvedHolder(holder.kind, None, None, _generic_label(holder))


def describe(holder: Holder, context: Context) -> ResolvedHolder | None:
    """Whose mandate ``holder`` is in ``context``; None when it does not apply there (a
    holder restricted to some kinds of group, and the action concerns another kind)."""
    if not holder.applies_to_group_kind(context.group_kind):
        return None
    if holder.scope == HolderScope.BODY:
        return ResolvedHolder(holder.kind, None, None, _generic_label(holder))
    if holder.scope == HolderScope.GROUP:
        if context.group is not None:
            label = _("the members of %(group)s") % {"group": context.group}
            return ResolvedHolder(holder.kind, None, context.group, label)
        if context.body is not None:
            label = _("the members of %(body)s") % {"body": context.body}
            return ResolvedHolder(holder.kind, context.body, None, label)
        return ResolvedHolder(holder.kind, None, None, _generic_label(holder))
    # A product's group.
    product = context.product
    if product is None:
        return ResolvedHolder(holder.kind, None, None, _generic_label(holder))
    groups = governing_groups(product)
    names = {"product": product.name}
    if holder.kind == HolderKind.STEERING_GROUP:
        if groups.steering_mandate_shifted:
            label = _(
                "the coordination group of %(product)s (which holds the steering group's "
                "mandate, as %(product)s has no steering group)"
            )
            return ResolvedHolder(
                holder.kind, None, groups.coordination, label % names, shifted=True
            )
        label = _("the steering group of %(product)s") % names
        return ResolvedHolder(holder.kind, None, groups.steering, label)
    if holder.kind == HolderKind.COORDINATION_GROUP:
        label = _("the public-authority members of the coordination group of %(product)s") % names
        return ResolvedHolder(holder.kind, None, groups.coordination, label)
    if holder.kind == HolderKind.TOVHOLDER:
        label = _("the tovholder of %(product)s's coordination group") % names
        return ResolvedHolder(holder.kind, None, groups.coordination, label)
    raise AssertionError(f"Unhandled holder kind {holder.kind}")  # pragma: no cover


def held_by(roles: Roles, holder: Holder, resolved: ResolvedHolder) -> ResolvedHolder | None:
    """``resolved``, completed with the body or group whose mandate is used, when the
    person (``roles``) holds it; otherwise None."""
    if not roles.authenticated:
        return None
    if holder.scope == HolderScope.BODY:
        if holder.kind == HolderKind.COMMUNITY_MANAGER:
            membership = roles.community_manager_membership()
        else:
            assert holder.body_kind is not None
            membership = roles.body_membership(holder.body_kind)
        if membership is None:
            return None
        return ResolvedHolder(resolved.kind, membership.body, None, resolved.label)
    if holder.scope == HolderScope.GROUP and resolved.body is not None:
        body_membership = roles.body_member_of(resolved.body.pk)
        return resolved if body_membership is not None else None
    group = resolved.group
    if group is None:
        return None
    # GRP-09: the product's holders are its steering and coordination groups; a professional
    # group can only ever be "the group itself", for its own matters.
    if holder.scope == HolderScope.PRODUCT:
        assert group.kind != GroupKind.PROFESSIONAL
    if holder.kind == HolderKind.TOVHOLDER:
        membership_found = roles.group_membership(group.pk, coordinating=True)
    else:
        membership_found = roles.group_membership(group.pk, deciding=True)
    return resolved if membership_found is not None else None
