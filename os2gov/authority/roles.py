"""A person's roles on a day, derived from the memberships active that day (ACC-02).

Nobody is given a role by hand: a role is a membership of a body or a group, active on the
day asked about, or the type of the organisation the person belongs to. Django's
``is_staff`` / ``is_superuser`` are about running the site and grant no role here.

``roles_of(user, day)`` asks the database at most three times (the person's organisation,
body memberships, group memberships) however many memberships there are, and keeps the
answer on the user object: within a request every further check is free. The signal
handlers in ``apps.py`` forget the answer when a membership of that user object is saved.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from os2gov.governance.models import (
    Body,
    BodyKind,
    BodyMembership,
    BodyPosition,
    Group,
    GroupKind,
    GroupMembership,
    GroupRole,
)
from os2gov.organisation.models import OrganisationType

CACHE_ATTR = "_os2gov_roles"


class RoleCode(models.TextChoices):
    GENERAL_ASSEMBLY_DELEGATE = "general_assembly_delegate", _("General-assembly delegate")
    BOARD_MEMBER = "board_member", _("Board member")
    BUSINESS_COMMITTEE_MEMBER = "business_committee_member", _("Business-committee member")
    COORDINATION_COMMITTEE_MEMBER = (
        "coordination_committee_member",
        _("Coordination-committee member"),
    )
    SECRETARIAT_STAFF = "secretariat_staff", _("Secretariat staff")
    COMMUNITY_MANAGER = "community_manager", _("Community manager")
    STEERING_GROUP_MEMBER = "steering_group_member", _("Steering-group member")
    COORDINATION_GROUP_MEMBER = "coordination_group_member", _("Coordination-group member")
    TOVHOLDER = "tovholder", _("Tovholder")
    PRODUCT_COORDINATOR = "product_coordinator", _("Product coordinator")
    PROFESSIONAL_GROUP_MEMBER = "professional_group_member", _("Professional-group member")
    MUNICIPALITY_USER = "municipality_user", _("Municipality user")
    SUPPLIER_USER = "supplier_user", _("Supplier user")
    ANONYMOUS = "anonymous", _("Anonymous public")


BODY_ROLES: dict[str, RoleCode] = {
    BodyKind.GENERAL_ASSEMBLY: RoleCode.GENERAL_ASSEMBLY_DELEGATE,
    BodyKind.BOARD: RoleCode.BOARD_MEMBER,
    BodyKind.BUSINESS_COMMITTEE: RoleCode.BUSINESS_COMMITTEE_MEMBER,
    BodyKind.COORDINATION_COMMITTEE: RoleCode.COORDINATION_COMMITTEE_MEMBER,
    BodyKind.SECRETARIAT: RoleCode.SECRETARIAT_STAFF,
}
GROUP_ROLES: dict[str, RoleCode] = {
    GroupKind.STEERING: RoleCode.STEERING_GROUP_MEMBER,
    GroupKind.COORDINATION: RoleCode.COORDINATION_GROUP_MEMBER,
    GroupKind.PROFESSIONAL: RoleCode.PROFESSIONAL_GROUP_MEMBER,
}
# The people who run a coordination group (GRP-04) and hold the tovholder's mandates.
COORDINATOR_ROLES = {
    GroupRole.TOVHOLDER: RoleCode.TOVHOLDER,
    GroupRole.PRODUCT_COORDINATOR: RoleCode.PRODUCT_COORDINATOR,
}


@dataclass(frozen=True)
class Role:
    """One derived role, with where it comes from (a membership, or the organisation)."""

    code: RoleCode
    body: Body | None = None
    group: Group | None = None
    position: str = ""  # the membership's position or role, as shown

    @property
    def label(self) -> str:
        return str(self.code.label)

    @property
    def product(self) -> Any:
        return self.group.product if self.group is not None else None

    @property
    def where(self) -> str:
        if self.group is not None:
            return str(self.group)
        if self.body is not None:
            return str(self.body)
        return ""


def is_public_authority_member(membership: GroupMembership) -> bool:
    """Whether the member decides on the product's priorities and economy (GRP-06): a
    supplier representative, or anyone representing a supplier, takes part but does not."""
    return (
        membership.role != GroupRole.SUPPLIER_REPRESENTATIVE
        and membership.organisation.type != OrganisationType.SUPPLIER
    )


@dataclass
class Roles:
    """Everything the mandate checks need to know about one person on one day."""

    day: datetime.date
    authenticated: bool
    user: Any = None
    body_memberships: list[BodyMembership] = field(default_factory=list)
    group_memberships: list[GroupMembership] = field(default_factory=list)

    @cached_property
    def organisation_type(self) -> str:
        """The type of the person's organisation (asked only when a role needs it)."""
        return _organisation_type(self.user) if self.user is not None else ""

    # --- body holders ---
    def body_membership(self, kind: str) -> BodyMembership | None:
        return next((m for m in self.body_memberships if m.body.kind == kind), None)

    def community_manager_membership(self) -> BodyMembership | None:
        return next(
            (
                m
                for m in self.body_memberships
                if m.body.kind == BodyKind.SECRETARIAT
                and m.position == BodyPosition.COMMUNITY_MANAGER
            ),
            None,
        )

    # --- group holders ---
    def group_membership(
        self, group_id: int, *, deciding: bool = False, coordinating: bool = False
    ) -> GroupMembership | None:
        """The person's membership of the group: any, or only one that may decide on
        priorities and economy (``deciding``), or only the tovholder's or product
        coordinator's (``coordinating``)."""
        for membership in self.group_memberships:
            if membership.group_id != group_id:
                continue
            if deciding and not is_public_authority_member(membership):
                continue
            if coordinating and membership.role not in COORDINATOR_ROLES:
                continue
            return membership
        return None

    def body_member_of(self, body_id: int) -> BodyMembership | None:
        return next((m for m in self.body_memberships if m.body_id == body_id), None)

    # --- the roles, for people to read ---
    def roles(self) -> list[Role]:
        if not self.authenticated:
            return [Role(RoleCode.ANONYMOUS)]
        found: list[Role] = []
        for body_membership in self.body_memberships:
            position = body_membership.get_position_display()
            found.append(
                Role(
                    BODY_ROLES[body_membership.body.kind],
                    body=body_membership.body,
                    position=position,
                )
            )
            if (
                body_membership.body.kind == BodyKind.SECRETARIAT
                and body_membership.position == BodyPosition.COMMUNITY_MANAGER
            ):
                found.append(
                    Role(RoleCode.COMMUNITY_MANAGER, body=body_membership.body, position=position)
                )
        for group_membership in self.group_memberships:
            position = group_membership.get_role_display()
            group = group_membership.group
            found.append(Role(GROUP_ROLES[group.kind], group=group, position=position))
            if group.kind == GroupKind.COORDINATION and group_membership.role in COORDINATOR_ROLES:
                found.append(
                    Role(
                        COORDINATOR_ROLES[GroupRole(group_membership.role)],
                        group=group,
                        position=position,
                    )
                )
        if self.organisation_type == OrganisationType.MUNICIPALITY:
            found.append(Role(RoleCode.MUNICIPALITY_USER))
        elif self.organisation_type == OrganisationType.SUPPLIER:
            found.append(Role(RoleCode.SUPPLIER_USER))
        return found

    def role_codes(self) -> set[RoleCode]:
        return {role.code for role in self.roles()}

    def products(self) -> list[Any]:
        """The products whose groups the person sits in, by name, each once."""
        seen: dict[int, Any] = {}
        for membership in self.group_memberships:
            seen.setdefault(membership.group.product_id, membership.group.product)
        return sorted(seen.values(), key=lambda product: product.name)


