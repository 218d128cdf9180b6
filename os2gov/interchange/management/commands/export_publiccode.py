"""``os2gov export_publiccode SLUG``: print the product's publiccode.yml (version 0.4),
checked against the schema on the way out (PRD-08). Exit code 2 when there is no such
product or it lacks what a valid document needs (each missing field is named)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from os2gov.catalogue.models import Product
from os2gov.interchange.publiccode.exporter import ExportInvalid, export_publiccode

ERROR_EXIT = 2


class Command(BaseCommand):
    help = "Print a product's publiccode.yml (version 0.4)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The product's slug, e.g. os2mo.")

    def handle(self, *args: Any, **options: Any) -> None:
        slug: str = options["slug"]
        product = Product.objects.filter(slug=slug).first()
        if product is None:
            raise CommandError(
                _("There is no product with the slug %(slug)s.") % {"slug": slug},
                returncode=ERROR_EXIT,
            )
        try:
            text = export_publiccode(product)
        except ExportInvalid as invalid:
            raise CommandError(
                _("%(product)s cannot be exported as a valid publiccode.yml: %(problems)s")
                % {"product": product.name, "problems": invalid},
                returncode=ERROR_EXIT,
            ) from None
        self.stdout.write(text, ending="")
