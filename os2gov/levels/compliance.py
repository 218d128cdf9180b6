"""The held level and the blue stamp (PRD-05), computed from live data.

A product holds a level when every criterion of that level and of every level below it is

* a manual criterion answered "met" (or "not applicable" where the criterion allows it),
  and that answer verified green by the secretariat; a recommended criterion answered "not
  met" or "partly met" is acceptable with a justification (verified likewise);
* a structural criterion whose rule is met on the day;
* or covered by a deviation the business committee accepted and that has not expired.

"Partly met" counts as not met. Progress per level counts the criteria of that level and of
every level below, rounded down, so it reads 100 only when the level is held. The
self-assessed progress counts the product's own answers as if verified; it is shown beside
the stamp, never mixed with it.

``recompute_product_level`` stores the outcome per level (LevelStatus) with the dates it was
achieved, first achieved and lost; a loss writes a trail event and notifies the tovholder,
the steering group and the secretariat.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from os2gov.catalogue.models import Product
from os2gov.core.audit import record_event
from os2gov.core.reminders import Reminder
from os2gov.governance.models import BodyKind, BodyMembership, GroupKind, GroupMembership
from os2gov.governance.selectors import product_tovholder
from os2gov.levels.models import (
    Answer,
    AnswerStatus,
    Criterion,
    Deviation,
    Level,
    LevelModel,
    LevelStatus,
    Obligation,
    Rating,
)
from os2gov.levels.structural import RuleResult, date_text, evaluate


@dataclass
class CriterionState:
    criterion: Criterion
    satisfied: bool  # counts for the blue stamp
    self_assessed: bool  # counts for the self-assessment (answers taken at their word)
    reason: str
    answer: Answer | None = None
    deviation: Deviation | None = None
    rule: RuleResult | None = None


@dataclass
class LevelCompliance:
    level: Level
    held: bool
    progress: int  # per cent, of this level and every level below; 100 only when held
    self_assessed_progress: int
    criteria: list[CriterionState] = field(default_factory=list)  # this level's own
    missing: list[CriterionState] = field(default_factory=list)  # this level and below

    @property
    def code(self) -> str:
        return self.level.code


@dataclass
class Compliance:
    product: Product
    model: LevelModel
    day: datetime.date
    levels: list[LevelCompliance]

    @property
    def held_level(self) -> Level | None:
        held = [entry.level for entry in self.levels if entry.held]
        return held[-1] if held else None

    def level(self, code: str) -> LevelCompliance:
        return next(entry for entry in self.levels if entry.code == code)


def percentage(part: int, whole: int) -> int:
    """Rounded down, so it never reads 100 before everything is there."""
    if whole == 0:
        return 100
    return math.floor(100 * part / whole)


def _answer_acceptable(criterion: Criterion, answer: Answer) -> tuple[bool, str]:
    """Whether the answer, taken at its word, satisfies the criterion, and why not."""
    status = answer.status
    names = {"key": criterion.key}
    if status == AnswerStatus.MET:
        return True, ""
    if status == AnswerStatus.NOT_APPLICABLE:
        if criterion.not_applicable_allowed:
            return True, ""
        return False, _("Answered “not applicable”, which this criterion does not allow.")
    if (
        criterion.obligation == Obligation.RECOMMENDED
        and status in (AnswerStatus.NOT_MET, AnswerStatus.PARTLY_MET)
        and answer.justification.strip()
    ):
        return True, ""
    if status == AnswerStatus.PARTLY_MET:
        return False, _("Answered “partly met”, which counts as not met.")
    if status == AnswerStatus.NOT_MET:
        if criterion.obligation == Obligation.RECOMMENDED:
            return False, _("Answered “not met” without a justification.")
        return False, _(
            "Answered “not met”. A required criterion not met is covered only by a deviation "
            "the business committee accepts."
        )
    if status == AnswerStatus.IN_DOUBT:
        return False, _("Answered “in doubt”.")
    return False, _("%(key)s has not been answered.") % names


def _manual_state(
    criterion: Criterion, answer: Answer | None, deviation: Deviation | None
) -> CriterionState:
    if deviation is not None:
        return CriterionState(
            criterion,
            True,
            True,
            _("Covered by a deviation the business committee accepted, until %(date)s.")
            % {"date": date_text(deviation.expires_on)},
            answer=answer,
            deviation=deviation,
        )
    if answer is None or answer.status == AnswerStatus.UNKNOWN:
        return CriterionState(criterion, False, False, _("Not answered."), answer=answer)
    acceptable, why_not = _answer_acceptable(criterion, answer)
    if not acceptable:
        return CriterionState(criterion, False, False, why_not, answer=answer)
    verification = answer.verification
    status_label = AnswerStatus(answer.status).label
    if verification is None:
        return CriterionState(
            criterion,
            False,
            True,
            _("Answered “%(status)s” on %(date)s; not yet verified by the secretariat.")
            % {"status": status_label, "date": date_text(timezone.localdate(answer.answered_at))},
            answer=answer,
        )
    verified_on = date_text(timezone.localdate(verification.verified_at))
    if verification.rating != Rating.GREEN:
        return CriterionState(
            criterion,
            False,
            True,
            _("The secretariat rated the answer %(rating)s on %(date)s: %(basis)s")
            % {
                "rating": verification.rating,
                "date": verified_on,
                "basis": verification.basis,
            },
            answer=answer,
        )
    return CriterionState(
        criterion,
        True,
        True,
        _("Answered “%(status)s”; verified by the secretariat on %(date)s.")
        % {"status": status_label, "date": verified_on},
        answer=answer,
    )


def _structural_state(
    criterion: Criterion, product: Product, day: datetime.date, deviation: Deviation | None
) -> CriterionState:
    result = evaluate(criterion.rule, product, day)
    if not result.met and deviation is not None:
        return CriterionState(
            criterion,
            True,
            True,
            _("%(reason)s Covered by a deviation the business committee accepted, until %(date)s.")
            % {"reason": result.reason, "date": date_text(deviation.expires_on)},
            deviation=deviation,
            rule=result,
        )
    return CriterionState(criterion, result.met, result.met, result.reason, rule=result)


def product_compliance(
    product: Product, *, on: datetime.date | None = None, model: LevelModel | None = None
) -> Compliance:
    """Every level of ``model`` (the current one by default) for ``product`` on ``on``."""
    day = on or timezone.localdate()
    model = model or LevelModel.objects.get(is_current=True)
    levels = list(model.levels.order_by("order"))
    criteria = list(model.criteria.select_related("level").order_by("level__order", "order"))
    answers = {
        answer.criterion_id: answer
        for answer in Answer.objects.filter(product=product, criterion__model=model).select_related(
            "answered_by", "verification__verified_by"
        )
    }
    deviations: dict[str, Deviation] = {}
    for accepted in (
        Deviation.objects.filter(
            product=product,
            criterion__key__in=[c.key for c in criteria],
            expires_on__gte=day,
            decision__decided_on__lte=day,
        )
        .select_related("criterion")
        .order_by("expires_on")
    ):
        deviations[accepted.criterion.key] = accepted  # the latest expiry wins
    states: dict[int, list[CriterionState]] = {level.pk: [] for level in levels}
    for criterion in criteria:
        deviation = deviations.get(criterion.key)
        if criterion.is_structural:
            state = _structural_state(criterion, product, day, deviation)
        else:
            state = _manual_state(criterion, answers.get(criterion.pk), deviation)
        states[criterion.level_id].append(state)
    result: list[LevelCompliance] = []
    so_far: list[CriterionState] = []
    for level in levels:
        own = states[level.pk]
        so_far = so_far + own
        satisfied = sum(1 for s in so_far if s.satisfied)
        self_assessed = sum(1 for s in so_far if s.self_assessed)
        missing = [s for s in so_far if not s.satisfied]
        result.append(
            LevelCompliance(
                level=level,
                held=not missing,
                progress=percentage(satisfied, len(so_far)),
                self_assessed_progress=percentage(self_assessed, len(so_far)),
                criteria=own,
                missing=missing,
            )
        )
    return Compliance(product=product, model=model, day=day, levels=result)


# --- Keeping the held level (LevelStatus) -------------------------------------------------------


@dataclass(frozen=True)
class LevelChange:
    product: Product
    level_code: str
    level_name: str
    gained: bool
    day: datetime.date
    missing: tuple[tuple[str, str], ...] = ()  # (criterion key, reason)


def recompute_product_level(
    product: Product,
    *,
    on: datetime.date | None = None,
    notify: bool = True,
    save: bool = True,
) -> list[LevelChange]:
    """Compute the product's levels and keep the result per level; returns what changed.
    A level lost writes a trail event and (``notify``) e-mails the tovholder, the steering
    group and the secretariat. ``save=False`` only reports what would change."""
    day = on or timezone.localdate()
    model = LevelModel.objects.filter(is_current=True).first()
    if model is None:  # no level model (an emptied database): nothing to keep
        return []
    compliance = product_compliance(product, on=day, model=model)
    changes: list[LevelChange] = []
    with transaction.atomic():
        statuses = {
            status.level_code: status
            for status in LevelStatus.objects.select_for_update().filter(product=product)
        }
        for entry in compliance.levels:
            status = statuses.get(entry.code) or LevelStatus(product=product, level_code=entry.code)
            was_held = status.held
            status.level_order = entry.level.order
            status.progress = entry.progress
            status.self_assessed_progress = entry.self_assessed_progress
            status.model_version = compliance.model.version
            change: LevelChange | None = None
            if entry.held and not was_held:
                status.held = True
                status.achieved_on = day
                status.first_achieved_on = status.first_achieved_on or day
                status.lost_on = None
                change = LevelChange(product, entry.code, entry.level.name, True, day)
            elif was_held and not entry.held:
                status.held = False
                status.lost_on = day
                change = LevelChange(
                    product,
                    entry.code,
                    entry.level.name,
                    False,
                    day,
                    tuple((s.criterion.key, s.reason) for s in entry.missing),
                )
            if change is not None:
                changes.append(change)
            if not save:
                continue
            status.save()
            if change is not None:
                record_event(
                    actor=None,
                    action="level.achieved" if change.gained else "level.lost",
                    target=product,
                    summary=(
                        _("%(product)s achieved %(code)s on %(date)s.")
                        if change.gained
                        else _("%(product)s lost %(code)s on %(date)s.")
                    )
                    % {"product": product.name, "code": entry.code, "date": date_text(day)},
                    changes={
                        "level": entry.code,
                        "held": [was_held, entry.held],
                        "missing": [key for key, _reason in change.missing],
                    },
                )
    if save and notify:
        lost = [change for change in changes if not change.gained]
        if lost:
            send_notifications(loss_notifications(product, lost, day))
    return changes


def loss_recipients(product: Product, day: datetime.date) -> list[str]:
    """The tovholder, the steering group's members and the secretariat, each once."""
    addresses: list[str] = []
    tovholder = product_tovholder(product, day=day)
    if tovholder is not None:
        addresses.append(tovholder.person.email)
    addresses += list(
        GroupMembership.objects.active_on(day)
        .filter(group__product=product, group__kind=GroupKind.STEERING)
        .order_by("pk")
        .values_list("person__email", flat=True)
    )
    addresses += list(
        BodyMembership.objects.active_on(day)
        .filter(body__kind=BodyKind.SECRETARIAT)
        .order_by("pk")
        .values_list("person__email", flat=True)
    )
    seen: list[str] = []
    for address in addresses:
        if address and address not in seen:
            seen.append(address)
    return seen


