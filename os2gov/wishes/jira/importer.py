"""Import a Jira CSV export into a product's backlog (WSH-11).

    report = import_jira_csv(product=product, data=raw_bytes, actor=user, dry_run=True)
    report.created / report.updated / report.unchanged   # issue keys
    report.errors                                          # RowError, with row numbers

The rules:

* The mandate first: importing into a product's backlog is the coordination group's
  (``wish.import``); anyone else gets ``MandateRefused``, also for a dry run.
* A file that cannot be read as a Jira export raises ``JiraFileError``; a status mapping that
  cannot be used raises ``MappingError``. Nothing is written.
* **A row error aborts the whole import.** Every row is read and checked first; if any row
  has an error, the report lists all of them (with their row numbers) and nothing is
  written, so that fixing the file and importing it again gives one complete import rather
  than a half-imported backlog.
* One transaction: every wish, its timeline event and the audit events, or nothing.
* Idempotent by issue key: a wish of the product with the issue's key is updated, never
  duplicated. A second import of the same file changes nothing.
* A re-import does not undo the platform's own work: each import records the values it
  wrote in the wish's timeline; a field that was changed in the platform since (moved on in
  the workflow, re-categorised, …) is kept and reported, not overwritten. A wish that was
  made in the platform and only linked to the issue by its key was never imported: all its
  fields are kept.
* ``dry_run=True`` plans everything and writes nothing.
* ``progress(done, total, note)``, if given, is told how far the import has come every
  PROGRESS_EVERY rows: first while the rows are checked, then while they are written (a
  real import counts each row twice). The upload page's background job shows it.
* One audit event for the import as a whole (action ``wish.import``, on the product, with
  the counts); each created or updated wish gets its own line in its timeline and trail.

The state: Jira's status is taken over as the wish's state directly, recorded as an
"imported" event with the state it came from and went to. The workflow's transitions
(workflow.py) are for decisions taken in the platform, with guards (definition of DONE,
frame, approvals) that a row of a Jira export cannot satisfy; an import records what was
already decided elsewhere, under the coordination group's ``wish.import`` mandate, and
writes no Decision for it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from os2gov.authority import service as authority
from os2gov.catalogue.models import Product
from os2gov.core.audit import record_event
from os2gov.wishes.jira.mapping import JiraMapping, Mapped
from os2gov.wishes.jira.parser import ISSUE_KEY, JiraRow, RowError, parse_jira_csv
from os2gov.wishes.models import Wish, WishEvent, WishEventKind, WishScope, WishState
from os2gov.wishes.services._trail import lock_product, record
from os2gov.wishes.services.priority import priority_refresh
from os2gov.wishes.services.submission import JIRA_KEY_MAX, TITLE_MAX

IMPORT_ACTION = "wish.import"
# How often (in rows) the import tells its ``progress`` callback how far it has come.
PROGRESS_EVERY = 25

# progress(done, total, note): called with the rows done of the total and what is going on.
ProgressCallback = Callable[[int, int | None, str], None]


class Outcome(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


@dataclass
class IssuePlan:
    """What the import does with one issue."""

    row: JiraRow
    mapped: Mapped
    outcome: Outcome
    values: dict[str, Any]  # what Jira says, for the imported fields
    changes: dict[str, list[Any]] = field(default_factory=dict)  # {field: [old, new]}
    kept: list[str] = field(default_factory=list)  # changed in the platform: not overwritten
    wish: Wish | None = None
    last_imported: Mapping[str, Any] | None = None  # what the previous import wrote

    @property
    def key(self) -> str:
        return self.row.key


@dataclass
class ImportReport:
    product: Product
    dry_run: bool
    rows_read: int = 0
    issues: list[IssuePlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: bool = False

    def _keys(self, outcome: Outcome) -> list[str]:
        return [issue.key for issue in self.issues if issue.outcome == outcome]

    @property
    def created(self) -> list[str]:
        return self._keys(Outcome.CREATE)

    @property
    def updated(self) -> list[str]:
        return self._keys(Outcome.UPDATE)

    @property
    def unchanged(self) -> list[str]:
        return self._keys(Outcome.UNCHANGED)

    @property
    def kept(self) -> dict[str, list[str]]:
        """Issue key -> the fields kept because they were changed in the platform."""
        return {issue.key: issue.kept for issue in self.issues if issue.kept}

    @property
    def unknown_statuses(self) -> dict[str, list[str]]:
        """Jira status -> the keys of its issues, for the statuses the mapping did not know
        (they land as submitted)."""
        found: dict[str, list[str]] = {}
        for issue in self.issues:
            if issue.mapped.unknown_status:
                found.setdefault(issue.row.status, []).append(issue.key)
        return found

    @property
    def unknown_types(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for issue in self.issues:
            if issue.mapped.unknown_type:
                found.setdefault(issue.row.issue_type, []).append(issue.key)
        return found

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows_read,
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "errors": len(self.errors),
        }


def _plain(value: Any) -> Any:
    """A value as the timeline stores it (JSON): dates as ISO text, choices as their code."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value


