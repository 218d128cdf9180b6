"""Who sits where: adding and ending memberships of a product's groups and of the
association's bodies, with the rules of GRP-02, 03, 05, 06, 07 and 09.

Every change is checked against the mandate catalogue first (a refusal writes nothing and
names the holder), then validated, and then written together with the holder's Decision
and an audit event in one transaction (ACC-03). Memberships are never deleted: ending one
sets its end date, so history stays visible.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from os2gov.authority import service as authority
from os2gov.catalogue.models import ConnectionAgreement, Product
from os2gov.governance.models import (
    Body,
    BodyKind,
    BodyMembership,
    BodyPosition,
    Group,
    GroupKind,
    GroupMembership,
    GroupRole,
    SupplierParticipation,
)
from os2gov.governance.people import public_name
from os2gov.governance.services._trail import governed_change, today
from os2gov.governance.services.labels import group_label, membership_label
from os2gov.organisation.models import Organisation, OrganisationType

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Roles in which a person represents a municipality or other public authority.
REPRESENTATIVE_ROLES = frozenset({GroupRole.CHAIR, GroupRole.MEMBER, GroupRole.TOVHOLDER})
# Roles in which a person represents the OS2 board, hence the association.
BOARD_ROLES = frozenset({GroupRole.BOARD_MEMBER, GroupRole.BOARD_APPOINTEE})
# The one person who runs a coordination group and is the product's contact (GRP-07).
LEAD_ROLES = frozenset({GroupRole.TOVHOLDER, GroupRole.PRODUCT_COORDINATOR})
PUBLIC_AUTHORITY_TYPES = frozenset(
    {OrganisationType.MUNICIPALITY, OrganisationType.REGION, OrganisationType.PUBLIC_AUTHORITY}
)

ROLES_BY_KIND: dict[str, frozenset[str]] = {
    GroupKind.STEERING: frozenset(
        {
            GroupRole.CHAIR,
            GroupRole.MEMBER,
            GroupRole.BOARD_MEMBER,
            GroupRole.BOARD_APPOINTEE,
            GroupRole.SECRETARIAT,
        }
    ),
    GroupKind.COORDINATION: frozenset(GroupRole.values),
    # GRP-09: knowledge-sharers, served by the secretariat; nobody runs development here.
    GroupKind.PROFESSIONAL: frozenset({GroupRole.CHAIR, GroupRole.MEMBER, GroupRole.SECRETARIAT}),
}
# Groups where secretariat staff take part only by an explicit exception (GRP-05).
EXCEPTION_GROUP_KINDS = frozenset({GroupKind.STEERING, GroupKind.COORDINATION})

POSITIONS_BY_BODY: dict[str, frozenset[str]] = {
    BodyKind.GENERAL_ASSEMBLY: frozenset({BodyPosition.CHAIR, BodyPosition.DELEGATE}),
    BodyKind.BOARD: frozenset(
        {BodyPosition.CHAIR, BodyPosition.VICE_CHAIR, BodyPosition.MEMBER, BodyPosition.SECRETARY}
    ),
    BodyKind.BUSINESS_COMMITTEE: frozenset(
        {BodyPosition.CHAIR, BodyPosition.VICE_CHAIR, BodyPosition.MEMBER, BodyPosition.SECRETARY}
    ),
    BodyKind.COORDINATION_COMMITTEE: frozenset(
        {BodyPosition.CHAIR, BodyPosition.VICE_CHAIR, BodyPosition.MEMBER, BodyPosition.SECRETARY}
    ),
    BodyKind.SECRETARIAT: frozenset(
        {BodyPosition.HEAD, BodyPosition.STAFF, BodyPosition.COMMUNITY_MANAGER}
    ),
}

_Membership = TypeVar("_Membership", GroupMembership, BodyMembership)

SECRETARIAT_EXCEPTION_ACTION = "membership.secretariat_exception.grant"
BODY_MEMBERSHIP_ACTION = "membership.body.manage"


def membership_action(group: Group) -> str:
    """The mandate code for changing the members of ``group``."""
    return f"membership.{group.kind}.manage"


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


class _Errors:
    """Field errors collected before anything is written."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message: StrOrPromise, code: str) -> None:
        self.by_field.setdefault(field, []).append(ValidationError(message, code=code))

    def has(self, field: str) -> bool:
        return field in self.by_field

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def _overlapping(
    memberships: QuerySet[Any], starts_on: datetime.date, ends_on: datetime.date | None
) -> QuerySet[Any]:
    """Memberships whose period shares at least one day with [starts_on, ends_on]."""
    overlapping = memberships.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    return overlapping


