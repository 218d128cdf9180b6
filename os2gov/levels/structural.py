"""The structural criteria (PRD-03, PRD-04), computed from live governance data.

Each rule is a function ``(product, day) -> RuleResult``: whether the product meets it on
``day`` and why, in words with dates ("the steering group has no member from the board
since 12.03.2027"). A structural criterion names its rule by code (``Criterion.rule``);
rules are registered here and nowhere else. A rule reads the data as it is on ``day``:
memberships, agreements and decisions active or taken that day.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from os2gov.catalogue.models import ConnectionAgreement, Product
from os2gov.governance.models import (
    BodyKind,
    BodyMembership,
    BodyPosition,
    Decision,
    DecisionSubject,
    Group,
    GroupKind,
    GroupMembership,
    GroupRole,
)
from os2gov.governance.people import public_name
from os2gov.organisation.models import OrganisationType

# The positions whose holders are "the board" (its secretary is not a member).
BOARD_POSITIONS = frozenset({BodyPosition.CHAIR, BodyPosition.VICE_CHAIR, BodyPosition.MEMBER})
# Roles in which a person sits in a group on behalf of the board.
BOARD_ROLES = frozenset({GroupRole.BOARD_MEMBER, GroupRole.BOARD_APPOINTEE})


@dataclass(frozen=True)
class RuleResult:
    met: bool
    reason: str


Rule = Callable[[Product, datetime.date], RuleResult]


@dataclass(frozen=True)
class RegisteredRule:
    code: str
    function: Rule


RULES: dict[str, RegisteredRule] = {}


def rule(code: str) -> Callable[[Rule], Rule]:
    def register(function: Rule) -> Rule:
        if code in RULES:
            raise ValueError(f"Structural rule {code!r} is registered twice.")
        RULES[code] = RegisteredRule(code, function)
        return function

    return register


def evaluate(code: str, product: Product, day: datetime.date) -> RuleResult:
    """Run the rule ``code``; an unknown code is reported as not met, never raised, so a
    model that names a rule this release lacks cannot break a page."""
    registered = RULES.get(code)
    if registered is None:
        return RuleResult(False, _("The rule “%(rule)s” is unknown.") % {"rule": code})
    return registered.function(product, day)


# --- Helpers ----------------------------------------------------------------------------------


def date_text(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _active(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}starts_on__lte": day}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": day})
    )


def _group(product: Product, kind: str) -> Group | None:
    return Group.objects.filter(product=product, kind=kind).first()


def board_memberships(day: datetime.date) -> list[BodyMembership]:
    """The board's members on ``day`` (chair, vice-chair and members)."""
    return list(
        BodyMembership.objects.active_on(day)
        .filter(body__kind=BodyKind.BOARD, position__in=BOARD_POSITIONS)
        .select_related("person")
        .order_by("person__name", "pk")
    )


def _board_periods(person_ids: Iterable[int]) -> dict[int, list[tuple[Any, Any]]]:
    """Each person's board memberships as (starts_on, ends_on) periods."""
    periods: dict[int, list[tuple[Any, Any]]] = {}
    for person_id, starts_on, ends_on in BodyMembership.objects.filter(
        body__kind=BodyKind.BOARD, position__in=BOARD_POSITIONS, person_id__in=list(person_ids)
    ).values_list("person_id", "starts_on", "ends_on"):
        periods.setdefault(person_id, []).append((starts_on, ends_on))
    return periods


def _link_periods(
    membership: GroupMembership, periods: list[tuple[Any, Any]], roles: frozenset[str]
) -> list[tuple[datetime.date, datetime.date | None]]:
    """The periods in which ``membership`` linked its group to the board: all of it for a
    role in ``roles``, otherwise the days its person also sat on the board."""
    if membership.role in roles:
        return [(membership.starts_on, membership.ends_on)]
    found = []
    for start, end in periods:
        first = max(start, membership.starts_on)
        ends = [d for d in (end, membership.ends_on) if d is not None]
        last = min(ends) if ends else None
        if last is None or first <= last:
            found.append((first, last))
    return found