def _title(row: JiraRow, report: ImportReport) -> str:
    title = " ".join(row.summary.split())
    if len(title) > TITLE_MAX:
        report.warnings.append(
            _("Row %(row)s (%(key)s): the summary was shortened to %(max)s characters.")
            % {"row": row.row, "key": row.key, "max": TITLE_MAX}
        )
        title = title[: TITLE_MAX - 1] + "…"
    return title


def _values(row: JiraRow, mapped: Mapped, report: ImportReport) -> dict[str, Any]:
    """What Jira says about the imported fields."""
    values: dict[str, Any] = {
        "title": _title(row, report),
        "description": row.description,
        "category": mapped.category,
        "state": mapped.state,
        "close_reason": "",
        "close_note": "",
        "closed_on": None,
        "reporter_label": row.reporter[:200],
    }
    if mapped.state == WishState.CLOSED:
        when = row.resolved or row.updated or row.created or timezone.now()
        values["close_reason"] = mapped.close_reason
        values["close_note"] = _(
            "Closed in Jira (status %(status)s, resolution %(resolution)s)."
        ) % {"status": row.status or "-", "resolution": row.resolution or "-"}
        values["closed_on"] = timezone.localdate(when)
    if mapped.urgency is not None:  # no priority in the file: the wish's urgency stays
        values["urgency"] = mapped.urgency
    return values


def _last_imported(product: Product) -> dict[int, dict[str, Any]]:
    """Wish id -> the values the last import wrote to it."""
    last: dict[int, dict[str, Any]] = {}
    events = (
        WishEvent.objects.filter(wish__product=product, kind=WishEventKind.IMPORTED)
        .order_by("wish_id", "occurred_at", "id")
        .values_list("wish_id", "data")
    )
    for wish_id, data in events:
        imported = data.get("imported") if isinstance(data, dict) else None
        if isinstance(imported, dict):
            last[wish_id] = imported
    return last


def _plan_update(issue: IssuePlan, wish: Wish, last: Mapping[str, Any] | None) -> None:
    """Compare Jira's values with the wish and with what the previous import wrote: a field
    the platform changed since (or never got from an import) is kept."""
    issue.wish = wish
    issue.last_imported = last
    for name, new in issue.values.items():
        current = _plain(getattr(wish, name))
        if current == _plain(new):
            continue
        if last is None:  # a wish of the platform, linked by its key: all of it is its own
            platform_changed = True
        elif name in last:
            platform_changed = current != last[name]
        else:  # a field no import wrote before: the platform's, unless it is still empty
            platform_changed = current not in (None, "")
        if platform_changed:
            issue.kept.append(name)
            continue
        issue.changes[name] = [current, _plain(new)]
    issue.outcome = Outcome.UPDATE if issue.changes else Outcome.UNCHANGED


class _Steps:
    """Tells the caller's progress callback how far the import has come, every
    PROGRESS_EVERY rows and at the end of each phase."""

    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback = callback
        self.total: int | None = None
        self.done = 0

    def tell(self, note: str) -> None:
        if self.callback is not None:
            self.callback(self.done, self.total, note)

    def step(self, note: str, *, last: bool = False) -> None:
        self.done += 1
        if last or self.done % PROGRESS_EVERY == 0:
            self.tell(note)


def _plan(
    product: Product,
    data: bytes,
    mapping: JiraMapping,
    report: ImportReport,
    *,
    lock: bool,
    steps: _Steps,
) -> None:
    steps.tell(_("Reading the file"))
    parsed = parse_jira_csv(data)
    # A real import counts each row twice: once when it is checked, once when it is written.
    steps.total = len(parsed.rows) * (1 if report.dry_run else 2)
    steps.tell(_("Checking the rows"))
    report.rows_read = parsed.row_count
    report.errors.extend(parsed.errors)
    wishes = Wish.objects.filter(product=product).exclude(jira_key="")
    if lock:
        wishes = wishes.select_for_update()
    existing = {wish.jira_key: wish for wish in wishes}
    last_imported = _last_imported(product)
    for number, row in enumerate(parsed.rows, start=1):
        steps.step(_("Checking the rows"), last=number == len(parsed.rows))
        if len(row.key) > JIRA_KEY_MAX:
            report.errors.append(
                RowError(
                    row.row,
                    _("an issue key has at most %(max)s characters.") % {"max": JIRA_KEY_MAX},
                    ISSUE_KEY,
                    row.key[:JIRA_KEY_MAX],
                )
            )
            continue
        mapped = mapping.map(
            status=row.status,
            resolution=row.resolution,
            issue_type=row.issue_type,
            priority=row.priority,
        )
        issue = IssuePlan(row, mapped, Outcome.CREATE, _values(row, mapped, report))
        wish = existing.get(row.key)
        if wish is not None:
            _plan_update(issue, wish, last_imported.get(wish.pk))
        report.issues.append(issue)
    report.errors.sort(key=lambda error: error.row)


