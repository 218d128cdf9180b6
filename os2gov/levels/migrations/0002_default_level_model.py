"""The default level model, version 1 (PRD-02, PRD-03, PRD-04), as data.

Written in the project's own words from the association's description of the three product
levels. The business committee changes it by publishing a new version (criteria.edit); this
migration only creates version 1 where no level model exists yet, so later versions and
edits are never overwritten.
"""

import datetime

from django.db import migrations
from django.utils import timezone

EFFECTIVE_ON = datetime.date(2026, 1, 1)

LEVELS = [
    {
        "code": "N1",
        "order": 1,
        "name_da": "Tag det som det er",
        "name_en": "Take it as it is",
        "description_da": (
            "Produktet er frit tilgængeligt for alle, men intet organ i OS2 følger med i "
            "det. Drift, support og videreudvikling er den enkelte kommunes eget ansvar "
            "eller ligger hos den leverandør, kommunen selv har valgt."
        ),
        "description_en": (
            "The product is freely available to anyone, but no OS2 body keeps an eye on "
            "it. Operation, support and further development are the municipality's own "
            "responsibility or lie with the supplier the municipality has chosen."
        ),
    },
    {
        "code": "N2",
        "order": 2,
        "name_da": "I brug i flere kommuner",
        "name_en": "In use in several municipalities",
        "description_da": (
            "Flere kommuner bruger produktet og styrer det sammen: en styregruppe med "
            "forbindelse til OS2's bestyrelse og en koordinationsgruppe, hvor kommuner og "
            "leverandør mødes efter en aftalt plan."
        ),
        "description_en": (
            "Several municipalities use the product and govern it together: a steering "
            "group linked to the OS2 board and a coordination group in which municipalities "
            "and the supplier meet on an agreed schedule."
        ),
    },
    {
        "code": "N3",
        "order": 3,
        "name_da": "I brug og vital",
        "name_en": "In use and vital",
        "description_da": (
            "Kommunerne er afhængige af produktet, så det følges tæt – organisatorisk, i "
            "driften og teknisk. Bestyrelsen sidder samlet i styregruppen, og produktet "
            "evalueres mindst én gang om året."
        ),
        "description_en": (
            "Municipalities depend on the product, so it is followed closely – "
            "organisationally, in operation and technically. The whole board sits in the "
            "steering group, and the product is evaluated at least once a year."
        ),
    },
]


def manual(level, key, theme, text_da, text_en, guidance_da, guidance_en, **rules):
    return {
        "level": level,
        "key": key,
        "theme": theme,
        "kind": "manual",
        "rule": "",
        "obligation": rules.pop("obligation", "required"),
        "url_required": rules.pop("url_required", True),
        "justification_required": rules.pop("justification_required", False),
        "not_applicable_allowed": rules.pop("not_applicable_allowed", False),
        "text_da": text_da,
        "text_en": text_en,
        "guidance_da": guidance_da,
        "guidance_en": guidance_en,
    }


def structural(level, key, theme, rule, text_da, text_en, guidance_da, guidance_en):
    return {
        "level": level,
        "key": key,
        "theme": theme,
        "kind": "structural",
        "rule": rule,
        "obligation": "required",
        "url_required": False,
        "justification_required": False,
        "not_applicable_allowed": False,
        "text_da": text_da,
        "text_en": text_en,
        "guidance_da": guidance_da,
        "guidance_en": guidance_en,
    }


