"""Changing the level model (PRD-02): the business committee's mandate ``criteria.edit``.

A published version is never edited. A change starts as a draft, a copy of the current
version with the next version number; levels and criteria are edited in the draft; the
business committee's decision publishes it, and it becomes current. Products keep their
answers per version: on publishing, an answer to a criterion whose content did not change is
carried over (with its verification); a changed criterion must be answered again.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from os2gov.authority import service as authority
from os2gov.core.audit import record_event
from os2gov.governance.models import DecisionMethod
from os2gov.levels.models import (
    Answer,
    AnswerRevision,
    Criterion,
    CriterionKind,
    Level,
    LevelModel,
    Obligation,
    Theme,
    Verification,
)
from os2gov.levels.services._common import Errors, check_decision_fields, decide, today
from os2gov.levels.structural import RULES

CRITERIA_ACTION = "criteria.edit"
KEY_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,63}$")
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,15}$")

CRITERION_FIELDS = (
    "level_code",
    "order",
    "theme",
    "obligation",
    "kind",
    "rule",
    "url_required",
    "justification_required",
    "not_applicable_allowed",
    "text_da",
    "text_en",
    "guidance_da",
    "guidance_en",
)
LEVEL_FIELDS = ("order", "name_da", "name_en", "description_da", "description_en")


def _refuse_published(model: LevelModel) -> None:
    if not model.is_draft:
        errors = Errors()
        errors.add(
            "model",
            _(
                "Version %(version)s is published and is never edited: start a new draft "
                "version instead."
            )
            % {"version": model.version},
            "published_model",
        )
        errors.raise_if_any()


def level_model_draft(
    *, actor: Any, effective_on: datetime.date, notes: str = "", on: datetime.date | None = None
) -> LevelModel:
    """A new draft version: a copy of the current version's levels and criteria."""
    day = on or today()
    mandate = authority.require(actor, CRITERIA_ACTION, on=day)
    errors = Errors()
    existing = LevelModel.objects.filter(published_at__isnull=True).first()
    if existing is not None:
        errors.add(
            "model",
            _("Version %(version)s is already a draft: finish or publish it first.")
            % {"version": existing.version},
            "draft_exists",
        )
    errors.raise_if_any()
    with transaction.atomic():
        base = LevelModel.objects.select_for_update().get(is_current=True)
        version = (LevelModel.objects.aggregate(top=Max("version"))["top"] or 0) + 1
        draft = LevelModel.objects.create(
            version=version,
            effective_on=effective_on,
            notes=notes.strip(),
            based_on=base,
        )
        levels: dict[int, Level] = {}
        for level in base.levels.all():
            old_pk = level.pk
            level.pk = None
            level.model = draft
            level.save()
            levels[old_pk] = level
        for criterion in base.criteria.all():
            criterion.pk = None
            criterion.model = draft
            criterion.level = levels[criterion.level_id]
            criterion.save()
        record_event(
            actor=actor,
            action="level_model.draft",
            target=draft,
            mandate=mandate.audit_text,
            summary=_("Started version %(version)s of the level model from version %(base)s.")
            % {"version": version, "base": base.version},
        )
    return draft


def level_save(
    *,
    actor: Any,
    model: LevelModel,
    code: str,
    data: Mapping[str, Any],
    on: datetime.date | None = None,
) -> Level:
    """Add or change the level ``code`` of a draft (e.g. a sandbox level below N1)."""
    mandate = authority.require(actor, CRITERIA_ACTION, on=on or today())
    _refuse_published(model)
    unknown = set(data) - set(LEVEL_FIELDS)
    if unknown:
        raise ValueError(f"Not editable level fields: {', '.join(sorted(unknown))}")
    errors = Errors()
    if not CODE_PATTERN.match(code or ""):
        errors.add("code", _("A level code is short, in capitals, e.g. N2."), "invalid_code")
    level = model.levels.filter(code=code).first() or Level(model=model, code=code)
    for field, value in data.items():
        setattr(level, field, value)
    if not (level.name_da or "").strip() or not (level.name_en or "").strip():
        errors.add("name", _("Name the level in Danish and in English."), "name_required")
    if level.order is None:
        errors.add("order", _("Give the level's place in the order."), "order_required")
    elif model.levels.filter(order=level.order).exclude(pk=level.pk).exists():
        errors.add("order", _("Another level has this place in the order."), "order_taken")
    errors.raise_if_any()
    with transaction.atomic():
        created = level.pk is None
        level.save()
        record_event(
            actor=actor,
            action="level_model.level_save",
            target=model,
            mandate=mandate.audit_text,
            summary=_("%(action)s level %(code)s in version %(version)s.")
            % {
                "action": _("Added") if created else _("Changed"),
                "code": code,
                "version": model.version,
            },
            changes={field: [None, value] for field, value in data.items()},
        )
    return level


