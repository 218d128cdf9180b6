"""Who can hold a mandate: the kinds of holder the mandate catalogue (actions.py) names.

A holder is a kind, not a person: it is resolved on the day of the check, from the
memberships active that day, to the body or group whose mandate is used (service.py).

* Body holders are the association's bodies (GOV-01…05). The community manager is the
  secretariat member whose position is community manager.
* Product holders belong to a product's own groups: its steering group (where the product
  has none, its coordination group holds the steering group's mandate — GRP-08), its
  coordination group (deciding through its public-authority members — GRP-06), and the
  coordination group's tovholder or paid product coordinator.
* ``THE_GROUP`` is the group (or body) the action is about, e.g. the group adopting its own
  kommissorium.

No holder kind resolves to a professional group except ``THE_GROUP``, and the catalogue
refuses ``THE_GROUP`` on development and economic actions (GRP-09).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from os2gov.governance.models import BodyKind, GroupKind


class HolderKind(StrEnum):
    GENERAL_ASSEMBLY = "general_assembly"
    BOARD = "board"
    BUSINESS_COMMITTEE = "business_committee"
    COORDINATION_COMMITTEE = "coordination_committee"
    SECRETARIAT = "secretariat"
    COMMUNITY_MANAGER = "community_manager"
    STEERING_GROUP = "steering_group"
    COORDINATION_GROUP = "coordination_group"
    TOVHOLDER = "tovholder"
    THE_GROUP = "the_group"


class HolderScope(StrEnum):
    BODY = "body"  # one of the association's bodies
    PRODUCT = "product"  # one of the product's own groups
    GROUP = "group"  # the group (or body) the action is about


@dataclass(frozen=True)
class Holder:
    kind: HolderKind
    scope: HolderScope
    label: Promise  # a column heading: "Steering group"
    description: Promise  # what it means, for the matrix's legend
    body_kind: BodyKind | None = None
    # Restricts the holder to groups of these kinds (empty: no restriction), e.g. the
    # secretariat edits the settings of professional groups only.
    group_kinds: frozenset[GroupKind] = frozenset()

    @property
    def code(self) -> str:
        return self.kind.value

    def for_groups(self, *kinds: GroupKind) -> Holder:
        """This holder, but only where the action concerns a group of one of ``kinds``."""
        return replace(self, group_kinds=frozenset(kinds))

    def applies_to_group_kind(self, kind: str | None) -> bool:
        if not self.group_kinds:
            return True
        return kind is not None and kind in self.group_kinds

    @property
    def restriction_label(self) -> str:
        """Where a restricted holder holds the mandate, e.g. "professional groups only"."""
        if not self.group_kinds:
            return ""
        names = {
            GroupKind.STEERING: _("steering groups only"),
            GroupKind.COORDINATION: _("coordination groups only"),
            GroupKind.PROFESSIONAL: _("professional groups only"),
        }
        return ", ".join(str(names[kind]) for kind in sorted(self.group_kinds))


GENERAL_ASSEMBLY = Holder(
    HolderKind.GENERAL_ASSEMBLY,
    HolderScope.BODY,
    _("General assembly"),
    _("The association's highest authority; its delegates."),
    body_kind=BodyKind.GENERAL_ASSEMBLY,
)
BOARD = Holder(
    HolderKind.BOARD,
    HolderScope.BODY,
    _("Board"),
    _("Decides between general assemblies; its members."),
    body_kind=BodyKind.BOARD,
)
BUSINESS_COMMITTEE = Holder(
    HolderKind.BUSINESS_COMMITTEE,
    HolderScope.BODY,
    _("Business committee"),
    _("Product criteria, portfolio and project model; recommends to the board."),
    body_kind=BodyKind.BUSINESS_COMMITTEE,
)
COORDINATION_COMMITTEE = Holder(
    HolderKind.COORDINATION_COMMITTEE,
    HolderScope.BODY,
    _("Coordination committee"),
    _("Supports the coordination groups; operations criteria and report templates."),
    body_kind=BodyKind.COORDINATION_COMMITTEE,
)
SECRETARIAT = Holder(
    HolderKind.SECRETARIAT,
    HolderScope.BODY,
    _("Secretariat"),
    _("Daily operations; any member of the secretariat."),
    body_kind=BodyKind.SECRETARIAT,
)
COMMUNITY_MANAGER = Holder(
    HolderKind.COMMUNITY_MANAGER,
    HolderScope.BODY,
    _("Community manager"),
    _("The secretariat member who forwards product news to the users."),
    body_kind=BodyKind.SECRETARIAT,
)
STEERING_GROUP = Holder(
    HolderKind.STEERING_GROUP,
    HolderScope.PRODUCT,
    _("Steering group"),
    _(
        "The product's steering group. Where the product has no steering group, its "
        "coordination group holds this mandate."
    ),
)
COORDINATION_GROUP = Holder(
    HolderKind.COORDINATION_GROUP,
    HolderScope.PRODUCT,
    _("Coordination group"),
    _(
        "The product's coordination group, deciding through its public-authority members: "
        "supplier representatives take part but do not decide."
    ),
)
TOVHOLDER = Holder(
    HolderKind.TOVHOLDER,
    HolderScope.PRODUCT,
    _("Tovholder"),
    _("The tovholder or paid product coordinator of the product's coordination group."),
)
THE_GROUP = Holder(
    HolderKind.THE_GROUP,
    HolderScope.GROUP,
    _("The group itself"),
    _("The members of the group (or body) the matter concerns."),
)

# In the order of the matrix's columns.
ALL_HOLDERS: tuple[Holder, ...] = (
    GENERAL_ASSEMBLY,
    BOARD,
    BUSINESS_COMMITTEE,
    COORDINATION_COMMITTEE,
    SECRETARIAT,
    COMMUNITY_MANAGER,
    STEERING_GROUP,
    COORDINATION_GROUP,
    TOVHOLDER,
    THE_GROUP,
)
HOLDERS_BY_KIND: dict[HolderKind, Holder] = {holder.kind: holder for holder in ALL_HOLDERS}
