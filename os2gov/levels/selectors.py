"""Every read of the level data that lists or summarises products.

Summaries come from the stored LevelStatus rows (kept current by the signals and the daily
job), so a list of any length takes the same few queries.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.db.models import F, Max, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from os2gov.authority.roles import roles_of
from os2gov.catalogue.models import Product, ProductStatus
from os2gov.governance.models import BodyKind
from os2gov.levels.compliance import Compliance, CriterionState, LevelCompliance, product_compliance
from os2gov.levels.models import (
    ApprovedLevel,
    Evaluation,
    EvidenceFile,
    Level,
    LevelModel,
    LevelStatus,
)

# PRD-07: at this level no OS2 body watches the product.
UNWATCHED_LEVEL = "N1"


class LevelState:
    HELD = "held"  # holds at least its approved level: the blue stamp
    NOT_HELD = "not_held"  # approved at a level it does not hold (not living up to it)
    UNAPPROVED = "unapproved"  # holds a level, but none is approved yet
    NONE = "none"  # neither


@dataclass(frozen=True)
class LevelSummary:
    product: Product
    approved_code: str
    held_code: str
    approved_order: int
    held_order: int

    @property
    def below_approved_level(self) -> bool:
        """The product does not live up to its approved level (PRD-05, PRD-06)."""
        return bool(self.approved_code) and self.held_order < self.approved_order

    @property
    def state(self) -> str:
        if self.approved_code:
            return LevelState.NOT_HELD if self.below_approved_level else LevelState.HELD
        return LevelState.UNAPPROVED if self.held_code else LevelState.NONE

    @property
    def shown_code(self) -> str:
        return self.approved_code or self.held_code

    @property
    def state_label(self) -> str:
        labels = {
            LevelState.HELD: _("held"),
            LevelState.NOT_HELD: _("not held"),
            LevelState.UNAPPROVED: _("not approved"),
            LevelState.NONE: _("no level"),
        }
        return str(labels[self.state])


def approved_level_of(product: Product) -> ApprovedLevel | None:
    """The approval in force: the latest."""
    return ApprovedLevel.objects.filter(product=product).order_by("-approved_on", "-pk").first()


def current_levels() -> dict[str, Level]:
    return {level.code: level for level in Level.objects.filter(model__is_current=True)}


def _latest_approved() -> Subquery:
    return Subquery(
        ApprovedLevel.objects.filter(product=OuterRef("pk"))
        .order_by("-approved_on", "-pk")
        .values("level_code")[:1]
    )


def _summaries(products: list[Product]) -> list[LevelSummary]:
    levels = current_levels()
    held: dict[int, LevelStatus] = {}
    for row in LevelStatus.objects.filter(product__in=[p.pk for p in products], held=True).order_by(
        "level_order"
    ):
        held[row.product_id] = row  # the highest held level wins
    summaries = []
    for product in products:
        approved_code = getattr(product, "approved_level_code", None) or ""
        status = held.get(product.pk)
        approved = levels.get(approved_code)
        summaries.append(
            LevelSummary(
                product=product,
                approved_code=approved_code,
                held_code=status.level_code if status is not None else "",
                approved_order=approved.order if approved is not None else 0,
                held_order=status.level_order if status is not None else 0,
            )
        )
    return summaries


def product_level_summary(product: Product) -> LevelSummary:
    """The product's approved and held level; three queries."""
    annotated = Product.objects.annotate(approved_level_code=_latest_approved()).get(pk=product.pk)
    return _summaries([annotated])[0]


def level_overview_products() -> QuerySet[Product]:
    """Every product that is not archived, by name, with its approved level code."""
    return (
        Product.objects.exclude(status=ProductStatus.ARCHIVED)
        .annotate(approved_level_code=_latest_approved())
        .order_by("name", "pk")
    )


def level_overview(products: QuerySet[Product] | list[Product] | None = None) -> list[LevelSummary]:
    """Summaries for ``products`` (a page of ``level_overview_products()``; all of them by
    default). Three queries however many products."""
    rows = list(products if products is not None else level_overview_products())
    return _summaries(rows)


def products_below_approved_level() -> list[LevelSummary]:
    """The secretariat's flag: products approved at a level they do not hold."""
    return [summary for summary in level_overview() if summary.below_approved_level]


# --- Lookup by repository URL (the badge API) ---------------------------------------------------


def normalise_repository_url(url: str) -> str:
    """The comparable form of a repository address: no scheme, no "www.", lower-case host,
    no trailing slash or ".git"."""
    url = (url or "").strip()
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    host = host.removeprefix("www.")
    path = re.sub(r"/+$", "", parts.path)
    path = path.removesuffix(".git")
    path = re.sub(r"/+$", "", path)
    return f"{host}{path}".lower()


def products_by_repository(url: str) -> list[Product]:
    """The products whose repository URL is ``url`` (compared in normalised form)."""
    wanted = normalise_repository_url(url)
    if not wanted or "/" not in wanted:
        return []
    last_part = wanted.rsplit("/", 1)[-1]
    candidates = Product.objects.exclude(repository_url="").filter(
        repository_url__icontains=last_part
    )
    return [
        product
        for product in candidates.order_by("name", "pk")
        if normalise_repository_url(product.repository_url) == wanted
    ]


