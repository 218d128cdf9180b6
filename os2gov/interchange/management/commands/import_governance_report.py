"""``os2gov import_governance_report SLUG FILE --actor EMAIL [--dry-run] [--create-model]``:
read a governance report (Markdown) into the product's answers to the level criteria.

The import runs under the mandate of the person named by ``--actor`` (the product's
tovholder). It prints what it read: the answers per mark, what it added, changed and left
as it was, the IDs the current level model does not know, and every row it could not
understand with its line number. ``--create-model`` builds a draft level model from the
report (its IDs, themes, levels and texts) when its IDs are not those of the current model;
that is the business committee's mandate, and the draft becomes current only when the
committee publishes it. Exit code 0 when the import (or the dry run) went through, 2 when
anything stopped it: then nothing was written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from os2gov.authority.service import MandateRefused
from os2gov.core.management.actor import ERROR_EXIT, actor_from_option, product_from_slug
from os2gov.interchange.reports.importer import ImportReport, import_governance_report
from os2gov.interchange.reports.model_builder import build_model_from_report
from os2gov.interchange.reports.reader import ReportFileError, parse_report
from os2gov.levels.models import Criterion, LevelModel


def _failed(message: str) -> CommandError:
    return CommandError(message, returncode=ERROR_EXIT)


class Command(BaseCommand):
    help = (
        "Import a governance report (Markdown, as kept in a product's repository) into the "
        "product's answers to the level criteria. --dry-run shows what would change; "
        "--create-model builds a draft level model from a report whose IDs are unknown."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The product's slug, e.g. os2mo.")
        parser.add_argument("file", type=Path, help="The governance report (a Markdown file).")
        parser.add_argument(
            "--actor",
            metavar="EMAIL",
            help="The person importing: the product's tovholder (for --create-model, a "
            "member of the business committee).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )
        parser.add_argument(
            "--create-model",
            action="store_true",
            help="When the report's IDs are not criteria of the current level model, build a "
            "draft level model from the report instead of importing its answers.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug: str = options["slug"]
        path: Path = options["file"]
        product = product_from_slug(slug)
        actor = actor_from_option(
            options["actor"],
            missing_message=_(
                "Name the person importing with --actor EMAIL: the tovholder of "
                "%(product)s. The import is made under their mandate."
            )
            % {"product": product.name},
        )
        try:
            data = path.read_bytes()
        except OSError as error:
            raise _failed(
                _("Cannot read the file %(path)s: %(error)s")
                % {"path": path, "error": error.strerror or error}
            ) from None
        try:
            if options["create_model"] and self._needs_model(data):
                self._create_model(data, actor, path)
                return
            report = import_governance_report(
                product=product,
                data=data,
                actor=actor,
                file_name=path.name,
                dry_run=options["dry_run"],
            )
        except MandateRefused as refusal:
            raise _failed(str(refusal)) from None
        except ReportFileError as error:
            raise _failed(
                _("%(file)s is not a governance report: %(error)s Nothing was imported.")
                % {"file": path.name, "error": error}
            ) from None
        self._print(report, path)
        if report.errors:
            for problem in report.errors:
                self.stderr.write(str(problem))
            raise _failed(
                _(
                    "%(count)s problems: nothing was imported. Correct the report and import "
                    "it again."
                )
                % {"count": len(report.errors)}
            )

    def _needs_model(self, data: bytes) -> bool:
        """Whether some of the report's IDs are not criteria of the current model (a file
        that cannot be read is left to the import, which says why)."""
        try:
            parsed = parse_report(data)
        except ReportFileError:
            return False
        keys = {row.key for row in parsed.rows}
        known = set(
            Criterion.objects.filter(model__is_current=True, key__in=keys).values_list(
                "key", flat=True
            )
        )
        return bool(keys - known)

    def _create_model(self, data: bytes, actor: Any, path: Path) -> None:
        parsed = parse_report(data)
        if parsed.errors:
            for problem in parsed.errors:
                self.stderr.write(str(problem))
            raise _failed(
                _("%(count)s rows cannot be read: no level model was built.")
                % {"count": len(parsed.errors)}
            )
        try:
            built = build_model_from_report(actor=actor, parsed=parsed, source=path.name)
        except ValidationError as error:
            for messages in (
                error.message_dict.values() if hasattr(error, "error_dict") else [error.messages]
            ):
                for message in messages:
                    self.stderr.write(message)
            raise _failed(_("No level model was built.")) from None
        current = LevelModel.objects.get(is_current=True)
        self.stdout.write(
            _(
                "Built draft version %(version)s of the level model from %(file)s: "
                "%(criteria)s criteria."
            )
            % {"version": built.model.version, "file": path.name, "criteria": built.criteria}
        )
        if built.levels_added:
            self.stdout.write(
                "  " + _("Levels added: %(levels)s") % {"levels": ", ".join(built.levels_added)}
            )
        if built.removed:
            self.stdout.write(
                "  "
                + _("Criteria of version %(version)s left out: %(count)s")
                % {"version": current.version, "count": built.removed}
            )
        self.stdout.write(
            "  "
            + _(
                "Version %(current)s stays the current model until the business committee "
                "publishes the draft; import the report's answers after that."
            )
            % {"current": current.version}
        )

    def _print(self, report: ImportReport, path: Path) -> None:
        write = self.stdout.write
        result = report.as_result()
        if report.errors:
            heading = _("Governance report %(file)s for %(product)s: stopped, nothing written.")
        elif report.dry_run:
            heading = _("Governance report %(file)s for %(product)s: dry run, nothing written.")
        else:
            heading = _("Governance report %(file)s for %(product)s: done.")
        write(heading % {"file": path.name, "product": report.product.name})
        if result["report_product"]:
            write(
                "  "
                + _("Product named in the report: %(name)s") % {"name": result["report_product"]}
            )
        write("  " + _("Criteria rows read: %(count)s") % {"count": result["rows"]})
        for count in result["counts"]:
            write(f"    {count['label']}: {count['count']}")
        will = report.dry_run or bool(report.errors)
        for label, keys in (
            (_("To add") if will else _("Added"), result["created"]),
            (_("To change") if will else _("Changed"), result["changed"]),
            (_("Unchanged"), result["unchanged"]),
            (_("Not answered in the report (left as they are)"), result["not_answered"]),
        ):
            listed = f": {', '.join(keys)}" if keys else ""
            write(f"  {label}: {len(keys)}{listed}")
        if result["unknown_ids"]:
            write("  " + _("Unknown IDs:"))
            for line in result["unknown_ids"]:
                write(f"    {line}")
        for note in result["notes"]:
            write(f"  {note}")
        for warning in result["warnings"]:
            write(f"  {warning}")
