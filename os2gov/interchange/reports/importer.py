"""Import a governance report as a product's answers to the level criteria.

    report = import_governance_report(product=product, data=raw_bytes, actor=user)
    report.errors        # Problem, with line numbers: then nothing was written
    report.as_result()   # a JSON-serialisable summary (the job page, the API, the command)

The rules:

* The mandate first: the report is the product's self-assessment, so importing it is the
  tovholder's (``criteria.answer``); anyone else gets ``MandateRefused``, also for a dry run.
* A file that is no governance report raises ``ReportFileError``. Every other problem is
  collected with its line number — rows that cannot be read, IDs the current level model
  does not have, answers that break a criterion's evidence rules — and **any problem stops
  the whole import**: nothing is written, so that the corrected file gives one complete
  import.
* Report IDs are matched with the keys of the current level model (R1 is the criterion
  R1, N1-LEGAL-OWNERSHIP the criterion N1-LEGAL-OWNERSHIP; case and "."/"_" do not count).
  A report whose IDs are another model's is imported only once a model with those keys is
  current: ``model_builder`` builds such a model as a draft.
* An empty mark (or a placeholder, or an empty task box) says nothing: the criterion's
  answer is left as it is. "Planlagt" is "not met", and the justification says so.
* Each answer goes through ``answer_save`` in one transaction: a changed answer becomes a
  new revision and loses its verification, as any changed answer does; an answer that the
  report does not change is not touched, so importing the same file twice changes nothing.
  One audit event records the import as a whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from os2gov.authority import service as authority
from os2gov.catalogue.models import Product
from os2gov.core.audit import record_event
from os2gov.core.errors import StaleEditError
from os2gov.interchange.reports.reader import ParsedReport, Problem, ReportRow, parse_report

# The services package first: levels.evidence and levels.services import each other.
from os2gov.levels import services as level_services
from os2gov.levels.evidence import answer_errors, clean_urls
from os2gov.levels.models import Answer, AnswerStatus, Criterion, LevelModel
from os2gov.levels.services._common import Errors
from os2gov.levels.services.answers import ANSWER_ACTION

PLANNED_NOTE = "Planlagt"  # the report's own word, kept as data in the justification
NOT_ANSWERED = "not_answered"

ProgressCallback = Callable[[int, int | None, str], None]


@dataclass
class PlannedAnswer:
    row: ReportRow
    criterion: Criterion
    status: str
    justification: str
    urls: list[str]
    expected_revision: int | None  # None: the criterion has no answer yet

    @property
    def is_new(self) -> bool:
        return self.expected_revision is None


@dataclass
class ImportReport:
    product: Product
    file_name: str = ""
    dry_run: bool = False
    parsed: ParsedReport | None = None
    model_version: int | None = None
    planned: list[PlannedAnswer] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_answered: list[str] = field(default_factory=list)
    computed: list[str] = field(default_factory=list)  # structural criteria: not answered
    unknown_ids: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    built_model: dict[str, Any] | None = None
    written: bool = False

    @property
    def created(self) -> list[str]:
        return [plan.criterion.key for plan in self.planned if plan.is_new]

    @property
    def changed(self) -> list[str]:
        return [plan.criterion.key for plan in self.planned if not plan.is_new]

    @property
    def warnings(self) -> list[Problem]:
        return list(self.parsed.warnings) if self.parsed else []

    @property
    def ok(self) -> bool:
        return not self.errors

    def mark_counts(self) -> list[tuple[str, str, int]]:
        """(status, label, count) for every answer the report gives, "not answered" last."""
        rows = self.parsed.rows if self.parsed else []
        counts = Counter(row.mark.status or NOT_ANSWERED for row in rows)
        found = [
            (str(status), str(AnswerStatus(status).label), counts[status])
            for status in AnswerStatus.values
            if counts.get(status)
        ]
        if counts.get(NOT_ANSWERED):
            found.append((NOT_ANSWERED, _("Not answered"), counts[NOT_ANSWERED]))
        return found

    def planned_count(self) -> int:
        rows = self.parsed.rows if self.parsed else []
        return sum(1 for row in rows if row.mark.planned)

    def as_result(self) -> dict[str, Any]:
        """What the job page, the API and the command show (JSON-serialisable)."""
        parsed = self.parsed
        return {
            "product": self.product.name,
            "product_slug": self.product.slug,
            "file": self.file_name,
            "dry_run": self.dry_run,
            "written": self.written,
            "ok": self.ok,
            "report_product": parsed.product_name if parsed else "",
            "layout": parsed.layout if parsed else "",
            "document_info": dict(parsed.document_info) if parsed else {},
            "model_version": self.model_version,
            "rows": len(parsed.rows) if parsed else 0,
            "counts": [
                {"status": status, "label": label, "count": count}
                for status, label, count in self.mark_counts()
            ],
            "planned": self.planned_count(),
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "not_answered": self.not_answered,
            "computed": self.computed,
            "unknown_ids": [str(problem) for problem in self.unknown_ids],
            "errors": [str(problem) for problem in self.errors],
            "warnings": [str(problem) for problem in self.warnings],
            "notes": list(self.notes),
            "built_model": self.built_model,
        }


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return list(error.messages)


def _plan_row(
    row: ReportRow,
    criterion: Criterion,
    existing: Answer | None,
    report: ImportReport,
) -> None:
    status = row.mark.status
    if status is None:
        report.not_answered.append(criterion.key)
        return
    justification = row.justification.strip()
    if row.mark.planned and not justification.lower().startswith(PLANNED_NOTE.lower()):
        justification = (
            f"{PLANNED_NOTE}. {justification}".strip() if justification else PLANNED_NOTE
        )
    errors = Errors()
    urls = clean_urls(list(row.urls), errors)
    rule_errors = answer_errors(
        criterion=criterion, status=status, justification=justification, evidence_urls=urls
    )
    for messages in (*errors.by_field.values(), *rule_errors.by_field.values()):
        for message in messages:
            for text in message.messages:
                report.errors.append(Problem(row.line, text))
    if errors.by_field or rule_errors.by_field:
        return
    if (
        existing is not None
        and existing.status == status
        and existing.justification == justification
        and list(existing.evidence_urls) == urls
    ):
        report.unchanged.append(criterion.key)
        return
    report.planned.append(
        PlannedAnswer(
            row=row,
            criterion=criterion,
            status=status,
            justification=justification,
            urls=urls,
            expected_revision=existing.revision if existing is not None else None,
        )
    )


def _unknown_ids_note(report: ImportReport, rows: list[ReportRow], model: LevelModel) -> None:
    draft = LevelModel.objects.filter(published_at__isnull=True).first()
    keys = {row.key for row in rows}
    if draft is not None and keys <= set(draft.criteria.values_list("key", flat=True)):
        report.notes.append(
            _(
                "The report's IDs are those of the draft version %(draft)s of the level model, "
                "which is not current yet: import the report once the business committee has "
                "published it."
            )
            % {"draft": draft.version}
        )
    elif len(report.unknown_ids) == len(rows):
        report.notes.append(
            _(
                "None of the report's IDs is a criterion of the current level model (version "
                "%(version)s). A level model can be built from the report itself "
                "(import_governance_report --create-model, by the business committee)."
            )
            % {"version": model.version}
        )


def plan_import(report: ImportReport, parsed: ParsedReport, *, lock: bool = False) -> None:
    """Match the rows with the current model and the product's answers; collect every
    problem in ``report.errors``."""
    report.parsed = parsed
    report.errors.extend(parsed.errors)
    named = parsed.product_name
    if named and report.product.name.lower() not in named.lower():
        report.notes.append(
            _("The report's first heading names “%(named)s”, not %(product)s.")
            % {"named": named[:100], "product": report.product.name}
        )
    model = LevelModel.objects.get(is_current=True)
    report.model_version = model.version
    criteria = {
        criterion.key: criterion
        for criterion in Criterion.objects.filter(model=model).select_related("level", "model")
    }
    answers_qs = Answer.objects.filter(product=report.product, criterion__model=model)
    if lock:
        answers_qs = answers_qs.select_for_update()
    answers = {answer.criterion_id: answer for answer in answers_qs}
    for row in parsed.rows:
        criterion = criteria.get(row.key)
        if criterion is None:
            report.unknown_ids.append(
                Problem(
                    row.line,
                    _("%(id)s is not a criterion of the current level model (version %(version)s).")
                    % {"id": row.report_id, "version": model.version},
                )
            )
            continue
        if criterion.is_structural:
            report.computed.append(criterion.key)
            continue
        _plan_row(row, criterion, answers.get(criterion.pk), report)
    report.errors.extend(report.unknown_ids)
    if report.unknown_ids:
        _unknown_ids_note(report, parsed.rows, model)
    if report.computed:
        report.notes.append(
            _(
                "%(keys)s are computed from the governance data; the report's marks for them "
                "were not imported."
            )
            % {"keys": ", ".join(report.computed)}
        )
    report.errors.sort(key=lambda problem: problem.line)


def _write(
    report: ImportReport, actor: Any, mandate: authority.Mandate, progress: ProgressCallback | None
) -> None:
    total = len(report.planned)
    for done, plan in enumerate(report.planned, start=1):
        level_services.answer_save(
            actor=actor,
            product=report.product,
            criterion=plan.criterion,
            status=plan.status,
            justification=plan.justification,
            evidence_urls=plan.urls,
            expected_revision=plan.expected_revision,
        )
        if progress is not None:
            progress(done, total, plan.criterion.key)
    if not report.planned:
        return
    record_event(
        actor=actor,
        action="level_answer.import",
        target=report.product,
        mandate=mandate.audit_text,
        summary=_(
            "Imported a governance report into %(product)s: %(created)s answers added, "
            "%(changed)s changed, %(unchanged)s unchanged."
        )
        % {
            "product": report.product.name,
            "created": len(report.created),
            "changed": len(report.changed),
            "unchanged": len(report.unchanged),
        },
        changes={
            "file": [None, report.file_name],
            "created": [None, report.created],
            "changed": [None, report.changed],
        },
    )
    report.written = True


def import_governance_report(
    *,
    product: Product,
    data: bytes,
    actor: Any,
    file_name: str = "",
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import the report ``data`` into ``product``'s answers (see the module's docstring).
    Raises MandateRefused or ReportFileError; every other problem is in ``errors``, and
    then nothing is written."""
    mandate = authority.require(actor, ANSWER_ACTION, product=product)
    parsed = parse_report(data)
    report = ImportReport(product=product, file_name=file_name, dry_run=dry_run)
    if progress is not None:
        progress(0, len(parsed.rows) or None, _("Reading the report"))
    with transaction.atomic():
        plan_import(report, parsed, lock=not dry_run)
        if dry_run or report.errors:
            return report
        try:
            _write(report, actor, mandate, progress)
        except StaleEditError as stale:
            transaction.set_rollback(True)
            report.written = False
            report.errors.append(Problem(0, _messages(stale)[0] if _messages(stale) else ""))
        except ValidationError as error:  # pragma: no cover - the plan checked the same rules
            transaction.set_rollback(True)
            report.written = False
            report.errors.extend(Problem(0, message) for message in _messages(error))
    return report