def _board_linked(
    group: Group, day: datetime.date, *, roles: frozenset[str] = BOARD_ROLES
) -> tuple[list[GroupMembership], datetime.date | None]:
    """The group's memberships that link it to the board on ``day`` (a role in ``roles``,
    or a person on the board that day), and, when there are none, the day after the last
    link ended (None if there never was one)."""
    memberships = list(
        group.memberships.filter(starts_on__lte=day).select_related("person").order_by("pk")
    )
    periods = _board_periods({m.person_id for m in memberships})
    linked: list[GroupMembership] = []
    last: datetime.date | None = None
    for membership in memberships:
        for first, until in _link_periods(membership, periods.get(membership.person_id, []), roles):
            if first <= day and (until is None or until >= day):
                if membership not in linked:
                    linked.append(membership)
            elif until is not None and until < day:
                last = until if last is None else max(last, until)
    if linked:
        return linked, None
    return [], (last + datetime.timedelta(days=1)) if last is not None else None


def _names(people: Iterable[Any]) -> str:
    return ", ".join(public_name(person) for person in people)


# --- N2 (PRD-03) --------------------------------------------------------------------------------


@rule("used_by_two_municipalities")
def used_by_two_municipalities(product: Product, day: datetime.date) -> RuleResult:
    """Used by at least two municipalities: connection agreements in force on ``day``."""
    agreements = ConnectionAgreement.objects.filter(
        product=product, organisation__type=OrganisationType.MUNICIPALITY
    )
    users = set(agreements.filter(_active(day)).values_list("organisation_id", flat=True))
    count = len(users)
    if count >= 2:
        return RuleResult(
            True,
            ngettext(
                "%(count)s municipality uses the product (connection agreements in force on "
                "%(date)s).",
                "%(count)s municipalities use the product (connection agreements in force on "
                "%(date)s).",
                count,
            )
            % {"count": count, "date": date_text(day)},
        )
    last_end = (
        agreements.filter(ends_on__lt=day).order_by("-ends_on").values_list("ends_on", flat=True)
    ).first()
    reason = ngettext(
        "Only %(count)s municipality has a connection agreement in force on %(date)s; at "
        "least two are needed.",
        "Only %(count)s municipalities have a connection agreement in force on %(date)s; at "
        "least two are needed.",
        count,
    ) % {"count": count, "date": date_text(day)}
    if last_end is not None:
        reason += " " + _("The last agreement to end ran until %(date)s.") % {
            "date": date_text(last_end)
        }
    return RuleResult(False, reason)


@rule("steering_group_with_board_member")
def steering_group_with_board_member(product: Product, day: datetime.date) -> RuleResult:
    """A steering group with at least one member on the OS2 board or appointed by it."""
    steering = _group(product, GroupKind.STEERING)
    if steering is None:
        return RuleResult(False, _("The product has no steering group."))
    linked, since = _board_linked(steering, day)
    if linked:
        return RuleResult(
            True,
            _("The steering group has members from the board or appointed by it: %(names)s.")
            % {"names": _names(m.person for m in linked)},
        )
    if since is not None:
        return RuleResult(
            False,
            _("The steering group has no member from the board or appointed by it since %(date)s.")
            % {"date": date_text(since)},
        )
    return RuleResult(
        False, _("The steering group has never had a member from the board or appointed by it.")
    )


@rule("coordination_group_with_municipality_and_supplier")
def coordination_group_with_municipality_and_supplier(
    product: Product, day: datetime.date
) -> RuleResult:
    """A coordination group with at least one municipality and one supplier among its
    members, and an agreed meeting cadence."""
    coordination = _group(product, GroupKind.COORDINATION)
    if coordination is None:
        return RuleResult(False, _("The product has no coordination group."))
    memberships = list(
        GroupMembership.objects.active_on(day)
        .filter(group=coordination)
        .select_related("organisation")
    )
    municipalities = {
        m.organisation.name
        for m in memberships
        if m.organisation.type == OrganisationType.MUNICIPALITY
        and m.role != GroupRole.SUPPLIER_REPRESENTATIVE
    }
    suppliers = {
        m.organisation.name
        for m in memberships
        if m.organisation.type == OrganisationType.SUPPLIER
        or m.role == GroupRole.SUPPLIER_REPRESENTATIVE
    }
    missing = []
    if not municipalities:
        missing.append(_("it has no member from a municipality on %(date)s"))
    if not suppliers:
        missing.append(_("it has no member from a supplier on %(date)s"))
    if not coordination.min_meetings_per_year:
        missing.append(_("no meeting cadence has been agreed"))
    if missing:
        return RuleResult(
            False,
            _("The coordination group does not qualify: %(missing)s.")
            % {"missing": "; ".join(part % {"date": date_text(day)} for part in missing)},
        )
    return RuleResult(
        True,
        _(
            "The coordination group has members from %(municipalities)s and from %(suppliers)s, "
            "and meets at least %(count)s times a year."
        )
        % {
            "municipalities": ", ".join(sorted(municipalities)),
            "suppliers": ", ".join(sorted(suppliers)),
            "count": coordination.min_meetings_per_year,
        },
    )


