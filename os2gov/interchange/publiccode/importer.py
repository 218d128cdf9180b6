"""Import publiccode.yml files into the product catalogue (PRD-08).

    outcome = import_document(actor=user, document=read_publiccode(raw))   # one file
    report = import_files(actor=user, files=[(name, raw), ...], progress=p)  # many

The rules (docs/decisions/0008-publiccode-import.md says why):

* A product is matched by its repository URL (``url``; scheme and host in any case, with or
  without ``.git`` or a trailing slash) and updated; a file whose repository no product has
  registers a new product **in the sandbox**, through ``catalogue.services.product_create``
  under the secretariat's mandate ``product.create`` (PRD-06: only the business committee
  and the board take a product further). Updating is ``product.update``: the secretariat or
  the product's tovholder. The profile and the unconfirmed users are written under
  ``product.update`` too; new suppliers and organisations under the secretariat's mandates.
  Each service asks the mandate module itself; a refusal names the holder.
* The file wins for the keys it states; a key it leaves out leaves the field as it is.
  Suppliers are never removed by an import, only added or given maintenance.
* **Each file is its own all-or-nothing unit**: every write for one file, in one
  transaction (a savepoint inside a batch), or none. A refused, invalid or clashing file
  is reported with its reasons and the batch goes on.
* One audit event per file that changed anything (``interchange.publiccode.import``), on top
  of the services' own decisions and events.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from os2gov.authority import service as authority
from os2gov.authority.service import MandateRefused
from os2gov.catalogue import services as catalogue
from os2gov.catalogue.models import Product, ProductStatus, ProductSupplier
from os2gov.core.audit import record_event
from os2gov.interchange.models import PubliccodeProfile, UnconfirmedUser
from os2gov.interchange.publiccode.mapping import Mapped, map_document, repository_key
from os2gov.interchange.publiccode.reader import (
    Document,
    InvalidPubliccode,
    Problem,
    read_publiccode,
)
from os2gov.organisation import services as registry
from os2gov.organisation.models import Organisation, OrganisationType
from os2gov.organisation.services import StaleEditError

IMPORT_ACTION = "interchange.publiccode.import"
PROFILE_ACTION = "product.update"
PROFILE_FIELDS = (
    "standard_version",
    "development_status",
    "software_type",
    "platforms",
    "categories",
    "software_version",
    "release_date",
    "licence_expression",
    "description_language",
    "features",
    "maintenance_type",
    "contractors",
    "contacts",
    "depends_on",
    "localisation_ready",
    "available_languages",
)


class Outcome(StrEnum):
    IMPORTED = "imported"  # a new product
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


OUTCOME_LABELS = {
    Outcome.IMPORTED: gettext_lazy("Imported"),
    Outcome.UPDATED: gettext_lazy("Updated"),
    Outcome.UNCHANGED: gettext_lazy("Unchanged"),
    Outcome.REJECTED: gettext_lazy("Rejected"),
}


@dataclass
class FileOutcome:
    """What became of one file."""

    name: str
    outcome: Outcome
    product_slug: str = ""
    product_name: str = ""
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # {"path", "message", "line"} for each reason that names a field (the API's 422).
    problems: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "outcome": self.outcome.value,
            "product_slug": self.product_slug,
            "product_name": self.product_name,
            "reasons": self.reasons,
            "warnings": self.warnings,
        }


@dataclass
class BatchReport:
    files: list[FileOutcome] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for item in self.files if item.outcome == outcome)

    def counts(self) -> dict[str, int]:
        return {outcome.value: self.count(outcome) for outcome in Outcome}

    @property
    def rejected(self) -> list[FileOutcome]:
        return [item for item in self.files if item.outcome == Outcome.REJECTED]

    def as_dict(self) -> dict[str, Any]:
        """JSON for a background job's result."""
        return {"counts": self.counts(), "files": [item.as_dict() for item in self.files]}


class _Lookups:
    """What a batch looks up for every file, read once: products by repository, and
    organisations by name. Only committed files add to it."""

    def __init__(self) -> None:
        self.products: dict[str, Product] = {}
        for product in Product.objects.exclude(repository_url=""):
            self.products.setdefault(repository_key(product.repository_url), product)
        self.organisations: dict[str, Organisation] = {}
        self.suppliers: dict[str, Organisation] = {}
        for organisation in Organisation.objects.all():
            key = organisation.name.casefold()
            self.organisations.setdefault(key, organisation)
            if organisation.type == OrganisationType.SUPPLIER:
                self.suppliers.setdefault(key, organisation)

    def remember_product(self, product: Product) -> None:
        self.products[repository_key(product.repository_url)] = product

    def remember_organisation(self, organisation: Organisation) -> None:
        key = organisation.name.casefold()
        self.organisations.setdefault(key, organisation)
        if organisation.type == OrganisationType.SUPPLIER:
            self.suppliers.setdefault(key, organisation)