def is_secretariat_staff(person: Any, day: datetime.date) -> bool:
    """Works for the association, or is an active member of the secretariat on ``day``."""
    organisation = person.organisation
    if organisation is not None and organisation.type == OrganisationType.ASSOCIATION:
        return True
    return (
        BodyMembership.objects.active_on(day)
        .filter(person=person, body__kind=BodyKind.SECRETARIAT)
        .exists()
    )


def uses_product(organisation: Organisation, product: Product, day: datetime.date) -> bool:
    """The organisation has a connection agreement on the product in force on ``day``."""
    return (
        ConnectionAgreement.objects.active_on(day)
        .filter(product=product, organisation=organisation)
        .exists()
    )


def _group_membership_errors(
    *,
    group: Group,
    person: Any,
    organisation: Organisation,
    role: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    secretariat_exception_reason: str,
    supplier_participation: str,
    agreement_reference: str,
) -> tuple[_Errors, bool]:
    """The rule violations of a new membership, and whether it needs the secretariat
    exception (GRP-05)."""
    errors = _Errors()
    name = public_name(person)
    kind_label = group.get_kind_display().lower()

    if ends_on is not None and ends_on < starts_on:
        errors.add("ends_on", _("The membership cannot end before it starts."), "ends_before_start")
    if role not in GroupRole.values:
        errors.add("role", _("Choose one of the roles."), "invalid_role")
        return errors, False

    # Which roles a kind of group has.
    if role not in ROLES_BY_KIND[group.kind]:
        if role in LEAD_ROLES and group.kind == GroupKind.PROFESSIONAL:
            message = _(
                "A professional group shares knowledge; it has no tovholder or product coordinator."
            )
            code = "no_lead_in_professional_group"
        elif role in LEAD_ROLES:
            message = _("Only a coordination group has a tovholder or product coordinator.")
            code = "lead_only_in_coordination_group"
        elif role == GroupRole.SUPPLIER_REPRESENTATIVE:
            message = _(
                "Suppliers take part in the product's coordination group, not in its %(kind)s."
            ) % {"kind": kind_label}
            code = "supplier_only_in_coordination_group"
        else:
            message = _("A %(kind)s has no members in this role.") % {"kind": kind_label}
            code = "role_not_in_group_kind"
        errors.add("role", message, code)

    # Whom the person represents: their own organisation, or for the board roles the
    # association.
    if role in BOARD_ROLES:
        if organisation.type != OrganisationType.ASSOCIATION:
            errors.add(
                "organisation",
                _("In this role a person represents the OS2 board, so the association."),
                "board_role_represents_association",
            )
        if (
            role == GroupRole.BOARD_MEMBER
            and not BodyMembership.objects.active_on(starts_on)
            .filter(person=person, body__kind=BodyKind.BOARD)
            .exists()
        ):
            errors.add(
                "role",
                _("%(name)s is not a member of the OS2 board on %(date)s.")
                % {"name": name, "date": _date(starts_on)},
                "not_a_board_member",
            )
    elif person.organisation_id is None:
        errors.add(
            "person",
            _("%(name)s has no organisation registered, so cannot represent one.") % {"name": name},
            "person_without_organisation",
        )
    elif organisation.pk != person.organisation_id:
        errors.add(
            "organisation",
            _("%(name)s works for %(own)s and can only represent that organisation here.")
            % {"name": name, "own": person.organisation.name},
            "not_own_organisation",
        )

    # Public-authority representatives, and GRP-02 for the coordination group.
    if role in REPRESENTATIVE_ROLES and group.kind != GroupKind.PROFESSIONAL:
        if organisation.type == OrganisationType.SUPPLIER:
            errors.add(
                "organisation",
                _(
                    "%(organisation)s is a supplier: its people take part as supplier "
                    "representatives, not as representatives of a municipality."
                )
                % {"organisation": organisation.name},
                "supplier_as_municipality_representative",
            )
        elif organisation.type not in PUBLIC_AUTHORITY_TYPES:
            errors.add(
                "organisation",
                _("In this role a person represents a municipality or another public authority."),
                "not_a_public_authority",
            )
        elif group.kind == GroupKind.COORDINATION and not uses_product(
            organisation, group.product, starts_on
        ):
            errors.add(
                "organisation",
                _(
                    "%(organisation)s does not use %(product)s on %(date)s (it has no "
                    "connection agreement in force), so it cannot take part in the "
                    "coordination group as a user representative."
                )
                % {
                    "organisation": organisation.name,
                    "product": group.product.name,
                    "date": _date(starts_on),
                },
                "not_a_user_of_the_product",
            )

    # GRP-06: on what terms a supplier takes part.
    if role == GroupRole.SUPPLIER_REPRESENTATIVE:
        if organisation.type != OrganisationType.SUPPLIER:
            errors.add(
                "organisation",
                _("A supplier representative represents a supplier."),
                "supplier_representative_of_non_supplier",
            )
        if supplier_participation not in SupplierParticipation.values:
            errors.add(
                "supplier_participation",
                _(
                    "Say whether the supplier takes part voluntarily or because a written "
                    "agreement requires it."
                ),
                "participation_required",
            )
        elif (
            supplier_participation == SupplierParticipation.WRITTEN_AGREEMENT
            and not agreement_reference.strip()
        ):
            errors.add(
                "agreement_reference",
                _("Name the written agreement that requires the supplier to take part."),
                "agreement_reference_required",
            )
    else:
        if supplier_participation:
            errors.add(
                "supplier_participation",
                _("Only a supplier representative has terms of participation."),
                "participation_not_allowed",
            )
        if agreement_reference.strip():
            errors.add(
                "agreement_reference",
                _("Only a supplier representative's participation refers to an agreement."),
                "agreement_reference_not_allowed",
            )

    # GRP-05: secretariat staff in steering and coordination groups only by exception.
    staff = is_secretariat_staff(person, starts_on)
    needs_exception = staff and group.kind in EXCEPTION_GROUP_KINDS
    if role == GroupRole.SECRETARIAT and not staff:
        errors.add(
            "role",
            _("Only secretariat staff take part in the secretariat's role."),
            "not_secretariat_staff",
        )
    if needs_exception:
        if role != GroupRole.SECRETARIAT:
            errors.add(
                "role",
                _(
                    "%(name)s is secretariat staff, who take part in a steering or "
                    "coordination group only by exception, in the role "
                    "“Secretariat (by exception)”."
                )
                % {"name": name},
                "secretariat_staff_role",
            )
        if not secretariat_exception_reason.strip():
            errors.add(
                "secretariat_exception_reason",
                _(
                    "Secretariat staff do not take active part in steering or coordination "
                    "groups by default: give the reason for this exception."
                ),
                "exception_reason_required",
            )
    elif secretariat_exception_reason.strip():
        errors.add(
            "secretariat_exception_reason",
            _(
                "A reason for an exception is given only when secretariat staff join a "
                "steering or coordination group."
            ),
            "exception_reason_not_allowed",
        )

    if errors.has("ends_on"):
        return errors, needs_exception

    # Rules that compare with the group's other memberships.
    overlapping = _overlapping(group.memberships.all(), starts_on, ends_on)
    if overlapping.filter(person=person).exists():
        errors.add(
            "person",
            _("%(name)s is already a member of this group in that period.") % {"name": name},
            "already_a_member",
        )
    if role in LEAD_ROLES and group.kind == GroupKind.COORDINATION:
        current = (
            overlapping.filter(role__in=LEAD_ROLES)
            .select_related("person")
            .order_by("starts_on", "pk")
            .first()
        )
        if current is not None:
            errors.add(
                "role",
                _(
                    "The coordination group has one tovholder or product coordinator at a "
                    "time, and %(name)s is %(role)s in that period. End that membership "
                    "first; the new one can start the day after."
                )
                % {"name": public_name(current.person), "role": current.get_role_display()},
                "one_lead_at_a_time",
            )
    cap = group.member_cap_per_municipality
    if cap is not None and organisation.type in PUBLIC_AUTHORITY_TYPES:
        present = group.memberships.active_on(starts_on).filter(organisation=organisation).count()
        if present >= cap:
            errors.add(
                "organisation",
                _(
                    "%(organisation)s already has %(count)s members in the group on "
                    "%(date)s: the group's limit per municipality is %(cap)s."
                )
                % {
                    "organisation": organisation.name,
                    "count": present,
                    "date": _date(starts_on),
                    "cap": cap,
                },
                "member_cap_reached",
            )
    return errors, needs_exception


