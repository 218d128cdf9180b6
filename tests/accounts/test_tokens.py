"""Personal API tokens: the services and the pages under /account/tokens/."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from os2gov.accounts.models import ApiToken, User
from os2gov.accounts.selectors import api_token_by_plaintext, api_tokens_of
from os2gov.accounts.services import api_token_create, api_token_revoke, api_token_touch
from os2gov.core.models import AuditEvent

pytestmark = pytest.mark.django_db


# --- Services --------------------------------------------------------------------------


def test_create_stores_only_a_hash(person: User) -> None:
    token, plaintext = api_token_create(actor=person, name="Reporting script")
    assert re.fullmatch(r"os2g_[A-Za-z0-9_-]{43}", plaintext)
    assert token.prefix == plaintext[:8]
    assert token.token_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert plaintext not in {str(value) for value in stored.values()}
    assert api_token_by_plaintext(plaintext) == token


def test_create_is_audited(person: User) -> None:
    token, _plaintext = api_token_create(actor=person, name="Reporting script")
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.actor == person
    assert event.object_type == "accounts.apitoken" and event.object_id == str(token.pk)
    assert event.mandate
    assert event.changes["name"] == [None, "Reporting script"]
    assert _plaintext not in str(event.changes) + event.summary


def test_create_validates_name_and_expiry(person: User) -> None:
    with pytest.raises(ValidationError) as error:
        api_token_create(actor=person, name="  ")
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        api_token_create(actor=person, name="x", expires_at=timezone.now() - timedelta(days=1))
    assert "expires_at" in error.value.message_dict
    assert not ApiToken.objects.exists()


def test_revoke_own_token_is_audited_and_idempotent(person: User) -> None:
    token, plaintext = api_token_create(actor=person, name="x")
    api_token_revoke(actor=person, token=token)
    api_token_revoke(actor=person, token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_token_by_plaintext(plaintext) is None
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_cannot_revoke_someone_elses_token(person: User, other_person: User) -> None:
    token, _plaintext = api_token_create(actor=person, name="x")
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=other_person, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_expired_and_inactive_owner_tokens_do_not_authenticate(person: User) -> None:
    token, plaintext = api_token_create(
        actor=person, name="x", expires_at=timezone.now() + timedelta(hours=1)
    )
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_token_by_plaintext(plaintext) is None
    _token2, plaintext2 = api_token_create(actor=person, name="y")
    assert api_token_by_plaintext(plaintext2) is not None
    person.is_active = False
    person.save()
    assert api_token_by_plaintext(plaintext2) is None
    assert api_token_by_plaintext("os2g_unknown") is None
    assert api_token_by_plaintext("not-even-the-prefix") is None


def test_last_used_is_written_at_most_once_a_minute(
    person: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    token, _plaintext = api_token_create(actor=person, name="x")
    api_token_touch(token)
    first = token.last_used_at
    assert first is not None
    with django_assert_num_queries(0):
        api_token_touch(token)
    assert token.last_used_at == first
    token.last_used_at = timezone.now() - timedelta(minutes=2)
    api_token_touch(token)
    assert token.last_used_at > first


def test_selector_lists_own_tokens_newest_first(person: User, other_person: User) -> None:
    older, _ = api_token_create(actor=person, name="older")
    newer, _ = api_token_create(actor=person, name="newer")
    api_token_create(actor=other_person, name="not mine")
    assert list(api_tokens_of(user=person)) == [newer, older]


# --- Pages -----------------------------------------------------------------------------


def test_token_pages_need_login(client: Client) -> None:
    response = client.get(reverse("accounts:tokens"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_profile_page(client: Client, person: User) -> None:
    client.force_login(person)
    response = client.get(reverse("accounts:profile"))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (person.name, person.email, "Testby Kommune"):
        assert text in html
    for name in ("account_change_password", "mfa_index", "accounts:tokens"):
        assert f'href="{reverse(name)}"' in html
    assert html.count("<h1") == 1


def test_create_token_shows_plaintext_once(client: Client, person: User) -> None:
    client.force_login(person)
    response = client.post(reverse("accounts:tokens"), {"name": "CI pipeline", "expires_on": ""})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    match = re.search(r'value="(os2g_[A-Za-z0-9_-]+)"', html)
    assert match
    plaintext = match.group(1)
    token = ApiToken.objects.get(user=person)
    assert token.token_hash == ApiToken.hash(plaintext)
    assert token.name == "CI pipeline" and token.expires_at is None
    assert "shown only this once" in html

    again = client.get(reverse("accounts:tokens")).content.decode()
    assert plaintext not in again
    assert "CI pipeline" in again and token.prefix in again


def test_create_token_with_expiry_date(client: Client, person: User) -> None:
    client.force_login(person)
    day = timezone.localdate() + timedelta(days=30)
    client.post(reverse("accounts:tokens"), {"name": "Month", "expires_on": day.isoformat()})
    token = ApiToken.objects.get(user=person)
    assert token.expires_at is not None
    assert timezone.localtime(token.expires_at).date() == day + timedelta(days=1)


def test_create_token_form_errors_are_next_to_the_fields(client: Client, person: User) -> None:
    client.force_login(person)
    response = client.post(reverse("accounts:tokens"), {"name": "", "expires_on": "2001-01-01"})
    html = response.content.decode()
    assert 'id="id_name-error"' in html
    assert 'id="id_expires_on-error"' in html
    assert 'role="alert"' in html
    assert not ApiToken.objects.exists()


def test_revoke_asks_for_confirmation_then_revokes(client: Client, person: User) -> None:
    client.force_login(person)
    token, _plaintext = api_token_create(actor=person, name="Old script")
    url = reverse("accounts:token-revoke", args=[token.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert 'method="post"' in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # GET changes nothing

    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:tokens")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Revoked" in response.content.decode()
    assert AuditEvent.objects.filter(action="api_token.revoke", actor=person).exists()


def test_cannot_see_or_revoke_someone_elses_token(
    client: Client, person: User, other_person: User
) -> None:
    token, _plaintext = api_token_create(actor=person, name="Mine")
    client.force_login(other_person)
    url = reverse("accounts:token-revoke", args=[token.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert "Mine" not in client.get(reverse("accounts:tokens")).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_list_query_count_does_not_grow(
    client: Client, person: User, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client.force_login(person)
    api_token_create(actor=person, name="one")
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("accounts:tokens"))
    for number in range(15):
        api_token_create(actor=person, name=f"token {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("accounts:tokens"))