def _as_problems(error: ValidationError, path_of: Callable[[str], str | None]) -> list[Problem]:
    if not hasattr(error, "error_dict"):
        return [Problem("", message) for message in error.messages]
    problems: list[Problem] = []
    for name, messages in error.message_dict.items():
        path = "" if name == NON_FIELD_ERRORS else (path_of(name) or name)
        problems.extend(Problem(path, message) for message in messages)
    return problems


# --- One file -------------------------------------------------------------------------------


@dataclass
class _Written:
    outcome: Outcome
    product: Product
    new_organisations: list[Organisation] = field(default_factory=list)


def _product(actor: Any, mapped: Mapped, found: Product | None, on: datetime.date | None) -> Any:
    try:
        if found is None:
            data = {**mapped.product, "status": ProductStatus.SANDBOX}
            return catalogue.product_create(actor=actor, data=data, on=on), True
        current = Product.objects.get(pk=found.pk)
        changes = {
            name: value for name, value in mapped.product.items() if getattr(current, name) != value
        }
        if not changes:
            return current, False
        updated = catalogue.product_update(
            actor=actor,
            product=current,
            data=changes,
            expected_updated_at=current.updated_at,
            on=on,
        )
        return updated, True
    except ValidationError as error:
        raise InvalidPubliccode(_as_problems(error, mapped.field_path)) from None


def _suppliers(
    actor: Any, product: Product, mapped: Mapped, lookups: _Lookups, on: datetime.date | None
) -> tuple[bool, list[Organisation]]:
    """Each contractor as a supplier of the product delivering maintenance."""
    changed = False
    created: list[Organisation] = []
    rows = {row.organisation_id: row for row in ProductSupplier.objects.filter(product=product)}
    for index, contractor in enumerate(mapped.contractors):
        path = f"maintenance.contractors[{index}]"
        name = " ".join(str(contractor["name"]).split())
        key = name.casefold()
        organisation = lookups.suppliers.get(key)
        if organisation is None and key in lookups.organisations:
            other = lookups.organisations[key]
            raise InvalidPubliccode(
                [
                    Problem(
                        f"{path}.name",
                        _(
                            "%(name)s is registered as %(type)s, not as a supplier: it cannot "
                            "maintain the product."
                        )
                        % {"name": other.name, "type": other.get_type_display().lower()},
                    )
                ]
            )
        if organisation is None:
            data = {"name": name[:200], "type": OrganisationType.SUPPLIER}
            if contractor.get("website"):
                data["website"] = contractor["website"]
            try:
                organisation = registry.organisation_create(actor=actor, data=data, on=on)
            except ValidationError as error:
                fields = {
                    "name": f"{path}.name",
                    "slug": f"{path}.name",
                    "website": f"{path}.website",
                }
                raise InvalidPubliccode(_as_problems(error, fields.get)) from None
            created.append(organisation)
        row = rows.get(organisation.pk)
        if row is None:
            rows[organisation.pk] = catalogue.supplier_add(
                actor=actor,
                product=product,
                organisation=organisation,
                data={"delivers_maintenance": True},
                on=on,
            )
            changed = True
        elif not row.delivers_maintenance:
            rows[organisation.pk] = catalogue.supplier_update(
                actor=actor,
                supplier=row,
                data={"delivers_maintenance": True},
                expected_updated_at=row.updated_at,
                on=on,
            )
            changed = True
    return changed, created


def _profile(
    actor: Any, product: Product, mapped: Mapped, document: Document
) -> dict[str, list[Any]]:
    """Write the profile; return {field: [old, new]} of what changed."""
    values = mapped.profile
    profile = PubliccodeProfile.objects.filter(product=product).first()
    changes: dict[str, list[Any]] = {}
    if profile is None:
        profile = PubliccodeProfile(product=product)
        changes = {name: [None, _plain(values[name])] for name in PROFILE_FIELDS}
    else:
        for name in PROFILE_FIELDS:
            old = getattr(profile, name)
            if old != values[name]:
                changes[name] = [_plain(old), _plain(values[name])]
    if changes:
        for name in PROFILE_FIELDS:
            setattr(profile, name, values[name])
        profile.imported_by = actor if getattr(actor, "is_authenticated", False) else None
        profile.full_clean(exclude=["product"])
        profile.save()
    return changes


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _users(product: Product, mapped: Mapped, lookups: _Lookups) -> list[list[str]] | None:
    """Replace the unconfirmed users; return [old names, new names] if they changed."""
    old = list(
        UnconfirmedUser.objects.filter(product=product)
        .order_by("position", "id")
        .values_list("name", "organisation_id")
    )
    new = []
    for name in mapped.used_by:
        organisation = lookups.organisations.get(name.casefold())
        new.append((name, organisation.pk if organisation is not None else None))
    if old == new:
        return None
    UnconfirmedUser.objects.filter(product=product).delete()
    UnconfirmedUser.objects.bulk_create(
        UnconfirmedUser(product=product, name=name, organisation_id=organisation_id, position=i)
        for i, (name, organisation_id) in enumerate(new)
    )
    return [[name for name, _id in old], [name for name, _id in new]]