def membership_add(
    *,
    actor: Any,
    group: Group,
    person: Any,
    organisation: Organisation | None = None,
    role: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    secretariat_exception_reason: str = "",
    supplier_participation: str = "",
    agreement_reference: str = "",
    on: datetime.date | None = None,
) -> GroupMembership:
    """Add ``person`` to ``group``, representing ``organisation`` (their own by default)
    in ``role`` from ``starts_on``. ``on`` is the day of the decision (today by default).

    Raises ``MandateRefused`` when ``actor`` may not change the group's members, and
    ``ValidationError`` (by field) when a rule of the group is broken."""
    day = on or today()
    mandate = authority.require(
        actor, membership_action(group), product=group.product, group=group, on=day
    )
    if organisation is None:
        organisation = person.organisation
        if organisation is None:
            raise ValidationError(
                {
                    "organisation": ValidationError(
                        _("Choose the organisation the person represents."),
                        code="organisation_required",
                    )
                }
            )
    with transaction.atomic():
        # Locking the group serialises concurrent additions, so the one-tovholder rule and
        # the member cap cannot both be passed by two requests at once.
        group = Group.objects.select_for_update().select_related("product").get(pk=group.pk)
        errors, needs_exception = _group_membership_errors(
            group=group,
            person=person,
            organisation=organisation,
            role=role,
            starts_on=starts_on,
            ends_on=ends_on,
            secretariat_exception_reason=secretariat_exception_reason,
            supplier_participation=supplier_participation,
            agreement_reference=agreement_reference,
        )
        errors.raise_if_any()
        exception_mandate = None
        if needs_exception:
            exception_mandate = authority.require(
                actor, SECRETARIAT_EXCEPTION_ACTION, product=group.product, group=group, on=day
            )
        membership = GroupMembership.objects.create(
            group=group,
            person=person,
            organisation=organisation,
            role=role,
            starts_on=starts_on,
            ends_on=ends_on,
            secretariat_exception_reason=secretariat_exception_reason.strip(),
            supplier_participation=supplier_participation,
            agreement_reference=agreement_reference.strip(),
        )
        changes: dict[str, Any] = {
            "person": [None, person.pk],
            "organisation": [None, organisation.slug],
            "role": [None, role],
            "starts_on": [None, starts_on.isoformat()],
        }
        if ends_on is not None:
            changes["ends_on"] = [None, ends_on.isoformat()]
        if supplier_participation:
            changes["supplier_participation"] = [None, supplier_participation]
        if agreement_reference.strip():
            changes["agreement_reference"] = [None, agreement_reference.strip()]
        if exception_mandate is not None:
            governed_change(
                actor=actor,
                mandate=exception_mandate,
                audit_action="group_membership.secretariat_exception",
                text=_(
                    "Exception granted: %(name)s of the secretariat takes part in %(group)s. "
                    "Reason: %(reason)s"
                )
                % {
                    "name": public_name(person),
                    "group": group_label(group),
                    "reason": secretariat_exception_reason.strip(),
                },
                target=membership,
                subjects=[(membership, membership_label(membership))],
                decided_on=day,
                changes={
                    "secretariat_exception_reason": [None, membership.secretariat_exception_reason]
                },
                product=group.product,
            )
        _record_membership_change(
            actor=actor,
            mandate=mandate,
            membership=membership,
            audit_action="group_membership.add",
            message=_("Added %(membership)s from %(date)s."),
            date=starts_on,
            day=day,
            changes=changes,
            product=group.product,
        )
    return membership


