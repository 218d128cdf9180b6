"""Loading the demo data: idempotent, so running it again changes nothing.

Each kind of row has a natural key (a supplier's CVR number, a person's e-mail address, a
membership's body or group, person, position and first day). The loader reads the keys
that exist and creates only the missing rows; it never updates an existing row, so
passwords are not re-hashed and ``updated_at`` stays as it was.

The governance part (products, agreements, suppliers, the bodies' and groups' members and
recorded decisions) is described by ``plan.py`` and loaded by ``loader.py``. Texts the
services write (decision texts, audit summaries) are written in the site's language, so
two runs anywhere write the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.utils import translation

from os2gov.accounts.models import User
from os2gov.core.audit import record_event
from os2gov.demo import generators
from os2gov.demo.accounts import DEMO_ACCOUNTS, DEMO_EMAIL_DOMAIN, DemoAccount, OrganisationRef
from os2gov.demo.loader import BodiesMissing, GovernanceResult, Loader
from os2gov.demo.plan import demo_plan
from os2gov.demo.products import load_documentation_owners
from os2gov.organisation.models import Organisation, OrganisationType

BATCH_SIZE = 500

Progress = Callable[[str, int, int], None]
T = TypeVar("T")


class ReferenceDataMissing(Exception):
    """The reference organisations (added by the organisation app's migrations) are absent."""


@dataclass
class SeedResult:
    scale: int
    suppliers_created: int = 0
    accounts_created: int = 0
    people_created: int = 0
    created_emails: list[str] = field(default_factory=list)
    governance: GovernanceResult = field(default_factory=GovernanceResult)

    @property
    def created_anything(self) -> bool:
        return bool(
            self.suppliers_created
            or self.accounts_created
            or self.people_created
            or self.governance.total()
        )


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class _Resolver:
    """Finds the organisation an OrganisationRef points at, with one query per kind."""

    def __init__(self, suppliers: Sequence[generators.SupplierSpec]) -> None:
        self.by_slug: dict[str, Organisation] = {}
        self.by_code = {
            org.municipality_code: org
            for org in Organisation.objects.filter(type=OrganisationType.MUNICIPALITY)
        }
        supplier_by_cvr = {
            org.cvr: org
            for org in Organisation.objects.filter(cvr__in=[spec.cvr for spec in suppliers])
        }
        self.suppliers = [supplier_by_cvr[spec.cvr] for spec in suppliers]

    def __call__(self, ref: OrganisationRef) -> Organisation:
        if ref.kind == "municipality_code":
            if ref.value not in self.by_code:
                raise ReferenceDataMissing(f"No municipality with code {ref.value}.")
            return self.by_code[ref.value]
        if ref.kind == "demo_supplier":
            return self.suppliers[int(ref.value)]
        if ref.kind == "slug":
            if ref.value not in self.by_slug:
                org = Organisation.objects.filter(slug=ref.value).first()
                if org is None:
                    raise ReferenceDataMissing(f"No organisation with slug {ref.value!r}.")
                self.by_slug[ref.value] = org
            return self.by_slug[ref.value]
        raise ValueError(f"Unknown organisation reference kind {ref.kind!r}.")


def municipality_codes() -> list[str]:
    codes = sorted(
        Organisation.objects.filter(type=OrganisationType.MUNICIPALITY)
        .exclude(municipality_code="")
        .values_list("municipality_code", flat=True)
    )
    if not codes:
        raise ReferenceDataMissing("No municipalities: run `os2gov migrate` first.")
    return codes


def _noop(label: str, done: int, total: int) -> None:
    return None


def _seed_suppliers(specs: Sequence[generators.SupplierSpec], progress: Progress) -> int:
    existing = set(
        Organisation.objects.filter(cvr__in=[spec.cvr for spec in specs]).values_list(
            "cvr", flat=True
        )
    )
    missing = [spec for spec in specs if spec.cvr not in existing]
    done = len(specs) - len(missing)
    for batch in _batches(missing, BATCH_SIZE):
        Organisation.objects.bulk_create(
            Organisation(
                type=OrganisationType.SUPPLIER,
                name=spec.name,
                slug=spec.slug,
                cvr=spec.cvr,
                contact_email=spec.contact_email,
            )
            for spec in batch
        )
        done += len(batch)
        progress("suppliers", done, len(specs))
    return len(missing)


def _seed_accounts(resolve: _Resolver) -> list[str]:
    """The demo accounts, with their documented passwords and verified e-mail addresses
    (the login page refuses unverified addresses when verification is mandatory)."""
    created: list[str] = []
    existing = set(
        User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS]).values_list(
            "email", flat=True
        )
    )
    for account in DEMO_ACCOUNTS:
        if account.email in existing:
            continue
        user = User.objects.create_user(
            email=account.email,
            password=account.password,
            name=account.name,
            title=account.title,
            organisation=resolve(account.organisation),
            is_staff=account.is_staff,
        )
        created.append(user.email)
    _grant_permissions()
    verified = set(
        EmailAddress.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS]).values_list(
            "email", flat=True
        )
    )
    users = {u.email: u for u in User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS])}
    EmailAddress.objects.bulk_create(
        EmailAddress(user=users[a.email], email=a.email, verified=True, primary=True)
        for a in DEMO_ACCOUNTS
        if a.email not in verified
    )
    return created