# --- N3 (PRD-04) --------------------------------------------------------------------------------


def board_decisions_about(group: Group, day: datetime.date) -> list[Decision]:
    subjects = DecisionSubject.objects.filter(
        content_type=ContentType.objects.get_for_model(Group), object_id=str(group.pk)
    ).values("decision_id")
    return list(
        Decision.objects.filter(
            pk__in=subjects, body__kind=BodyKind.BOARD, decided_on__lte=day
        ).order_by("decided_on", "pk")
    )


@rule("steering_group_appointed_by_board_with_whole_board")
def steering_group_appointed_by_board_with_whole_board(
    product: Product, day: datetime.date
) -> RuleResult:
    """A steering group appointed by a board decision, with every current board member."""
    steering = _group(product, GroupKind.STEERING)
    if steering is None:
        return RuleResult(False, _("The product has no steering group."))
    problems = []
    decisions = board_decisions_about(steering, day)
    if not decisions:
        problems.append(_("no decision of the board appoints the steering group"))
    board = board_memberships(day)
    if not board:
        problems.append(_("the board has no members on %(date)s") % {"date": date_text(day)})
    in_group = set(
        GroupMembership.objects.active_on(day)
        .filter(group=steering)
        .values_list("person_id", flat=True)
    )
    absent = [m.person for m in board if m.person_id not in in_group]
    if absent:
        left: dict[int, datetime.date] = {
            person_id: ends_on
            for person_id, ends_on in GroupMembership.objects.filter(
                group=steering, person__in=absent, ends_on__lt=day
            )
            .order_by("ends_on")
            .values_list("person_id", "ends_on")
            if ends_on is not None
        }
        parts = []
        for person in absent:
            if person.pk in left:
                parts.append(
                    _("%(name)s (left it after %(date)s)")
                    % {"name": public_name(person), "date": date_text(left[person.pk])}
                )
            else:
                parts.append(public_name(person))
        problems.append(
            _("these board members are not in the steering group on %(date)s: %(names)s")
            % {"date": date_text(day), "names": ", ".join(parts)}
        )
    if problems:
        return RuleResult(
            False,
            _("The steering group does not qualify: %(problems)s.")
            % {"problems": "; ".join(str(p) for p in problems)},
        )
    return RuleResult(
        True,
        _(
            "The board appointed the steering group on %(date)s, and all %(count)s board "
            "members sit in it."
        )
        % {"date": date_text(decisions[0].decided_on), "count": len(board)},
    )


@rule("board_member_in_coordination_group")
def board_member_in_coordination_group(product: Product, day: datetime.date) -> RuleResult:
    """An OS2 board member in the coordination group."""
    coordination = _group(product, GroupKind.COORDINATION)
    if coordination is None:
        return RuleResult(False, _("The product has no coordination group."))
    linked, since = _board_linked(coordination, day, roles=frozenset({GroupRole.BOARD_MEMBER}))
    if linked:
        return RuleResult(
            True,
            _("Board members in the coordination group: %(names)s.")
            % {"names": _names(m.person for m in linked)},
        )
    if since is not None:
        return RuleResult(
            False,
            _("The coordination group has no board member since %(date)s.")
            % {"date": date_text(since)},
        )
    return RuleResult(False, _("The coordination group has never had a board member."))


def one_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@rule("evaluated_within_a_year")
def evaluated_within_a_year(product: Product, day: datetime.date) -> RuleResult:
    """An evaluation of the product within the last 12 months."""
    from os2gov.levels.models import Evaluation

    latest = (
        Evaluation.objects.filter(product=product, evaluated_on__lte=day)
        .select_related("body", "group")
        .order_by("-evaluated_on", "-pk")
        .first()
    )
    if latest is None:
        return RuleResult(False, _("The product has never been evaluated."))
    due = one_year_after(latest.evaluated_on)
    names = {
        "date": date_text(latest.evaluated_on),
        "by": str(latest.evaluator),
        "due": date_text(due),
    }
    if day <= due:
        return RuleResult(
            True, _("Evaluated on %(date)s by %(by)s; the next is due by %(due)s.") % names
        )
    return RuleResult(
        False,
        _(
            "The last evaluation was on %(date)s by %(by)s; the next was due by %(due)s and "
            "has not been recorded."
        )
        % names,
    )