# --- The level panel of the product page (PRD-05, PRD-07) ---------------------------------------


@dataclass(frozen=True)
class StoredLevel:
    """One level of the current model with what is stored about the product on it."""

    code: str
    name: str
    order: int
    held: bool
    progress: int
    self_assessed_progress: int
    achieved_on: datetime.date | None
    first_achieved_on: datetime.date | None
    lost_on: datetime.date | None


@dataclass(frozen=True)
class LevelPanel:
    summary: LevelSummary
    levels: list[StoredLevel]

    def _level(self, code: str) -> StoredLevel | None:
        return next((level for level in self.levels if level.code == code), None)

    @property
    def approved(self) -> StoredLevel | None:
        return self._level(self.summary.approved_code)

    @property
    def held(self) -> StoredLevel | None:
        return self._level(self.summary.held_code)

    @property
    def next_level(self) -> StoredLevel | None:
        """The level the product works towards: its approved level while it does not hold
        it, otherwise the level above the one it holds."""
        if self.summary.below_approved_level:
            return self.approved
        above = [level for level in self.levels if level.order > self.summary.held_order]
        return above[0] if above else None

    @property
    def nobody_watches(self) -> bool:
        """PRD-07: at N1 no OS2 body watches the product."""
        return self.summary.shown_code == UNWATCHED_LEVEL


def _status_of(product_ref: Any, name: str) -> Subquery:
    return Subquery(
        LevelStatus.objects.filter(product=product_ref, level_code=OuterRef("code")).values(name)[
            :1
        ]
    )


def level_panel(product: Product) -> LevelPanel:
    """The product's approved level and, per level of the current model, whether it holds
    it (as last computed), with progress and dates. One query."""
    rows = list(
        Level.objects.filter(model__is_current=True)
        .annotate(
            status_held=_status_of(product.pk, "held"),
            status_progress=_status_of(product.pk, "progress"),
            status_self_assessed=_status_of(product.pk, "self_assessed_progress"),
            status_achieved_on=_status_of(product.pk, "achieved_on"),
            status_first_achieved_on=_status_of(product.pk, "first_achieved_on"),
            status_lost_on=_status_of(product.pk, "lost_on"),
            approved_level_code=Subquery(
                ApprovedLevel.objects.filter(product=product.pk)
                .order_by("-approved_on", "-pk")
                .values("level_code")[:1]
            ),
        )
        .order_by("order")
    )
    levels = [
        StoredLevel(
            code=row.code,
            name=row.name,
            order=row.order,
            held=bool(row.status_held),
            progress=row.status_progress or 0,
            self_assessed_progress=row.status_self_assessed or 0,
            achieved_on=row.status_achieved_on,
            first_achieved_on=row.status_first_achieved_on,
            lost_on=row.status_lost_on,
        )
        for row in rows
    ]
    approved_code = (rows[0].approved_level_code or "") if rows else ""
    held = [level for level in levels if level.held]
    approved = next((level for level in levels if level.code == approved_code), None)
    summary = LevelSummary(
        product=product,
        approved_code=approved_code,
        held_code=held[-1].code if held else "",
        approved_order=approved.order if approved is not None else 0,
        held_order=held[-1].order if held else 0,
    )
    return LevelPanel(summary=summary, levels=levels)


# --- The compliance page (PRD-05): every criterion with its state and evidence ----------------


@dataclass(frozen=True)
class CriterionRow:
    state: CriterionState
    files: list[EvidenceFile]

    @property
    def criterion(self) -> Any:
        return self.state.criterion

    @property
    def answer(self) -> Any:
        return self.state.answer


@dataclass
class LevelDetail:
    entry: LevelCompliance
    status: LevelStatus | None
    rows: list[CriterionRow] = field(default_factory=list)  # this level's own criteria

    @property
    def level(self) -> Level:
        return self.entry.level

    @property
    def own_missing(self) -> list[CriterionState]:
        """This level's own criteria that are not satisfied."""
        return [state for state in self.entry.criteria if not state.satisfied]


@dataclass
class ComplianceDetail:
    product: Product
    compliance: Compliance
    approved: ApprovedLevel | None
    levels: list[LevelDetail]

    @property
    def held_level(self) -> Level | None:
        return self.compliance.held_level

    @property
    def approved_level(self) -> Level | None:
        if self.approved is None:
            return None
        code = self.approved.level_code
        return next((d.level for d in self.levels if d.level.code == code), None)

    @property
    def below_approved_level(self) -> bool:
        approved, held = self.approved_level, self.held_level
        return approved is not None and (held is None or held.order < approved.order)

    @property
    def nobody_watches(self) -> bool:
        """PRD-07: the product's level (approved, else held) is N1."""
        shown = self.approved_level or self.held_level
        return shown is not None and shown.code == UNWATCHED_LEVEL

    @property
    def not_held(self) -> list[LevelDetail]:
        return [detail for detail in self.levels if not detail.entry.held]


