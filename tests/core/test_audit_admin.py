"""The audit trail in the admin: readable and searchable, never changeable."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from os2gov.core.audit import record_event
from os2gov.core.models import AuditEvent

CHANGELIST = "/admin/core/auditevent/"


@pytest.fixture
def admin_client_(db) -> Client:
    superuser = get_user_model().objects.create_superuser(
        email="admin@example.org", password="y" * 20
    )
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def event(db) -> AuditEvent:
    return record_event(actor=None, action="reminders.sent", summary="Three reminders.")


def test_changelist_lists_filters_and_searches(admin_client_: Client, event: AuditEvent) -> None:
    response = admin_client_.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "reminders.sent" in html
    assert 'id="changelist-filter"' in html
    assert 'id="searchbar"' in html
    assert '<nav class="toplinks">' in html  # the date hierarchy
    assert "Add audit event" not in html
    assert 'value="delete_selected"' not in html
    assert admin_client_.get(CHANGELIST, {"q": "Three"}).status_code == 200
    assert admin_client_.get(CHANGELIST, {"action": "reminders.sent"}).status_code == 200
    year = event.occurred_at.year
    assert admin_client_.get(CHANGELIST, {"occurred_at__year": year}).status_code == 200


def test_change_view_is_read_only(admin_client_: Client, event: AuditEvent) -> None:
    response = admin_client_.get(f"{CHANGELIST}{event.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Three reminders." in html
    assert 'name="_save"' not in html
    assert 'name="_continue"' not in html
    assert "deletelink" not in html


def test_posting_a_change_is_refused(admin_client_: Client, event: AuditEvent) -> None:
    response = admin_client_.post(f"{CHANGELIST}{event.pk}/change/", {"summary": "Rewritten."})
    assert response.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).summary == "Three reminders."


def test_add_and_delete_are_refused(admin_client_: Client, event: AuditEvent) -> None:
    assert admin_client_.get(f"{CHANGELIST}add/").status_code == 403
    assert admin_client_.get(f"{CHANGELIST}{event.pk}/delete/").status_code == 403
    assert admin_client_.post(f"{CHANGELIST}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_people_without_staff_access_cannot_see_the_trail(db, event: AuditEvent) -> None:
    person = get_user_model().objects.create_user(email="p@example.org", password="z" * 20)
    client = Client()
    client.force_login(person)
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