def loss_notifications(
    product: Product, lost: Iterable[LevelChange], day: datetime.date
) -> list[Reminder]:
    """One message per recipient and lost level, in the platform's language."""
    messages: list[Reminder] = []
    recipients = loss_recipients(product, day)
    with translation.override(settings.LANGUAGE_CODE):
        for change in lost:
            subject = _("%(product)s no longer holds level %(code)s") % {
                "product": product.name,
                "code": change.level_code,
            }
            lines = [
                _("On %(date)s %(product)s stopped meeting the criteria of %(code)s (%(name)s).")
                % {
                    "date": date_text(day),
                    "product": product.name,
                    "code": change.level_code,
                    "name": change.level_name,
                },
                "",
                _("What is missing:"),
            ]
            lines += [f"- {key}: {reason}" for key, reason in change.missing]
            body = "\n".join(str(line) for line in lines)
            messages += [Reminder(address, subject, body) for address in recipients]
    return messages


def send_notifications(messages: Iterable[Reminder]) -> int:
    emails = [
        EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
        )
        for message in messages
    ]
    if not emails:
        return 0
    return get_connection().send_messages(emails) or 0


def recompute_products(
    products: Iterable[Product], *, on: datetime.date | None = None, notify: bool = True
) -> list[LevelChange]:
    changes: list[LevelChange] = []
    for product in products:
        changes += recompute_product_level(product, on=on, notify=notify)
    return changes


def daily_level_check(day: datetime.date) -> list[Reminder]:
    """The daily job's source (``os2gov remind``): recompute every product for ``day`` so
    that time-based expiry (a stale evaluation, an expired deviation, an ended agreement)
    is noticed, and return the loss notices to send. For a day other than today it only
    reports what would change, and writes nothing."""
    from os2gov.catalogue.models import ProductStatus

    save = day == timezone.localdate()
    reminders: list[Reminder] = []
    for product in Product.objects.exclude(status=ProductStatus.ARCHIVED).order_by("pk"):
        changes = recompute_product_level(product, on=day, notify=False, save=save)
        lost = [change for change in changes if not change.gained]
        if lost:
            reminders += loss_notifications(product, lost, day)
    return reminders


def coverable_criteria(product: Product) -> list[Criterion]:
    """The criteria a deviation may cover for ``product``: the required criteria of the
    current level model that it does not meet on its own (those covered by a deviation
    now included, so that one can be renewed)."""
    return [
        state.criterion
        for entry in product_compliance(product).levels
        for state in entry.criteria
        if state.criterion.obligation == Obligation.REQUIRED
        and (not state.satisfied or state.deviation is not None)
    ]