def compliance_detail(product: Product, *, model: LevelModel | None = None) -> ComplianceDetail:
    """The product's compliance with every level of ``model`` (the current one by default),
    computed now, with the stored dates per level, the approval in force and the evidence
    files. The number of queries does not depend on the number of answers or files."""
    compliance = product_compliance(product, model=model)
    statuses = {status.level_code: status for status in LevelStatus.objects.filter(product=product)}
    answer_ids = [
        state.answer.pk
        for entry in compliance.levels
        for state in entry.criteria
        if state.answer is not None
    ]
    files: dict[int, list[EvidenceFile]] = {}
    if answer_ids:
        for evidence in EvidenceFile.objects.filter(answer_id__in=answer_ids).order_by(
            "uploaded_at", "pk"
        ):
            files.setdefault(evidence.answer_id, []).append(evidence)
    levels = [
        LevelDetail(
            entry,
            statuses.get(entry.code),
            [
                CriterionRow(state, files.get(state.answer.pk, []) if state.answer else [])
                for state in entry.criteria
            ],
        )
        for entry in compliance.levels
    ]
    return ComplianceDetail(
        product=product,
        compliance=compliance,
        approved=approved_level_of(product),
        levels=levels,
    )


def may_see_evidence_files(user: Any, product: Product) -> bool:
    """Uploaded evidence files are shown only to people with a role on the product (an
    active membership of one of its groups) and to the secretariat. Links to evidence are
    public like the rest of the answer."""
    roles = roles_of(user)
    if not roles.authenticated:
        return False
    if roles.body_membership(BodyKind.SECRETARIAT) is not None:
        return True
    return any(m.group.product_id == product.pk for m in roles.group_memberships)


def is_secretariat(user: Any) -> bool:
    """Whether the person works in the secretariat today (an active membership)."""
    return roles_of(user).body_membership(BodyKind.SECRETARIAT) is not None


# --- The secretariat's overview of every product's level ---------------------------------------


@dataclass(frozen=True)
class OverviewRow:
    summary: LevelSummary
    target: StoredLevel | None  # the level progress is measured towards
    last_evaluated_on: datetime.date | None

    @property
    def product(self) -> Product:
        return self.summary.product


def secretariat_overview_products(*, below_only: bool = False) -> QuerySet[Product]:
    """Every product that is not archived, by name, with its approved level code and the
    day of its last evaluation; ``below_only``: only those approved at a level they do not
    hold. One query (and one to count)."""
    products = level_overview_products().annotate(
        last_evaluated_on=Subquery(
            Evaluation.objects.filter(product=OuterRef("pk"))
            .values("product")
            .annotate(latest=Max("evaluated_on"))
            .values("latest")[:1]
        )
    )
    if below_only:
        products = products.annotate(
            approved_order=Subquery(
                Level.objects.filter(
                    model__is_current=True, code=OuterRef("approved_level_code")
                ).values("order")[:1]
            ),
            held_order=Coalesce(
                Subquery(
                    LevelStatus.objects.filter(product=OuterRef("pk"), held=True)
                    .order_by("-level_order")
                    .values("level_order")[:1]
                ),
                Value(0),
            ),
        ).filter(approved_order__gt=F("held_order"))
    return products


def secretariat_overview(products: Iterable[Product]) -> list[OverviewRow]:
    """Rows for ``products`` (a page of ``secretariat_overview_products()``): two queries
    however many products."""
    rows = list(products)
    levels = list(Level.objects.filter(model__is_current=True).order_by("order"))
    stored: dict[int, dict[str, LevelStatus]] = {}
    for row in LevelStatus.objects.filter(product__in=[p.pk for p in rows]):
        stored.setdefault(row.product_id, {})[row.level_code] = row
    result = []
    for product in rows:
        statuses = stored.get(product.pk, {})
        stored_levels = []
        for level in levels:
            status = statuses.get(level.code)
            stored_levels.append(
                StoredLevel(
                    code=level.code,
                    name=level.name,
                    order=level.order,
                    held=bool(status and status.held),
                    progress=status.progress if status else 0,
                    self_assessed_progress=status.self_assessed_progress if status else 0,
                    achieved_on=status.achieved_on if status else None,
                    first_achieved_on=status.first_achieved_on if status else None,
                    lost_on=status.lost_on if status else None,
                )
            )
        held = [level for level in stored_levels if level.held]
        approved_code = getattr(product, "approved_level_code", None) or ""
        approved = next((level for level in stored_levels if level.code == approved_code), None)
        panel = LevelPanel(
            summary=LevelSummary(
                product=product,
                approved_code=approved_code,
                held_code=held[-1].code if held else "",
                approved_order=approved.order if approved is not None else 0,
                held_order=held[-1].order if held else 0,
            ),
            levels=stored_levels,
        )
        result.append(
            OverviewRow(
                summary=panel.summary,
                target=panel.next_level,
                last_evaluated_on=getattr(product, "last_evaluated_on", None),
            )
        )
    return result