CRITERIA = [
    # --- N1 ---------------------------------------------------------------------------------
    manual(
        "N1",
        "N1-RELEVANCE-BOTTOM-UP",
        "relevance",
        "Behovet for produktet er bekræftet nedefra: kommuner, der selv skal bruge det, har "
        "peget på behovet – ikke kun en leverandør eller en enkelt ildsjæl.",
        "The need for the product has been confirmed from below: municipalities that will "
        "use it themselves have pointed to the need – not only a supplier or a single "
        "enthusiast.",
        "Link til en behovsbeskrivelse, et referat eller en tilkendegivelse fra de "
        "kommuner, der står bag. Skriv kort, hvem der har bekræftet behovet.",
        "Link to a description of the need, minutes or a statement from the municipalities "
        "behind it. Say briefly who confirmed the need.",
        justification_required=True,
    ),
    manual(
        "N1",
        "N1-LEGAL-OWNERSHIP",
        "legal",
        "Rettighederne til koden er afklaret: OS2 eller kommunerne ejer den eller har de "
        "rettigheder, der skal til for at dele den, og leverandøraftalerne siger det samme.",
        "The rights to the code are settled: OS2 or the municipalities own it or hold the "
        "rights needed to share it, and the supplier contracts say the same.",
        "Link til den aftale eller det afsnit, der fastslår ejerskab eller brugsret.",
        "Link to the contract or the clause that settles ownership or the right of use.",
    ),
    manual(
        "N1",
        "N1-LEGAL-LICENCE",
        "legal",
        "Koden er udgivet under en open source-licens, som OS2 har godkendt, og licenserne "
        "på de komponenter, produktet bygger på, passer med den.",
        "The code is released under an open-source licence OS2 has approved, and the "
        "licences of the components the product builds on are compatible with it.",
        "Link til licensfilen i kodearkivet og gerne til en oversigt over komponenternes "
        "licenser.",
        "Link to the licence file in the code repository and preferably to an overview of "
        "the components' licences.",
    ),
    manual(
        "N1",
        "N1-DOCUMENTATION",
        "documentation",
        "Der findes offentlig dokumentation af, hvordan produktet installeres, sættes op og "
        "bruges.",
        "Public documentation exists of how the product is installed, configured and used.",
        "Link til dokumentationen. Mangler dele af den, så skriv hvilke.",
        "Link to the documentation. If parts are missing, say which.",
    ),
    manual(
        "N1",
        "N1-PROCUREMENT",
        "procurement",
        "Reglerne for offentlige indkøb er overholdt, da produktet blev udviklet eller "
        "købt: der er holdt udbud, eller det er dokumenteret, hvorfor det ikke var "
        "nødvendigt.",
        "The public procurement rules were followed when the product was developed or "
        "bought: it was tendered, or it is documented why no tender was needed.",
        "Link til udbudsmaterialet eller til notatet om, hvorfor der ikke blev holdt udbud. "
        "Er produktet udviklet uden indkøb, kan kriteriet være ikke relevant – forklar hvorfor.",
        "Link to the tender material or to the note on why no tender was held. If the "
        "product was developed without any purchase, the criterion may be not applicable – "
        "explain why.",
        justification_required=True,
        not_applicable_allowed=True,
    ),
    manual(
        "N1",
        "N1-TRAINING-MATERIALS",
        "training",
        "Der findes undervisningsmateriale til brugere og administratorer.",
        "Training material for users and administrators is available.",
        "Link til vejledninger, videoer eller kursusmateriale.",
        "Link to guides, videos or course material.",
    ),
    manual(
        "N1",
        "N1-ACCESSIBILITY-STATEMENT",
        "documentation",
        "Er produktet en offentlig webløsning, har det en tilgængelighedserklæring.",
        "If the product is a public web solution, it has an accessibility statement.",
        "Link til erklæringen. Er produktet ikke en webløsning, så vælg ikke relevant og "
        "forklar hvorfor.",
        "Link to the statement. If the product is not a web solution, choose not applicable "
        "and explain why.",
        obligation="recommended",
        not_applicable_allowed=True,
    ),
    # --- N2 ---------------------------------------------------------------------------------
    structural(
        "N2",
        "N2-USED-BY-TWO-MUNICIPALITIES",
        "use",
        "used_by_two_municipalities",
        "Mindst to kommuner bruger produktet og har en gældende tilslutningsaftale.",
        "At least two municipalities use the product under a connection agreement in force.",
        "Beregnes ud fra tilslutningsaftalerne.",
        "Computed from the connection agreements.",
    ),
    structural(
        "N2",
        "N2-STEERING-GROUP-BOARD-LINK",
        "organisation",
        "steering_group_with_board_member",
        "Produktet har en styregruppe med mindst ét medlem, der sidder i OS2's bestyrelse "
        "eller er udpeget af den.",
        "The product has a steering group with at least one member who sits on the OS2 "
        "board or was appointed by it.",
        "Beregnes ud fra styregruppens medlemmer og bestyrelsens sammensætning.",
        "Computed from the steering group's members and the board's composition.",
    ),
    structural(
        "N2",
        "N2-COORDINATION-GROUP",
        "organisation",
        "coordination_group_with_municipality_and_supplier",
        "Produktet har en koordinationsgruppe med mindst én kommune og mindst én leverandør "
        "blandt medlemmerne og en aftalt mødekadence.",
        "The product has a coordination group with at least one municipality and at least "
        "one supplier among its members, and an agreed meeting cadence.",
        "Beregnes ud fra koordinationsgruppens medlemmer og dens mindste antal møder om året.",
        "Computed from the coordination group's members and its minimum meetings a year.",
    ),
    manual(
        "N2",
        "N2-BEST-PRACTICE-ROLLOUT-OPERATION",
        "operations",
        "Erfaringer og god praksis for udrulning og drift er samlet og stillet til rådighed "
        "for kommunerne.",
        "Experience and good practice for rolling out and operating the product have been "
        "gathered and made available to the municipalities.",
        "Link til den samlede vejledning om udrulning, drift og vedligehold.",
        "Link to the collected guidance on rollout, operation and maintenance.",
    ),
    manual(
        "N2",
        "N2-ONE-CODE-VERSION",
        "code",
        "Der er kun én version af koden: alle kommuner kører udgivelser fra samme hovedlinje, "
        "og der vedligeholdes ingen særversioner for enkelte kommuner.",
        "There is only one version of the code: every municipality runs releases from the "
        "same main line, and no special versions are maintained for single municipalities.",
        "Link til kodearkivet og dets udgivelser.",
        "Link to the code repository and its releases.",
    ),
    manual(
        "N2",
        "N2-SUPPLIER-OPERATION-SUPPORT",
        "operations",
        "Mindst én leverandør tilbyder den enkelte kommune drift, support og vedligehold af "
        "produktet, og tilbuddet omfatter en databehandleraftale, hvor der behandles "
        "personoplysninger.",
        "At least one supplier offers each municipality operation, support and maintenance "
        "of the product, and the offer includes a data-processing agreement where personal "
        "data are processed.",
        "Link til leverandørens tilbud eller standardaftale. Skriv, hvordan "
        "databehandleraftalen er dækket.",
        "Link to the supplier's offer or standard contract. Say how the data-processing "
        "agreement is covered.",
        justification_required=True,
    ),
    # --- N3 ---------------------------------------------------------------------------------
    structural(
        "N3",
        "N3-STEERING-GROUP-WHOLE-BOARD",
        "organisation",
        "steering_group_appointed_by_board_with_whole_board",
        "Styregruppen er nedsat ved en beslutning i OS2's bestyrelse, og hele bestyrelsen "
        "sidder i den.",
        "The steering group was set up by a decision of the OS2 board, and the whole board "
        "sits in it.",
        "Beregnes ud fra bestyrelsens beslutninger og styregruppens medlemmer.",
        "Computed from the board's decisions and the steering group's members.",
    ),
    structural(
        "N3",
        "N3-BOARD-MEMBER-IN-COORDINATION",
        "organisation",
        "board_member_in_coordination_group",
        "Et medlem af OS2's bestyrelse deltager i koordinationsgruppen.",
        "A member of the OS2 board takes part in the coordination group.",
        "Beregnes ud fra koordinationsgruppens medlemmer.",
        "Computed from the coordination group's members.",
    ),
    manual(
        "N3",
        "N3-HANDOVER-TO-OPERATIONS",
        "operations",
        "Kravene til overdragelse til drift er opfyldt: aftalte serviceniveauer, "
        "overvågning, testprocedurer, håndtering af hændelser og en driftshåndbog.",
        "The requirements for handover to operations are met: agreed service levels, "
        "monitoring, test procedures, incident handling and an operations manual.",
        "Link til driftsaftalen og driftshåndbogen.",
        "Link to the operations agreement and the operations manual.",
    ),
    structural(
        "N3",
        "N3-ANNUAL-EVALUATION",
        "evaluation",
        "evaluated_within_a_year",
        "Produktet er evalueret inden for de seneste 12 måneder.",
        "The product has been evaluated within the last 12 months.",
        "Beregnes ud fra de registrerede evalueringer (dato, organ, resumé og referat).",
        "Computed from the recorded evaluations (date, body, summary and minutes).",
    ),
]


def create_default_model(apps, schema_editor):
    LevelModel = apps.get_model("levels", "LevelModel")
    Level = apps.get_model("levels", "Level")
    Criterion = apps.get_model("levels", "Criterion")
    if LevelModel.objects.exists():
        return
    model = LevelModel.objects.create(
        version=1,
        effective_on=EFFECTIVE_ON,
        is_current=True,
        published_at=timezone.now(),
        notes="Standardmodellen, som OS2gov leveres med. / The default model OS2gov ships with.",
    )
    levels = {data["code"]: Level.objects.create(model=model, **data) for data in LEVELS}
    for order, data in enumerate(CRITERIA, start=1):
        fields = dict(data)
        level = levels[fields.pop("level")]
        Criterion.objects.create(model=model, level=level, order=order, **fields)


class Migration(migrations.Migration):
    dependencies = [("levels", "0001_initial")]

    operations = [migrations.RunPython(create_default_model, migrations.RunPython.noop)]
