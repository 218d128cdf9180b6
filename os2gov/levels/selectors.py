"""Every read of the level data that lists or summarises products.

Summaries come from the stored LevelStatus rows (kept current by the signals and the daily
job), so a list of any length takes the same few queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from os2gov.catalogue.models import Product, ProductStatus
from os2gov.levels.models import ApprovedLevel, Level, LevelStatus


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
