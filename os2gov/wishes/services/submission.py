"""Taking a wish in and making it decidable: submit (WSH-01), edit, and the definition of
DONE (WSH-06)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from os2gov.authority import service as authority
from os2gov.catalogue.models import Product
from os2gov.economy.validation import FieldErrors, parse_amount, parse_hours
from os2gov.wishes import participation
from os2gov.wishes.models import (
    DoneCriterion,
    Support,
    Wish,
    WishCategory,
    WishEventKind,
    WishScope,
    WishState,
)
from os2gov.wishes.services._trail import (
    StaleEditError,
    check_version,
    lock_product,
    lock_wish,
    record,
)
from os2gov.wishes.services.priority import priority_refresh
from os2gov.wishes.workflow import BEFORE_START, DONE_EDITABLE

TITLE_MAX = 200
JIRA_KEY_MAX = 50
CRITERION_MAX = 2000
# Where the submitter may still edit their own wish.
SUBMITTER_EDITABLE = frozenset({WishState.SUBMITTED, WishState.UNDER_REVIEW})
# Where a general wish may still become local (it is not in the group's priorities yet).
SCOPE_EDITABLE = frozenset({WishState.SUBMITTED, WishState.UNDER_REVIEW, WishState.PARKED})
EDITABLE_FIELDS = (
    "title",
    "description",
    "category",
    "scope",
    "expected_benefit",
    "expected_hours_per_year",
    "expected_dkk_per_year",
    "jira_key",
    "external_url",
)


def _clean_fields(
    values: dict[str, Any], *, product: Product, errors: FieldErrors, wish: Wish | None = None
) -> dict[str, Any]:
    """The editable fields present in ``values``, validated and normalised."""
    cleaned: dict[str, Any] = {}
    if "title" in values:
        title = (values["title"] or "").strip()
        if not title:
            errors.add("title", _("Give the wish a title."), "required")
        elif len(title) > TITLE_MAX:
            errors.add("title", _("A title has at most 200 characters."), "too_long")
        cleaned["title"] = title
    for name in ("description", "expected_benefit"):
        if name in values:
            cleaned[name] = (values[name] or "").strip()
    if "category" in values:
        if values["category"] not in WishCategory.values:
            errors.add("category", _("Choose a category."), "invalid_choice")
        cleaned["category"] = values["category"]
    if "scope" in values:
        if values["scope"] not in WishScope.values:
            errors.add("scope", _("Choose whether the wish is general or local."), "invalid_choice")
        cleaned["scope"] = values["scope"]
    if "expected_hours_per_year" in values:
        cleaned["expected_hours_per_year"] = parse_hours(
            values["expected_hours_per_year"], field="expected_hours_per_year", errors=errors
        )
    if "expected_dkk_per_year" in values:
        cleaned["expected_dkk_per_year"] = parse_amount(
            values["expected_dkk_per_year"],
            field="expected_dkk_per_year",
            errors=errors,
            required=False,
        )
    if "jira_key" in values:
        key = (values["jira_key"] or "").strip()
        if len(key) > JIRA_KEY_MAX:
            errors.add("jira_key", _("A Jira key has at most 50 characters."), "too_long")
        elif key:
            taken = Wish.objects.filter(product=product, jira_key=key)
            if wish is not None:
                taken = taken.exclude(pk=wish.pk)
            if taken.exists():
                errors.add(
                    "jira_key",
                    _("Another wish of this product already has the Jira key %(key)s.")
                    % {"key": key},
                    "jira_key_taken",
                )
        cleaned["jira_key"] = key
    if "external_url" in values:
        url = (values["external_url"] or "").strip()
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                errors.add("external_url", _("Enter a web address (https://…)."), "invalid_url")
        cleaned["external_url"] = url
    return cleaned


def wish_submit(
    *,
    product: Product,
    actor: Any,
    title: str,
    description: str = "",
    category: str = WishCategory.NEW_FUNCTIONALITY,
    scope: str = WishScope.GENERAL,
    expected_benefit: str = "",
    expected_hours_per_year: Any = None,
    expected_dkk_per_year: Any = None,
    jira_key: str = "",
    external_url: str = "",
    on: datetime.date | None = None,
) -> Wish:
    """A person from an organisation that uses ``product`` submits a wish (WSH-01). The
    submitting municipality counts as its first supporter."""
    day = on or timezone.localdate()
    municipality = participation.require_user_organisation(
        actor, participation.SUBMIT, product, on=day
    )
    errors = FieldErrors()
    cleaned = _clean_fields(
        {
            "title": title,
            "description": description,
            "category": category,
            "scope": scope,
            "expected_benefit": expected_benefit,
            "expected_hours_per_year": expected_hours_per_year,
            "expected_dkk_per_year": expected_dkk_per_year,
            "jira_key": jira_key,
            "external_url": external_url,
        },
        product=product,
        errors=errors,
    )
    errors.raise_if_any()
    with transaction.atomic():
        lock_product(product.pk)
        wish = Wish.objects.create(
            product=product,
            submitter=actor,
            submitter_municipality=municipality,
            state=WishState.SUBMITTED,
            **cleaned,
        )
        Support.objects.create(wish=wish, municipality=municipality, person=actor)
        record(
            wish=wish,
            actor=actor,
            kind=WishEventKind.SUBMITTED,
            text=_("%(person)s submitted the wish for %(municipality)s.")
            % {"person": actor, "municipality": municipality.name},
            audit_action="wish.submit",
            participation_code=participation.SUBMIT,
            to_state=WishState.SUBMITTED,
            changes={name: [None, value] for name, value in cleaned.items() if value},
        )
        priority_refresh(product, on=day)
    wish.refresh_from_db()
    return wish


def wish_update(*, wish: Wish, actor: Any, expected_version: int, **changes: Any) -> Wish:
    """Edit a wish's text, category, scope, expected benefit and links. The coordination
    group may edit it until the start; the submitter while it is submitted or under review.
    ``expected_version`` is the version the editor loaded: an edit on top of someone
    else's newer one is refused (StaleEditError), never silently overwritten."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"wish_update() cannot change {sorted(unknown)}.")
    outcome = authority.check(actor, "wish.prioritise", product=wish.product)
    mandate = outcome if isinstance(outcome, authority.Mandate) else None
    is_submitter = (
        getattr(actor, "is_authenticated", False)
        and wish.submitter_id is not None
        and wish.submitter_id == actor.pk
        and wish.state in SUBMITTER_EDITABLE
    )
    if mandate is None and not is_submitter:
        assert isinstance(outcome, authority.MandateRefused)
        raise outcome
    errors = FieldErrors()
    if wish.state not in BEFORE_START:
        errors.add("state", _("A started or closed wish can no longer be edited."), "not_editable")
    cleaned = _clean_fields(changes, product=wish.product, errors=errors, wish=wish)
    if (
        cleaned.get("scope") == WishScope.LOCAL
        and wish.scope != WishScope.LOCAL
        and wish.state not in SCOPE_EDITABLE
    ):
        errors.add(
            "scope",
            _("A wish the group has prioritised or recommended cannot become local."),
            "scope_locked",
        )
    errors.raise_if_any()
    with transaction.atomic():
        current = lock_wish(wish)
        check_version(current, expected_version)
        if current.state not in BEFORE_START:
            raise StaleEditError(_("The wish moved on meanwhile; reload it."), code="stale")
        diff = {
            name: [getattr(current, name), value]
            for name, value in cleaned.items()
            if getattr(current, name) != value
        }
        if diff:
            for name, value in cleaned.items():
                setattr(current, name, value)
            current.version += 1
            current.save(update_fields=[*cleaned, "version", "updated_at"])
            record(
                wish=current,
                actor=actor,
                kind=WishEventKind.EDITED,
                text=_("Edited: %(fields)s.")
                % {
                    "fields": ", ".join(
                        str(getattr(Wish._meta.get_field(name), "verbose_name", name))
                        for name in diff
                    )
                },
                audit_action="wish.update",
                mandate=mandate,
                changes=diff,
                decide=False,
            )
            if "scope" in diff:
                priority_refresh(current.product)
    wish.refresh_from_db()
    return wish


