"""``os2gov seed_demo [--scale N] [--quiet]``: load the fictional demo data.

Deterministic and idempotent: a second run with the same scale creates nothing and changes
nothing. At the end it prints the demo accounts with their roles and passwords (this is the
table ``make run`` shows before the server starts).
"""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from os2gov.demo import services


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of at least 1")
    return number


class Command(BaseCommand):
    help = (
        "Load the fictional demo data (suppliers, demo accounts, people, products, the "
        "bodies' and groups' members, decisions) and list the logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=_positive,
            default=1,
            help=(
                "Multiply the generated volume (suppliers, people, connection agreements, "
                "members and development wishes) by N. Default 1."
            ),
        )
        parser.add_argument("--quiet", action="store_true", help="Print nothing.")
        parser.add_argument(
            "--without-wishes",
            action="store_true",
            help="Leave out the development wishes and economic frames (much faster).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale: int = options["scale"]
        quiet: bool = options["quiet"]

        def progress(label: str, done: int, total: int) -> None:
            if not quiet:
                self.stdout.write(f"{label}: {done}/{total}")

        try:
            result = services.seed_demo(
                scale=scale, progress=progress, with_wishes=not options["without_wishes"]
            )
        except services.ReferenceDataMissing as error:
            message = f"{error} The reference data comes with `os2gov migrate`."
            raise CommandError(message) from None
        if quiet:
            return
        if result.created_anything:
            governance = result.governance
            self.stdout.write(
                f"Created {result.suppliers_created} suppliers, {result.accounts_created} "
                f"demo accounts, {result.people_created} people, {governance.products} "
                f"products, {governance.agreements} connection agreements, "
                f"{governance.product_suppliers} product suppliers, "
                f"{governance.body_memberships} body memberships, {governance.groups} groups, "
                f"{governance.group_memberships} group memberships and "
                f"{governance.decisions} recorded decisions (scale {scale})."
            )
        else:
            self.stdout.write(f"The demo data (scale {scale}) is already loaded; nothing changed.")
        self._print_accounts()

    def _print_accounts(self) -> None:
        rows = []
        for account, organisation in services.demo_account_rows():
            with translation.override("da"):
                danish = str(account.role)
            with translation.override("en"):
                english = str(account.role)
            role = danish if danish == english else f"{danish} / {english}"
            rows.append((role, account.email, account.password, organisation))
        header = ("Role / Rolle", "E-mail", "Password / Adgangskode", "Organisation")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

        def line(cells: tuple[str, ...]) -> str:
            return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

        self.stdout.write("")
        self.stdout.write(
            "Demo accounts (fictional people; the passwords are public, never use them in "
            "production). Log in at /accounts/login/:"
        )
        self.stdout.write(line(header).rstrip())
        self.stdout.write("  ".join("-" * width for width in widths))
        for row in rows:
            self.stdout.write(line(row).rstrip())