def _organisation_type(user: Any) -> str:
    if getattr(user, "organisation_id", None) is None:
        return ""
    cached = user._state.fields_cache.get("organisation")
    if cached is not None:
        return str(cached.type)
    from os2gov.organisation.models import Organisation

    value = Organisation.objects.filter(pk=user.organisation_id).values_list("type", flat=True)
    return str(value.first() or "")


def roles_of(user: Any, day: datetime.date | None = None) -> Roles:
    """The person's roles on ``day`` (default: today), asked of the database once per day
    and user object."""
    day = day or timezone.localdate()
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Roles(day=day, authenticated=False)
    cache: dict[datetime.date, Roles] = user.__dict__.setdefault(CACHE_ATTR, {})
    if day in cache:
        return cache[day]
    roles = Roles(
        day=day,
        authenticated=True,
        user=user,
        body_memberships=list(
            BodyMembership.objects.active_on(day)
            .filter(person=user)
            .select_related("body", "organisation")
        ),
        group_memberships=list(
            GroupMembership.objects.active_on(day)
            .filter(person=user)
            .select_related("group", "group__product", "organisation")
        ),
    )
    cache[day] = roles
    return roles


def forget_roles(users: Iterable[Any]) -> None:
    """Drop the remembered roles of these user objects (after their memberships changed)."""
    for user in users:
        if user is not None:
            user.__dict__.pop(CACHE_ATTR, None)