def criterion_save(
    *,
    actor: Any,
    model: LevelModel,
    key: str,
    data: Mapping[str, Any],
    on: datetime.date | None = None,
) -> Criterion:
    """Add or change the criterion ``key`` of a draft. ``data`` holds CRITERION_FIELDS
    (the level by its code)."""
    mandate = authority.require(actor, CRITERIA_ACTION, on=on or today())
    _refuse_published(model)
    unknown = set(data) - set(CRITERION_FIELDS)
    if unknown:
        raise ValueError(f"Not editable criterion fields: {', '.join(sorted(unknown))}")
    errors = Errors()
    if not KEY_PATTERN.match(key or ""):
        errors.add(
            "key",
            _("A key is written in capitals, digits and hyphens, e.g. N2-ONE-CODE-VERSION."),
            "invalid_key",
        )
    criterion = model.criteria.filter(key=key).select_related("level").first()
    created = criterion is None
    if criterion is None:
        criterion = Criterion(model=model, key=key)
    before = {field: getattr(criterion, field, None) for field in CRITERION_FIELDS[1:]}
    values = dict(data)
    level_code = values.pop("level_code", None)
    if level_code is not None:
        level = model.levels.filter(code=level_code).first()
        if level is None:
            errors.add(
                "level_code",
                _("Version %(version)s has no level %(code)s.")
                % {"version": model.version, "code": level_code},
                "unknown_level",
            )
        else:
            criterion.level = level
    elif created:
        errors.add("level_code", _("Choose the level that demands it."), "level_required")
    for field, value in values.items():
        setattr(criterion, field, value)
    if criterion.theme not in Theme.values:
        errors.add("theme", _("Choose one of the themes."), "invalid_theme")
    if criterion.obligation not in Obligation.values:
        errors.add("obligation", _("Choose required or recommended."), "invalid_obligation")
    if criterion.kind not in CriterionKind.values:
        errors.add("kind", _("Choose manual or structural."), "invalid_kind")
    elif criterion.kind == CriterionKind.STRUCTURAL:
        if criterion.rule not in RULES:
            errors.add(
                "rule",
                _("Choose one of the rules: %(rules)s.") % {"rules": ", ".join(sorted(RULES))},
                "unknown_rule",
            )
    elif criterion.rule:
        errors.add("rule", _("Only a computed criterion has a rule."), "rule_not_allowed")
    for field, label in (("text_da", _("Danish")), ("text_en", _("English"))):
        if not (getattr(criterion, field) or "").strip():
            errors.add(
                field,
                _("Write the criterion in %(language)s.") % {"language": label},
                "text_required",
            )
    errors.raise_if_any()
    with transaction.atomic():
        criterion.save()
        after = {field: getattr(criterion, field, None) for field in CRITERION_FIELDS[1:]}
        record_event(
            actor=actor,
            action="level_model.criterion_save",
            target=model,
            mandate=mandate.audit_text,
            summary=_("%(action)s criterion %(key)s in version %(version)s.")
            % {
                "action": _("Added") if created else _("Changed"),
                "key": key,
                "version": model.version,
            },
            changes={
                field: [before[field], after[field]]
                for field in after
                if before[field] != after[field]
            },
        )
    return criterion


