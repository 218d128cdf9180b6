"""Reference data every install needs: the five regions, the 98 municipalities and OS2.

Idempotent: rows are matched by their official code (or slug for OS2) and updated in place,
so running it again, or on a database that already has some of them, never duplicates.
"""

import csv
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "municipalities.csv"

REGIONS = [
    ("1081", "Region Nordjylland"),
    ("1082", "Region Midtjylland"),
    ("1083", "Region Syddanmark"),
    ("1084", "Region Hovedstaden"),
    ("1085", "Region Sjælland"),
]

ASSOCIATION = {
    "slug": "os2",
    "name": "OS2 – Offentligt digitaliseringsfællesskab",
    "website": "https://www.os2.eu",
}

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def _slug(name):
    # Frozen copy of os2gov.organisation.slugs.danish_slugify: migrations must not change.
    return slugify(name.translate(_DANISH))


def load_reference_data(apps, schema_editor):
    Organisation = apps.get_model("organisation", "Organisation")
    regions = {}
    for code, name in REGIONS:
        regions[code], _created = Organisation.objects.update_or_create(
            region_code=code,
            defaults={"name": name, "slug": _slug(name), "type": "region"},
        )
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            Organisation.objects.update_or_create(
                municipality_code=row["code"],
                defaults={
                    "name": row["name"],
                    "slug": _slug(row["name"]),
                    "type": "municipality",
                    "region": regions[row["region_code"]],
                },
            )
    Organisation.objects.update_or_create(
        slug=ASSOCIATION["slug"],
        defaults={
            "name": ASSOCIATION["name"],
            "type": "association",
            "website": ASSOCIATION["website"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]

    operations = [
        # Reversing keeps the rows: other records may already refer to them.
        migrations.RunPython(load_reference_data, migrations.RunPython.noop),
    ]