def wish_done_definition_set(
    *,
    wish: Wish,
    actor: Any,
    criteria: Sequence[str],
    expected_version: int | None = None,
) -> list[DoneCriterion]:
    """The coordination group sets the wish's definition of DONE for the supplier: the
    acceptance criteria, in order (WSH-06). It can change until the start."""
    mandate = authority.require(actor, "wish.start", product=wish.product)
    errors = FieldErrors()
    texts = [str(text).strip() for text in criteria if str(text).strip()]
    if not texts:
        errors.add("done_definition", _("Write at least one acceptance criterion."), "required")
    if any(len(text) > CRITERION_MAX for text in texts):
        errors.add(
            "done_definition",
            _("An acceptance criterion has at most 2000 characters."),
            "too_long",
        )
    if wish.state not in DONE_EDITABLE:
        errors.add(
            "done_definition",
            _("The wish has started: its definition of DONE is agreed."),
            "locked",
        )
    errors.raise_if_any()
    with transaction.atomic():
        current = lock_wish(wish)
        check_version(current, expected_version)
        if current.state not in DONE_EDITABLE:
            raise StaleEditError(_("The wish moved on meanwhile; reload it."), code="stale")
        rows = replace_done_definition(current, texts)
        current.version += 1
        current.save(update_fields=["version", "updated_at"])
        record(
            wish=current,
            actor=actor,
            kind=WishEventKind.DONE_SET,
            text=_("Set the definition of DONE: %(count)s acceptance criteria.")
            % {"count": len(rows)},
            audit_action="wish.done_definition.set",
            mandate=mandate,
            changes={"done_definition": [None, texts]},
            decide=False,
        )
    wish.refresh_from_db()
    return rows


def replace_done_definition(wish: Wish, texts: Sequence[str]) -> list[DoneCriterion]:
    """Write ``texts`` as the wish's acceptance criteria (inside the caller's transaction)."""
    wish.done_criteria.all().delete()
    return DoneCriterion.objects.bulk_create(
        DoneCriterion(wish=wish, position=place, text=text)
        for place, text in enumerate(texts, start=1)
    )