def criterion_remove(
    *, actor: Any, model: LevelModel, key: str, on: datetime.date | None = None
) -> None:
    """Remove the criterion ``key`` from a draft."""
    mandate = authority.require(actor, CRITERIA_ACTION, on=on or today())
    _refuse_published(model)
    with transaction.atomic():
        deleted, _rows = model.criteria.filter(key=key).delete()
        if deleted:
            record_event(
                actor=actor,
                action="level_model.criterion_remove",
                target=model,
                mandate=mandate.audit_text,
                summary=_("Removed criterion %(key)s from version %(version)s.")
                % {"key": key, "version": model.version},
            )


def _carry_over_answers(previous: LevelModel, model: LevelModel) -> int:
    """Copy the answers (and their verifications) to criteria whose content is unchanged."""
    old_criteria = {c.key: c for c in previous.criteria.select_related("level")}
    carried = 0
    for criterion in model.criteria.select_related("level"):
        old = old_criteria.get(criterion.key)
        if old is None or not criterion.same_content_as(old):
            continue
        for answer in Answer.objects.filter(criterion=old).select_related(
            "verification__verified_by"
        ):
            verification = answer.verification
            copy = Answer.objects.create(
                product_id=answer.product_id,
                criterion=criterion,
                status=answer.status,
                justification=answer.justification,
                evidence_urls=answer.evidence_urls,
                revision=1,
                answered_by_id=answer.answered_by_id,
                answered_at=answer.answered_at,
            )
            revision = AnswerRevision.objects.create(
                answer=copy,
                number=1,
                status=answer.status,
                justification=answer.justification,
                evidence_urls=answer.evidence_urls,
                evidence_files=list(answer.files.values_list("name", flat=True)),
                answered_by_id=answer.answered_by_id,
                answered_at=answer.answered_at,
                note=f"Carried over from version {previous.version}, revision {answer.revision}.",
            )
            if verification is not None:
                copied = Verification.objects.create(
                    answer=copy,
                    revision=revision,
                    rating=verification.rating,
                    basis=verification.basis,
                    verified_by=verification.verified_by,
                )
                Verification.objects.filter(pk=copied.pk).update(
                    verified_at=verification.verified_at
                )
                copy.verification = copied
                copy.save(update_fields=["verification"])
            carried += 1
    return carried


def level_model_publish(
    *,
    actor: Any,
    model: LevelModel,
    decided_on: datetime.date | None = None,
    method: str = DecisionMethod.IN_WRITING,
    meeting_reference: str = "",
    effective_on: datetime.date | None = None,
    notes: str | None = None,
    on: datetime.date | None = None,
) -> LevelModel:
    """The business committee adopts the draft: it becomes the current version. The decision
    may settle the effective date and the notes the draft was started with."""
    day = on or today()
    decided_on = decided_on or day
    mandate = authority.require(actor, CRITERIA_ACTION, on=day)
    _refuse_published(model)
    errors = Errors()
    if effective_on is not None and effective_on < decided_on:
        errors.add(
            "effective_on",
            _("The version cannot take effect before the day it is decided."),
            "effective_before_decision",
        )
    check_decision_fields(
        errors, decided_on=decided_on, day=day, method=method, meeting_reference=meeting_reference
    )
    if not model.levels.exists():
        errors.add("model", _("A level model needs at least one level."), "no_levels")
    errors.raise_if_any()
    with transaction.atomic():
        if effective_on is not None:
            model.effective_on = effective_on
        if notes is not None:
            model.notes = notes.strip()
        previous = LevelModel.objects.select_for_update().get(is_current=True)
        previous.is_current = False
        previous.save(update_fields=["is_current"])
        decision = decide(
            actor=actor,
            mandate=mandate,
            audit_action="level_model.publish",
            text=_("Adopted version %(version)s of the level model, effective from %(date)s.")
            % {"version": model.version, "date": model.effective_on.isoformat()},
            target=model,
            subjects=[model],
            decided_on=decided_on,
            changes={"version": [previous.version, model.version]},
            method=method,
            meeting_reference=meeting_reference.strip(),
        )
        model.is_current = True
        model.published_at = timezone.now()
        model.adopted_by = decision
        model.save(
            update_fields=["is_current", "published_at", "adopted_by", "effective_on", "notes"]
        )
        _carry_over_answers(previous, model)
        from os2gov.levels.signals import schedule_all_products

        schedule_all_products()
    return model
