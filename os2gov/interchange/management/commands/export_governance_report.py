"""``os2gov export_governance_report SLUG [--output FILE]``: write the product's answers to
the level criteria as a governance report in the emoji layout (Markdown), to standard
output or to FILE, so that the product can keep publishing it in its repository."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from os2gov.catalogue.models import Product
from os2gov.interchange.reports.exporter import export_governance_report

ERROR_EXIT = 2


class Command(BaseCommand):
    help = "Write a product's answers to the level criteria as a governance report (Markdown)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The product's slug, e.g. os2mo.")
        parser.add_argument(
            "--output", "-o", type=Path, metavar="FILE", help="Write to FILE, not to the screen."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug: str = options["slug"]
        product = Product.objects.filter(slug=slug).first()
        if product is None:
            raise CommandError(
                _("There is no product with the slug %(slug)s.") % {"slug": slug},
                returncode=ERROR_EXIT,
            )
        text = export_governance_report(product)
        output: Path | None = options["output"]
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(
                _("Cannot write %(path)s: %(error)s")
                % {"path": output, "error": error.strerror or error},
                returncode=ERROR_EXIT,
            ) from None
        self.stdout.write(_("Wrote %(path)s.") % {"path": output})
