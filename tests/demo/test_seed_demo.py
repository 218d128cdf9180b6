"""The demo data: working logins, idempotent, deterministic, scalable."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from os2gov.accounts.models import User
from os2gov.catalogue.models import ConnectionAgreement, Product, ProductSupplier
from os2gov.core.models import AuditEvent
from os2gov.demo import generators
from os2gov.demo.accounts import DEMO_ACCOUNTS, DEMO_EMAIL_DOMAIN
from os2gov.demo.plan import demo_plan
from os2gov.demo.services import municipality_codes
from os2gov.governance.models import (
    Body,
    BodyMembership,
    Decision,
    DecisionSubject,
    Group,
    GroupMembership,
)
from os2gov.organisation.models import Organisation, OrganisationType
from os2gov.organisation.validators import is_valid_cvr

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def seed(*args: str, **options: Any) -> str:
    """Run the seed without the wishes (they take most of its time) unless asked for."""
    options.setdefault("without_wishes", True)
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, **options)
    return out.getvalue()


def snapshot() -> dict[str, list[Any]]:
    """Every row the seed touches, every column (password hashes and updated_at included)."""
    tables: dict[str, Any] = {
        "organisations": Organisation,
        "users": User,
        "permissions": User.user_permissions.through,
        "email_addresses": EmailAddress,
        "products": Product,
        "agreements": ConnectionAgreement,
        "product_suppliers": ProductSupplier,
        "bodies": Body,
        "body_memberships": BodyMembership,
        "groups": Group,
        "group_memberships": GroupMembership,
        "decisions": Decision,
        "decision_subjects": DecisionSubject,
        "audit_events": AuditEvent,
    }
    return {
        name: list(model._default_manager.order_by("pk").values()) for name, model in tables.items()
    }


def members(scale: int) -> int:
    """How many people the governance part of the demo adds (the bodies' and groups' members)."""
    return len(demo_plan(municipality_codes(), scale).people)


def test_every_demo_account_logs_in_with_its_documented_password() -> None:
    seed(quiet=True)
    for account in DEMO_ACCOUNTS:
        user = authenticate(email=account.email, password=account.password)
        assert user is not None, account.email
        assert user.name == account.name
        assert user.organisation is not None
        assert EmailAddress.objects.filter(user=user, email=account.email, verified=True).exists()
    assert authenticate(email=DEMO_ACCOUNTS[0].email, password="wrong") is None


def test_demo_accounts_work_where_they_should() -> None:
    seed(quiet=True)
    accounts = {a.key: User.objects.get(email=a.email) for a in DEMO_ACCOUNTS}
    secretariat = accounts["secretariat"]
    assert secretariat.organisation is not None
    assert secretariat.organisation.slug == "os2"
    assert secretariat.is_staff and not secretariat.is_superuser
    assert secretariat.has_perm("organisation.change_organisation")
    assert accounts["board_member"].organisation.municipality_code == "751"  # type: ignore[union-attr]
    assert accounts["municipal_user"].organisation.type == OrganisationType.MUNICIPALITY  # type: ignore[union-attr]
    assert accounts["supplier_user"].organisation.type == OrganisationType.SUPPLIER  # type: ignore[union-attr]
    assert accounts["os2mo_user"].organisation.type == OrganisationType.MUNICIPALITY  # type: ignore[union-attr]
    for key in ("board_member", "municipal_user", "os2mo_user", "supplier_user", "coordinator"):
        assert not accounts[key].is_staff

    client = Client()
    client.force_login(secretariat)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/organisation/organisation/").status_code == 200


def test_demo_accounts_have_distinct_emails_on_a_reserved_domain() -> None:
    emails = [a.email for a in DEMO_ACCOUNTS]
    assert len(set(emails)) == len(emails)
    assert all(e.endswith("@" + DEMO_EMAIL_DOMAIN) for e in emails)
    assert DEMO_EMAIL_DOMAIN.endswith((".invalid", ".example"))
    # One account per role later modules build on.
    assert {a.key for a in DEMO_ACCOUNTS} >= {
        "secretariat",
        "board_member",
        "municipal_user",
        "os2mo_user",
        "supplier_user",
        "steering_group_member",
        "coordinator",
    }


def test_seed_creates_suppliers_and_people_with_volume() -> None:
    seed(quiet=True)
    suppliers = Organisation.objects.filter(type=OrganisationType.SUPPLIER)
    assert suppliers.count() == generators.SUPPLIERS_PER_SCALE
    for supplier in suppliers:
        assert is_valid_cvr(supplier.cvr)
        assert supplier.name.endswith((" A/S", " ApS"))
        supplier.full_clean()
    people = User.objects.filter(email__endswith="@" + DEMO_EMAIL_DOMAIN)
    assert people.count() == generators.PEOPLE_PER_SCALE + len(DEMO_ACCOUNTS) + members(1)
    generated = people.exclude(email__in=[a.email for a in DEMO_ACCOUNTS])
    assert not any(person.has_usable_password() for person in generated)
    organisation_types = set(generated.values_list("organisation__type", flat=True))
    # The secretariat's people work for the association itself.
    assert organisation_types == {
        OrganisationType.MUNICIPALITY,
        OrganisationType.SUPPLIER,
        OrganisationType.ASSOCIATION,
    }
    assert generated.values("organisation").distinct().count() >= 10


def test_second_run_changes_nothing() -> None:
    seed(quiet=True, without_wishes=False)
    before = snapshot()
    # The snapshot covers the governance tables, and they are not empty.
    assert all(before[table] for table in before if table != "permissions"), [
        table for table, rows in before.items() if not rows
    ]
    output = seed(without_wishes=False)
    assert snapshot() == before
    assert "nothing changed" in output


def test_one_audit_event_per_run_that_created_something() -> None:
    seed(quiet=True)
    events = AuditEvent.objects.filter(action="demo.seed")
    assert events.count() == 1
    event = events.get()
    assert event.actor is None
    assert event.actor_label == "system"
    seed(quiet=True)
    assert events.count() == 1
    seed(quiet=True, scale=2)
    assert events.count() == 2


def test_scale_multiplies_the_volume_and_keeps_what_exists() -> None:
    seed(quiet=True)
    first = snapshot()
    output = seed("--scale", "2")
    suppliers = Organisation.objects.filter(type=OrganisationType.SUPPLIER)
    assert suppliers.count() == 2 * generators.SUPPLIERS_PER_SCALE
    people = User.objects.filter(email__endswith="@" + DEMO_EMAIL_DOMAIN)
    assert people.count() == 2 * generators.PEOPLE_PER_SCALE + len(DEMO_ACCOUNTS) + members(2)
    # Progress lines name the total.
    assert f"people: {2 * generators.PEOPLE_PER_SCALE}/{2 * generators.PEOPLE_PER_SCALE}" in output
    # The rows of the first run are untouched.
    after = snapshot()
    for table in after:
        kept = {row["id"]: row for row in after[table]}
        assert all(kept[row["id"]] == row for row in first[table])
    # And scale 2 is itself idempotent.
    again = snapshot()
    seed(quiet=True, scale=2)
    assert snapshot() == again


def test_output_lists_every_demo_account_with_role_and_password() -> None:
    output = seed()
    assert "people: 40/40" in output
    for account in DEMO_ACCOUNTS:
        assert account.email in output
        assert account.password in output
        for language in ("da", "en"):
            with translation.override(language):
                assert str(account.role) in output
    assert "Aarhus Kommune" in output
    # The table is printed on a second run too: `make run` always shows it.
    assert all(account.email in seed() for account in DEMO_ACCOUNTS)


def test_quiet_prints_nothing() -> None:
    assert seed(quiet=True) == ""


def test_scale_below_one_is_refused() -> None:
    with pytest.raises(ValueError):
        seed(quiet=True, scale=0)


def test_generators_are_deterministic_and_stable_under_scale() -> None:
    codes = [f"{n:03d}" for n in range(101, 200)]
    suppliers = generators.supplier_specs(12)
    people = generators.person_specs(80, codes)
    generators._FAKER = None  # a fresh Faker gives the same items
    assert generators.supplier_specs(12) == suppliers
    assert generators.person_specs(80, codes) == people
    # A larger scale only appends.
    assert generators.supplier_specs(6) == suppliers[:6]
    assert generators.person_specs(40, codes) == people[:40]
    # Unique natural keys, valid CVR numbers, fictional addresses.
    assert len({s.cvr for s in suppliers}) == len({s.slug for s in suppliers}) == 12
    assert all(is_valid_cvr(s.cvr) for s in suppliers)
    assert len({p.email for p in people}) == 80
    assert all(p.email.endswith("@" + DEMO_EMAIL_DOMAIN) for p in people)
    # People only refer to suppliers that exist at their scale step.
    for index, person in enumerate(people):
        if person.organisation.kind == "demo_supplier":
            step = index // generators.PEOPLE_PER_SCALE
            assert int(person.organisation.value) // generators.SUPPLIERS_PER_SCALE == step


def test_generators_give_the_same_names_in_a_fresh_interpreter() -> None:
    """Two fresh databases get the same data: a new process (with its own hash seed)
    generates exactly what this one does."""
    script = (
        "import json, django\n"
        "from django.conf import settings\n"
        "settings.configure()\n"
        "from os2gov.demo import generators as g\n"
        "print(json.dumps([[s.name, s.cvr] for s in g.supplier_specs(6)]"
        " + [[p.name, p.email] for p in g.person_specs(40, ['101', '461', '751'])]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    )
    expected = [[s.name, s.cvr] for s in generators.supplier_specs(6)] + [
        [p.name, p.email] for p in generators.person_specs(40, ["101", "461", "751"])
    ]
    assert json.loads(result.stdout) == expected
