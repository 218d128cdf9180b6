"""The association's five bodies (GOV-01…05) as data.

Names and purposes are stored in Danish, the language of the platform's users; the
responsible body can edit them in the admin afterwards. Running this again changes nothing
that already exists, so later edits are never overwritten.
"""

from django.db import migrations

BODIES = [
    {
        "kind": "general_assembly",
        "slug": "generalforsamling",
        "name": "Generalforsamlingen",
        "position": 1,
        "purpose": (
            "Foreningens øverste myndighed. Generalforsamlingen vedtager OS2's vedtægter og "
            "beslutter, hvilke licensformer fællesskabets produkter kan udgives under. Den "
            "sætter de strategiske rammer og mål, som bestyrelsen arbejder inden for, og "
            "dens beslutninger registreres her som generalforsamlingens egne."
        ),
    },
    {
        "kind": "board",
        "slug": "bestyrelse",
        "name": "Bestyrelsen",
        "position": 2,
        "purpose": (
            "Træffer beslutninger på foreningens vegne mellem to generalforsamlinger, inden "
            "for de rammer generalforsamlingen har sat. Bestyrelsen godkender "
            "forretningsudvalgets anbefalinger om nye produkter og skift af produktniveau "
            "og koordinationsudvalgets anbefalinger om driftskriterier. Den giver begge "
            "udvalg deres retningslinjer og styrer porteføljen som helhed."
        ),
    },
    {
        "kind": "business_committee",
        "slug": "forretningsudvalg",
        "name": "Forretningsudvalget",
        "position": 3,
        "purpose": (
            "Ejer kriterierne for produkterne, porteføljen og den fælles projektmodel med "
            "dens skabeloner og tjeklister. Udvalget har ansvaret for at fortælle om nye "
            "projekter, for samarbejdet med eksterne partnere og for licenser og juridiske "
            "spørgsmål. Nye produkter og ændrede produktniveauer anbefaler det til "
            "bestyrelsen, som træffer beslutningen."
        ),
    },
    {
        "kind": "secretariat",
        "slug": "sekretariat",
        "name": "Sekretariatet",
        "position": 4,
        "purpose": (
            "Forretningsledelsen og sekretariatet fører generalforsamlingens og bestyrelsens "
            "beslutninger ud i livet i hverdagen. Her ligger den daglige drift af "
            "foreningen, community management for både offentlige partnere og "
            "leverandører, rapportering og et samlet overblik over porteføljen til "
            "bestyrelsen og generalforsamlingen. Sekretariatet hjælper også projekterne "
            "med at finde finansiering."
        ),
    },
    {
        "kind": "coordination_committee",
        "slug": "koordinationsudvalg",
        "name": "Koordinationsudvalget",
        "position": 5,
        "purpose": (
            "Støtter koordinationsgrupperne omkring de enkelte produkter og får dem til at "
            "arbejde på samme måde. Udvalget ejer driftskriterierne, blandt andet for "
            "arkitektur, SLA og test, og de fælles skabeloner grupperne rapporterer efter. "
            "Driftskriterierne anbefaler det til bestyrelsen, som godkender dem."
        ),
    },
]


def load_bodies(apps, schema_editor):
    Body = apps.get_model("governance", "Body")
    for body in BODIES:
        Body.objects.get_or_create(
            kind=body["kind"],
            defaults={key: value for key, value in body.items() if key != "kind"},
        )


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [
        # Reversing keeps the rows: memberships and decisions may refer to them.
        migrations.RunPython(load_bodies, migrations.RunPython.noop),
    ]
