"""``os2gov import_publiccode FILE|DIRECTORY… --actor EMAIL``: import publiccode.yml files
into the product catalogue (PRD-08).

A directory is searched for ``*.yml`` and ``*.yaml`` files, in its subdirectories too. Each
file is its own all-or-nothing unit: a product matched by its repository URL is updated, a
new repository registers a product in the sandbox. The import runs under the mandate of the
person named by ``--actor`` (the secretariat; a tovholder may update their own product).
It prints a table: each file with what became of it (imported, updated, unchanged or
rejected, with the reasons), then the warnings and the totals. Exit code 0 when every file
went through, 2 when any was rejected or nothing could be read (a rejected file wrote
nothing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from os2gov.core.management.actor import actor_from_option
from os2gov.interchange.publiccode.importer import (
    OUTCOME_LABELS,
    BatchReport,
    Outcome,
    import_files,
)

ERROR_EXIT = 2
SUFFIXES = (".yml", ".yaml")


def _failed(message: str) -> CommandError:
    return CommandError(message, returncode=ERROR_EXIT)


def collect(paths: list[Path]) -> list[Path]:
    """The files named, and the YAML files below the directories named, in order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    item
                    for item in path.rglob("*")
                    if item.is_file() and item.suffix.lower() in SUFFIXES
                )
            )
        elif path.exists():
            found.append(path)
        else:
            raise _failed(_("There is no file or directory %(path)s.") % {"path": path})
    return found


class Command(BaseCommand):
    help = (
        "Import publiccode.yml files (or the *.yml files of directories) into the product "
        "catalogue; each file is imported whole or not at all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="+", type=Path, metavar="FILE", help="Files or directories."
        )
        parser.add_argument(
            "--actor",
            metavar="EMAIL",
            help="The person importing: the secretariat, or the tovholder of the product.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from_option(
            options["actor"],
            missing_message=_(
                "Name the person importing with --actor EMAIL: a member of the secretariat "
                "(or the tovholder of the product). The import is made under their mandate."
            ),
        )
        paths = collect(options["paths"])
        if not paths:
            raise _failed(_("No .yml or .yaml file was found."))
        files: list[tuple[str, bytes]] = []
        unreadable: list[tuple[str, str]] = []
        for path in paths:
            try:
                files.append((str(path), path.read_bytes()))
            except OSError as error:
                unreadable.append((str(path), str(error.strerror or error)))
        report = import_files(actor=actor, files=files)
        self._print(report, unreadable, verbosity=options["verbosity"])
        rejected = len(report.rejected) + len(unreadable)
        if rejected:
            raise _failed(
                _(
                    "%(count)s of %(total)s files were rejected; nothing of them was written. "
                    "Correct them and import them again."
                )
                % {"count": rejected, "total": len(paths)}
            )

    def _print(
        self, report: BatchReport, unreadable: list[tuple[str, str]], *, verbosity: int
    ) -> None:
        if verbosity < 1:
            return
        write = self.stdout.write
        rows = [
            (
                item.name,
                str(OUTCOME_LABELS[item.outcome]),
                item.product_name or "-",
                "; ".join(item.reasons),
            )
            for item in report.files
        ]
        rows += [(name, _("Rejected"), "-", problem) for name, problem in unreadable]
        heading = (_("File"), _("Outcome"), _("Product"), _("Reason"))
        widths = [max(len(str(row[i])) for row in [heading, *rows]) for i in range(3)]
        for row in [heading, *rows]:
            cells = [str(cell).ljust(width) for cell, width in zip(row, widths, strict=False)]
            write("  ".join([*cells, str(row[3])]).rstrip())
        for item in report.files:
            for warning in item.warnings:
                write(_("Warning, %(file)s: %(warning)s") % {"file": item.name, "warning": warning})
        counts = report.counts()
        write(
            _(
                "Imported: %(imported)s, updated: %(updated)s, unchanged: %(unchanged)s, "
                "rejected: %(rejected)s."
            )
            % {
                "imported": counts[Outcome.IMPORTED],
                "updated": counts[Outcome.UPDATED],
                "unchanged": counts[Outcome.UNCHANGED],
                "rejected": counts[Outcome.REJECTED] + len(unreadable),
            }
        )
