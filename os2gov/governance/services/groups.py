"""Setting up a product's groups and changing their settings (GRP-01, 03, 04, 09, 10, 12)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from os2gov.authority import service as authority
from os2gov.catalogue.models import Product
from os2gov.core.locking import lock_unchanged
from os2gov.governance.models import CoordinationLead, Group, GroupFocus, GroupKind
from os2gov.governance.services._trail import governed_change, today
from os2gov.governance.services.labels import group_label
from os2gov.governance.services.memberships import _Errors
from os2gov.organisation.slugs import danish_slugify

SETTINGS_FIELDS = (
    "run_by",
    "member_cap_per_municipality",
    "focus",
    "min_meetings_per_year",
    "working_basis",
)
SETTINGS_LABELS = {
    "run_by": _lazy("run by"),
    "member_cap_per_municipality": _lazy("maximum members per municipality"),
    "focus": _lazy("focus"),
    "min_meetings_per_year": _lazy("minimum meetings a year"),
    "working_basis": _lazy("working basis"),
}
# Path segments below a product's groups that a group slug must not take.
RESERVED_SLUGS = frozenset({"kontakt"})
MAX_MEETINGS_PER_YEAR = 52
GROUP_SETTINGS_ACTION = "group.settings.edit"
# The secretariat sets up a product's groups, after the deciding body's decision.
GROUP_CREATE_ACTION = "group.create"


def _settings_errors(
    *,
    kind: str,
    run_by: str,
    member_cap_per_municipality: int | None,
    focus: str,
    min_meetings_per_year: int | None,
    working_basis: str,
) -> _Errors:
    errors = _Errors()
    is_coordination = kind == GroupKind.COORDINATION
    if run_by and not is_coordination:
        errors.add("run_by", _("Only a coordination group says who runs it."), "run_by_not_allowed")
    elif run_by and run_by not in CoordinationLead.values:
        # GRP-04: a municipal tovholder, a supplier, or a paid product coordinator.
        errors.add("run_by", _("Choose one of the three ways to run the group."), "invalid_run_by")
    if focus and not is_coordination:
        errors.add("focus", _("Only a coordination group sets its focus."), "focus_not_allowed")
    elif focus and focus not in GroupFocus.values:
        errors.add("focus", _("Choose one of the focus options."), "invalid_focus")
    if working_basis.strip() and kind != GroupKind.PROFESSIONAL:
        errors.add(
            "working_basis",
            _("Only a professional group writes a working basis."),
            "working_basis_not_allowed",
        )
    if member_cap_per_municipality is not None and member_cap_per_municipality < 1:
        errors.add(
            "member_cap_per_municipality",
            _("The limit is at least one member; leave it empty for no limit."),
            "cap_too_low",
        )
    if min_meetings_per_year is not None and not (
        1 <= min_meetings_per_year <= MAX_MEETINGS_PER_YEAR
    ):
        errors.add(
            "min_meetings_per_year",
            _("Give a number of meetings from 1 to %(max)s, or leave it empty.")
            % {"max": MAX_MEETINGS_PER_YEAR},
            "meetings_out_of_range",
        )
    return errors


def group_create(
    *,
    actor: Any,
    product: Product,
    kind: str,
    name: str,
    slug: str = "",
    run_by: str = "",
    member_cap_per_municipality: int | None = None,
    focus: str = "",
    min_meetings_per_year: int | None = None,
    working_basis: str = "",
    on: datetime.date | None = None,
) -> Group:
    """Set up a group around ``product``. A product has at most one steering group and
    one coordination group, and any number of professional groups (GRP-01)."""
    day = on or today()
    if kind not in GroupKind.values:
        raise ValidationError(
            {"kind": ValidationError(_("Choose a kind of group."), code="invalid_kind")}
        )
    mandate = authority.require(actor, GROUP_CREATE_ACTION, product=product, on=day)
    name = name.strip()
    slug = slug or danish_slugify(name)
    errors = _settings_errors(
        kind=kind,
        run_by=run_by,
        member_cap_per_municipality=member_cap_per_municipality,
        focus=focus,
        min_meetings_per_year=min_meetings_per_year,
        working_basis=working_basis,
    )
    if not name:
        errors.add("name", _("Give the group a name."), "name_required")
    if slug in RESERVED_SLUGS or not slug:
        errors.add("slug", _("Choose another short name for the address."), "reserved_slug")
    with transaction.atomic():
        # Lock the product so two requests cannot both create its only steering group.
        product = Product.objects.select_for_update().get(pk=product.pk)
        if kind in (GroupKind.STEERING, GroupKind.COORDINATION):
            existing = Group.objects.filter(product=product, kind=kind).first()
            if existing is not None:
                errors.add(
                    "kind",
                    _(
                        "%(product)s already has a %(kind)s (%(name)s). A product has one "
                        "steering group and one coordination group at most."
                    )
                    % {
                        "product": product.name,
                        "kind": existing.get_kind_display().lower(),
                        "name": existing.name,
                    },
                    "one_group_of_this_kind",
                )
        if slug and Group.objects.filter(product=product, slug=slug).exists():
            errors.add(
                "slug",
                _("Another group of this product already has this short name."),
                "slug_taken",
            )
        errors.raise_if_any()
        group = Group.objects.create(
            product=product,
            kind=kind,
            name=name,
            slug=slug,
            run_by=run_by,
            member_cap_per_municipality=member_cap_per_municipality,
            focus=focus,
            min_meetings_per_year=min_meetings_per_year,
            working_basis=working_basis.strip(),
        )
        label = group_label(group)
        governed_change(
            actor=actor,
            mandate=mandate,
            audit_action="group.create",
            text=_("Set up the %(kind)s %(group)s.")
            % {"kind": group.get_kind_display().lower(), "group": label},
            target=group,
            subjects=[(group, label)],
            decided_on=day,
            changes={
                field: [None, getattr(group, field)]
                for field in ("kind", "name", "slug", *SETTINGS_FIELDS)
                if getattr(group, field) not in ("", None)
            },
            product=product,
        )
    return group


def group_settings_update(
    *,
    actor: Any,
    group: Group,
    expected_updated_at: datetime.datetime,
    run_by: str = "",
    member_cap_per_municipality: int | None = None,
    focus: str = "",
    min_meetings_per_year: int | None = None,
    working_basis: str = "",
    on: datetime.date | None = None,
) -> Group:
    """Change a group's settings. ``expected_updated_at`` is the ``updated_at`` the editor
    loaded: if the group changed since, ``StaleEditError`` refuses the edit rather than
    silently overwriting the other change."""
    day = on or today()
    mandate = authority.require(
        actor, GROUP_SETTINGS_ACTION, product=group.product, group=group, on=day
    )
    errors = _settings_errors(
        kind=group.kind,
        run_by=run_by,
        member_cap_per_municipality=member_cap_per_municipality,
        focus=focus,
        min_meetings_per_year=min_meetings_per_year,
        working_basis=working_basis,
    )
    errors.raise_if_any()
    new = {
        "run_by": run_by,
        "member_cap_per_municipality": member_cap_per_municipality,
        "focus": focus,
        "min_meetings_per_year": min_meetings_per_year,
        "working_basis": working_basis.strip(),
    }
    with transaction.atomic():
        current = lock_unchanged(
            Group.objects.select_related("product"),
            group.pk,
            expected=expected_updated_at,
            message=_(
                "Someone else changed this group's settings after you opened them. "
                "Reload to see their change, then make yours again."
            ),
        )
        changes: dict[str, list[Any]] = {}
        for field, value in new.items():
            old = getattr(current, field)
            if old != value:
                changes[field] = [old, value]
                setattr(current, field, value)
        if not changes:
            return current
        current.save()
        label = group_label(current)
        names = ", ".join(str(SETTINGS_LABELS[field]) for field in changes)
        governed_change(
            actor=actor,
            mandate=mandate,
            audit_action="group.settings.update",
            text=_("Changed the settings of %(group)s: %(fields)s.")
            % {"group": label, "fields": names},
            target=current,
            subjects=[(current, label)],
            decided_on=day,
            changes=changes,
            product=current.product,
        )
    return current
