#!/usr/bin/env python
"""Benchmark the publiccode.yml import (PRD-08): how long reading and importing takes.

    .venv/bin/python scripts/benchmark_publiccode.py [--files 1000]

Generates fictional publiccode.yml documents in memory, then times, on a fresh test
database (SQLite by default, from config.settings.test): reading and checking them, a first
import (every file registers a product with a supplier and unconfirmed users), and a second
import of the same files (every product found, nothing changed). Prints the figures; it is
not a test and asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import translation  # noqa: E402

TEMPLATE = """publiccodeYmlVersion: "0.4"
name: OS2benchmark {n:04d}
url: "https://git.example.org/benchmark/produkt-{n:04d}.git"
landingURL: "https://produkt-{n:04d}.example.org"
softwareVersion: "1.{n}"
releaseDate: "2025-0{month}-1{day}"
platforms: [web]
categories: [document-management]
usedBy:
  - Benchmarkby {user_a} Kommune
  - Benchmarkby {user_b} Kommune
developmentStatus: stable
softwareType: standalone/web
description:
  da:
    shortDescription: Fiktivt produkt nummer {n} til at måle importen.
    longDescription: >
      Et fiktivt produkt, som kun findes for at måle, hvor hurtigt OS2gov læser og
      importerer publiccode.yml-filer. Det har en leverandør, to brugere og en afhængighed.
    features: [Måling]
legal:
  license: MPL-2.0
maintenance:
  type: contract
  contractors:
    - name: Benchmark Leverandør {supplier:02d} ApS
      until: "2027-12-31"
  contacts:
    - name: Kim Kontakt {n}
localisation:
  localisationReady: true
  availableLanguages: [da]
dependsOn:
  open:
    - name: PostgreSQL
      versionMin: "14"
"""


def documents(count: int) -> list[tuple[str, bytes]]:
    return [
        (
            f"produkt-{n:04d}.yml",
            TEMPLATE.format(
                n=n,
                month=1 + n % 9,
                day=n % 10,
                user_a=n % 50,
                user_b=(n + 7) % 50,
                supplier=n % 20,
            ).encode(),
        )
        for n in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000, help="How many files (1000).")
    count = parser.parse_args().files

    from os2gov.interchange.publiccode.importer import import_files
    from os2gov.interchange.publiccode.reader import read_publiccode
    from tests.governance import factories as f

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with translation.override("en"):
            actor = f.secretariat_staff("Benchmark Sekretariat")
            files = documents(count)
            size = sum(len(data) for _name, data in files)

            started = time.perf_counter()
            for _name, data in files:
                read_publiccode(data)
            read_seconds = time.perf_counter() - started

            started = time.perf_counter()
            first = import_files(actor=actor, files=files)
            first_seconds = time.perf_counter() - started

            started = time.perf_counter()
            second = import_files(actor=actor, files=files)
            second_seconds = time.perf_counter() - started

        print(f"files: {count} ({size / 1024:.0f} kB), database: {connection.vendor}")
        rate = count / read_seconds
        print(f"read and check only: {read_seconds:.2f} s ({rate:.0f} files/s)")
        print(
            f"first import:  {first_seconds:.2f} s ({count / first_seconds:.0f} files/s) "
            f"{first.counts()}"
        )
        print(
            f"second import: {second_seconds:.2f} s ({count / second_seconds:.0f} files/s) "
            f"{second.counts()}"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