def _grant_permissions() -> None:
    """Give the demo accounts their model permissions (adding one already held is a no-op)."""
    for account in DEMO_ACCOUNTS:
        if not account.permissions:
            continue
        query = Q(pk__in=[])
        for permission in account.permissions:
            app_label, codename = permission.split(".", 1)
            if codename == "*":
                query |= Q(content_type__app_label=app_label)
            else:
                query |= Q(content_type__app_label=app_label, codename=codename)
        user = User.objects.get(email=account.email)
        user.user_permissions.add(*Permission.objects.filter(query))


def _seed_people(
    specs: Sequence[generators.PersonSpec],
    resolve: _Resolver,
    progress: Progress,
    label: str = "people",
) -> int:
    existing = set(
        User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").values_list("email", flat=True)
    )
    missing = [spec for spec in specs if spec.email not in existing]
    done = len(specs) - len(missing)
    for batch in _batches(missing, BATCH_SIZE):
        User.objects.bulk_create(
            User(
                email=spec.email,
                name=spec.name,
                title=spec.title,
                organisation=resolve(spec.organisation),
                # They never log in: make_password(None) gives an unusable password.
                password=make_password(None),
            )
            for spec in batch
        )
        done += len(batch)
        progress(label, done, len(specs))
    return len(missing)


def seed_demo(
    scale: int = 1, progress: Progress = _noop, *, with_wishes: bool = True
) -> SeedResult:
    """Create whatever demo data is missing for ``scale``; return what was created.
    ``with_wishes=False`` leaves out the development wishes and economic frames."""
    if scale < 1:
        raise ValueError("The scale is a whole number of at least 1.")
    result = SeedResult(scale=scale)
    codes = municipality_codes()
    supplier_specs = generators.supplier_specs(generators.SUPPLIERS_PER_SCALE * scale)
    person_specs = generators.person_specs(generators.PEOPLE_PER_SCALE * scale, codes)
    plan = demo_plan(codes, scale)
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        result.suppliers_created = _seed_suppliers(supplier_specs, progress)
        resolve = _Resolver(supplier_specs)
        result.created_emails = _seed_accounts(resolve)
        result.accounts_created = len(result.created_emails)
        result.people_created = _seed_people(person_specs, resolve, progress)
        result.people_created += _seed_people(plan.people, resolve, progress, label="members")
        try:
            loader = Loader(plan, resolve, progress, with_wishes=with_wishes)
            result.governance = loader.load()
        except BodiesMissing as error:
            raise ReferenceDataMissing(str(error)) from None
        load_documentation_owners(loader.products, loader.actor, resolve, progress)
        if result.created_anything:
            governance = result.governance
            counts = {
                "suppliers_created": result.suppliers_created,
                "accounts_created": result.accounts_created,
                "people_created": result.people_created,
                "products_created": governance.products,
                "product_suppliers_created": governance.product_suppliers,
                "agreements_created": governance.agreements,
                "body_memberships_created": governance.body_memberships,
                "groups_created": governance.groups,
                "group_memberships_created": governance.group_memberships,
                "decisions_created": governance.decisions,
            }
            record_event(
                actor=None,
                action="demo.seed",
                summary=(
                    f"Demo data (scale {scale}): {result.suppliers_created} suppliers, "
                    f"{result.accounts_created} demo accounts, {result.people_created} people, "
                    f"{governance.products} products, {governance.agreements} connection "
                    f"agreements, {governance.body_memberships} body memberships, "
                    f"{governance.groups} groups, {governance.group_memberships} group "
                    f"memberships and {governance.decisions} recorded decisions created."
                ),
                changes={"scale": [None, scale]}
                | {name: [0, count] for name, count in counts.items()},
            )
    return result


def demo_account_rows() -> list[tuple[DemoAccount, str]]:
    """Every demo account with the name of its organisation as stored, for printing."""
    users = {
        u.email: u
        for u in User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS]).select_related(
            "organisation"
        )
    }
    rows = []
    for account in DEMO_ACCOUNTS:
        user = users.get(account.email)
        rows.append((account, str(user.organisation) if user and user.organisation else ""))
    return rows