def _end_errors(
    starts_on: datetime.date, current_end: datetime.date | None, ends_on: datetime.date
) -> None:
    if ends_on < starts_on:
        raise ValidationError(
            {
                "ends_on": ValidationError(
                    _("The membership cannot end before it starts (%(date)s).")
                    % {"date": _date(starts_on)},
                    code="ends_before_start",
                )
            }
        )
    if current_end is not None and current_end <= ends_on:
        raise ValidationError(
            {
                "ends_on": ValidationError(
                    _("The membership already ends on %(date)s.") % {"date": _date(current_end)},
                    code="already_ended",
                )
            }
        )


def _record_membership_change(
    *,
    actor: Any,
    mandate: authority.Mandate,
    membership: GroupMembership | BodyMembership,
    audit_action: str,
    message: str,
    date: datetime.date,
    day: datetime.date,
    changes: dict[str, Any],
    product: Product | None = None,
) -> None:
    """The decision and audit event of adding or ending a membership; ``message`` names the
    membership and a date."""
    label = membership_label(membership)
    governed_change(
        actor=actor,
        mandate=mandate,
        audit_action=audit_action,
        text=message % {"membership": label, "date": _date(date)},
        target=membership,
        subjects=[(membership, label)],
        decided_on=day,
        changes=changes,
        product=product,
    )