def _jira_details(row: JiraRow) -> dict[str, Any]:
    """What the timeline keeps of the issue beyond the imported fields."""
    details: dict[str, Any] = {
        "key": row.key,
        "row": row.row,
        "status": row.status,
        "issue_type": row.issue_type,
        "priority": row.priority,
        "resolution": row.resolution,
        "created": row.created.isoformat() if row.created else None,
        "updated": row.updated.isoformat() if row.updated else None,
    }
    if row.labels:
        details["labels"] = row.labels
    if row.components:
        details["components"] = row.components
    return details


def _snapshot(issue: IssuePlan, wish: Wish) -> dict[str, Any]:
    """What this import wrote, for the next one to compare with. A kept field keeps the
    value imported before, so the platform's change is still recognised next time."""
    last = issue.last_imported or {}
    return {
        name: last.get(name) if name in issue.kept else _plain(getattr(wish, name))
        for name in issue.values
        if name not in issue.kept or name in last
    }


def _create(issue: IssuePlan, product: Product, actor: Any, mandate: authority.Mandate) -> None:
    row = issue.row
    wish = Wish.objects.create(
        product=product, jira_key=row.key, scope=WishScope.GENERAL, **issue.values
    )
    if row.created is not None:  # the wish is as old as the issue
        Wish.objects.filter(pk=wish.pk).update(created_at=row.created)
    issue.wish = wish
    record(
        wish=wish,
        actor=actor,
        kind=WishEventKind.IMPORTED,
        text=_("Imported from Jira issue %(key)s (status %(status)s).")
        % {"key": row.key, "status": row.status or "-"},
        audit_action="wish.import.create",
        mandate=mandate,
        decide=False,
        to_state=wish.state,
        changes={
            **{name: [None, _plain(value)] for name, value in issue.values.items() if value},
            "imported": _snapshot(issue, wish),
            "jira": _jira_details(row),
        },
    )


def _update(issue: IssuePlan, actor: Any, mandate: authority.Mandate) -> None:
    wish = issue.wish
    assert wish is not None
    row = issue.row
    old_state = wish.state
    for name in issue.changes:
        setattr(wish, name, issue.values[name])
    wish.version += 1
    wish.save(update_fields=[*issue.changes, "version", "updated_at"])
    names = ", ".join(field_label(name) for name in issue.changes)
    state_moved = "state" in issue.changes
    record(
        wish=wish,
        actor=actor,
        kind=WishEventKind.IMPORTED,
        text=_("Updated from Jira issue %(key)s: %(fields)s.") % {"key": row.key, "fields": names},
        audit_action="wish.import.update",
        mandate=mandate,
        decide=False,
        from_state=old_state if state_moved else "",
        to_state=wish.state if state_moved else "",
        changes={
            **issue.changes,
            "imported": _snapshot(issue, wish),
            "kept": issue.kept,
            "jira": _jira_details(row),
        },
    )


def _model_field(name: str) -> models.Field[Any, Any]:
    model_field = Wish._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    return model_field


def field_label(name: str) -> str:
    """A wish field's name as the pages show it ("state", "title")."""
    return str(_model_field(name).verbose_name)


def value_label(name: str, value: Any) -> str:
    """A value of a wish field as the pages show it: a choice by its name ("In delivery")."""
    if value is None or value == "":
        return "-"
    choices = {str(code): label for code, label in _model_field(name).flatchoices}
    return str(choices.get(str(value), value))


def _summary(report: ImportReport) -> str:
    return _(
        "Imported a Jira export into %(product)s: %(created)s created, %(updated)s updated, "
        "%(unchanged)s unchanged."
    ) % {
        "product": report.product.name,
        "created": len(report.created),
        "updated": len(report.updated),
        "unchanged": len(report.unchanged),
    }


def import_jira_csv(
    *,
    product: Product,
    data: bytes,
    actor: Any,
    status_map: Mapping[str, str] | None = None,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import the Jira CSV export ``data`` into ``product``'s backlog (see the module's
    docstring). Raises MandateRefused, JiraFileError or MappingError; row errors are in
    the report, and then nothing is written. ``progress(done, total, note)`` is told how
    far the import has come."""
    mandate = authority.require(actor, IMPORT_ACTION, product=product)
    mapping = JiraMapping(status_map)
    report = ImportReport(product=product, dry_run=dry_run)
    steps = _Steps(progress)
    with transaction.atomic():
        if not dry_run:
            lock_product(product.pk)  # one import per product at a time
        _plan(product, data, mapping, report, lock=not dry_run, steps=steps)
        if dry_run or report.errors:
            return report
        for number, issue in enumerate(report.issues, start=1):
            steps.step(_("Writing the wishes"), last=number == len(report.issues))
            if issue.outcome == Outcome.CREATE:
                _create(issue, product, actor, mandate)
            elif issue.outcome == Outcome.UPDATE:
                _update(issue, actor, mandate)
        record_event(
            actor=actor,
            action=IMPORT_ACTION,
            target=product,
            mandate=mandate.audit_text,
            summary=_summary(report),
            changes={
                **report.counts(),
                "created_keys": report.created,
                "updated_keys": report.updated,
                "unknown_statuses": report.unknown_statuses,
                "unknown_types": report.unknown_types,
            },
        )
        if report.created or report.updated:
            priority_refresh(product)
        report.written = True
    return report
