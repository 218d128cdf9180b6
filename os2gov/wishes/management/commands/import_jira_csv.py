"""``os2gov import_jira_csv SLUG FILE [--dry-run] [--status-map FILE.json] [--actor EMAIL]``:
import a Jira CSV export into a product's backlog (WSH-11).

The import runs under the mandate of the person named by ``--actor`` (a member of the
product's coordination group). It prints what it created, updated and left unchanged,
the statuses and issue types it did not know, and every row error with its row number.
Exit code 0 when the import (or the dry run) went through, 2 when anything stopped it:
then nothing was written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from os2gov.authority.service import MandateRefused
from os2gov.core.management.actor import ERROR_EXIT, actor_from_option, product_from_slug
from os2gov.wishes.jira.importer import (
    ImportReport,
    field_label,
    import_jira_csv,
    value_label,
)
from os2gov.wishes.jira.mapping import MappingError, load_status_map
from os2gov.wishes.jira.parser import JiraFileError

# Keys listed per line unless -v 2 asks for all of them.
SHOWN_KEYS = 20


def _failed(message: str) -> CommandError:
    return CommandError(message, returncode=ERROR_EXIT)


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise _failed(
            _("Cannot read the %(what)s %(path)s: %(error)s")
            % {"what": what, "path": path, "error": error.strerror or error}
        ) from None


class Command(BaseCommand):
    help = (
        "Import a Jira CSV export into a product's backlog of development wishes. A re-import "
        "updates the wishes it made; --dry-run shows what would change and writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The product's slug, e.g. os2mo.")
        parser.add_argument("file", type=Path, help="The CSV file exported from Jira.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )
        parser.add_argument(
            "--status-map",
            type=Path,
            metavar="FILE.json",
            help='Jira statuses as wish states, e.g. {"I analyse": "under_review"}; '
            "added to the built-in mapping and overriding it.",
        )
        parser.add_argument(
            "--actor",
            metavar="EMAIL",
            help="The person importing: a member of the product's coordination group.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug: str = options["slug"]
        path: Path = options["file"]
        product = product_from_slug(slug)
        actor = actor_from_option(
            options["actor"],
            missing_message=_(
                "Name the person importing with --actor EMAIL: a member of the coordination "
                "group of %(product)s. The import is made under their mandate."
            )
            % {"product": product.name},
        )
        status_map = None
        if options["status_map"] is not None:
            try:
                status_map = load_status_map(_read(options["status_map"], _("status mapping")))
            except MappingError as error:
                raise _failed(str(error)) from None
        data = _read(path, _("file"))
        try:
            report = import_jira_csv(
                product=product,
                data=data,
                actor=actor,
                status_map=status_map,
                dry_run=options["dry_run"],
            )
        except MandateRefused as refusal:
            raise _failed(str(refusal)) from None
        except JiraFileError as error:
            raise _failed(
                _("%(file)s cannot be read as a Jira export: %(error)s Nothing was imported.")
                % {"file": path.name, "error": error}
            ) from None
        self._print(report, path, verbosity=options["verbosity"])
        if report.errors:
            for row_error in report.errors:
                self.stderr.write(str(row_error))
            raise _failed(
                _(
                    "%(count)s row errors: nothing was imported. Correct the rows and import "
                    "the file again."
                )
                % {"count": len(report.errors)}
            )

    def _keys(self, keys: list[str], verbosity: int) -> str:
        if verbosity >= 2 or len(keys) <= SHOWN_KEYS:
            return ", ".join(keys)
        more = _("and %(count)s more") % {"count": len(keys) - SHOWN_KEYS}
        return f"{', '.join(keys[:SHOWN_KEYS])} {more}"

    def _print(self, report: ImportReport, path: Path, *, verbosity: int) -> None:
        if verbosity < 1:
            return
        write = self.stdout.write
        if report.errors:
            heading = _("Jira import into %(product)s from %(file)s: stopped, nothing written.")
        elif report.dry_run:
            heading = _("Jira import into %(product)s from %(file)s: dry run, nothing written.")
        else:
            heading = _("Jira import into %(product)s from %(file)s: done.")
        write(heading % {"product": report.product.name, "file": path.name})
        will = report.dry_run or bool(report.errors)
        lines = [
            (_("Rows read"), report.rows_read, []),
            (_("To create") if will else _("Created"), len(report.created), report.created),
            (_("To update") if will else _("Updated"), len(report.updated), report.updated),
            (_("Unchanged"), len(report.unchanged), []),
        ]
        for label, count, keys in lines:
            listed = f": {self._keys(keys, verbosity)}" if keys else ""
            write(f"  {label}: {count}{listed}")
        if verbosity >= 2:
            for issue in report.issues:
                for name, (old, new) in issue.changes.items():
                    old_shown, new_shown = value_label(name, old), value_label(name, new)
                    write(f"    {issue.key} {field_label(name)}: {old_shown} → {new_shown}")
        for status, keys in report.unknown_statuses.items():
            write(
                "  "
                + _('Unknown status "%(status)s", imported as submitted: %(keys)s')
                % {"status": status, "keys": self._keys(keys, verbosity)}
            )
        for issue_type, keys in report.unknown_types.items():
            write(
                "  "
                + _('Unknown issue type "%(type)s", imported as new functionality: %(keys)s')
                % {"type": issue_type, "keys": self._keys(keys, verbosity)}
            )
        for key, names in report.kept.items():
            write(
                "  "
                + _("%(key)s: kept %(fields)s, changed in the platform since it was imported.")
                % {"key": key, "fields": ", ".join(field_label(name) for name in names)}
            )
        for warning in report.warnings:
            write(f"  {warning}")