def _end_membership(
    *,
    actor: Any,
    mandate: authority.Mandate,
    locked: QuerySet[_Membership],
    pk: int,
    ends_on: datetime.date,
    day: datetime.date,
    audit_action: str,
) -> _Membership:
    """Group and body memberships end alike: lock the row, check the date, set it."""
    with transaction.atomic():
        current = locked.select_for_update().get(pk=pk)
        _end_errors(current.starts_on, current.ends_on, ends_on)
        old = current.ends_on
        current.ends_on = ends_on
        current.save(update_fields=["ends_on", "updated_at"])
        _record_membership_change(
            actor=actor,
            mandate=mandate,
            membership=current,
            audit_action=audit_action,
            message=_("Ended %(membership)s on %(date)s."),
            date=ends_on,
            day=day,
            changes={"ends_on": [old.isoformat() if old else None, ends_on.isoformat()]},
            # A group's decisions concern its product; the association's bodies, none.
            product=current.group.product if isinstance(current, GroupMembership) else None,
        )
    return current


def membership_end(
    *,
    actor: Any,
    membership: GroupMembership,
    ends_on: datetime.date,
    on: datetime.date | None = None,
) -> GroupMembership:
    """End a group membership on ``ends_on`` (the last day it counts). The row is kept."""
    day = on or today()
    group = membership.group
    mandate = authority.require(
        actor, membership_action(group), product=group.product, group=group, on=day
    )
    return _end_membership(
        actor=actor,
        mandate=mandate,
        locked=GroupMembership.objects.select_related("group__product", "person", "organisation"),
        pk=membership.pk,
        ends_on=ends_on,
        day=day,
        audit_action="group_membership.end",
    )


# --- The association's bodies ---------------------------------------------------------------


def body_membership_add(
    *,
    actor: Any,
    body: Body,
    person: Any,
    organisation: Organisation | None = None,
    position: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    on: datetime.date | None = None,
) -> BodyMembership:
    """Add ``person`` to one of the association's bodies in ``position``."""
    day = on or today()
    mandate = authority.require(actor, BODY_MEMBERSHIP_ACTION, on=day)
    errors = _Errors()
    name = public_name(person)
    organisation = organisation or person.organisation
    if organisation is None:
        errors.add(
            "organisation",
            _("Choose the organisation the person represents."),
            "organisation_required",
        )
    elif person.organisation_id is not None and organisation.pk != person.organisation_id:
        errors.add(
            "organisation",
            _("%(name)s works for %(own)s and can only represent that organisation here.")
            % {"name": name, "own": person.organisation.name},
            "not_own_organisation",
        )
    if position not in POSITIONS_BY_BODY[body.kind]:
        errors.add(
            "position",
            _("%(body)s has no members in this position.") % {"body": body.name},
            "position_not_in_body",
        )
    if ends_on is not None and ends_on < starts_on:
        errors.add("ends_on", _("The membership cannot end before it starts."), "ends_before_start")
    with transaction.atomic():
        # Locking the body serialises concurrent additions of the same person.
        body = Body.objects.select_for_update().get(pk=body.pk)
        if not errors.has("ends_on") and (
            _overlapping(body.memberships.filter(person=person), starts_on, ends_on).exists()
        ):
            errors.add(
                "person",
                _("%(name)s is already a member of %(body)s in that period.")
                % {"name": name, "body": body.name},
                "already_a_member",
            )
        errors.raise_if_any()
        assert organisation is not None
        membership = BodyMembership.objects.create(
            body=body,
            person=person,
            organisation=organisation,
            position=position,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        _record_membership_change(
            actor=actor,
            mandate=mandate,
            membership=membership,
            audit_action="body_membership.add",
            message=_("Added %(membership)s from %(date)s."),
            date=starts_on,
            day=day,
            changes={
                "body": [None, body.slug],
                "person": [None, person.pk],
                "organisation": [None, organisation.slug],
                "position": [None, position],
                "starts_on": [None, starts_on.isoformat()],
                "ends_on": [None, ends_on.isoformat() if ends_on else None],
            },
        )
    return membership


def body_membership_end(
    *,
    actor: Any,
    membership: BodyMembership,
    ends_on: datetime.date,
    on: datetime.date | None = None,
) -> BodyMembership:
    """End a body membership on ``ends_on`` (the last day it counts). The row is kept."""
    day = on or today()
    mandate = authority.require(actor, BODY_MEMBERSHIP_ACTION, on=day)
    return _end_membership(
        actor=actor,
        mandate=mandate,
        locked=BodyMembership.objects.select_related("body", "person", "organisation"),
        pk=membership.pk,
        ends_on=ends_on,
        day=day,
        audit_action="body_membership.end",
    )
