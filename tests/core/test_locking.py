"""Optimistic locking: the row comes back locked when nobody changed it since the editor
loaded it, and the edit is refused with StaleEditError when someone did."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from os2gov.core.errors import StaleEditError
from os2gov.core.locking import lock_row, lock_unchanged, refuse_if_changed
from os2gov.organisation.models import Organisation
from tests.organisation.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

STALE = "Someone else changed this after you opened it."


def _locks(queries: CaptureQueriesContext) -> bool:
    """Whether the captured queries locked a row (PostgreSQL; SQLite has no row locks and
    serialises writers anyway)."""
    if not connection.features.has_select_for_update:
        return True
    return any("FOR UPDATE" in query["sql"] for query in queries.captured_queries)


def test_a_fresh_edit_gets_the_row_locked() -> None:
    organisation = OrganisationFactory()
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        current = lock_unchanged(
            Organisation, organisation.pk, expected=organisation.updated_at, message=STALE
        )
    assert current == organisation
    assert current.name == organisation.name
    assert _locks(queries)


def test_a_stale_edit_is_refused_with_the_callers_message_and_code() -> None:
    organisation = OrganisationFactory()
    loaded = organisation.updated_at
    organisation.name = "Omdøbt A/S"
    organisation.save()  # someone else's change moves updated_at on
    with pytest.raises(StaleEditError) as refused, transaction.atomic():
        lock_unchanged(Organisation, organisation.pk, expected=loaded, message=STALE)
    assert refused.value.messages == [STALE]
    assert refused.value.code == "stale_edit"


def test_a_queryset_field_code_and_message_from_the_row() -> None:
    municipality = MunicipalityFactory()
    rows = Organisation.objects.select_related("region")
    with transaction.atomic():
        current = lock_unchanged(
            rows,
            municipality.pk,
            field="name",
            expected=municipality.name,
            message=STALE,
            of=("self",),
        )
        assert current.region == municipality.region
        with pytest.raises(StaleEditError) as refused:
            lock_unchanged(
                rows,
                municipality.pk,
                field="name",
                expected="Et andet navn",
                code="stale",
                message=lambda row: f"It is now called {row.name}.",
            )
    assert refused.value.messages == [f"It is now called {municipality.name}."]
    assert refused.value.code == "stale"


def test_an_already_locked_row_or_none_is_checked() -> None:
    organisation = OrganisationFactory()
    refuse_if_changed(organisation, organisation.updated_at, message=STALE)
    # No row yet: fine for an editor who expected none, stale for one who loaded a row.
    refuse_if_changed(None, None, field="revision", message=STALE)
    with pytest.raises(StaleEditError):
        refuse_if_changed(None, 1, field="revision", message=STALE)
    with pytest.raises(StaleEditError):
        refuse_if_changed(
            organisation, organisation.updated_at - datetime.timedelta(seconds=1), message=STALE
        )


def test_lock_row_locks_without_loading() -> None:
    organisation = OrganisationFactory()
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        lock_row(Organisation, organisation.pk)
    assert len(queries.captured_queries) == 1
    assert _locks(queries)
