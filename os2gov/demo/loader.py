"""Loading the governance part of the demo (``plan.py``) into the database.

Like the rest of the demo, it only creates what is missing, by natural key, and never
updates a row: a second run changes nothing. The keys leave dates out (a membership is its
body or group, person and position or role; an agreement its product and organisation),
so a database seeded by an earlier version of the plan, with other dates, is completed
rather than refused for overlapping periods.

The named fixture (step 0 of the plan) goes through the catalogue and governance services
with the demo secretariat account as the actor, so every membership is checked against the
mandate catalogue and the membership rules, and leaves the decision and audit event a real
one would. The account holds those mandates through its own secretariat membership; that
first membership cannot be recorded under a mandate (nobody holds one yet), so it is
created directly and the audit trail says so. The volume of further ``--scale`` steps is
bulk-inserted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Model

from os2gov.accounts.models import User
from os2gov.catalogue import services as catalogue
from os2gov.catalogue.models import ConnectionAgreement, Product, ProductSupplier
from os2gov.core.audit import record_event
from os2gov.demo.accounts import DEMO_ACCOUNTS, OrganisationRef
from os2gov.demo.levels import load_levels
from os2gov.demo.plan import BodySeat, GroupSeat, GroupSpec, Plan, municipality
from os2gov.demo.wishes import load_wishes
from os2gov.governance import services as governance
from os2gov.governance.models import (
    Body,
    BodyKind,
    BodyMembership,
    Decision,
    DecisionMethod,
    Group,
    GroupKind,
    GroupMembership,
)
from os2gov.organisation.models import Organisation

BATCH_SIZE = 500

Progress = Callable[[str, int, int], None]
Resolve = Callable[[OrganisationRef], Organisation]


class BodiesMissing(Exception):
    """The association's bodies (added by the governance app's migrations) are absent."""


@dataclass
class GovernanceResult:
    products: int = 0
    product_suppliers: int = 0
    agreements: int = 0
    body_memberships: int = 0
    groups: int = 0
    group_memberships: int = 0
    decisions: int = 0
    economic_frames: int = 0
    wishes: int = 0
    levels: int = 0  # rows of the level demo (answers, verifications, approvals, ...)

    def total(self) -> int:
        return sum(vars(self).values())


def _secretariat_account() -> str:
    return next(account.email for account in DEMO_ACCOUNTS if account.key == "secretariat")


class Loader:
    def __init__(
        self, plan: Plan, resolve: Resolve, progress: Progress, *, with_wishes: bool = True
    ) -> None:
        self.plan = plan
        self.with_wishes = with_wishes
        self.resolve = resolve
        self.progress = progress
        self.result = GovernanceResult()
        self.bodies = {body.kind: body for body in Body.objects.all()}
        missing = sorted(set(BodyKind.values) - set(self.bodies))
        if missing:
            raise BodiesMissing(f"The association's bodies are missing: {', '.join(missing)}.")
        emails = {_secretariat_account()}
        emails.update(seat.person for seat in plan.body_seats)
        emails.update(seat.person for seat in plan.group_seats)
        if plan.bootstrap is not None:
            emails.add(plan.bootstrap.person)
        self.people = {
            user.email: user
            for user in User.objects.filter(email__in=emails).select_related("organisation")
        }
        self.actor = self.people[_secretariat_account()]
        self.products: dict[str, Product] = {}

    def load(self) -> GovernanceResult:
        self._bootstrap()
        self._products()
        self._suppliers()
        self._agreements()
        self._body_memberships()
        self._groups()
        self._group_memberships()
        self._decisions()
        # The frames and the wishes (demo/wishes.py), through the wish and economy services.
        # They take most of the seed's time; tests of the other parts leave them out.
        if self.with_wishes:
            loaded = load_wishes(self.products, self.progress, self.plan.scale)
            self.result.economic_frames, self.result.wishes = loaded.frames, loaded.wishes
        self.result.levels = load_levels(self.products, self.actor, self.progress)
        return self.result

    # --- the association's bodies ---

    def _bootstrap(self) -> None:
        seat = self.plan.bootstrap
        if seat is None:
            return
        body, person = self.bodies[seat.body], self.people[seat.person]
        if BodyMembership.objects.filter(body=body, person=person, position=seat.position).exists():
            return
        membership = BodyMembership.objects.create(
            body=body,
            person=person,
            organisation=self.resolve(seat.organisation),
            position=seat.position,
            starts_on=seat.starts_on,
            ends_on=seat.ends_on,
        )
        record_event(
            actor=None,
            action="demo.bootstrap",
            target=membership,
            summary=(
                f"Demo data: registered {person.name} as staff of {body.name} from "
                f"{seat.starts_on.isoformat()}. This first membership is the one every "
                "later demo membership's mandate rests on, so no mandate could record it."
            ),
            changes={
                "body": [None, body.slug],
                "person": [None, person.pk],
                "position": [None, seat.position],
                "starts_on": [None, seat.starts_on.isoformat()],
            },
        )
        self.result.body_memberships += 1

    def _body_memberships(self) -> None:
        seats = self.plan.body_seats
        existing = set(
            BodyMembership.objects.filter(body__in=self.bodies.values()).values_list(
                "body_id", "person_id", "position"
            )
        )

        def key(seat: BodySeat) -> tuple[int, int, str]:
            return (self.bodies[seat.body].pk, self.people[seat.person].pk, seat.position)

        missing = [seat for seat in seats if key(seat) not in existing]
        for seat in missing:
            if seat.step:
                continue
            membership = governance.body_membership_add(
                actor=self.actor,
                body=self.bodies[seat.body],
                person=self.people[seat.person],
                organisation=self.resolve(seat.organisation),
                position=seat.position,
                starts_on=seat.starts_on,
                on=seat.starts_on,
            )
            if seat.ends_on is not None:
                governance.body_membership_end(
                    actor=self.actor, membership=membership, ends_on=seat.ends_on, on=seat.ends_on
                )
        self._bulk(
            BodyMembership,
            (
                BodyMembership(
                    body=self.bodies[seat.body],
                    person=self.people[seat.person],
                    organisation=self.resolve(seat.organisation),
                    position=seat.position,
                    starts_on=seat.starts_on,
                    ends_on=seat.ends_on,
                )
                for seat in missing
                if seat.step
            ),
        )
        self.result.body_memberships += len(missing)
        self.progress("body memberships", len(seats), len(seats))

    # --- the catalogue ---

    def _products(self) -> None:
        texts = self.plan.products
        existing = {p.slug: p for p in Product.objects.filter(slug__in=[t.slug for t in texts])}
        for text in texts:
            if text.slug in existing:
                continue
            catalogue.product_create(
                actor=self.actor,
                data={
                    "name": text.name,
                    "slug": text.slug,
                    "short_description": text.short_description,
                    "description": text.description,
                    "licence": text.licence,
                    "status": text.status,
                },
                on=self.plan.listed_on[text.slug],
            )
            self.result.products += 1
        self.products = {
            p.slug: p for p in Product.objects.filter(slug__in=[t.slug for t in texts])
        }
        self.progress("products", len(texts), len(texts))

    def _suppliers(self) -> None:
        links = self.plan.suppliers
        existing = set(
            ProductSupplier.objects.filter(product__in=self.products.values()).values_list(
                "product_id", "organisation_id"
            )
        )
        for link in links:
            product = self.products[link.product]
            supplier = self.resolve(OrganisationRef("demo_supplier", str(link.supplier)))
            if (product.pk, supplier.pk) in existing:
                continue
            data: dict[str, object] = {f"delivers_{role}": True for role in link.delivers}
            data["contract_reference"] = link.contract_reference
            data["offers_data_processing_agreement"] = link.offers_data_processing_agreement
            catalogue.supplier_add(
                actor=self.actor,
                product=product,
                organisation=supplier,
                data=data,
                on=self.plan.listed_on[link.product],
            )
            self.result.product_suppliers += 1
        self.progress("product suppliers", len(links), len(links))

    def _agreements(self) -> None:
        specs = self.plan.agreements
        existing = set(
            ConnectionAgreement.objects.filter(product__in=self.products.values()).values_list(
                "product_id", "organisation_id"
            )
        )
        volume: list[ConnectionAgreement] = []
        created = 0
        for spec in specs:
            product = self.products[spec.product]
            organisation = self.resolve(municipality(spec.municipality_code))
            if (product.pk, organisation.pk) in existing:
                continue
            created += 1
            if spec.step:
                volume.append(
                    ConnectionAgreement(
                        product=product,
                        organisation=organisation,
                        starts_on=spec.starts_on,
                        ends_on=spec.ends_on,
                        annual_contribution=spec.annual_contribution,
                        reference=spec.reference,
                    )
                )
                continue
            catalogue.agreement_create(
                actor=self.actor,
                product=product,
                organisation=organisation,
                starts_on=spec.starts_on,
                ends_on=spec.ends_on,
                annual_contribution=spec.annual_contribution,
                reference=spec.reference,
                on=spec.starts_on,
            )
        self._bulk(ConnectionAgreement, volume)
        self.result.agreements += created
        self.progress("connection agreements", len(specs), len(specs))

    # --- the products' groups ---

    def _group_key(self, product: Product, spec: GroupSpec | GroupSeat) -> tuple[int, str]:
        return (product.pk, spec.group if isinstance(spec, GroupSeat) else spec.slug)

    def _load_groups(self) -> dict[tuple[int, str], Group]:
        return {
            (group.product_id, group.slug): group
            for group in Group.objects.filter(product__in=self.products.values()).select_related(
                "product"
            )
        }

    def _groups(self) -> None:
        specs = self.plan.groups
        existing = self._load_groups()
        kinds = {(group.product_id, group.kind) for group in existing.values()}
        for spec in specs:
            product = self.products[spec.product]
            if self._group_key(product, spec) in existing:
                continue
            if spec.kind != GroupKind.PROFESSIONAL and (product.pk, spec.kind) in kinds:
                # The product already has such a group under another address: keep it.
                continue
            governance.group_create(
                actor=self.actor,
                product=Product.objects.get(pk=product.pk),
                kind=spec.kind,
                name=spec.name,
                slug=spec.slug,
                run_by=spec.run_by,
                member_cap_per_municipality=spec.member_cap_per_municipality,
                focus=spec.focus,
                min_meetings_per_year=spec.min_meetings_per_year,
                working_basis=spec.working_basis,
                on=spec.since,
            )
            self.result.groups += 1
        self.progress("groups", len(specs), len(specs))

    def _group_memberships(self) -> None:
        seats = self.plan.group_seats
        groups = self._load_groups()
        existing = set(
            GroupMembership.objects.filter(group__in=groups.values()).values_list(
                "group_id", "person_id", "role"
            )
        )
        missing: list[tuple[GroupSeat, Group]] = []
        for seat in seats:
            group = groups.get(self._group_key(self.products[seat.product], seat))
            if group is None:  # a group kept under another address
                continue
            key = (group.pk, self.people[seat.person].pk, seat.role)
            if key not in existing:
                missing.append((seat, group))
        for seat, group in missing:
            if seat.step:
                continue
            membership = governance.membership_add(
                actor=self.actor,
                group=group,
                person=self.people[seat.person],
                organisation=self.resolve(seat.organisation),
                role=seat.role,
                starts_on=seat.starts_on,
                supplier_participation=seat.supplier_participation,
                agreement_reference=seat.agreement_reference,
                on=seat.starts_on,
            )
            if seat.ends_on is not None:
                governance.membership_end(
                    actor=self.actor, membership=membership, ends_on=seat.ends_on, on=seat.ends_on
                )
        self._bulk(
            GroupMembership,
            (
                GroupMembership(
                    group=group,
                    person=self.people[seat.person],
                    organisation=self.resolve(seat.organisation),
                    role=seat.role,
                    starts_on=seat.starts_on,
                    ends_on=seat.ends_on,
                    supplier_participation=seat.supplier_participation,
                    agreement_reference=seat.agreement_reference,
                )
                for seat, group in missing
                if seat.step
            ),
        )
        self.result.group_memberships += len(missing)
        self.progress("group memberships", len(seats), len(seats))

    # --- decisions ---

    def _decisions(self) -> None:
        specs = self.plan.decisions
        groups = self._load_groups()
        existing = set(
            Decision.objects.filter(recorded_by=self.actor).values_list(
                "body_id", "group_id", "decided_on", "action", "text"
            )
        )
        for spec in specs:
            body = self.bodies[spec.body] if spec.body else None
            group = None
            if not spec.body:
                group = groups.get((self.products[spec.product].pk, spec.group))
                if group is None:
                    continue
            key = (
                body.pk if body else None,
                group.pk if group else None,
                spec.decided_on,
                spec.action,
                spec.text,
            )
            if key in existing:
                continue
            governance.decision_record(
                actor=self.actor,
                body=body,
                group=group,
                decided_on=spec.decided_on,
                text=spec.text,
                action=spec.action,
                method=DecisionMethod.MEETING,
                meeting_reference=spec.meeting_reference,
                subjects=[self.products[slug] for slug in spec.subjects],
                on=spec.decided_on,
            )
            self.result.decisions += 1
        self.progress("decisions", len(specs), len(specs))

    @staticmethod
    def _bulk(model: type[Model], rows: Iterable[Model]) -> None:
        model._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)