def _write(
    *, actor: Any, document: Document, lookups: _Lookups, on: datetime.date | None
) -> _Written:
    mapped = map_document(document)
    found = lookups.products.get(repository_key(mapped.repository_url))
    product, product_changed = _product(actor, mapped, found, on)
    mandate = authority.require(actor, PROFILE_ACTION, product=product, on=on)
    suppliers_changed, new_organisations = _suppliers(actor, product, mapped, lookups, on)
    profile_changes = _profile(actor, product, mapped, document)
    users_changed = _users(product, mapped, lookups)
    if found is None:
        outcome = Outcome.IMPORTED
    elif product_changed or suppliers_changed or profile_changes or users_changed:
        outcome = Outcome.UPDATED
    else:
        outcome = Outcome.UNCHANGED
    if outcome != Outcome.UNCHANGED:
        changes: dict[str, Any] = {"outcome": outcome.value, "profile": profile_changes}
        if users_changed is not None:
            changes["unconfirmed_users"] = users_changed
        if document.warnings:
            changes["warnings"] = [str(warning) for warning in document.warnings]
        summary = (
            _("Imported the product %(product)s from publiccode.yml.")
            if outcome == Outcome.IMPORTED
            else _("Updated the product %(product)s from publiccode.yml.")
        )
        record_event(
            actor=actor,
            action=IMPORT_ACTION,
            target=product,
            mandate=mandate.audit_text,
            summary=summary % {"product": product.name},
            changes=changes,
        )
    return _Written(outcome, product, new_organisations)


def import_document(
    *,
    actor: Any,
    document: Document,
    on: datetime.date | None = None,
    lookups: _Lookups | None = None,
) -> FileOutcome:
    """Import one checked document, all or nothing. Raises MandateRefused (naming the
    holder) or InvalidPubliccode (what the catalogue refused, by field path)."""
    lookups = lookups or _Lookups()
    with transaction.atomic():
        written = _write(actor=actor, document=document, lookups=lookups, on=on)
    lookups.remember_product(written.product)
    for organisation in written.new_organisations:
        lookups.remember_organisation(organisation)
    return FileOutcome(
        name="",
        outcome=written.outcome,
        product_slug=written.product.slug,
        product_name=written.product.name,
        warnings=[str(warning) for warning in document.warnings],
    )


def _rejected(name: str, problems: Iterable[Problem], warnings: Iterable[Problem]) -> FileOutcome:
    problems = list(problems)
    return FileOutcome(
        name=name,
        outcome=Outcome.REJECTED,
        reasons=[str(problem) for problem in problems],
        warnings=[str(warning) for warning in warnings],
        problems=[problem.as_dict() for problem in problems],
    )


def import_file(
    *,
    actor: Any,
    name: str,
    data: bytes,
    on: datetime.date | None = None,
    lookups: _Lookups | None = None,
) -> FileOutcome:
    """Read and import one file; every reason it could not be imported is in the outcome
    (then nothing of it was written)."""
    try:
        document = read_publiccode(data)
    except InvalidPubliccode as invalid:
        return _rejected(name, invalid.problems, invalid.warnings)
    try:
        outcome = import_document(actor=actor, document=document, on=on, lookups=lookups)
    except InvalidPubliccode as invalid:
        return _rejected(name, invalid.problems, document.warnings)
    except MandateRefused as refusal:
        return _rejected(name, [Problem("", str(refusal))], document.warnings)
    except StaleEditError as stale:
        return _rejected(name, [Problem("", " ".join(stale.messages))], document.warnings)
    outcome.name = name
    return outcome


Progress = Callable[[int, int, str], None]


def import_files(
    *,
    actor: Any,
    files: Sequence[tuple[str, bytes]],
    progress: Progress | None = None,
    on: datetime.date | None = None,
) -> BatchReport:
    """Import ``files`` ((name, bytes) pairs), each its own all-or-nothing unit, in one
    outer transaction: an unexpected error leaves nothing written at all."""
    report = BatchReport()
    total = len(files)
    with transaction.atomic():
        lookups = _Lookups()
        for index, (name, data) in enumerate(files):
            if progress is not None:
                progress(index, total, name)
            report.files.append(
                import_file(actor=actor, name=name, data=data, on=on, lookups=lookups)
            )
    if progress is not None:
        progress(total, total, "")
    return report
